"""Matchmaking and introductions in Teams, in memory: the real matcher and introductions core over
the sample contacts, the SDK's TestAdapter for the turns (proactive messages land in its queue)."""

from __future__ import annotations

import asyncio
import json
import shutil
from datetime import datetime, timezone

import pytest
from microsoft_agents.activity import Activity, ChannelAccount, ConversationAccount, ConversationReference
from microsoft_agents.testing import TestAdapter
from sqlalchemy import select

from bot.clock import ManualClock
from bot.db.models import Contact
from bot.db.session import transaction
from bot.db.teams_refs import load_reference, save_reference
from handlers.teams.app import create_agent_app
from handlers.teams.match import idempotency_key, parse_request
from handlers.teams.notice_sender import TeamsNoticeSender
from handlers.teams.match_cards import ACCEPT_VERB, DECLINE_VERB, REQUEST_VERB, consent_card, input_ids
from tests.conftest import SAMPLE_CONTACTS, make_settings
from tests.handlers.teams.helpers import ANN, BOT, LOCAL_SERVICE_URL, assert_valid_card

NEED = "a hospital in Denmark for a wearable ECG trial"
BO = {"id": "29:bo", "name": "Bo", "aadObjectId": "aad-bo"}
EVE = {"id": "29:eve", "name": "Eve", "aadObjectId": "aad-eve"}
REASON = "We need a Danish trial site for our ECG patch."


@pytest.fixture(scope="module")
def shared_embedder():
    from bot.kb.embedder import MiniLMEmbedder

    return MiniLMEmbedder(threads=1)


@pytest.fixture(scope="module")
def contacts_template(tmp_path_factory, shared_embedder):
    """A database with the sample contacts imported (and embedded) once per module."""
    from bot.matching.importer import import_file
    from bot.services import build_services

    base = tmp_path_factory.mktemp("teams-match")
    svc = build_services(make_settings(base))
    with transaction(svc.sessions) as session:
        report = import_file(session=session, path=SAMPLE_CONTACTS, embedder=shared_embedder)
    assert report.created > 60 and not report.rejected
    svc.close()
    return base / "var"


@pytest.fixture
def services(tmp_path, contacts_template, shared_embedder):
    from bot.services import build_services

    shutil.copytree(contacts_template, tmp_path / "var")
    svc = build_services(make_settings(tmp_path), clock=ManualClock(datetime(2026, 3, 2, 9, tzinfo=timezone.utc)))
    svc.embedder = shared_embedder
    yield svc
    svc.close()


class Harness:
    """One agent and one TestAdapter; each turn returns what the bot sent, to whom."""

    def __init__(self, services) -> None:  # noqa: ANN001
        reference = ConversationReference(
            channel_id="msteams", service_url=LOCAL_SERVICE_URL,  # development mode: loopback
            user=ChannelAccount(id=ANN["id"], name=ANN["name"], aad_object_id=ANN["aadObjectId"]),
            agent=ChannelAccount(id=BOT["id"], name=BOT["name"]),
            conversation=ConversationAccount(id="conv-1", conversation_type="personal", is_group=False, tenant_id="tenant-1"),
        )
        self.services = services
        self.adapter = TestAdapter(conversation=reference)
        self.agent = create_agent_app(services.settings, services, typing_indicator=False)
        self.sender = TeamsNoticeSender(self.adapter, services, identity=self.adapter.claims_identity)

    def turn(self, text: str | None = None, *, value: dict | None = None, sender: dict = ANN) -> list[Activity]:
        """The turn, then the outbox's delivery (as the worker would run it): replies and proactive messages."""
        activity = Activity(type="message", text=text, value=value,
                            from_property=ChannelAccount(id=sender["id"], name=sender["name"], aad_object_id=sender["aadObjectId"]))
        asyncio.run(self.adapter.process_activity(self.adapter.claims_identity, activity, self.agent.on_turn))
        self.services.outbox.deliver_due({"teams": self.sender})
        replies = [a for a in self.adapter.activity_queue if a.type == "message"]
        self.adapter.activity_queue.clear()
        return replies


def card_of(reply: Activity) -> dict:
    assert reply.attachments, f"expected a card, got {reply.text!r}"
    card = reply.attachments[0].content
    assert_valid_card(card)
    return card


