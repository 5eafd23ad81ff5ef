"""/kb and files shared in a DM, end to end over HTTP against the fake Slack Web API (which serves the files)."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select

from bot.db.models import OutboxNotice, UnansweredQuestion
from bot.errors import InvalidInput
from bot.kb.base import DocumentInfo
from handlers.slack import kb_blocks, kb_commands
from handlers.slack.kb_files import download, token_origin
from handlers.slack.text import MESSAGE_BLOCK_LIMIT, SECTION_TEXT_LIMIT
from tests.docmakers import make_pdf
from tests.handlers.slack.conftest import block_text
from handlers.slack.command_names import CommandNames

STAFF = "USTAFF"
NOTE = """---
title: Cryo-EM facility access for visiting teams
---
# Cryo-EM facility access

Visiting teams from the partner regions get 40 free microscope hours per year at the Lund cryo-EM facility.
Bookings open on the first Monday of each quarter and are confirmed by the facility manager within a week.
"""
QUESTION = "How many free microscope hours do visiting teams get at the Lund cryo-EM facility?"


@pytest.fixture
def kb(make_harness):
    return make_harness(staff_slack_ids=STAFF)


def _kb(harness, text: str, user: str = STAFF) -> list[dict]:
    """Run `/kb text` and return the replies sent to its response_url (after the first one arrives)."""
    before = len(harness.responses("kb"))
    status, body = harness.command(text, user=user, name="/kb")
    assert status == 200 and "One moment" in body
    harness.slack.wait_for("respond/kb", count=before + 1, timeout=30)
    harness.settle()
    return [c.args for c in harness.responses("kb")[before:]]


def _text(replies: list[dict]) -> str:
    return "\n".join(block_text(r.get("blocks") or []) or r.get("text", "") for r in replies)


def _share(harness, file_id: str, name: str, content: bytes, user: str = STAFF, **file_kw) -> str:
    """Share a file with the bot in a DM; the reply posted in its thread."""
    harness.slack.add_file(file_id, name, content, **file_kw)
    event = harness.dm("", user=user, subtype="file_share", files=[{"id": file_id, "name": name}])
    call = harness.slack.wait_for("chat.postMessage", timeout=30,
                                  predicate=lambda c: c.args.get("thread_ts") == event["ts"])[0]
    return block_text(call.args.get("blocks") or []) or call.args["text"]


def _ask(harness, question: str = QUESTION) -> str:
    event = harness.dm(question, user="U9")
    call = harness.slack.wait_for("chat.postMessage", timeout=30,
                                  predicate=lambda c: c.args.get("thread_ts") == event["ts"])[0]
    return block_text(call.args["blocks"])


def _sources(harness) -> list[str]:
    return sorted(d.source for d in harness.services.kb_admin.list())


def test_non_staff_are_refused_every_subcommand_and_nothing_changes(make_harness) -> None:
    harness = make_harness(staff_slack_ids=STAFF, staff_slack_usergroup="S1")
    harness.slack.add_usergroup("S1", ["UGROUP"])
    before = _sources(harness)
    for text in ["add https://example.org/page", "list", "remove faq.md", "reindex", "gaps", "frobnicate", ""]:
        replies = _kb(harness, text, user="U2")
        assert len(replies) == 1 and "for the collaboration's staff" in _text(replies), text
        assert replies[0]["response_type"] == "ephemeral"
    reply = _share(harness, "F1", "notes.md", NOTE.encode(), user="U2")
    assert "Only staff can add documents" in reply
    assert not harness.slack.downloads and _sources(harness) == before
    assert "faq.md" in _text(_kb(harness, "list", user="UGROUP"))  # the staff user group counts as staff


def test_unknown_subcommand_or_missing_argument_gets_usage(kb) -> None:
    for text in ["frobnicate", "remove", "add", ""]:
        assert "/kb remove SOURCE" in _text(_kb(kb, text)), text


def test_markdown_shared_in_dm_is_indexed_listed_cited_and_removed(make_harness, storage) -> None:
    kb = make_harness(staff_slack_ids=STAFF, **storage)
    reply = _share(kb, "F1", "cryo-em.md", NOTE.encode(), mimetype="text/markdown", filetype="markdown")
    assert "Added *Cryo-EM facility access for visiting teams*" in reply and "`uploads/cryo-em.md`" in reply
    download_call = kb.slack.downloads[0]
    assert download_call.headers["authorization"] == "Bearer xoxb-test-token"
    assert "uploads/cryo-em.md" in _sources(kb)
    info = next(d for d in kb.services.kb_admin.list() if d.source == "uploads/cryo-em.md")
    assert info.added_by == "slack:USTAFF"

    answer = _ask(kb)
    assert "40 free microscope hours" in answer and "uploads/cryo-em.md" in answer

    duplicate = _share(kb, "F2", "cryo-em-copy.md", NOTE.encode())
    assert "already in the knowledge base as `uploads/cryo-em.md`" in duplicate
    assert [s for s in _sources(kb) if s.startswith("uploads/")] == ["uploads/cryo-em.md"]

    listing = _text(_kb(kb, "list"))
    assert "`uploads/cryo-em.md`" in listing and "uploaded" in listing and "faq.md" in listing

    removed = _text(_kb(kb, "remove uploads/cryo-em.md"))
    assert "Removed" in removed and "uploads/cryo-em.md" in removed
    assert "uploads/cryo-em.md" not in _sources(kb)
    assert "uploads/cryo-em.md" not in _ask(kb)
    assert "12 months" in _ask(kb, "How long can a visiting researcher stay?")  # the rest of the index is intact
    assert "No document with source" in _text(_kb(kb, "remove uploads/cryo-em.md"))


def test_corrupt_pdf_gets_a_clear_reason(kb) -> None:
    broken = make_pdf("Visiting researchers may stay up to twelve months.")[:150]
    reply = _share(kb, "F1", "broken.pdf", broken, mimetype="application/pdf", filetype="pdf")
    assert "broken.pdf" in reply and "damaged or unreadable" in reply
    assert not any(s.startswith("uploads/") for s in _sources(kb))


def test_oversized_file_is_refused_without_downloading(make_harness) -> None:
    harness = make_harness(staff_slack_ids=STAFF, max_upload_bytes=1000)
    reply = _share(harness, "F1", "big.md", b"# Big\n" + b"word " * 400)
    assert "too large" in reply and "big.md" in reply
    assert not harness.slack.downloads


def test_unsupported_and_empty_files_say_why(kb) -> None:
    assert "unsupported file type '.exe'" in _share(kb, "F1", "tool.exe", b"plain words, not a program")
    assert "empty" in _share(kb, "F2", "empty.md", b"")


def test_slack_login_page_instead_of_the_file_is_reported(kb) -> None:
    kb.slack.add_file("F1", "notes.md", NOTE.encode())
    url, origin = f"{kb.slack.root}/files-pri/F1/notes.md", token_origin(kb.slack.url)
    with pytest.raises(InvalidInput, match="sign-in page"):
        download(url, token="not-a-token", origin=origin, max_bytes=10_000, mimetype="text/markdown")
    assert download(url, token="xoxb-test-token", origin=origin, max_bytes=10_000) == NOTE.encode()


def test_reindex_runs_as_a_job_and_sends_its_summary(make_harness, database) -> None:
    kb = make_harness(staff_slack_ids=STAFF, **database)  # unchanged files: the store is not written, the database is
    replies = _kb(kb, "reindex")
    assert len(replies) == 1 and "in the background" in _text(replies)
    [summary] = kb.slack.wait_for("chat.postMessage", timeout=60, predicate=lambda c: c.args.get("channel") == STAFF
                                  and "Re-index finished" in c.args.get("text", ""))
    text = block_text(summary.args["blocks"])
    assert "unchanged" in text and "0 failed" in text
    kb.slack.wait_for("chat.postMessage", timeout=5, predicate=lambda c: kb.services.outbox.counts() == {"delivered": 1})


def test_gaps_are_grouped_with_counts_in_the_command_and_app_home(make_harness, database) -> None:
    kb = make_harness(staff_slack_ids=STAFF, **database)
    now = datetime.now(timezone.utc)
    asked = ["What is the deadline for the student exchange?", "What's the deadline for the student exchange?",
             "what is the deadline for the student exchange", "Is there free parking at the secretariat in Lund?"]
    with kb.services.sessions.begin() as session:
        session.add_all(UnansweredQuestion(question=q, surface="slack", asked_at=now - timedelta(hours=i))
                        for i, q in enumerate(asked))
    text = _text(_kb(kb, "gaps"))
    assert "2 topics" in text and "Asked 3× (3 unanswered)" in text and "Asked 1× (1 unanswered)" in text
    assert text.index("student exchange") < text.index("parking")

    kb.event({"type": "app_home_opened", "user": STAFF, "tab": "home"})
    kb.event({"type": "app_home_opened", "user": "U2", "tab": "home"})
    views = {c.args["user_id"]: block_text(c.args["view"]["blocks"])
             for c in kb.slack.wait_for("views.publish", count=2, timeout=30)}
    assert "knowledge gaps" in views[STAFF] and "Asked 3×" in views[STAFF]
    assert "knowledge gaps" not in views["U2"] and "parking" not in views["U2"]


class _Pages(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802
        body = (b"<!DOCTYPE html><html><head><title>Summer school 2027</title></head><body><h1>Summer school</h1>"
                b"<p>The joint Oresund-Massachusetts summer school in bioinformatics runs in Malmo in August 2027.</p>"
                b"</body></html>")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:  # noqa: ANN002
        pass


@pytest.fixture
def page_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_add_url_indexes_an_allow_listed_page(make_harness, page_server, database) -> None:
    # The store is written as for a shared file, which runs on the Chroma server too
    harness = make_harness(staff_slack_ids=STAFF, kb_url_allowlist=page_server, **database)
    url = f"http://{page_server}/summer-school"
    text = _text(_kb(harness, f"add <{url}>"))
    assert "Added *Summer school 2027*" in text and f"`{url}`" in text
    info = next(d for d in harness.services.kb_admin.list() if d.source == url)
    assert info.origin == "url" and info.added_by == "slack:USTAFF"


def test_add_url_too_long_for_the_registry_is_refused_with_the_limit(make_harness, page_server, database) -> None:
    harness = make_harness(staff_slack_ids=STAFF, kb_url_allowlist=page_server, **database)
    url = f"http://{page_server}/summer-school?" + "q=x&" * 300  # the source column holds 1,000 characters
    text = _text(_kb(harness, f"add <{url}>"))
    assert f"is {len(url):,} characters long; at most 1,000 fit" in text and "went wrong" not in text
    assert not any(s.startswith("http") for s in _sources(harness))


def test_add_url_refuses_a_private_address_without_allow_list(kb, page_server) -> None:
    text = _text(_kb(kb, f"add http://{page_server}/summer-school"))
    assert "private or local address" in text
    assert not any(s.startswith("http") for s in _sources(kb))


def test_long_document_lists_are_split_within_slack_limits() -> None:
    docs = [DocumentInfo(source=f"projects/project-{i:04d}-with-a-long-descriptive-name.md", title=f"Project {i} " * 8,
                         category="projects", updated="2026-01-02", url=None, chunks=3, size_bytes=2048 * i,
                         origin="folder", added_by=None, indexed_at="2026-01-02T00:00:00") for i in range(1500)]
    messages = kb_blocks.document_list_messages(docs, CommandNames())
    assert 1 < len(messages) <= kb_blocks.MAX_LIST_MESSAGES
    for message in messages:
        assert len(message.blocks) <= MESSAGE_BLOCK_LIMIT
        assert all(len(b["text"]["text"]) <= SECTION_TEXT_LIMIT for b in message.blocks)
    assert "project-0000" in block_text(messages[0].blocks)
    small = kb_blocks.document_list_messages(docs[:3], CommandNames())
    assert len(small) == 1 and "*3 documents*" in block_text(small[0].blocks) and "4 KB" in block_text(small[0].blocks)


def test_file_shared_in_a_dm_thread_is_answered_in_that_thread(make_harness, database) -> None:
    kb = make_harness(staff_slack_ids=STAFF, **database)  # the second event for the file is a duplicate: a row decides
    root = kb.slack.add_message("D1", "", user="UBOT", bot_id="BBOT")
    kb.slack.add_file("F1", "cryo-em.md", NOTE.encode())
    kb.dm("", subtype="file_share", files=[{"id": "F1"}], user=STAFF, thread_ts=root["ts"])
    call = kb.slack.wait_for("chat.postMessage", timeout=30)[0]
    assert call.args["thread_ts"] == root["ts"] and "Added" in block_text(call.args["blocks"])
    kb.event({"type": "file_shared", "file_id": "F1", "user_id": STAFF, "channel_id": "D1", "file": {"id": "F1"},
              "event_ts": kb.ts()})
    kb.settle()
    assert len(kb.slack.calls("chat.postMessage")) == 1 and len(kb.slack.downloads) == 1


def test_manifest_has_what_kb_needs() -> None:
    import yaml

    from tests.handlers.slack.test_wiring import MANIFEST

    manifest = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    assert "/kb" in {c["command"] for c in manifest["features"]["slash_commands"]}
    assert "files:read" in manifest["oauth_config"]["scopes"]["bot"]
    assert {"message.im", "file_shared"} <= set(manifest["settings"]["event_subscriptions"]["bot_events"])


def test_a_large_shared_file_is_indexed_by_a_job_and_its_outcome_sent_by_direct_message(make_harness, storage) -> None:
    # The embedded default: the jobs run in this process (JOBS_IN_PROCESS), notices leave through the outbox.
    harness = make_harness(staff_slack_ids=STAFF, kb_inline_max_bytes=len(NOTE.encode()) - 1, **storage)

    def notice(about: str) -> str:
        call = harness.slack.wait_for("chat.postMessage", timeout=60, predicate=lambda c: c.args.get("channel") == STAFF
                                      and about in c.args.get("text", ""))[-1]
        return block_text(call.args.get("blocks") or [])

    reply = _share(harness, "F1", "cryo-em.md", NOTE.encode())
    assert "*cryo-em.md* is large, so it is being indexed in the background" in reply
    assert "Added *Cryo-EM facility access for visiting teams*" in notice("Cryo-EM")
    assert "uploads/cryo-em.md" in _sources(harness)
    assert "40 free microscope hours" in harness.services.assistant.ask(QUESTION).text

    broken = b"%PDF-1.4\n" + b"\x00not really a pdf " * 40  # large too, and it fails in the job: the person hears why
    assert "being indexed in the background" in _share(harness, "F2", "broken.pdf", broken, mimetype="application/pdf",
                                                       filetype="pdf")
    assert "Could not add *broken.pdf*" in notice("broken.pdf")
    assert "uploads/broken.pdf" not in _sources(harness)
    small = _share(harness, "F3", "tiny.md", b"---\ntitle: Tiny\n---\n# Tiny\nShort.\n")  # at most the limit: at once
    assert "Added *Tiny*" in small
    with harness.services.sessions() as session:
        kinds = [n.kind for n in session.scalars(select(OutboxNotice)) if n.target == STAFF]
    assert kinds == ["kb_file_indexed", "kb_file_indexed"]
