"""Unauthenticated and malformed bodies at the HTTP endpoint: refused early and cheaply, never a 500.

A body above the limit is refused with 413 before it is read (by its Content-Length, or as soon as
a chunked body passes the limit); the signature is checked before the body is parsed; a signed
payload of the wrong shape is a 400 with no traceback in the log.
"""

from __future__ import annotations

import http.client
import json
import logging
import time
from urllib.parse import quote, urlsplit

import pytest

from tests.fakes import action_body, sign, view_submission_body
from tests.handlers.slack.conftest import SECRET, block_text
from tests.handlers.slack.test_bad_input import QUESTION, post_signed

MB = 1024 * 1024


def _connection(harness) -> http.client.HTTPConnection:
    parts = urlsplit(harness.url)
    return http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)


def _answered(harness) -> None:
    harness.dm(QUESTION)  # the next request is served as usual
    assert "12 months" in block_text(harness.slack.wait_for("chat.postMessage", timeout=30)[0].args["blocks"])


def test_unsigned_oversized_body_refused_before_read(harness) -> None:
    """A declared 300 MB body gets 413 from its headers alone: nothing of it is sent or read."""
    conn = _connection(harness)
    conn.putrequest("POST", "/slack/events")
    conn.putheader("Content-Type", "application/json")
    conn.putheader("Content-Length", str(300 * MB))
    conn.endheaders()
    conn.send(b"[" * 4096)  # a first piece; the rest never comes
    response = conn.getresponse()
    assert response.status == 413
    conn.close()
    _answered(harness)


def test_chunked_body_over_the_limit_is_cut_off(harness) -> None:
    conn = _connection(harness)
    conn.putrequest("POST", "/slack/events")
    conn.putheader("Content-Type", "application/json")
    conn.putheader("Transfer-Encoding", "chunked")
    conn.endheaders()
    chunk = b"[" * (256 * 1024)
    status = None
    try:
        for _ in range(16):  # 4 MB in all, unless refused on the way
            conn.send(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        conn.send(b"0\r\n\r\n")
    except (BrokenPipeError, ConnectionResetError):
        pass  # refused and closed while sending
    try:
        status = conn.getresponse().status
    except (http.client.RemoteDisconnected, ConnectionResetError):
        status = "closed"
    conn.close()
    assert status in (413, "closed")
    _answered(harness)


def test_signed_body_just_under_the_limit_is_still_read(harness) -> None:
    event = {"type": "message", "channel": "D1", "channel_type": "im", "user": "U1", "text": QUESTION,
             "ts": harness.ts(), "padding": "x" * (MB - 4096)}
    status, _ = harness.event(event)
    assert status == 200
    assert "12 months" in block_text(harness.slack.wait_for("chat.postMessage", timeout=30)[0].args["blocks"])


def test_signature_is_checked_before_the_body_is_parsed(harness, caplog) -> None:
    nested = "[" * 5000
    for body, kind in ((nested, "application/json"), ("payload=" + quote(nested), "application/x-www-form-urlencoded")):
        status, _ = _post(harness, body, kind, sign("not-the-secret", body))
        assert status == 401
        status, _ = _post(harness, body, kind, {})
        assert status == 401
    assert not [r for r in caplog.records if r.exc_info], "a traceback was logged"
    _answered(harness)


def _post(harness, body: str, content_type: str, headers: dict) -> tuple[int, str]:
    conn = _connection(harness)
    conn.request("POST", "/slack/events", body=body.encode(), headers={"Content-Type": content_type, **headers})
    response = conn.getresponse()
    result = response.status, response.read().decode()
    conn.close()
    return result


def _payload(payload: object) -> str:
    return "payload=" + quote(json.dumps(payload))


def _action(**changes) -> str:
    payload = json.loads(_unquote_payload(action_body("ask_human", "x", "U1")))
    payload.update(changes)
    return _payload(payload)


def _view(**changes) -> str:
    payload = json.loads(_unquote_payload(view_submission_body("no_such_modal", {}, "U1")))
    payload.update(changes)
    return _payload(payload)


def _unquote_payload(body: str) -> str:
    from urllib.parse import parse_qs

    return parse_qs(body)["payload"][0]


MALFORMED_SIGNED = {
    "nested JSON": ("[" * 5000, "application/json"),
    "nested JSON object": ('{"a":' * 5000, "application/json"),
    "nested payload=": ("payload=" + quote("[" * 5000), "application/x-www-form-urlencoded"),
    "actions is a string": (_action(actions="x"), "application/x-www-form-urlencoded"),
    "actions hold a string": (_action(actions=["x"]), "application/x-www-form-urlencoded"),
    "view is a string": (_view(view="x"), "application/x-www-form-urlencoded"),
    "block_actions view is a string": (_action(view="x"), "application/x-www-form-urlencoded"),
    "user is a string": (_action(user="x"), "application/x-www-form-urlencoded"),
    "payload is a string": (_payload("x"), "application/x-www-form-urlencoded"),
    "payload is a number": (_payload(7), "application/x-www-form-urlencoded"),
    "JSON body is a string": (json.dumps("x"), "application/json"),
}


@pytest.mark.parametrize("name", list(MALFORMED_SIGNED))
def test_malformed_signed_payload_is_a_400_without_a_traceback(harness, caplog, name) -> None:
    body, content_type = MALFORMED_SIGNED[name]
    with caplog.at_level(logging.INFO):
        status, _ = post_signed(harness.url, body, content_type)
    assert status == 400
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR], "an error was logged"
    _answered(harness)