def request_forms(card: dict) -> list[dict]:
    """(contact id → the inline form's submit data) for every "Request introduction" button."""
    return [a["card"]["actions"][0]["data"] for b in card["body"] if b["type"] == "ActionSet"
            for a in b["actions"] if a["type"] == "Action.ShowCard"]


def submission(form: dict, reason: str = REASON, offer: str = "Devices and trial funding") -> dict:
    reason_id, offer_id = input_ids(form["contact_id"])
    return {**form, reason_id: reason, offer_id: offer}


def set_teams_id(services, contact_id: str, aad: str) -> None:  # noqa: ANN001
    with transaction(services.sessions) as session:
        session.get(Contact, contact_id).teams_user_id = aad


def emails(services) -> list[str]:  # noqa: ANN001
    with services.sessions() as session:
        return list(session.scalars(select(Contact.email)))


def test_request_form_data_is_checked_and_keyed_per_card():
    with pytest.raises(Exception, match="out of date"):
        parse_request({"verb": REQUEST_VERB})
    form = parse_request({"contact_id": "c1", "reason-c1": "why", "offer-c1": "", "card": "k1", "need": "x"})
    assert form == {"contact_id": "c1", "reason": "why", "offer": None, "need": "x", "card": "k1"}
    assert idempotency_key("teams:a", form) == idempotency_key("teams:a", dict(form)) == "teams:a:c1:k1"


def test_match_card_shows_reasons_and_request_forms_without_emails(services):
    harness = Harness(services)
    for text in (f"match {NEED}", "Can you find me a hospital in Denmark for a wearable ECG trial?"):
        (reply,) = harness.turn(text)
        card = card_of(reply)
        dumped = json.dumps(card)
        assert "@" not in dumped and not any(e in dumped for e in emails(services))
        forms = request_forms(card)
        assert 1 <= len(forms) <= 5 and all(f["verb"] == REQUEST_VERB and NEED in f["need"] for f in forms)
        reasons = [b["inlines"][0]["text"] for b in card["body"] if b["type"] == "RichTextBlock" and b["inlines"][0]["text"].startswith("• ")]
        assert len(reasons) >= len(forms)
        inputs = [i for b in card["body"] if b["type"] == "ActionSet" for i in b["actions"][0]["card"]["body"]]
        reason_inputs = [i for i in inputs if i["id"].startswith("reason-")]
        assert all(i["isRequired"] and i["maxLength"] == 1000 for i in reason_inputs)
    assert harness.turn("match")[0].text.startswith("Tell me who you are looking for")


def test_request_is_stored_once_and_the_teams_contact_accepts(services):
    harness = Harness(services)
    harness.turn("hello", sender=BO)  # Bo has written to the bot once: the bot can reach Bo later
    assert load_reference(services.sessions, "teams:aad-bo")["user"]["aadObjectId"] == "aad-bo"
    form = request_forms(card_of(harness.turn(f"match {NEED}")[0]))[0]
    set_teams_id(services, form["contact_id"], "aad-bo")

    replies = harness.turn(value=submission(form))
    consent = next(r for r in replies if r.recipient.id == BO["id"])
    consent_body = json.dumps(card_of(consent))
    assert REASON in consent_body and "Ann" in consent_body and "@" not in consent_body
    confirmation = json.dumps(card_of(next(r for r in replies if r.recipient.id == ANN["id"])))
    assert "Introduction requested" in confirmation and "asked in Teams" in confirmation

    replayed = harness.turn(value=submission(form))
    assert len(replayed) == 1 and "already asked" in json.dumps(card_of(replayed[0]))
    (intro,) = services.intros.for_requester("teams:aad-ann")
    assert intro.state == "pending_consent" and intro.reason == REASON and intro.need == NEED

    refused = harness.turn(value={"verb": ACCEPT_VERB, "intro_id": intro.id}, sender=EVE)
    assert [r.text for r in refused] == ["Only the person asked can accept or decline this introduction."]
    assert services.intros.get(intro.id).state == "pending_consent"

    accepted = harness.turn(value={"verb": ACCEPT_VERB, "intro_id": intro.id}, sender=BO)
    assert services.intros.get(intro.id).state == "accepted"
    assert "introducing you to Ann" in next(r.text for r in accepted if r.recipient.id == BO["id"] and r.text)
    to_bo = json.dumps(card_of(next(r for r in accepted if r.recipient.id == BO["id"] and r.attachments)))
    to_ann = json.dumps(card_of(next(r for r in accepted if r.recipient.id == ANN["id"])))
    assert "Ann" in to_bo and REASON in to_bo
    assert intro.contact_name in to_ann and REASON in to_ann
    if intro.contact_org:
        assert intro.contact_org in to_ann
    again = harness.turn(value={"verb": ACCEPT_VERB, "intro_id": intro.id}, sender=BO)
    assert [r.text for r in again] == ["This request was already answered (it is accepted)."]


