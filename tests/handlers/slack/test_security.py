"""Security of the Slack surface, over HTTP with the real Bolt app: forged and replayed requests, staff-only
actions submitted directly, consent, no contact details before an introduction is accepted, and injected
documents. Complements test_http (bad secret, stale event), test_kb (/kb and uploads by non-staff) and
test_match_intros (approval by non-staff, editing someone else's profile)."""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.request
import uuid

import pytest
from sqlalchemy import func, select

from bot.db.models import Base, ProfileChange
from tests.fakes import FakeOpenAIServer, action_body, command_body, event_body, sign, view_submission_body
from tests.handlers.slack.conftest import SECRET, block_text
from tests.handlers.slack.test_match_intros import (
    NEED,
    REQUESTER,
    _buttons,
    _contacts,
    _match,
    _posts_to,
    _request,
    _setup,
    _wait_intro,
)
from tests.qa.test_prompt_injection import INJECTION, LABELLED_LINK, LIVE_MENTION

STAFF = "USTAFF"
REQUESTER_EMAIL = "rita.requester@boston-devices.example.com"
REASON = {"reason": {"value": "We need a Danish trial site for our ECG patch."}}


def _group(slack_api, *members: str) -> str:  # noqa: ANN001
    """A fresh staff user group: its members are cached per group id for minutes, across tests."""
    group = f"S{uuid.uuid4().hex[:8].upper()}"
    slack_api.add_usergroup(group, list(members))
    return group


def _rows(harness) -> dict[str, int]:  # noqa: ANN001
    with harness.services.engine.connect() as connection:
        return {t.name: connection.execute(select(func.count()).select_from(t)).scalar_one()
                for t in Base.metadata.sorted_tables}


def _sent(harness, since: int = 0) -> str:  # noqa: ANN001
    """Everything sent to the Slack API (messages, modals, response_url posts) after call number `since`."""
    return json.dumps([(c.method, c.args) for c in harness.slack.calls()[since:]], ensure_ascii=False)


def _refusal(harness, count: int = 1) -> str:  # noqa: ANN001
    return harness.slack.wait_for("respond/action", count=count, timeout=20)[count - 1].args["text"]


def _stream_text(args: dict) -> str:
    return args.get("markdown_text", "") + "".join(chunk.get("text", "") for chunk in args.get("chunks") or [])


