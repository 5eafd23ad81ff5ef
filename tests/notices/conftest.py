"""A world for notice tests: contacts on Slack, on Teams and on neither, the real Slack client talking to
the fake Slack Web API, the Teams SDK's TestAdapter, and an inbox that says who got what where."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone

import pytest
from microsoft_agents.activity import ChannelAccount, ConversationAccount, ConversationReference
from microsoft_agents.testing import TestAdapter

from bot.clock import ManualClock
from bot.db.models import Contact
from bot.db.session import transaction
from bot.db.teams_refs import save_reference
from bot.notices.routing import teams_channel_ref
from tests.conftest import make_settings
from tests.fakes import FakeSlackAPI

TOKEN = "xoxb-notices"
SERVICE_URL = "http://127.0.0.1:3978/"  # local development trusts only loopback serviceUrls
TEAMS_STAFF = "19:staff@thread.tacv2"
PEOPLE = {  # who: (Slack id, Teams AAD id)
    "slack-contact": ("UCON", None), "teams-contact": (None, "aad-con"), "email-contact": (None, None),
    "slack-requester": ("UREQ", None), "teams-requester": (None, "aad-req"),
}


def teams_reference(conversation_id: str, user_id: str | None = None, kind: str = "personal") -> dict:
    ref = ConversationReference(
        channel_id="msteams", service_url=SERVICE_URL, agent=ChannelAccount(id="28:bot", name="Assistant"),
        user=ChannelAccount(id=f"29:{user_id}", aad_object_id=user_id) if user_id else None,
        conversation=ConversationAccount(id=conversation_id, conversation_type=kind, tenant_id="tenant-1"))
    return ref.model_dump(mode="json", by_alias=True, exclude_none=True)


@dataclass
class World:
    services: object
    slack: FakeSlackAPI
    adapter: TestAdapter
    senders: dict
    contacts: dict = field(default_factory=dict)
    _seen_slack: int = 0

    def ref(self, who: str) -> str:
        slack_id, aad = PEOPLE[who]
        return f"slack:{slack_id}" if slack_id else f"teams:{aad}"

    def deliver(self) -> dict:
        return self.services.outbox.deliver_due(self.senders)

    def inbox(self) -> list[tuple[str, str, str]]:
        """(surface, where, text) of everything sent since the last call."""
        out = []
        calls = self.slack.calls("chat.postMessage")
        for call in calls[self._seen_slack:]:
            out.append(("slack", call.args["channel"], call.args.get("text", "") + json.dumps(call.args.get("blocks") or "")))
        self._seen_slack = len(calls)
        for activity in self.adapter.activity_queue:
            body = activity.text or json.dumps([a.content for a in activity.attachments or []])
            out.append(("teams", activity.conversation.id, body))
        self.adapter.activity_queue.clear()
        return out


def build_world(tmp_path, database_url: str | None = None, **overrides) -> World:
    from bot.services import build_services
    from handlers.slack.app import build_client
    from handlers.slack.notice_sender import SlackNoticeSender
    from handlers.teams.notice_sender import TeamsNoticeSender

    slack = FakeSlackAPI().start()
    # The fake is as strict as Slack: the people and the staff channel of this world exist in it.
    slack.register(*(slack_id for slack_id, _ in PEOPLE.values() if slack_id),
                   *([overrides["staff_channel"]] if overrides.get("staff_channel") else []))
    values = {"slack_bot_token": TOKEN, "slack_api_url": slack.url, **overrides}
    if database_url:
        values["database_url"] = database_url
    services = build_services(make_settings(tmp_path, **values), clock=ManualClock(datetime(2026, 3, 2, 9, tzinfo=timezone.utc)))
    adapter = TestAdapter()
    senders = {"slack": SlackNoticeSender(build_client(services.settings), services),
               "teams": TeamsNoticeSender(adapter, services, identity=adapter.claims_identity)}
    world = World(services, slack, adapter, senders)
    with transaction(services.sessions) as session:
        for who, (slack_id, aad) in PEOPLE.items():
            contact = Contact(name=who.replace("-", " ").title(), email=f"{who}@example.org", kind="researcher",
                              region="other", consent=True, slack_user_id=slack_id, teams_user_id=aad)
            session.add(contact)
            session.flush()
            world.contacts[who] = contact.id
    for who, (_, aad) in PEOPLE.items():
        if aad:
            save_reference(services.sessions, f"teams:{aad}", teams_reference(f"conv-{aad}", aad))
    save_reference(services.sessions, teams_channel_ref(TEAMS_STAFF), teams_reference(TEAMS_STAFF, kind="channel"))
    return world


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request):
    return None if request.param == "sqlite" else request.getfixturevalue("postgres_url")


@pytest.fixture
def make_world(tmp_path, database_url):
    built: list[World] = []

    def make(**overrides) -> World:
        world = build_world(tmp_path / f"w{len(built)}", database_url, **overrides)
        built.append(world)
        return world

    yield make
    for world in built:
        world.slack.stop()
        world.services.close()
