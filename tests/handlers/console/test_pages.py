"""Each page over the real core: what staff see and what their forms change (with the audit entry)."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from bot.db.models import AnswerRecord, AuditEntry, Contact, Feedback, IntroRequest, OutboxNotice, UnansweredQuestion
from bot.db.session import transaction
from bot.matching.importer import import_file
from tests.conftest import SAMPLE_CONTACTS
from tests.handlers.console.conftest import OUTSIDER, STAFF, csrf_of

DOC = b"""---
title: Parking at the secretariat
category: practical
updated: 2026-02-01
---
## Parking
Visitors to the secretariat park in the Lindholm garage on level 2; the code for the gate is given at reception.
"""

BAD_CSV = (b"name,email,organization,kind,country,region,title,expertise,offering,seeking,languages,consent\n"
           b"Ada Nilsson,ada@lund-bio.example.org,Lund Bio,researcher,SE,region-skane,PI,proteomics,,,,yes\n"
           b"Bo Berg,not-an-email,Lund Bio,researcher,SE,region-skane,PI,proteomics,,,,yes\n"
           b"Cy Holm,cy@lund-bio.example.org,Lund Bio,astronaut,SE,region-skane,PI,proteomics,,,,yes\n")


def emails(services) -> list[str]:  # noqa: ANN001
    with services.sessions() as session:
        return list(session.scalars(select(Contact.email)))


def import_sample(services) -> None:  # noqa: ANN001
    with transaction(services.sessions) as session:
        import_file(session=session, path=SAMPLE_CONTACTS, embedder=services.embedder, actor="cli")


def test_no_contact_email_on_any_page_without_a_staff_session(client, console_services, clock):
    from bot import signin

    import_sample(console_services)
    known = emails(console_services)
    with console_services.sessions() as session:
        contact_id = session.scalars(select(Contact.id)).first()
    paths = ["/", "/contacts", f"/contacts/{contact_id}", f"/contacts/{contact_id}/forget", "/contacts/export",
             "/contacts?q=example.org", "/audit", "/introductions", "/signin", "/signin/link?token=x", "/healthz"]

    def leaks() -> list[str]:
        found = []
        for path in paths:
            body = client.get(path).text
            found += [f"{path}: {e}" for e in known if e in body]
        return found

    assert leaks() == []
    outsider = signin.open_session(console_services.sessions, OUTSIDER, method="slack", now=clock.now(), session_hours=1)
    client.cookies.set("console_session", client.app.state.console.signer.sign("session", outsider.session_id))
    assert leaks() == []


def test_contacts_search_filter_edit_and_export(staff_client, console_services):
    import_sample(console_services)
    page = staff_client.get("/contacts", params={"q": "calloway"})
    assert "Megan Calloway" in page.text and "megan.calloway@bayfield-bio.example.org" in page.text
    assert "Samuel Okafor" not in page.text
    no_consent = staff_client.get("/contacts", params={"consent": "no"}).text
    assert "Priya Raman" in no_consent and "Megan Calloway" not in no_consent
    contact_id = re.search(r'href="/contacts/([0-9a-f]{32})"', page.text).group(1)
    form = staff_client.get(f"/contacts/{contact_id}")
    saved = staff_client.post(f"/contacts/{contact_id}", data={
        "csrf": csrf_of(form.text), "expertise": "CRISPR gene editing\nprime editing", "offering": "", "seeking": "",
        "languages": "English", "consent": "yes"})
    assert "Saved (3 field(s) changed)" in saved.text and "prime editing" in saved.text
    with transaction(console_services.sessions) as session:
        session.get(Contact, contact_id).last_verified = console_services.clock.now() - timedelta(days=400)
    stale = staff_client.get("/contacts", params={"verified": "over-a-year"}).text
    assert "Megan Calloway" in stale and "Samuel Okafor" not in stale
    assert "Megan Calloway" not in staff_client.get("/contacts", params={"verified": "never"}).text
    exported = staff_client.get("/contacts/export")
    assert exported.headers["content-type"].startswith("text/csv")
    assert "CRISPR gene editing;prime editing" in exported.text
    audit = staff_client.get("/audit").text
    assert "profile.edit" in audit and "contacts.export" in audit and STAFF in audit


def test_import_previews_rejected_lines_before_writing_then_commits(staff_client, console_services):
    page = staff_client.get("/contacts")
    preview = staff_client.post("/contacts/import", data={"csrf": csrf_of(page.text)},
                                files={"file": ("new.csv", BAD_CSV, "text/csv")})
    assert preview.status_code == 200
    assert "line 3" in preview.text and "line 4" in preview.text and "astronaut" in preview.text
    assert "create <strong>1</strong>" in preview.text
    assert emails(console_services) == []  # nothing written by the preview
    token = re.search(r'name="token" value="([^"]+)"', preview.text).group(1)
    done = staff_client.post("/contacts/import/commit", data={"csrf": csrf_of(preview.text), "token": token, "source": "new.csv"})
    assert "1 created" in done.text and "2 rejected" in done.text
    assert emails(console_services) == ["ada@lund-bio.example.org"]
    again = staff_client.post("/contacts/import/commit", data={"csrf": csrf_of(preview.text), "token": token, "source": "new.csv"})
    assert again.status_code == 400 and "upload the file again" in again.text
    with console_services.sessions() as session:
        entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "contacts.import"))
    assert entry.actor == STAFF and entry.detail["created"] == 1 and entry.detail["rejected"] == 2


def test_forget_asks_for_confirmation_then_erases(staff_client, console_services):
    import_sample(console_services)
    with console_services.sessions() as session:
        contact = session.scalar(select(Contact).where(Contact.email == "megan.calloway@bayfield-bio.example.org"))
        contact_id = contact.id
    confirm = staff_client.get(f"/contacts/{contact_id}/forget")
    assert "cannot be undone" in confirm.text
    unticked = staff_client.post("/contacts/forget", data={"csrf": csrf_of(confirm.text), "contact_id": contact_id})
    assert unticked.status_code == 400
    done = staff_client.post("/contacts/forget", data={"csrf": csrf_of(confirm.text), "contact_id": contact_id, "confirm": "yes"})
    assert "Forgotten" in done.text and "1 contacts" in done.text
    assert "megan.calloway@bayfield-bio.example.org" not in emails(console_services)


def test_upload_then_ask_answers_from_it_then_remove(staff_client, console_services):
    page = staff_client.get("/documents")
    added = staff_client.post("/documents/upload", data={"csrf": csrf_of(page.text)},
                              files={"file": ("parking.md", DOC, "text/markdown")})
    assert "Indexed <strong>Parking at the secretariat</strong>" in added.text
    assert "uploads/parking.md" in added.text
    answer = staff_client.get("/documents", params={"q": "Where do visitors park?"})
    assert "Lindholm garage" in answer.text and "From these passages" in answer.text
    with console_services.sessions() as session:
        assert session.scalar(select(AnswerRecord)) is None  # a staff check is not a question people asked
    removed = staff_client.post("/documents/remove", data={"csrf": csrf_of(answer.text), "source": "uploads/parking.md"})
    assert "Removed <strong>Parking at the secretariat</strong>" in removed.text
    with console_services.sessions() as session:
        actions = {(a.actor, a.action) for a in session.scalars(select(AuditEntry))}
    assert {(STAFF, "kb.add"), (STAFF, "kb.remove")} <= actions


def test_upload_keeps_the_kb_limits_and_errors(make_console):
    svc, client = make_console(max_upload_bytes=1000)
    page = client.get("/documents")
    big = client.post("/documents/upload", data={"csrf": csrf_of(page.text)}, files={"file": ("big.md", b"x" * 5000)})
    assert "The file is too large" in big.text
    broken = client.post("/documents/upload", data={"csrf": csrf_of(page.text)},
                         files={"file": ("broken.pdf", b"%PDF-1.4 not really", "application/pdf")})
    assert "I could not index broken.pdf" in broken.text


def test_gaps_grouped_and_resolved(staff_client, console_services, clock):
    with transaction(console_services.sessions) as session:
        for text in ("What is the parking code?", "what's the parking code", "Is there a gym?"):
            session.add(UnansweredQuestion(question=text, user_ref="slack:U1", surface="slack", asked_at=clock.now()))
        session.add(Feedback(question="How do I claim travel costs?", answer="See the travel policy [1].", rating=-1,
                             comment="there is no travel policy", user_ref="slack:U2", surface="teams", created_at=clock.now()))
    page = staff_client.get("/gaps")
    assert page.text.count('class="gap"') == 3
    assert "parking code" in page.text and "Asked 2×" in page.text and "How do I claim travel costs?" in page.text
    # With their conversations: what the assistant said and the 👎 comment, or that it did not answer.
    assert "See the travel policy [1]." in page.text and "there is no travel policy" in page.text
    assert "not answered (no relevant source)" in page.text
    rows = re.search(r'name="rows" value="(unanswered:\d+,unanswered:\d+)"', page.text).group(1)
    done = staff_client.post("/gaps/resolve", data={"csrf": csrf_of(page.text), "rows": rows, "document": "", "days": "30"})
    assert "Marked 2 question(s) resolved" in done.text and "parking code" not in done.text
    assert done.text.count('class="gap"') == 2
    assert "gap.resolve" in staff_client.get("/audit").text


def test_overview_counts_questions_and_introductions_per_day(staff_client, console_services, clock):
    yesterday = clock.now() - timedelta(days=1)
    with transaction(console_services.sessions) as session:
        session.add(AnswerRecord(question="a", answer="b", confident=True, created_at=yesterday))
        session.add(AnswerRecord(question="c", answer="d", confident=False, created_at=clock.now()))
        session.add(AnswerRecord(question="old", answer="d", confident=True, created_at=clock.now() - timedelta(days=40)))
    page = staff_client.get("/", params={"days": "7"})
    assert "<svg" in page.text and "Questions per day, last 7 days" in page.text
    assert re.search(r"<dt>Asked</dt><dd>2</dd>", page.text) and re.search(r"<dt>Answered</dt><dd>1</dd>", page.text)
    assert "last 90 days" in page.text
    assert re.search(r"<dt>Asked</dt><dd>3</dd>", staff_client.get("/", params={"days": "90"}).text)


def test_approving_an_introduction_writes_its_notice_to_the_outbox(make_console):
    svc, client = make_console(intro_require_approval=True)
    with transaction(svc.sessions) as session:
        contact = Contact(name="Ada Nilsson", email="ada@lund.example.org", kind="researcher", region="region-skane",
                          consent=True, slack_user_id="UADA")
        session.add(contact)
        session.flush()
        contact_id = contact.id
    intro = svc.intros.request(requester_ref="slack:UREQ", requester_name="Rita Requester", requester_org="Acme",
                               contact_id=contact_id, reason="joint trial").intro
    page = client.get("/introductions")
    assert "Waiting for approval (1)" in page.text and "ada@lund.example.org" not in page.text
    done = client.post(f"/introductions/{intro.id}/approve", data={"csrf": csrf_of(page.text)})
    assert "Request approved" in done.text and "Waiting for the contact (1)" in done.text
    with svc.sessions() as session:
        assert session.get(IntroRequest, intro.id).approved_by == STAFF
        kinds = {(n.kind, n.target) for n in session.scalars(select(OutboxNotice))}
    assert ("consent_request", "UADA") in kinds
    twice = client.post(f"/introductions/{intro.id}/approve", data={"csrf": csrf_of(page.text)})
    assert "already moved on" in twice.text
    assert "intro.pending_consent" in client.get("/audit").text


def test_reindex_runs_as_a_job_and_the_page_follows_its_progress(tmp_path, make_console):
    import time

    from bot.kb import reindex_status

    knowledge = tmp_path / "k"
    knowledge.mkdir()
    (knowledge / "note.md").write_text("---\ntitle: A note\n---\n# Note\nThe exchange lasts three to twelve months.\n")
    svc, client = make_console(knowledge_dir=knowledge)
    page = client.get("/documents")
    asked = client.post("/documents/reindex", data={"csrf": csrf_of(page.text)})
    assert "Re-index requested" in asked.text and 'http-equiv="refresh"' in asked.text
    assert svc.kb_admin.list() == []  # nothing ran in the request: a worker does it
    consumer = svc.jobs.start_in_process([])
    try:
        deadline = time.monotonic() + 120
        while (reindex_status.read(svc.sessions) or {}).get("state") != "finished":
            assert time.monotonic() < deadline, "the re-index job did not finish"
            time.sleep(0.05)
    finally:
        consumer.stop(graceful=True)
    done = client.get(f"{asked.url.path}?{asked.url.query}")
    assert "Last re-index (finished" in done.text and "1 added" in done.text and STAFF in done.text
    assert 'http-equiv="refresh"' not in done.text
    assert [d.source for d in svc.kb_admin.list()] == ["note.md"]


def test_a_body_far_over_the_upload_limit_gets_413_before_it_is_read(make_console):
    svc, client = make_console(max_upload_bytes=1000)
    page = client.get("/documents")
    refused = client.post("/documents/upload", data={"csrf": csrf_of(page.text)},
                          files={"file": ("huge.md", b"x" * (3 * 1024 * 1024))})
    assert refused.status_code == 413 and "too large" in refused.text


def test_staff_record_the_answer_of_a_contact_without_chat_and_mark_contacts_verified(make_console):
    svc, client = make_console()
    with transaction(svc.sessions) as session:
        offline = Contact(name="Eva Ek", email="eva@ek.example.org", kind="researcher", region="region-skane", consent=True)
        in_chat = Contact(name="Ada Nilsson", email="ada@lund.example.org", kind="researcher", region="region-skane",
                          consent=True, slack_user_id="UADA")
        session.add_all([offline, in_chat])
        session.flush()
        offline_id, in_chat_id = offline.id, in_chat.id
    by_mail = svc.intros.request(requester_ref="slack:UREQ", requester_name="Rita", requester_org=None,
                                 contact_id=offline_id, reason="joint trial").intro
    in_slack = svc.intros.request(requester_ref="slack:UREQ", requester_name="Rita", requester_org=None,
                                  contact_id=in_chat_id, reason="joint trial").intro
    page = client.get("/introductions")
    assert f"/introductions/{by_mail.id}/accept" in page.text
    assert f"/introductions/{in_slack.id}/accept" not in page.text  # Ada answers herself, in Slack
    done = client.post(f"/introductions/{by_mail.id}/accept", data={"csrf": csrf_of(page.text)})
    assert "Request accepted" in done.text and "Accepted (1)" in done.text
    forced = client.post(f"/introductions/{in_slack.id}/accept", data={"csrf": csrf_of(page.text)})
    assert forced.status_code == 403 and "answers this request themselves" in forced.text

    listing = client.get("/contacts")
    marked = client.post("/contacts/verify", data={"csrf": csrf_of(listing.text), "contact_id": [offline_id, in_chat_id],
                                                   "back": "/contacts?kind=researcher"})
    assert str(marked.url).endswith("/contacts?kind=researcher&verified_now=2")
    with svc.sessions() as session:
        assert {c.last_verified is not None for c in session.scalars(select(Contact))} == {True}
    assert "within a year" in marked.text
    assert "Eva Ek" in client.get("/contacts", params={"verified": "within-a-year"}).text
    evil = client.post("/contacts/verify", data={"csrf": csrf_of(listing.text), "contact_id": offline_id,
                                                 "back": "//evil.example/"}, follow_redirects=False)
    assert evil.headers["location"].startswith("/contacts?")


def test_the_audit_log_shows_changes_from_slack_and_the_command_line_and_filters(staff_client, console_services):
    console_services.kb_admin.add_bytes(DOC, "parking.md", actor="slack:UKB")  # as /kb does with a shared file
    import_sample(console_services)  # as `python -m bot contacts import` does
    page = staff_client.get("/audit").text
    assert "slack:UKB" in page and "kb.add" in page and "contacts.import" in page and ">cli<" in page
    only_slack = staff_client.get("/audit", params={"actor": "slack:UKB"}).text
    assert "kb.add" in only_slack and "contacts.import" not in only_slack
    only_imports = staff_client.get("/audit", params={"action": "contacts"}).text
    assert "contacts.import" in only_imports and "kb.add" not in only_imports


def test_a_large_upload_is_indexed_by_the_background_job(make_console):
    import time

    svc, client = make_console(kb_inline_max_bytes=100)
    page = client.get("/documents")
    queued = client.post("/documents/upload", data={"csrf": csrf_of(page.text)},
                         files={"file": ("parking.md", DOC, "text/markdown")})
    assert "a background job indexes it" in queued.text and svc.kb_admin.list() == []
    consumer = svc.jobs.start_in_process([])
    try:
        deadline = time.monotonic() + 120
        while not svc.kb_admin.list():
            assert time.monotonic() < deadline, "the job did not index the file"
            time.sleep(0.05)
    finally:
        consumer.stop(graceful=True)
    assert "Parking at the secretariat" in client.get("/documents").text
    with svc.sessions() as session:
        notice = session.scalar(select(OutboxNotice).where(OutboxNotice.kind == "kb_file_indexed"))
    assert notice.target == "USTAFF"
