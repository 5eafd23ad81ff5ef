"""Sign in with Slack and with Entra ID: the code flow against a fake provider on loopback."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.fakes.oidc import FakeOIDCProvider

CLIENT, SECRET = "client-123", "client-secret"


@pytest.fixture
def provider():
    fake = FakeOIDCProvider(client_id=CLIENT, client_secret=SECRET).start()
    yield fake
    fake.stop()


@pytest.fixture
def make_client(tmp_path, clock, provider):
    from starlette.testclient import TestClient

    from bot.services import build_services
    from handlers.console.app import build_app
    from tests.conftest import make_settings

    built = []

    def make(**overrides):  # noqa: ANN003, ANN202
        svc = build_services(make_settings(tmp_path / f"s{len(built)}", staff_slack_ids="USTAFF", staff_teams_ids="aad-staff",
                                           console_slack_client_id=CLIENT, console_slack_client_secret=SECRET,
                                           console_slack_oidc_url=provider.url, console_entra_client_id=CLIENT,
                                           console_entra_client_secret=SECRET, console_entra_authority=provider.url,
                                           console_base_url="http://testserver", **overrides), clock=clock)
        built.append(svc)
        return TestClient(build_app(svc))

    yield make
    for svc in built:
        svc.close()


def start(client, name: str, next_path: str = "/") -> dict:  # noqa: ANN001
    """Follow the button to the provider's authorize URL and read what it carries."""
    page = client.get("/signin")
    assert f'href="/auth/{name}/start' in page.text
    redirect = client.get(f"/auth/{name}/start", params={"next": next_path}, follow_redirects=False)
    assert redirect.status_code == 303
    url = urlsplit(redirect.headers["location"])
    return {"path": url.path, **{k: v[0] for k, v in parse_qs(url.query).items()}}


def test_sign_in_with_slack(make_client, provider):
    client = make_client()
    asked = start(client, "slack", next_path="/gaps")
    assert asked["path"] == "/openid/connect/authorize" and asked["client_id"] == CLIENT
    assert asked["code_challenge_method"] == "S256" and asked["redirect_uri"] == "http://testserver/auth/slack/callback"
    code = provider.issue_code(claims={"sub": "U-sub", "https://slack.com/user_id": "USTAFF"}, nonce=asked["nonce"],
                               challenge=asked["code_challenge"], redirect_uri=asked["redirect_uri"])
    landed = client.get("/auth/slack/callback", params={"code": code, "state": asked["state"]})
    assert landed.status_code == 200 and str(landed.url).endswith("/gaps") and "slack:USTAFF" in landed.text
    assert provider.requests[-1]["path"] == "/api/openid.connect.token"


def test_sign_in_with_entra_id_uses_the_object_id(make_client, provider):
    client = make_client()
    asked = start(client, "entra")
    assert asked["path"] == "/oauth2/v2.0/authorize"
    code = provider.issue_code(claims={"oid": "aad-staff", "tid": "tenant"}, nonce=asked["nonce"],
                               challenge=asked["code_challenge"], redirect_uri=asked["redirect_uri"])
    landed = client.get("/auth/entra/callback", params={"code": code, "state": asked["state"]})
    assert landed.status_code == 200 and "teams:aad-staff" in landed.text


def test_someone_not_staff_is_refused_after_the_provider_vouches_for_them(make_client, provider):
    client = make_client()
    asked = start(client, "slack")
    code = provider.issue_code(claims={"https://slack.com/user_id": "UOTHER"}, nonce=asked["nonce"],
                               challenge=asked["code_challenge"], redirect_uri=asked["redirect_uri"])
    refused = client.get("/auth/slack/callback", params={"code": code, "state": asked["state"]})
    assert refused.status_code == 403 and "not staff" in refused.text
    assert client.get("/", follow_redirects=False).status_code == 303


def test_a_forged_state_a_wrong_nonce_or_another_audience_is_refused(make_client, provider):
    client = make_client()
    asked = start(client, "slack")
    assert client.get("/auth/slack/callback", params={"code": "x", "state": "forged"}).status_code == 403
    for claims, nonce, audience, reason in (
            ({"https://slack.com/user_id": "USTAFF"}, "other-nonce", None, "nonce"),
            ({"https://slack.com/user_id": "USTAFF"}, asked["nonce"], "another-app", "another application")):
        code = provider.issue_code(claims=claims, nonce=nonce, challenge=asked["code_challenge"],
                                   redirect_uri=asked["redirect_uri"], audience=audience)
        refused = client.get("/auth/slack/callback", params={"code": code, "state": asked["state"]})
        assert refused.status_code == 403 and reason in refused.text
    used = provider.issue_code(claims={"https://slack.com/user_id": "USTAFF"}, nonce=asked["nonce"],
                               challenge="not-the-challenge", redirect_uri=asked["redirect_uri"])
    refused = client.get("/auth/slack/callback", params={"code": used, "state": asked["state"]})
    assert refused.status_code == 403 and "refused by the provider" in refused.text


def test_without_client_settings_there_is_no_button(make_console):
    _, client = make_console(signed_in=False)
    assert "/auth/slack/start" not in client.get("/signin").text
    assert client.get("/auth/slack/start").status_code == 404
