"""Every notice kind reaches a Slack-only and a Teams-only person on their own platform, and staff on the
platform of the staff channel; someone reachable on neither goes to staff with the reason."""

from __future__ import annotations

import pytest

from tests.notices.conftest import PEOPLE, TEAMS_STAFF

REASON = "We need a Danish trial site for our ECG patch."
SURFACES = ["slack", "teams"]


def where(world, who: str) -> tuple[str, str]:
    """The (surface, conversation) a person's messages land in."""
    slack_id, aad = PEOPLE[who]
    return ("slack", slack_id) if slack_id else ("teams", f"conv-{aad}")


def ask(world, requester: str, contact: str):  # noqa: ANN001
    return world.services.intros.request(requester_ref=world.ref(requester), requester_name="Rita Requester",
                                         requester_org="Pulse ApS", contact_id=world.contacts[contact], reason=REASON)


def only(inbox: list, surface: str, conversation: str, expect: str) -> None:
    assert [(s, c) for s, c, _ in inbox] == [(surface, conversation)], inbox
    assert expect in inbox[0][2], inbox[0][2]


@pytest.mark.parametrize("contact_on", SURFACES)
@pytest.mark.parametrize("requester_on", SURFACES)
def test_each_notice_kind_reaches_each_person_on_their_platform(make_world, requester_on, contact_on) -> None:
    world = make_world()
    requester, contact = f"{requester_on}-requester", f"{contact_on}-contact"
    services = world.services

    # consent request, then the introduction to both
    intro = ask(world, requester, contact).intro
    world.deliver()
    only(world.inbox(), *where(world, contact), REASON)
    services.intros.accept(intro.id, actor_ref=world.ref(contact))
    assert world.deliver() == {"sent": 1 if requester_on == contact_on == "slack" else 2}
    got = world.inbox()
    if requester_on == contact_on == "slack":  # one group conversation with both
        assert [s for s, _, _ in got] == ["slack"] and "Meet each other" in got[0][2]
        assert set(world.slack.calls("conversations.open")[-1].args["users"].split(",")) == {"UREQ", "UCON"}
    else:
        assert sorted((s, c) for s, c, _ in got) == sorted([where(world, requester), where(world, contact)])

    # declined: a note to the requester only
    other = ask(world, requester, contact).intro
    world.deliver(), world.inbox()
    services.intros.decline(other.id, actor_ref=world.ref(contact))
    world.deliver()
    only(world.inbox(), *where(world, requester), "")

    # withdrawn: the contact, who had been asked, is told
    third = ask(world, requester, contact).intro
    world.deliver(), world.inbox()
    services.intros.withdraw(third.id, requester_ref=world.ref(requester))
    world.deliver()
    only(world.inbox(), *where(world, contact), "withdrew")

    # reminder to the contact, then expiry to the requester
    fourth = ask(world, requester, contact).intro
    world.deliver(), world.inbox()
    services.clock.advance(days=8)
    services.intros.sweep()
    world.deliver()
    got = world.inbox()  # the reminder, and the follow-up of the introduction accepted 8 days ago
    only([g for g in got if "Reminder" in g[2]], *where(world, contact), "Reminder")
    asked = sorted((s, c) for s, c, text in got if "Did you meet" in text)
    if requester_on == contact_on == "slack":  # the conversation with both
        assert len(asked) == 1 and asked[0][1] not in ("UREQ", "UCON")
    else:
        assert asked == sorted([where(world, requester), where(world, contact)])
    assert len(got) == 1 + len(asked)
    services.clock.advance(days=7)
    services.intros.sweep()
    world.deliver()
    only(world.inbox(), *where(world, requester), "expired")
    assert services.intros.get(fourth.id).state == "expired"
    assert services.outbox.counts() == {"delivered": services.outbox.counts()["delivered"]}  # nothing left behind


@pytest.mark.parametrize("staff_on", SURFACES)
@pytest.mark.parametrize("requester_on", SURFACES)
def test_approval_requests_reach_staff_where_the_staff_channel_is(make_world, staff_on, requester_on) -> None:
    channel = {"staff_channel": "CSTAFF"} if staff_on == "slack" else {"teams_staff_channel": TEAMS_STAFF}
    world = make_world(intro_require_approval=True, **channel)
    intro = ask(world, f"{requester_on}-requester", "slack-contact").intro
    world.deliver()
    staff_conversation = "CSTAFF" if staff_on == "slack" else TEAMS_STAFF
    only(world.inbox(), staff_on, staff_conversation, "Approve")

    world.services.intros.reject(intro.id, staff_ref="slack:USTAFF", is_staff=True)
    world.deliver()
    only(world.inbox(), *where(world, f"{requester_on}-requester"), "not approved")


@pytest.mark.parametrize("staff_on", SURFACES)
def test_someone_reachable_on_neither_platform_goes_to_staff_with_the_reason(make_world, staff_on) -> None:
    channel = {"staff_channel": "CSTAFF"} if staff_on == "slack" else {"teams_staff_channel": TEAMS_STAFF}
    world = make_world(**channel)
    staff_conversation = "CSTAFF" if staff_on == "slack" else TEAMS_STAFF
    ask(world, "slack-requester", "email-contact")  # no chat account: staff ask by e-mail
    world.deliver()
    only(world.inbox(), staff_on, staff_conversation, "email-contact@example.org")

    # A Teams user who never chatted with the bot: their consent request goes to staff, saying why.
    from bot.db.models import Contact
    from bot.db.session import transaction

    with transaction(world.services.sessions) as session:
        session.get(Contact, world.contacts["email-contact"]).teams_user_id = "aad-never-chatted"
    ask(world, "teams-requester", "email-contact")
    world.deliver()
    only(world.inbox(), staff_on, staff_conversation, "has not chatted with the assistant yet")