def _raw_post(url: str, body: str, headers: dict[str, str]) -> int:
    kind = "application/json" if body.startswith("{") else "application/x-www-form-urlencoded"
    request = urllib.request.Request(url, data=body.encode(), headers={"Content-Type": kind, **headers}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def _forgeries(body: str, tampered: str) -> dict[str, tuple[str, dict]]:
    now = int(time.time())
    good = sign(SECRET, body, now)
    return {
        "no headers": (body, {}),
        "no signature": (body, {"X-Slack-Request-Timestamp": str(now)}),
        "no timestamp": (body, {"X-Slack-Signature": good["X-Slack-Signature"]}),
        "garbled signature": (body, {**good, "X-Slack-Signature": "v0=not-a-digest"}),
        "other scheme": (body, {**good, "X-Slack-Signature": good["X-Slack-Signature"].replace("v0=", "v1=")}),
        "wrong secret": (body, sign("not-the-secret", body, now)),
        "captured, replayed 6 minutes later": (body, sign(SECRET, body, now - 360)),
        "from the future": (body, sign(SECRET, body, now + 360)),
        "garbled timestamp": (body, {**good, "X-Slack-Request-Timestamp": "soon"}),
        "valid signature over another body": (tampered, good),
    }


def test_forged_and_replayed_requests_are_refused_without_any_effect(make_harness) -> None:
    harness = _setup(make_harness(staff_slack_ids=STAFF))
    contact = next(c for c in _contacts(harness).values() if c.consent and c.slack_user_id)
    button = json.dumps({"c": contact.id, "n": contact.name, "q": NEED})
    metadata = json.dumps({"contact_id": contact.id, "need": NEED})
    dm = {"type": "message", "channel": "D1", "channel_type": "im", "user": REQUESTER, "ts": harness.ts(),
          "text": "How long can a visiting researcher stay?"}
    url = harness.response_url("forged")
    # Each body, signed properly, has an effect (checked at the end); the second is what an attacker sends.
    bodies = {
        "event": (event_body(dm, event_id="EvFORGED01"),
                  event_body({**dm, "text": "Find me a hospital in Denmark"}, event_id="EvFORGED01")),
        "command": (command_body("/kb", "remove faq.md", STAFF, response_url=url),
                    command_body("/kb", "remove exchange-researchers.md", STAFF, response_url=url)),
        "action": (action_body("intro_request", button, REQUESTER, response_url=url),
                   action_body("intro_request", button.replace(contact.id, "x"), REQUESTER, response_url=url)),
        "view": (view_submission_body("intro_request_submit", REASON, REQUESTER, private_metadata=metadata),
                 view_submission_body("intro_request_submit", REASON, "UATTACKER", private_metadata=metadata)),
    }
    rows, calls = _rows(harness), len(harness.slack.calls())
    for kind, (body, tampered) in bodies.items():
        for name, (sent, headers) in _forgeries(body, tampered).items():
            assert _raw_post(harness.url, sent, headers) == 401, (kind, name)
    harness.settle()
    assert _sent(harness, calls) == "[]" and _rows(harness) == rows
    assert "faq.md" in {d.source for d in harness.services.kb_admin.list()}

    for body, _ in bodies.values():  # the same requests, signed now: each does what it is for
        assert harness.send(body)[0] == 200
    harness.slack.wait_for("chat.postMessage", timeout=30, predicate=lambda c: c.args.get("channel") == "D1")
    assert harness.slack.wait_for("views.open", timeout=20)[0].args["view"]["callback_id"] == "intro_request_submit"
    assert _wait_intro(harness).contact_id == contact.id
    harness.slack.wait_for("respond/forged", timeout=20)
    assert "faq.md" not in {d.source for d in harness.services.kb_admin.list()}


def test_approval_and_rejection_are_staff_only_and_the_user_group_counts(make_harness, slack_api) -> None:
    harness = _setup(make_harness(intro_require_approval=True, staff_channel="CSTAFF", staff_slack_ids=STAFF,
                                  staff_slack_usergroup=_group(slack_api, "UGROUPSTAFF")))
    button, contact = _match(harness)
    intro = _request(harness, button)
    assert intro.state == "pending_approval"
    forged = [("intro_reject", "UOTHER"), ("intro_reject", REQUESTER), ("intro_approve", contact.slack_user_id)]
    for refusals, (action, user) in enumerate(forged, 1):
        assert harness.action(action, intro.id, user=user)[0] == 200
        assert "Only ambassadors" in _refusal(harness, refusals), (action, user)
    # The contact cannot skip the approval by accepting a request they were never shown.
    assert harness.action("intro_accept", intro.id, user=contact.slack_user_id)[0] == 200
    assert "already been handled" in _refusal(harness, len(forged) + 1)
    harness.settle()
    assert _wait_intro(harness).state == "pending_approval"
    assert not [c for c in harness.slack.calls("chat.postMessage") if c.args["channel"] == contact.slack_user_id]

    assert harness.action("intro_approve", intro.id, user="UGROUPSTAFF")[0] == 200
    assert _wait_intro(harness, "pending_consent").approved_by == "slack:UGROUPSTAFF"
    _posts_to(harness, contact.slack_user_id)


def test_accepting_for_a_contact_without_slack_is_staff_only(make_harness) -> None:
    harness = _setup(make_harness(staff_channel="CSTAFF", staff_slack_ids=STAFF))
    harness.slack.add_user(REQUESTER, "Rita Requester", email=REQUESTER_EMAIL)
    contact = next(c for c in _contacts(harness).values() if c.consent and not c.slack_user_id)
    outcome = harness.services.intros.request(requester_ref=f"slack:{REQUESTER}", requester_name="Rita Requester",
                                              requester_org=None, contact_id=contact.id, reason="Biobank samples")
    [handle] = _posts_to(harness, "CSTAFF")  # staff get the e-mail address to ask the contact
    assert contact.email in block_text(handle.args["blocks"])
    for n, user in enumerate([REQUESTER, "UOTHER"], 1):
        assert harness.action("intro_accept", outcome.intro.id, user=user)[0] == 200
        assert "Only the person asked" in _refusal(harness, n)
    harness.settle()
    assert _wait_intro(harness).state == "pending_consent"
    outside_staff = [c for c in harness.slack.calls() if c.args.get("channel") != "CSTAFF"]
    assert contact.email not in json.dumps([c.args for c in outside_staff])

    assert harness.action("intro_accept", outcome.intro.id, user=STAFF)[0] == 200
    assert _wait_intro(harness, "accepted")
    assert contact.name in block_text(_posts_to(harness, REQUESTER)[0].args["blocks"])


def test_someone_elses_profile_is_for_staff_only(make_harness, slack_api) -> None:
    harness = _setup(make_harness(staff_slack_ids=STAFF, staff_slack_usergroup=_group(slack_api, "UGROUPSTAFF")))
    megan = next(c for c in _contacts(harness).values() if c.slack_user_id == "U0FICT001")
    assert harness.command(f"<mailto:{megan.email}|{megan.email}>", user="U2", name="/profile")[0] == 200
    refused = harness.slack.wait_for("views.update", timeout=20)[0].args["view"]
    assert "Only staff" in block_text(refused["blocks"]) and megan.name not in json.dumps(refused)

    assert harness.command(megan.email, user="UGROUPSTAFF", name="/profile")[0] == 200
    modal = harness.slack.wait_for("views.update", count=2, timeout=20)[1].args["view"]
    assert json.loads(modal["private_metadata"])["contact_id"] == megan.id and megan.email not in json.dumps(modal)
    harness.view("profile_edit", _consent_values(True), user="UGROUPSTAFF", private_metadata=modal["private_metadata"])
    assert "saved" in _posts_to(harness, "UGROUPSTAFF")[0].args["text"]
    with harness.services.sessions() as session:
        assert [c.editor for c in session.scalars(select(ProfileChange))] == ["slack:UGROUPSTAFF"]


def _consent_values(consent: bool) -> dict:
    picked = [{"value": "yes"}] if consent else []
    return {"expertise": {"value": "CRISPR gene editing"}, "offering": {"value": ""}, "seeking": {"value": ""},
            "languages": {"value": "English"}, "consent": {"value": {"type": "checkboxes", "selected_options": picked}}}


def test_contacts_without_consent_cannot_be_requested_with_a_forged_button(make_harness) -> None:
    harness = _setup(make_harness())
    contacts = _contacts(harness)
    _match(harness)  # checks that every contact listed has consented
    shown = harness.responses("match")[0].args
    withheld = [c for c in contacts.values() if not c.consent]
    assert not any(c.name in json.dumps(shown) for c in withheld)
    priya = next(c for c in withheld if c.slack_user_id)
    forged = json.dumps({"c": priya.id, "n": priya.name, "q": NEED})
    assert harness.action("intro_request", forged, user=REQUESTER)[0] == 200
    modal = harness.slack.wait_for("views.open", timeout=20)[0].args["view"]
    assert priya.email not in json.dumps(modal)
    status, _ = harness.view("intro_request_submit", REASON, user=REQUESTER, private_metadata=modal["private_metadata"])
    assert status == 200
    assert "not available for introductions" in _posts_to(harness, REQUESTER)[0].args["text"]
    harness.settle()
    assert _rows(harness)["intro_requests"] == 0
    assert not [c for c in harness.slack.calls() if priya.slack_user_id in json.dumps(c.args)]


def test_withdrawing_consent_in_profile_hides_the_contact_and_closes_requests(make_harness) -> None:
    harness = _setup(make_harness())
    megan = next(c for c in _contacts(harness).values() if c.slack_user_id == "U0FICT001")
    need = "a CRISPR gene editing lab placement for a visiting PhD student"

    def listed() -> list[str]:
        before = len(harness.responses("match"))
        assert harness.command(need, user=REQUESTER, name="/match")[0] == 200
        reply = harness.slack.wait_for("respond/match", count=before + 1, timeout=60)[before].args
        return [json.loads(b["value"])["c"] for b in _buttons(reply["blocks"])]

    assert megan.id in listed()
    button = {"value": json.dumps({"c": megan.id, "n": megan.name, "q": need})}
    intro = _request(harness, button)
    assert intro.state == "pending_consent"
    harness.view("profile_edit", _consent_values(False), user=megan.slack_user_id,
                 private_metadata=json.dumps({"contact_id": megan.id}))
    assert _wait_intro(harness, "declined")
    note = _posts_to(harness, REQUESTER, count=2)[-1].args
    assert "did not work out" in note["text"] and megan.email not in json.dumps(note)
    assert megan.id not in listed()
    harness.send(view_submission_body("intro_request_submit", REASON, REQUESTER, view_id="V00000002",  # the old button
                                      private_metadata=json.dumps({"contact_id": megan.id, "need": need})))
    assert "not available" in _posts_to(harness, REQUESTER, count=3)[-1].args["text"]
    assert _rows(harness)["intro_requests"] == 1


@pytest.mark.parametrize("decision", ["intro_accept", "intro_decline"])
def test_no_email_reaches_either_side_before_acceptance(make_harness, decision) -> None:
    harness = _setup(make_harness())
    harness.slack.add_user(REQUESTER, "Rita Requester", email=REQUESTER_EMAIL)
    button, contact = _match(harness)
    intro = _request(harness, button)
    _posts_to(harness, contact.slack_user_id)
    for n, user in enumerate([REQUESTER, "UOTHER"], 1):  # a forged click by anyone but the contact
        assert harness.action(decision, intro.id, user=user)[0] == 200
        assert "Only the person asked" in _refusal(harness, n)
    harness.settle()
    assert _wait_intro(harness).state == "pending_consent"
    before = _sent(harness)
    assert contact.email not in before and REQUESTER_EMAIL not in before
    assert "Rita Requester" in before  # the contact is told who asks, by name

    decided = len(harness.slack.calls())
    assert harness.action(decision, intro.id, user=contact.slack_user_id)[0] == 200
    if decision == "intro_accept":
        harness.slack.wait_for("conversations.open", timeout=20)
        _wait_intro(harness, "accepted")
    else:
        _posts_to(harness, REQUESTER, count=2)
        _wait_intro(harness, "declined")
        after = _sent(harness, decided)
        assert contact.email not in after and contact.name not in after and REQUESTER_EMAIL not in after


def test_an_injected_document_cannot_ping_or_disguise_links_in_slack(make_harness) -> None:
    harness = _setup(make_harness())
    harness.services.kb_admin.add_bytes(INJECTION.encode(), "housing.md", actor=f"slack:{STAFF}")
    event = harness.dm("Who do I ask about the housing allowance form?", user=REQUESTER)
    posted = harness.slack.wait_for("chat.postMessage", timeout=30,
                                    predicate=lambda c: c.args.get("thread_ts") == event["ts"])[0].args
    shown = posted["text"] + block_text(posted["blocks"])
    assert "housing allowance" in shown and "&lt;!channel&gt;" in shown
    assert not LIVE_MENTION.search(shown) and not LABELLED_LINK.search(shown)
    assert not any(c.email in shown for c in _contacts(harness).values())


def test_a_streamed_answer_cannot_ping_or_disguise_links(make_harness) -> None:
    reply = ("Housing questions: <!channel> <@U123> see [the portal](https://evil.example/phish) or "
             "<https://evil.example/login|here>, or write to boss@evil.example [1].")
    with FakeOpenAIServer(replies=lambda request: reply, chunks=12) as llm:
        harness = make_harness(llm_model="openai:fake", llm_base_url=llm.url)
        harness.services.kb_admin.add_bytes(INJECTION.encode(), "housing.md", actor=f"slack:{STAFF}")
        harness.dm("Who do I ask about the housing allowance form?")
        final = harness.slack.wait_for("chat.update", timeout=30)[0].args
    streamed = "".join(_stream_text(c.args) for c in harness.slack.calls()
                       if c.method in ("chat.startStream", "chat.appendStream", "chat.stopStream"))
    assert "evil.example/phish" in streamed and "<\u200b!channel>" in streamed
    assert not re.search("<(?!\u200b)|\\](?=\\()", streamed)  # every `<` and `](` is broken
    # The e-mail address the sources do not contain is streamed as written, then replaced.
    shown = block_text(final["blocks"])
    assert "boss@evil.example" not in shown and "[e-mail removed]" in shown
    assert not LIVE_MENTION.search(shown) and not LABELLED_LINK.search(shown)