def test_declined_request_sends_the_requester_a_polite_note(services):
    harness = Harness(services)
    harness.turn("hello", sender=BO)
    form = request_forms(card_of(harness.turn(f"match {NEED}")[0]))[0]
    set_teams_id(services, form["contact_id"], "aad-bo")
    harness.turn(value=submission(form))
    (intro,) = services.intros.for_requester("teams:aad-ann")
    replies = harness.turn(value={"verb": DECLINE_VERB, "intro_id": intro.id}, sender=BO)
    assert services.intros.get(intro.id).state == "declined"
    note = next(r for r in replies if r.recipient.id == ANN["id"])
    assert "can't take up your introduction request" in note.text


def test_contact_not_reachable_in_teams_goes_to_the_secretariat(services):
    harness = Harness(services)
    form = request_forms(card_of(harness.turn(f"match {NEED}")[0]))[0]
    set_teams_id(services, form["contact_id"], "aad-never-wrote")
    with transaction(services.sessions) as session:  # and not on Slack either (there they would be asked)
        session.get(Contact, form["contact_id"]).slack_user_id = None
    (reply,) = harness.turn(value=submission(form))
    assert "secretariat" in json.dumps(card_of(reply))
    assert services.intros.for_requester("teams:aad-ann")[0].state == "pending_consent"


def test_missing_reason_is_refused(services):
    harness = Harness(services)
    form = request_forms(card_of(harness.turn(f"match {NEED}")[0]))[0]
    (reply,) = harness.turn(value=submission(form, reason="  "))
    assert reply.text == "Please say why you would like to meet; the contact sees it."
    assert services.intros.for_requester("teams:aad-ann") == []


def test_references_are_replaced_and_consent_card_is_valid(services):
    save_reference(services.sessions, "teams:x", {"a": 1})
    save_reference(services.sessions, "teams:x", {"a": 2})
    assert load_reference(services.sessions, "teams:x") == {"a": 2} and load_reference(services.sessions, "teams:y") is None
    form = request_forms(card_of(Harness(services).turn(f"match {NEED}")[0]))[0]
    intro = services.intros.request(requester_ref="teams:aad-ann", requester_name="Ann", requester_org=None,
                                    contact_id=form["contact_id"], reason=REASON, surface="teams").intro
    card = consent_card(intro)
    assert_valid_card(card)
    assert [a["data"]["verb"] for a in card["actions"]] == [ACCEPT_VERB, DECLINE_VERB, "intro_decline_block"]


def test_match_and_request_over_http(services):
    """The real web app with expectReplies: the card, the request, and a replay that changes nothing."""
    from tests.handlers.teams.helpers import cards, message
    from tests.handlers.teams.test_http import run

    async def scenario(post) -> None:  # noqa: ANN001
        status, body = await post(message(f"match {NEED}"))
        assert status == 200
        (card,) = cards(body["activities"])
        assert_valid_card(card)
        assert not any(e in json.dumps(card) for e in emails(services))
        form = request_forms(card)[0]
        for _ in range(2):
            status, body = await post(message(value=submission(form)))
            assert status == 200 and len(cards(body["activities"])) == 1

    run(services, scenario)
    (intro,) = services.intros.for_requester("teams:aad-ann")
    assert intro.state == "pending_consent" and intro.reason == REASON


