"""Bad input through the real Bolt app over signed HTTP: odd messages, malformed bodies, unknown or
damaged interactions, unreadable files. Each gets a sane status and a clear reply, and leaves nothing
half-written.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from urllib.parse import quote

import pytest
from sqlalchemy import func, select

from bot.db.models import AnswerRecord, Feedback, UnansweredQuestion
from handlers.slack import match_blocks as mb
from handlers.slack.blocks import FEEDBACK_ACTION
from tests.docmakers import make_docx, make_pdf
from tests.fakes import command_body, event_body
from tests.handlers.slack.conftest import SECRET, block_text

QUESTION = "How long can a visiting researcher stay?"
APOLOGY = "something went wrong on my side"
NO_WORDS = "Please type a question"
TOO_LONG = "characters long; please keep it under 1,500"
NEED_REPLIES = {"no words": "Describe what you are looking for", "too long": "too long",
                "question": "other words"}  # no contacts in this workspace: a need finds nobody

# text, what it amounts to: "empty", "no words", "too long" or a real "question"
MESSAGES = {
    "empty": ("", "empty"),
    "whitespace": (" \n\t ", "empty"),
    "40,000 characters": ((QUESTION + " ") * 976, "too long"),
    "binary junk": ("".join(map(chr, range(1, 32))) + "\x7f\x80\x9f\ufffd\ufffe\uffff", "no words"),
    "zero-width only": ("\u200b\u200c\u200d\u2060\ufeff", "no words"),
    "emoji ZWJ only": ("\U0001f469\u200d\U0001f52c \U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466", "no words"),
    "NUL only": ("\x00\x00", "no words"),
    "right-to-left": ("\u202b" + QUESTION + "\u202c \u05db\u05de\u05d4 \u0632\u0645\u0646\u061f", "question"),
    "zero-width joiners inside": ("How\u200d long\u200b can a visit\u00ading researcher\u2060 stay?", "question"),
    "combining marks": ("Ho\u0336w\u0301\u0302 long can a visiting researcher stay?" + "\u0300" * 300, "question"),
    "emoji ZWJ with a question": ("\U0001f9d1\U0001f3fd\u200d\U0001f52c " + QUESTION + " \U0001f3f3\ufe0f\u200d\U0001f308",
                                  "question"),
    "lone surrogates": (QUESTION + " \ud800 \udfff", "question"),  # JSON may carry "\ud800"; a form body cannot
    "NUL inside": ("How long\x00 can a visiting researcher stay?\x00", "question"),
}


def count(harness, model) -> int:  # noqa: ANN001
    with harness.services.sessions() as session:
        return session.scalar(select(func.count()).select_from(model))


def thread_reply(harness, ts: str) -> str:
    call = harness.slack.wait_for("chat.postMessage", timeout=30, predicate=lambda c: c.args.get("thread_ts") == ts)[0]
    return block_text(call.args.get("blocks") or []) or call.args["text"]


def command_reply(harness, name: str, text: str) -> tuple[str, str]:
    """(the acknowledgement's text, the reply sent to the response_url or "" when there is none)."""
    before = len(harness.responses(name))
    status, body = harness.command(text, name=f"/{name}")
    assert status == 200
    ack = json.loads(body)["text"]
    if ack.startswith(("Ask me", "Tell me")):  # the usage: nothing more follows
        harness.settle()
        assert len(harness.responses(name)) == before
        return ack, ""
    reply = harness.slack.wait_for(f"respond/{name}", count=before + 1, timeout=30)[before].args
    return ack, block_text(reply.get("blocks") or []) or reply["text"]


@pytest.mark.parametrize("name", list(MESSAGES))
def test_odd_messages_get_a_clear_reply_everywhere(harness, name) -> None:
    text, kind = MESSAGES[name]
    expected = {"no words": NO_WORDS, "too long": TOO_LONG, "question": "12 months"}

    dm = {"type": "message", "channel": "D1", "channel_type": "im", "user": "U1", "text": text, "ts": harness.ts()}
    assert harness.event(dm)[0] == 200
    mention = {"type": "app_mention", "channel": "C1", "user": "U1", "text": f"<@UBOT> {text}", "ts": harness.ts()}
    assert harness.event(mention)[0] == 200
    if kind == "empty":  # nothing typed: a DM is not a question at all, a bare mention gets the hint
        harness.settle()
        assert not [c for c in harness.slack.calls("chat.postMessage") if c.args.get("thread_ts") == dm["ts"]]
    else:
        assert expected[kind] in thread_reply(harness, dm["ts"])
    assert expected.get(kind, NO_WORDS) in thread_reply(harness, mention["ts"])

    commands = name != "lone surrogates"  # a form-encoded body cannot carry them; a JSON event can
    if commands:
        ask_ack, ask_reply = command_reply(harness, "ask", text)
        match_ack, match_reply = command_reply(harness, "match", text)
        if kind == "empty":  # the usage comes with the acknowledgement
            assert ask_ack.startswith("Ask me") and match_ack.startswith("Tell me")
        else:
            assert expected[kind] in ask_reply
            assert NEED_REPLIES[kind] in match_reply

    assert not [c for c in harness.slack.calls() if APOLOGY in str(c.args.get("text"))]
    # Refusals are not recorded, and nothing lands on the staff's list of unanswered questions.
    with harness.services.sessions() as session:
        asked = session.scalars(select(AnswerRecord.question)).all()
    assert len(asked) == ((3 if commands else 2) if kind == "question" else 0)
    assert all(q == q.strip() and "\x00" not in q and not any("\ud800" <= ch <= "\udfff" for ch in q) for q in asked)
    assert count(harness, UnansweredQuestion) == 0


def _form(payload: str) -> str:
    return "payload=" + quote(payload)


MALFORMED = {
    "payload= not JSON": (_form("{not json"), None),
    "payload= empty": ("payload=", None),
    "payload= a JSON list": (_form("[1, 2]"), None),
    "non-JSON body labelled JSON": ("this is not json", "application/json"),
    "truncated JSON": ('{"type": "event_callback", "event": {', "application/json"),
    "JSON list": ("[1, 2, 3]", "application/json"),
    "form body labelled JSON": (command_body("/ask", QUESTION, "U1"), "application/json"),
    "invalid UTF-8": (b'{"type": "event_callback", "event": {"text": "\xff\xfe"}}', "application/json"),
}


def post_signed(url: str, body: str | bytes, content_type: str) -> tuple[int, str]:
    data = body.encode("utf-8") if isinstance(body, str) else body
    ts = str(int(time.time()))
    signature = "v0=" + hmac.new(SECRET.encode(), f"v0:{ts}:".encode() + data, hashlib.sha256).hexdigest()
    headers = {"Content-Type": content_type, "X-Slack-Request-Timestamp": ts, "X-Slack-Signature": signature}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=data, headers=headers), timeout=10) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


