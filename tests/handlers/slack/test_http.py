"""The HTTP endpoint: signatures, retries, health, and acknowledging before the work is done."""

from __future__ import annotations

import json
import threading
import time

from tests.fakes import command_body, event_body, post, url_verification_body
from tests.handlers.slack.conftest import SECRET


def _mention(harness, text: str = "<@UBOT> How long can a visiting researcher stay?") -> dict:
    return {"type": "app_mention", "channel": "C1", "user": "U1", "ts": harness.ts(), "text": text}


def test_health_and_routing(harness) -> None:
    assert harness.get("/healthz") == (200, {"status": "ok", "mode": "http", "database": "ok"})
    assert harness.get("/nothing-here")[0] == 404
    assert harness.get("/slack/events")[0] == 405


def test_url_verification_handshake(harness) -> None:
    status, body = harness.send(url_verification_body("abc123"))
    assert status == 200 and json.loads(body)["challenge"] == "abc123"


def test_bad_and_stale_signatures_are_refused(harness) -> None:
    body = event_body(_mention(harness))
    assert post(harness.url, body, "not-the-secret")[0] == 401
    assert post(harness.url, body, SECRET, timestamp=int(time.time()) - 600)[0] == 401
    assert post(harness.url, command_body("/ask", "hi", "U1"), "not-the-secret")[0] == 401
    harness.settle()
    assert not harness.slack.calls("chat.postMessage")


def test_a_retried_delivery_is_answered_once(harness) -> None:
    body = event_body(_mention(harness), event_id="EvRETRY0001")
    assert harness.send(body)[0] == 200
    retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    assert harness.send(body, headers_extra=retry)[0] == 200
    assert harness.send(body, headers_extra={**retry, "X-Slack-Retry-Num": "2"})[0] == 200
    harness.slack.wait_for("chat.postMessage", timeout=20)
    harness.settle()
    assert len(harness.slack.calls("chat.postMessage")) == 1


def test_acknowledges_before_answering(harness, monkeypatch) -> None:
    answer, release = harness.services.assistant.ask, threading.Event()

    def held(*args, **kwargs):  # the answer waits until both acknowledgements are back
        assert release.wait(30), "the acknowledgements never came back"
        return answer(*args, **kwargs)

    monkeypatch.setattr(harness.services.assistant, "ask", held)
    assert harness.event(_mention(harness))[0] == 200
    status, body = harness.command("How long can a visiting researcher stay?")
    assert status == 200 and "Looking that up" in json.loads(body)["text"]
    assert not harness.slack.calls("chat.postMessage")
    release.set()
    harness.slack.wait_for("chat.postMessage", timeout=20)
    harness.slack.wait_for("respond/ask", timeout=20)


def test_unhandled_requests_are_still_acknowledged(harness) -> None:
    status, body = harness.command("anything", name="/no-such-command")
    assert status == 200 and "/ask" in json.loads(body)["text"]
    edited = {"type": "message", "subtype": "message_changed", "channel": "C1", "channel_type": "channel",
              "ts": harness.ts(), "message": {"type": "message", "text": "x", "user": "U1", "ts": harness.ts()}}
    assert harness.event(edited)[0] == 200
    assert harness.event({"type": "reaction_added", "user": "U1", "reaction": "tada",
                          "item": {"type": "message", "channel": "C1", "ts": "1.2"}})[0] == 200
    assert harness.action("some_future_button", "x")[0] == 200
    assert harness.event({"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "messages"})[0] == 200
    harness.settle()
    assert not harness.slack.calls("chat.postMessage") and not harness.slack.calls("views.publish")