@pytest.mark.parametrize("connector_status", [200, 403])
def test_consent_card_is_sent_proactively_through_the_connector(services, connector_status):
    """With the CloudAdapter: the consent card goes to Bo's stored chat through the Bot Connector API
    (here a local stand-in that records what it receives); when Teams refuses it (the app was
    uninstalled), the notice is not marked delivered: it goes to staff (none configured here: failed)."""
    from aiohttp import web
    from aiohttp.test_utils import TestServer

    from handlers.teams.notice_sender import build_sender
    from handlers.teams.server import ADAPTER

    from tests.handlers.teams.helpers import cards, message
    from tests.handlers.teams.test_http import serving

    received: list[tuple[str, dict]] = []

    async def activities(request: web.Request) -> web.Response:
        received.append((request.match_info["conversation"], await request.json()))
        return web.json_response({"id": f"sent-{len(received)}"}, status=connector_status)

    connector = web.Application()
    connector.router.add_post("/v3/conversations/{conversation}/activities", activities)

    async def main() -> None:
        fake = TestServer(connector, host="127.0.0.1", port=0)
        await fake.start_server()
        try:
            async with serving(services) as post:
                await post(message("hello", conversation="conv-bo", serviceUrl=str(fake.make_url("/")), **{"from": BO}))
                form = request_forms(cards((await post(message(f"match {NEED}")))[1]["activities"])[0])[0]
                set_teams_id(services, form["contact_id"], "aad-bo")
                status, body = await post(message(value=submission(form)))
                assert status == 200 and "asked in Teams" in json.dumps(cards(body["activities"]))
                # What `serve-teams` runs beside the endpoint: the outbox, through the app's own adapter.
                sender = build_sender(services, adapter=post.app[ADAPTER], loop=asyncio.get_running_loop())
                outcome = await asyncio.to_thread(services.outbox.deliver_due, {"teams": sender})
                assert outcome == ({"sent": 1} if connector_status == 200 else {"failed": 1})
        finally:
            await fake.close()

    asyncio.run(main())
    ((conversation, sent),) = received
    assert conversation == "conv-bo" and sent["recipient"]["id"] == BO["id"]
    (attachment,) = sent["attachments"]
    assert_valid_card(attachment["content"])
    assert REASON in json.dumps(attachment["content"])


def _card_names(card: dict) -> list[str]:
    return [b["inlines"][0]["text"] for b in card["body"]
            if b["type"] == "RichTextBlock" and b.get("separator") and b["inlines"][0].get("weight") == "Bolder"]


def _contact_by_email(services, email: str) -> Contact:  # noqa: ANN001
    with services.sessions() as session:
        return session.scalar(select(Contact).where(Contact.email == email))


def test_the_signed_in_users_own_profile_says_who_is_asking(services):
    """Daniel runs a Boston CAR-T company; his profile, found by his Teams identity, keeps his peers out."""
    daniel = _contact_by_email(services, "daniel.mercer@fenwickcell.example.com")
    set_teams_id(services, daniel.id, ANN["aadObjectId"])
    harness = Harness(services)
    card = card_of(harness.turn("match who should I talk to about a clinical trial in Europe?")[0])
    names = _card_names(card)
    assert "Mette Skovgaard" in names[:3] and "Rachel Stein" not in names  # the Danish site, not the Boston rival
    with services.sessions() as session:
        shown = [session.get(Contact, f["contact_id"]) for f in request_forms(card)]
    assert all(c.consent for c in shown) and daniel.id not in {c.id for c in shown}
    assert all(c.organization_id != daniel.organization_id for c in shown)
    assert max(sum(c.organization_id == o for c in shown) for o in {c.organization_id for c in shown}) <= 2
    assert any("which you are" in r["inlines"][0]["text"] for r in card["body"]
               if r["type"] == "RichTextBlock" and r["inlines"][0]["text"].startswith("• "))


def test_nobody_fits_is_said_and_near_matches_are_marked(services):
    card = card_of(Harness(services).turn("match a dental implant manufacturer in New Zealand")[0])
    dumped = json.dumps(card)
    assert "secretariat" in dumped and "No close match" in dumped
    markers = [b for b in card["body"] if b["type"] == "RichTextBlock" and b.get("separator")]
    assert markers and all(any(i.get("text") == "  (near match)" for i in b["inlines"]) for b in markers)