@pytest.mark.parametrize("name", list(MALFORMED))
def test_a_body_bolt_cannot_read_is_a_400_not_a_crash(harness, name) -> None:
    body, content_type = MALFORMED[name]
    status, text = post_signed(harness.url, body, content_type or "application/x-www-form-urlencoded")
    assert status == 400 and "not a Slack payload" in text
    harness.dm(QUESTION)  # and the next request is served as usual
    assert "12 months" in block_text(harness.slack.wait_for("chat.postMessage", timeout=30)[0].args["blocks"])


def test_well_formed_but_odd_payloads_are_acknowledged_without_a_reply(harness) -> None:
    odd = [json.dumps({"type": "event_callback", "team_id": "T1", "event_id": "EvODD1", "event": "not an object"}),
           json.dumps({"type": "event_callback", "team_id": "T1", "event_id": "EvODD2"}),
           json.dumps({"type": "something_new"}), ""]
    for body in odd:
        status, _ = harness.send(body)
        assert status in (200, 404), body  # 404: Bolt's "no listener for this", which Slack only logs
    # A JSON event labelled text/plain is still read as the event it is: Bolt goes by the body, not the label.
    event = {"type": "app_mention", "channel": "C1", "user": "U1", "text": f"<@UBOT> {QUESTION}", "ts": harness.ts()}
    assert harness.send(event_body(event), content_type="text/plain")[0] == 200
    assert "12 months" in thread_reply(harness, event["ts"])
    harness.settle()
    assert len(harness.slack.calls("chat.postMessage")) == 1


def test_unknown_views_and_shortcuts_are_acknowledged(harness) -> None:
    assert harness.view("no_such_modal", {"block": {"value": "x"}})[0] == 200
    shortcut = {"type": "shortcut", "callback_id": "no_such_shortcut", "trigger_id": "1.2.3", "team": {"id": "T1"},
                "user": {"id": "U1", "team_id": "T1"}, "token": "t", "action_ts": "1.2"}
    assert harness.send(_form(json.dumps(shortcut)))[0] == 200
    harness.settle()
    assert not harness.slack.calls("chat.postMessage") and not harness.slack.calls("views.open")


