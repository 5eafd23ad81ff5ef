import threading
from datetime import datetime, timezone

import pytest

from bot.clock import ManualClock
from bot.db.models import Contact, Organization
from bot.db.session import transaction
from bot.errors import InvalidInput, NotFound, PermissionDenied
from tests.conftest import make_settings


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def svc(request, tmp_path):
    from bot.services import build_services

    overrides = {}
    if request.param == "postgres":
        overrides["database_url"] = request.getfixturevalue("postgres_url")
    clock = ManualClock(datetime(2026, 3, 1, 9, 0, tzinfo=timezone.utc))
    services = build_services(make_settings(tmp_path, **overrides), clock=clock)
    with transaction(services.sessions) as session:
        org = Organization(name="Granhavn University Hospital", kind="hospital", region="capital-region-dk")
        session.add(org)
        session.add(Contact(id="c-slack", name="Ida Holm", email="ida@example.org", kind="hospital", region="capital-region-dk",
                            consent=True, slack_user_id="UIDA", organization=org))
        session.add(Contact(id="c-mail", name="Ole Berg", email="ole@example.org", kind="researcher", region="region-skane", consent=True))
        session.add(Contact(id="c-no", name="Nina Nej", email="nina@example.org", kind="researcher", region="region-skane", consent=False))
    yield services
    services.close()


def ask(svc, contact="c-slack", key=None, requester="slack:UREQ"):
    return svc.intros.request(requester_ref=requester, requester_name="Rita Req", requester_org="Boston CAR-T Inc",
                              contact_id=contact, reason="Trial site for our CAR-T study", offer="Funding", idempotency_key=key)


def test_request_then_accept(svc):
    out = ask(svc, key="k1")
    assert out.intro.state == "pending_consent" and [n.kind for n in out.notices] == ["consent_request"]
    assert out.intro.contact_slack_id == "UIDA" and out.intro.contact_org == "Granhavn University Hospital"
    with pytest.raises(PermissionDenied):
        svc.intros.accept(out.intro.id, actor_ref="slack:UREQ")
    accepted = svc.intros.accept(out.intro.id, actor_ref="slack:UIDA")
    assert accepted.intro.state == "accepted" and [n.kind for n in accepted.notices] == ["accepted"]
    again = svc.intros.accept(out.intro.id, actor_ref="slack:UIDA")  # a replayed click
    assert not again.changed and again.notices == []
    assert [s for s, _, _ in svc.intros.history(out.intro.id)] == ["requested", "pending_consent", "accepted"]


def test_double_submit_creates_one_request(svc):
    first, second = ask(svc, key="same"), ask(svc, key="same")
    third = ask(svc, key="other")  # a second open request to the same contact is the same request
    assert first.intro.id == second.intro.id == third.intro.id
    assert not second.changed and second.notices == []
    assert len(svc.intros.for_requester("slack:UREQ")) == 1


def test_decline_tells_requester_without_details(svc):
    out = ask(svc)
    declined = svc.intros.decline(out.intro.id, actor_ref="slack:UIDA")
    assert declined.intro.state == "declined" and [n.kind for n in declined.notices] == ["declined"]


def test_contact_without_chat_account_goes_to_staff(svc):
    assert [n.kind for n in ask(svc, contact="c-mail").notices] == ["staff_handle"]


def test_contact_without_consent_cannot_be_requested(svc):
    with pytest.raises(NotFound):
        ask(svc, contact="c-no")


def test_reason_is_required_and_bounded(svc):
    with pytest.raises(InvalidInput, match="why"):
        svc.intros.request(requester_ref="slack:U", requester_name="R", requester_org=None, contact_id="c-slack", reason="  ")
    with pytest.raises(InvalidInput, match="under"):
        svc.intros.request(requester_ref="slack:U", requester_name="R", requester_org=None, contact_id="c-slack", reason="x" * 1001)


