"""Introductions people keep using: snoozes, "don't introduce me to" lists, the pause after requests
left unanswered, follow-ups and their signal, and the staff's figures per organisation. Each rule is
also tried the way someone would try to get around it."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from bot.clock import ManualClock
from bot.db.models import Contact, IntroRequest, Organization, OutboxNotice
from bot.db.session import transaction
from bot.errors import InvalidInput, NotFound, PermissionDenied
from bot.matching import follow_ups
from bot.matching.intro_stats import contact_signals, intro_stats_by_organisation
from bot.matching.preferences import snooze_end
from bot.matching.profiles import update_profile
from tests.conftest import make_settings

START = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def svc(request, tmp_path):
    from bot.services import build_services

    overrides = {}
    if request.param == "postgres":
        overrides["database_url"] = request.getfixturevalue("postgres_url")
    services = build_services(make_settings(tmp_path, **overrides), clock=ManualClock(START))
    with transaction(services.sessions) as session:
        hospital = Organization(name="Granhavn University Hospital", kind="hospital", region="capital-region-dk")
        boston = Organization(name="Boston CAR-T Inc", kind="company", region="massachusetts")
        session.add_all([hospital, boston])
        session.add(Contact(id="c-ida", name="Ida Holm", email="ida@example.org", kind="hospital",
                            region="capital-region-dk", consent=True, slack_user_id="UIDA", organization=hospital))
        session.add(Contact(id="c-rita", name="Rita Req", email="rita@example.org", kind="company",
                            region="massachusetts", consent=True, slack_user_id="UREQ", organization=boston))
    yield services
    services.close()


def ask(svc, requester="slack:UREQ", org="Boston CAR-T Inc", contact="c-ida"):  # noqa: ANN001, ANN201
    return svc.intros.request(requester_ref=requester, requester_name="Rita Req", requester_org=org, contact_id=contact,
                              reason="Trial site for our CAR-T study")


def outbox(svc, kind: str | None = None) -> list[OutboxNotice]:  # noqa: ANN001
    with svc.sessions() as session:
        query = select(OutboxNotice).order_by(OutboxNotice.id)
        return list(session.scalars(query.where(OutboxNotice.kind == kind) if kind else query))


def ida_snoozes(svc, days: int | None = 30):  # noqa: ANN001, ANN201
    until = START + timedelta(days=days) if days else None
    return svc.preferences.snooze("c-ida", until=until, actor_ref="slack:UIDA", actor_contact_id="c-ida")


def aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


# ----- snooze -----------------------------------------------------------------------------------------
def test_snooze_periods_and_dates():
    assert snooze_end("1w", None, START) == START + timedelta(days=7)
    assert snooze_end("3m", None, START) == START + timedelta(days=91)
    assert snooze_end("date", "2026-04-01", START) == datetime(2026, 4, 2, tzinfo=timezone.utc)  # through that day
    assert snooze_end("none", None, START) is None
    for choice, on, message in (("date", "2026-02-01", "passed"), ("date", "someday", "YYYY-MM-DD"),
                                ("date", "2028-01-01", "at most"), ("forever", None, "choose")):
        with pytest.raises(InvalidInput, match=message):
            snooze_end(choice, on, START)


def test_a_snoozed_contact_is_not_asked_and_pending_requests_wait(svc):
    pending = ask(svc).intro
    ida_snoozes(svc, days=30)
    # New requests are refused while snoozed, also through a stale or forged button.
    with pytest.raises(NotFound, match="not taking introductions"):
        ask(svc, requester="slack:UOTHER", org=None)
    # The consent request not yet delivered waits; the requester is told once, with the date.
    (consent,) = outbox(svc, "consent_request")
    assert aware(consent.next_attempt_at) == START + timedelta(days=30)
    (held,) = outbox(svc, "held")
    assert held.recipient == "requester" and held.payload["extra"]["until"] == "2026-04-01"
    # No reminder and no expiry during the snooze, however long it lasts.
    svc.clock.advance(days=20)
    assert svc.intros.sweep() == []
    assert svc.intros.get(pending.id).state == "pending_consent"
    # After it, the request has the time it had left: reminded after 7 days, not expired at once.
    svc.clock.advance(days=10 + 7)
    assert [n.kind for n in svc.intros.sweep()] == ["reminder"]
    assert svc.intros.get(pending.id).state == "pending_consent"


def test_ending_a_snooze_early_lets_held_requests_go_on(svc):
    ask(svc)
    ida_snoozes(svc, days=90)
    svc.clock.advance(days=1)
    assert ida_snoozes(svc, days=None) is None
    (consent,) = outbox(svc, "consent_request")
    assert aware(consent.next_attempt_at) <= svc.clock.now()
    assert ask(svc, requester="slack:UOTHER", org=None).changed  # taking requests again


def test_an_approval_during_a_snooze_holds_the_consent_request(svc):
    svc.settings.intro_require_approval = True
    intro = ask(svc).intro
    ida_snoozes(svc, days=14)
    svc.intros.approve(intro.id, staff_ref="slack:USTAFF", is_staff=True)
    (consent,) = outbox(svc, "consent_request")
    assert aware(consent.next_attempt_at) == START + timedelta(days=14)
    # Approved during the snooze, so its answering window starts when the snooze ends: a reminder first.
    svc.clock.advance(days=16)
    assert svc.intros.sweep() == [] and svc.intros.get(intro.id).state == "pending_consent"
    svc.clock.advance(days=5)
    assert [n.kind for n in svc.intros.sweep()] == ["reminder"]
    svc.clock.advance(days=6)
    assert svc.intros.sweep() == []  # the whole window, counted from the end of the snooze
    svc.clock.advance(days=1)
    assert [n.kind for n in svc.intros.sweep()] == ["expired"]


def test_only_the_contact_or_staff_can_snooze_them(svc):
    with pytest.raises(PermissionDenied):  # a forged contact id in a form: not yours
        svc.preferences.snooze("c-ida", until=START + timedelta(days=7), actor_ref="slack:UREQ", actor_contact_id="c-rita")
    with pytest.raises(InvalidInput):
        svc.preferences.snooze("c-ida", until=START - timedelta(days=1), actor_ref="slack:UIDA", actor_contact_id="c-ida")
    svc.preferences.snooze("c-ida", until=START + timedelta(days=7), actor_ref="slack:USTAFF", is_staff=True)
    assert svc.preferences.state("c-ida")["snoozed_until"].startswith("2026-03-09")


# ----- "don't introduce me to" --------------------------------------------------------------------------
def test_a_blocked_person_cannot_request_and_is_told_nothing_more(svc):
    svc.preferences.set_blocks("c-ida", people=["rita@example.org"], organisations=[], actor_ref="slack:UIDA",
                               actor_contact_id="c-ida")
    with pytest.raises(NotFound) as blocked:
        ask(svc)
    with transaction(svc.sessions) as session:
        session.get(Contact, "c-ida").consent = False
    with pytest.raises(NotFound) as no_consent:
        ask(svc, requester="slack:UOTHER", org=None)
    assert blocked.value.message == no_consent.value.message  # the same words as for anyone unavailable


def test_an_organisation_on_the_list_covers_everyone_who_names_it(svc):
    svc.preferences.set_blocks("c-ida", people=[], organisations=["  boston car-t INC "], actor_ref="slack:UIDA",
                               actor_contact_id="c-ida")
    with pytest.raises(NotFound):
        ask(svc, requester="slack:USOMEONE", org="Boston CAR-T Inc")  # a colleague of Rita's, not in the list
    assert svc.preferences.state("c-ida")["organisations"] == ["boston car-t INC"]


def test_requests_already_open_from_someone_blocked_are_declined_quietly(svc):
    open_intro = ask(svc).intro
    other = ask(svc, requester="slack:UOTHER", org="Other Org").intro
    svc.preferences.set_blocks("c-ida", people=["slack:UREQ"], organisations=[], actor_ref="slack:UIDA",
                               actor_contact_id="c-ida")
    assert svc.intros.get(open_intro.id).state == "declined"
    assert svc.intros.get(other.id).state == "pending_consent"
    (note,) = outbox(svc, "declined")
    assert note.recipient == "requester" and note.target == "UREQ"  # the usual neutral note, nothing more


def test_decline_and_block_from_the_request(svc):
    intro = ask(svc).intro
    with pytest.raises(PermissionDenied):  # the requester cannot block themselves out of someone else's list
        svc.preferences.block_requester(intro.id, actor_ref="slack:UREQ")
    out = svc.preferences.block_requester(intro.id, actor_ref="slack:UIDA")
    assert out.intro.state == "declined"
    assert svc.preferences.state("c-ida")["people"] == [{"value": "contact:c-rita", "label": "Rita Req"}]
    with pytest.raises(NotFound):
        ask(svc)


def test_the_list_is_the_contacts_own(svc):
    with pytest.raises(PermissionDenied):
        svc.preferences.set_blocks("c-ida", people=[], organisations=["X"], actor_ref="slack:UREQ", actor_contact_id="c-rita")
    with pytest.raises(InvalidInput, match="address"):
        svc.preferences.set_blocks("c-ida", people=["nobody@example.org"], organisations=[], actor_ref="slack:UIDA",
                                   actor_contact_id="c-ida")
    with pytest.raises(InvalidInput):
        svc.preferences.set_blocks("c-ida", people=["<script>"], organisations=[], actor_ref="slack:UIDA",
                                   actor_contact_id="c-ida")


# ----- three unanswered ------------------------------------------------------------------------------
def _expire_one(svc, requester: str) -> None:  # noqa: ANN001
    ask(svc, requester=requester, org=None)
    svc.clock.advance(days=8)
    svc.intros.sweep()  # the reminder
    svc.clock.advance(days=7)
    svc.intros.sweep()  # expired


def test_three_unanswered_requests_pause_the_contact_who_is_told_once(svc):
    for n in range(3):
        _expire_one(svc, f"slack:UASK{n}")
    (paused,) = outbox(svc, "paused")
    assert paused.recipient == "contact" and paused.target == "UIDA"
    assert svc.preferences.state("c-ida")["paused"]
    with pytest.raises(NotFound, match="not taking introductions"):
        ask(svc, requester="slack:UASK9", org=None)
    # Saving their profile ends the pause (an answer does too, see below).
    update_profile(svc.sessions, contact_id="c-ida", editor_ref="slack:UIDA", is_staff=False, editor_contact_id="c-ida",
                   fields={"languages": "English"}, now=svc.clock.now())
    assert not svc.preferences.state("c-ida")["paused"]
    intro = ask(svc, requester="slack:UASK9", org=None).intro
    assert len(outbox(svc, "paused")) == 1
    svc.intros.decline(intro.id, actor_ref="slack:UIDA")
    assert svc.preferences.state("c-ida")["unanswered"] == 0


def test_a_staff_edit_does_not_end_the_pause(svc):
    for n in range(3):
        _expire_one(svc, f"slack:UASK{n}")
    update_profile(svc.sessions, contact_id="c-ida", editor_ref="slack:USTAFF", is_staff=True, editor_contact_id=None,
                   fields={"languages": "Danish"}, now=svc.clock.now())
    assert svc.preferences.state("c-ida")["paused"]


# ----- follow-up ----------------------------------------------------------------------------------------
def test_a_week_after_acceptance_both_are_asked_once_and_answers_are_kept(svc):
    intro = ask(svc).intro
    svc.intros.accept(intro.id, actor_ref="slack:UIDA")
    with pytest.raises(InvalidInput):  # not asked yet: nothing to answer
        follow_ups.answer(svc.sessions, intro.id, respondent_ref="slack:UREQ", answer="useful", now=svc.clock.now())
    svc.clock.advance(days=6)
    assert svc.intros.sweep() == []
    assert [line.split(":")[0] for line in svc.intros.sweep_plan()] == []
    svc.clock.advance(days=1)
    assert [line.split(":")[0] for line in svc.intros.sweep_plan()] == ["follow_up"]
    assert [n.kind for n in svc.intros.sweep()] == ["follow_up"]
    assert svc.intros.sweep() == [] and len(outbox(svc, "follow_up")) == 1  # both on Slack: one conversation
    # Only the two people introduced answer; a forged intro id or answer is refused.
    with pytest.raises(PermissionDenied):
        follow_ups.answer(svc.sessions, intro.id, respondent_ref="slack:UEVE", answer="useful", now=svc.clock.now())
    with pytest.raises(InvalidInput):
        follow_ups.answer(svc.sessions, intro.id, respondent_ref="slack:UREQ", answer="great!!", now=svc.clock.now())
    with pytest.raises(NotFound):
        follow_ups.answer(svc.sessions, "nope", respondent_ref="slack:UREQ", answer="useful", now=svc.clock.now())
    first = follow_ups.answer(svc.sessions, intro.id, respondent_ref="slack:UREQ", answer="not_useful", now=svc.clock.now())
    changed = follow_ups.answer(svc.sessions, intro.id, respondent_ref="slack:UREQ", answer="useful", now=svc.clock.now())
    assert first.side == "requester" and changed.changed
    assert follow_ups.answer(svc.sessions, intro.id, respondent_ref="slack:UIDA", answer="useful", now=svc.clock.now()).side == "contact"
    assert svc.intros.get(intro.id).state == "met"
    with svc.sessions() as session:
        assert follow_ups.useful_counts(session) == {"c-ida": (1, 1)}  # what the requester said about Ida
        assert follow_ups.useful_rates(session)["c-ida"] == pytest.approx(3 / 5)  # a prior of one half, worth 4
        (signal,) = contact_signals(session=session)
    assert (signal.name, signal.organisation, signal.met, signal.useful, signal.rate) == (
        "Ida Holm", "Granhavn University Hospital", 1, 1, 0.6)


def test_useful_rate_is_pulled_to_one_half_by_the_prior():
    assert follow_ups.useful_rate(0, 0) == 0.5
    assert 0.5 < follow_ups.useful_rate(1, 1) < follow_ups.useful_rate(10, 10) < 1.0
    assert 0.0 < follow_ups.useful_rate(0, 10) < 0.5


# ----- staff figures --------------------------------------------------------------------------------------
def test_stats_per_organisation(svc):
    accepted = ask(svc).intro
    svc.intros.accept(accepted.id, actor_ref="slack:UIDA")
    declined = ask(svc, requester="slack:UB", org="Boston CAR-T Inc").intro
    svc.intros.decline(declined.id, actor_ref="slack:UIDA")
    ask(svc, requester="slack:UC", org=None)
    svc.clock.advance(days=8)
    svc.intros.sweep()
    follow_ups.answer(svc.sessions, accepted.id, respondent_ref="slack:UIDA", answer="useful", now=svc.clock.now())
    with svc.sessions() as session:
        stats = {s.organisation: s for s in intro_stats_by_organisation(session=session)}
        later = intro_stats_by_organisation(session=session, since=svc.clock.now())
    boston = stats["Boston CAR-T Inc"]
    assert (boston.sent, boston.accepted, boston.declined, boston.expired, boston.useful, boston.received) == (2, 1, 1, 0, 1, 0)
    assert stats["Granhavn University Hospital"].received == 3 and stats["(no organisation)"].sent == 1
    assert later == []
    with svc.sessions() as session:
        rows = session.scalars(select(IntroRequest)).all()
    assert len(rows) == 3


# ----- matching ---------------------------------------------------------------------------------------------
NEED = "CRISPR gene editing for sickle cell disease"


def test_matching_leaves_out_snoozed_paused_and_blocking_contacts(sample, embedder):
    from bot.db.models import ContactAvailability, IntroBlock
    from bot.matching.matcher import Matcher

    matcher = Matcher(sessions=sample, embedder=embedder)
    now = datetime.now(timezone.utc)
    before = [m.id for m in matcher.match(NEED, limit=10, requester_ref="slack:UREQ")]
    snoozed, paused, blocking, by_org = before[:4]
    with sample() as session:  # someone on Slack far from this field asks too
        asker = next(c for c in session.scalars(select(Contact).where(Contact.slack_user_id.is_not(None)))
                     if c.id not in before and c.organization is not None)
        asker_ref, asker_org = f"slack:{asker.slack_user_id}", asker.organization.name
    with transaction(sample) as session:
        session.add_all([
            ContactAvailability(contact_id=snoozed, snoozed_until=now + timedelta(days=1), unanswered=0, updated_at=now),
            ContactAvailability(contact_id=paused, paused_at=now, unanswered=3, updated_at=now),
            IntroBlock(contact_id=blocking, kind="person", value="slack:UREQ", label=""),
            # The asker's organisation, as their profile names it, is on this contact's list.
            IntroBlock(contact_id=by_org, kind="organisation", value=asker_org.lower(), label=asker_org),
        ])
    after = {m.id for m in matcher.match(NEED, limit=50, requester_ref="slack:UREQ")}
    assert not {snoozed, paused, blocking} & after and by_org in after
    theirs = {m.id for m in matcher.match(NEED, limit=50, requester_ref=asker_ref)}
    assert by_org not in theirs
    assert blocking in {m.id for m in matcher.match(NEED, limit=50, requester_ref="slack:UOTHER")}  # names UREQ only
    with transaction(sample) as session:  # a snooze that has ended hides nobody
        session.get(ContactAvailability, snoozed).snoozed_until = now - timedelta(minutes=1)
    assert snoozed in {m.id for m in matcher.match(NEED, limit=50, requester_ref="slack:UREQ")}


def test_follow_up_answers_nudge_the_score_a_little_and_never_past_consent(sample, embedder):
    from bot.db.models import IntroFollowUp
    from bot.matching.matcher import Matcher

    matcher = Matcher(sessions=sample, embedder=embedder, recount_seconds=0)
    base = {m.id: m.score for m in matcher.match(NEED, limit=10)}
    liked, disliked = list(base)[3], list(base)[4]
    with transaction(sample) as session:
        no_consent = session.scalar(select(Contact.id).where(Contact.consent.is_(False)))
        for contact_id, answer in ((liked, "useful"), (disliked, "not_useful"), (no_consent, "useful")):
            for n in range(20):
                intro = IntroRequest(requester_ref=f"slack:U{n}", requester_name="R", contact_id=contact_id, reason="x",
                                     state="met", surface="slack")
                session.add(intro)
                session.flush()
                session.add(IntroFollowUp(intro_id=intro.id, side="requester", respondent_ref=f"slack:U{n}", answer=answer))
    after = {m.id: m.score for m in matcher.match(NEED, limit=10)}
    assert 0 < after[liked] - base[liked] <= 0.03 and 0 < base[disliked] - after[disliked] <= 0.03
    assert no_consent not in {m.id for m in matcher.match(NEED, limit=50)}


def test_at_most_two_open_requests_to_one_organisation(svc):
    with transaction(svc.sessions) as session:
        hospital = session.scalar(select(Organization).where(Organization.name == "Granhavn University Hospital"))
        for n in (2, 3):
            session.add(Contact(id=f"c-ida{n}", name=f"Colleague {n}", email=f"ida{n}@example.org", kind="hospital",
                                region="capital-region-dk", consent=True, organization=hospital))
    first = ask(svc).intro
    ask(svc, contact="c-ida2")
    with pytest.raises(InvalidInput, match="this organisation"):  # whatever the button said
        ask(svc, contact="c-ida3")
    assert ask(svc, requester="slack:UOTHER", org=None, contact="c-ida3").changed  # someone else may
    svc.intros.withdraw(first.id, requester_ref="slack:UREQ")
    assert ask(svc, contact="c-ida3").changed  # an answer or a withdrawal frees the place


def test_intros_stats_command(tmp_path, monkeypatch):
    import json

    from typer.testing import CliRunner

    from bot.cli.main import app
    from bot.services import build_services

    services = build_services(make_settings(tmp_path), clock=ManualClock(START))
    with transaction(services.sessions) as session:
        session.add(Contact(id="c-1", name="Ida", email="ida@example.org", kind="hospital", region="other", consent=True))
    services.intros.request(requester_ref="slack:UREQ", requester_name="Rita", requester_org="Pulse ApS", contact_id="c-1",
                            reason="Trial site")
    services.close()
    monkeypatch.setenv("BOT_DATA_DIR", str(tmp_path / "var"))
    result = CliRunner().invoke(app, ["intros", "stats", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["since"] is None and {o["organisation"]: o for o in data["organisations"]} == {
        "Pulse ApS": {"organisation": "Pulse ApS", "sent": 1, "accepted": 0, "declined": 0, "expired": 0, "useful": 0,
                      "received": 0},
        "(no organisation)": {"organisation": "(no organisation)", "sent": 0, "accepted": 0, "declined": 0, "expired": 0,
                              "useful": 0, "received": 1}}
    with_contacts = json.loads(CliRunner().invoke(app, ["intros", "stats", "--json", "--contacts"]).stdout)
    assert with_contacts["contacts"] == []  # nobody has answered a follow-up yet
    table = CliRunner().invoke(app, ["intros", "stats", "--since", "2026-03-01"])
    assert table.exit_code == 0 and "Pulse ApS" in table.stdout and "received" in table.stdout
    bad = CliRunner().invoke(app, ["intros", "stats", "--since", "last week"])
    assert bad.exit_code != 0 and "YYYY-MM-DD" in bad.output
