"""Who gets in: staff through a one-time link, nobody else; sessions, CSRF, redirects and cookies."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from bot import signin
from bot.db.models import AuditEntry, ConsoleLink
from tests.handlers.console.conftest import OUTSIDER, STAFF, csrf_of, sign_in


def test_no_session_gets_the_sign_in_page_and_comes_back_afterwards(client, console_services):
    page = client.get("/contacts?kind=company")
    assert page.status_code == 200 and "<h1>Sign in</h1>" in page.text
    assert str(page.url).endswith("/signin?next=%2Fcontacts%3Fkind%3Dcompany")
    landed = sign_in(client, console_services, next_path="/contacts?kind=company")
    assert str(landed.url).endswith("/contacts?kind=company") and "<h1>Contacts</h1>" in landed.text


def test_a_post_without_a_session_is_refused(client):
    assert client.post("/documents/reindex", data={}).status_code == 403


def test_a_signed_in_person_who_is_not_staff_gets_403(client, console_services, clock):
    session = signin.open_session(console_services.sessions, OUTSIDER, method="slack", now=clock.now(), session_hours=1)
    cookie = client.app.state.console.signer.sign("session", session.session_id)
    client.cookies.set("console_session", cookie)
    page = client.get("/")
    assert page.status_code == 403 and "not staff" in page.text


def test_someone_no_longer_staff_can_still_sign_out(client, console_services, clock):
    session = signin.open_session(console_services.sessions, OUTSIDER, method="slack", now=clock.now(), session_hours=1)
    client.cookies.set("console_session", client.app.state.console.signer.sign("session", session.session_id))
    csrf = client.app.state.console.signer.csrf_token(session.session_id)
    assert client.post("/logout", data={"csrf": "wrong"}).status_code == 403
    assert "<h1>Sign in</h1>" in client.post("/logout", data={"csrf": csrf}).text
    assert signin.current_user(console_services.sessions, session.session_id, now=clock.now(), idle_minutes=30) is None


def test_a_link_for_someone_not_staff_does_not_sign_in(client, console_services):
    assert sign_in(client, console_services, ref=OUTSIDER).status_code == 403
    assert client.get("/", follow_redirects=False).status_code == 303


def test_a_post_without_the_csrf_token_is_refused_and_changes_nothing(staff_client, console_services):
    with console_services.sessions() as session:
        before = session.scalar(select(func.count()).select_from(AuditEntry))
    for data in ({}, {"csrf": "forged"}):
        refused = staff_client.post("/documents/reindex", data=data)
        assert refused.status_code == 403 and "did not come from the console" in refused.text
    with console_services.sessions() as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == before


def test_a_used_link_is_refused(client, console_services):
    link = signin.create_link(console_services.sessions, STAFF, now=console_services.clock.now())
    page = client.get(f"/signin/link?token={link.token}")
    assert client.post("/signin/link", data={"token": link.token, "csrf": csrf_of(page.text)}).status_code == 200
    client.cookies.clear()
    again = client.get(f"/signin/link?token={link.token}")
    assert again.status_code == 403 and "used already" in again.text
    replay = client.post("/signin/link", data={"token": link.token, "csrf": csrf_of(page.text)})
    assert replay.status_code == 403 and "used already" in replay.text


def test_an_expired_link_is_refused(client, console_services, clock):
    link = signin.create_link(console_services.sessions, STAFF, now=clock.now())
    page = client.get(f"/signin/link?token={link.token}")
    clock.advance(minutes=15, seconds=1)
    refused = client.post("/signin/link", data={"token": link.token, "csrf": csrf_of(page.text)})
    assert refused.status_code == 403 and "expired" in refused.text
    assert client.get(f"/signin/link?token={link.token}").status_code == 403


def test_an_unknown_link_is_refused_and_only_hashes_are_stored(client, console_services):
    assert client.get("/signin/link?token=made-up").status_code == 403
    link = signin.create_link(console_services.sessions, STAFF, now=console_services.clock.now())
    with console_services.sessions() as session:
        stored = session.scalars(select(ConsoleLink.token_hash)).all()
    assert link.token not in stored and signin.digest(link.token) in stored


def test_next_never_leads_off_the_site(client, console_services):
    for evil in ("//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"):
        client.cookies.clear()
        landed = sign_in(client, console_services, next_path=evil)
        assert landed.url.host == "testserver" and landed.url.path == "/", evil


def test_the_session_cookie_is_signed_httponly_and_lax(client, console_services):
    link = signin.create_link(console_services.sessions, STAFF, now=console_services.clock.now())
    page = client.get(f"/signin/link?token={link.token}")
    response = client.post("/signin/link", data={"token": link.token, "csrf": csrf_of(page.text)}, follow_redirects=False)
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
    assert "Secure" not in cookie  # ENVIRONMENT=development: plain http on 127.0.0.1
    client.cookies.set("console_session", client.cookies["console_session"][:-2] + "00")
    assert client.get("/", follow_redirects=False).status_code == 303  # a tampered signature is no session


def test_outside_development_the_cookie_is_secure(make_console, clock):
    svc, client = make_console(signed_in=False, base_url="https://testserver", environment="production",
                               console_secret_key="k" * 40)
    link = signin.create_link(svc.sessions, STAFF, now=clock.now())
    page = client.get(f"/signin/link?token={link.token}")
    response = client.post("/signin/link", data={"token": link.token, "csrf": csrf_of(page.text)}, follow_redirects=False)
    assert "Secure" in response.headers["set-cookie"]


def test_an_idle_session_ends_and_logout_ends_it_too(staff_client, console_services, clock):
    clock.advance(minutes=29)
    assert staff_client.get("/audit").status_code == 200
    clock.advance(minutes=29)  # still within 30 minutes of the last request
    assert staff_client.get("/audit", follow_redirects=False).status_code == 200
    clock.advance(minutes=31)
    assert staff_client.get("/audit", follow_redirects=False).status_code == 303
    sign_in(staff_client, console_services)
    page = staff_client.get("/audit")
    assert "console.signin" in page.text
    out = staff_client.post("/logout", data={"csrf": csrf_of(page.text)})
    assert "<h1>Sign in</h1>" in out.text
    assert staff_client.get("/audit", follow_redirects=False).status_code == 303


def test_staff_removed_from_the_list_lose_access_at_once(staff_client, console_services):
    console_services.settings.__dict__["staff_ids"] = frozenset()  # STAFF_SLACK_IDS emptied while signed in
    assert staff_client.get("/").status_code == 403


def test_healthz_and_security_headers(client):
    health = client.get("/healthz")
    assert health.status_code == 200 and health.json()["status"] == "ok"
    page = client.get("/signin")
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert page.headers["referrer-policy"] == "no-referrer"


def test_the_sign_in_link_expires_fifteen_minutes_after_it_was_made(console_services, clock):
    link = signin.create_link(console_services.sessions, STAFF, now=clock.now())
    assert link.expires - clock.now() == timedelta(minutes=15)