def test_a_feedback_button_with_a_damaged_value_is_explained_once(harness) -> None:
    assert harness.action(FEEDBACK_ACTION, "not-a-verdict")[0] == 200
    replies = harness.slack.wait_for("respond/action", timeout=30)
    harness.settle()
    assert [r.args["text"] for r in harness.responses("action")] == ["I could not tell which answer that feedback was for."]
    assert replies[0].args["response_type"] == "ephemeral" and count(harness, Feedback) == 0
    assert not harness.slack.calls("views.open")


@pytest.mark.parametrize("value", ["{not json", "[]", "{}", json.dumps({"n": "Ann"})])
def test_an_introduction_button_with_a_damaged_value_is_explained(harness, value) -> None:
    assert harness.action(mb.REQUEST_INTRO_ACTION, value)[0] == 200
    reply = harness.slack.wait_for("respond/action", timeout=30)[0].args["text"]
    assert "could not tell whom that introduction request was for" in reply and "/match" in reply
    assert not harness.slack.calls("views.open")


def test_an_introduction_form_without_a_reason_only_shows_the_form_error(harness) -> None:
    metadata = json.dumps({"contact_id": "c-missing", "need": "a hospital"})
    status, body = harness.view(mb.INTRO_VIEW, {"reason": {"value": "  "}}, private_metadata=metadata)
    assert status == 200 and json.loads(body) == {
        "response_action": "errors", "errors": {"reason": "Please say why you would like to meet."}}
    harness.settle()
    assert not harness.slack.calls("chat.postMessage")  # no second, direct-message copy of the error


STAFF = "USTAFF"
FILES = {
    "password-protected PDF": ("locked.pdf", make_pdf("Secret plans.", password="s3cret"), "password-protected"),
    "PDF header, junk body": ("junk.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 8, "damaged or unreadable"),
    "truncated Word file": ("report.docx", make_docx("Report", {"A": "b"})[:600], "damaged"),
    "UTF-16 text": ("notes.txt", "Visiting researchers stay a year.".encode("utf-16"), "UTF-16"),
    "Latin-1 Markdown": ("notes.md", "# Ålborg\n\nÆbler og øl.".encode("latin-1"), "not valid UTF-8"),
    "binary junk named .md": ("notes.md", bytes(range(256)) * 16, "binary"),
    "NUL deep inside Markdown": ("late.md", b"# Notes\n\n" + b"word " * 1000 + b"\x00tail", "binary"),
    "spreadsheet named .csv": ("contacts.csv", b"PK\x03\x04" + bytes(200), "damaged ZIP"),
}


@pytest.fixture
def staff_harness(make_harness):
    return make_harness(staff_slack_ids=STAFF)


def index_state(harness) -> tuple[list[str], int]:  # noqa: ANN001
    """The registry's sources and the number of chunks in the store."""
    return (sorted(d.source for d in harness.services.kb_admin.list()),
            sum(1 for _ in harness.services.knowledge.store.all_chunks()))


@pytest.mark.parametrize("name", list(FILES))
def test_unreadable_files_shared_by_staff_are_refused_and_change_nothing(staff_harness, name) -> None:
    harness = staff_harness
    filename, data, reason = FILES[name]
    uploads = harness.services.settings.uploads_dir
    before = index_state(harness)
    harness.slack.add_file("F1", filename, data)
    event = harness.dm("", user=STAFF, subtype="file_share", files=[{"id": "F1", "name": filename}])
    reply = thread_reply(harness, event["ts"])
    assert filename in reply and reason in reply and APOLOGY not in reply
    assert index_state(harness) == before
    assert not uploads.exists() or not any(uploads.iterdir())  # no copy, no half-written .part file


LONG_TITLE = ("Cryo-EM " * 80).strip()  # 639 characters; Document.title holds 500


def test_a_staff_upload_whose_title_is_too_long_for_the_column_is_indexed(make_harness, storage) -> None:
    harness = make_harness(staff_slack_ids=STAFF, **storage)
    data = f"---\ntitle: {LONG_TITLE}\n---\n## Hours\n\nVisiting teams get 40 free microscope hours in Lund.\n"
    harness.slack.add_file("F1", "cryo.md", data.encode())
    event = harness.dm("", user=STAFF, subtype="file_share", files=[{"id": "F1", "name": "cryo.md"}])
    reply = thread_reply(harness, event["ts"])
    assert APOLOGY not in reply and "cryo.md" in reply
    [doc] = [d for d in harness.services.kb_admin.list() if d.source.endswith("cryo.md")]
    assert len(doc.title) <= 500 and doc.title.endswith("…") and doc.chunks