def test_approval_by_staff_only(svc):
    svc.settings.intro_require_approval = True
    out = ask(svc)
    assert out.intro.state == "pending_approval" and [n.kind for n in out.notices] == ["approval_needed"]
    with pytest.raises(PermissionDenied):
        svc.intros.approve(out.intro.id, staff_ref="slack:UREQ", is_staff=False)
    approved = svc.intros.approve(out.intro.id, staff_ref="slack:USTAFF", is_staff=True)
    assert approved.intro.state == "pending_consent" and [n.kind for n in approved.notices] == ["consent_request"]


def test_caps_on_open_requests(svc):
    svc.settings.intro_max_open_per_contact = 1
    ask(svc, requester="slack:U1")
    with pytest.raises(InvalidInput, match="several open requests"):
        ask(svc, requester="slack:U2")


def test_withdraw_only_by_requester(svc):
    out = ask(svc)
    with pytest.raises(PermissionDenied):
        svc.intros.withdraw(out.intro.id, requester_ref="slack:USOMEONE")
    assert svc.intros.withdraw(out.intro.id, requester_ref="slack:UREQ").intro.state == "withdrawn"


def test_reminder_then_expiry_with_a_clock(svc):
    out = ask(svc)
    clock = svc.clock
    clock.advance(days=3)
    assert svc.intros.sweep() == []
    clock.advance(days=5)  # day 8: one reminder
    assert [(n.kind, n.intro.id) for n in svc.intros.sweep()] == [("reminder", out.intro.id)]
    assert svc.intros.sweep() == []  # never twice
    clock.advance(days=7)  # day 15: expired
    assert [n.kind for n in svc.intros.sweep()] == ["expired"]
    assert svc.intros.get(out.intro.id).state == "expired"
    assert svc.intros.sweep() == []


def test_two_sweepers_at_once_send_each_message_once(svc):
    ids = {ask(svc, requester=f"slack:U{i}", contact=c).intro.id for i, c in enumerate(["c-slack", "c-mail"])}
    svc.clock.advance(days=8)
    results: list = []
    barrier = threading.Barrier(2)

    def sweep(name):
        barrier.wait()
        results.extend(svc.intros.sweep(worker=name))

    threads = [threading.Thread(target=sweep, args=(f"w{i}",)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(n.intro.id for n in results) == sorted(ids)
    assert all(n.kind == "reminder" for n in results)


def test_withdrawing_consent_declines_open_requests(svc):
    out = ask(svc)
    notices = svc.intros.close_for_contact("c-slack", actor_ref="slack:UIDA")
    assert [(n.kind, n.intro.id) for n in notices] == [("declined", out.intro.id)]
    assert svc.intros.get(out.intro.id).state == "declined"
    assert svc.intros.close_for_contact("c-slack", actor_ref="slack:UIDA") == []


def test_staff_cannot_accept_for_contact_reachable_in_chat(svc):
    with transaction(svc.sessions) as session:
        session.add(Contact(id="c-teams", name="Tove Teams", email="tove@example.org", kind="researcher",
                            region="region-skane", consent=True, teams_user_id="aad-tove"))
    for contact, own in (("c-slack", "slack:UIDA"), ("c-teams", "teams:aad-tove")):
        intro = ask(svc, contact=contact).intro
        for move in (svc.intros.accept, svc.intros.decline):
            with pytest.raises(PermissionDenied, match="answers this request themselves"):
                move(intro.id, actor_ref="slack:USTAFF", is_staff=True)
        assert svc.intros.get(intro.id).state == "pending_consent"
        assert svc.intros.accept(intro.id, actor_ref=own).intro.state == "accepted"
    # Nobody may answer through a forged value: another request, a person's id, nothing.
    other = ask(svc, contact="c-mail", requester="slack:UOTHER").intro
    with pytest.raises(PermissionDenied):
        svc.intros.accept(other.id, actor_ref="slack:UIDA")
    for forged in ("UIDA", "slack:UIDA", "", None):
        with pytest.raises(NotFound):
            svc.intros.accept(forged, actor_ref="slack:USTAFF", is_staff=True)
    # The contact the bot cannot reach is answered for by staff.
    assert svc.intros.accept(other.id, actor_ref="slack:USTAFF", is_staff=True).intro.state == "accepted"
