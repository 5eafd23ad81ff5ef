"""Production configuration: every activity needs a valid Bot Framework token for this app."""

from __future__ import annotations

import time
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from microsoft_agents.authentication.msal import MsalAuth
from microsoft_agents.hosting.core import JwtTokenValidator

from tests.conftest import make_settings
from tests.handlers.teams.helpers import SERVICE_URL, FakeServices, cards
from tests.handlers.teams.helpers import message as local_message
from tests.handlers.teams.test_http import Post, run

APP_ID = "5f1c7a52-3d7e-4c0b-9a51-0c2b8f7d1e11"
TENANT_ID = "0d5c3a0e-8a6f-4b7e-9c1d-2e3f4a5b6c7d"
BOT_FRAMEWORK = "https://api.botframework.com"
KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)

# The SDK's middleware stores the claims under a plain string key, which aiohttp warns about.
pytestmark = pytest.mark.filterwarnings("ignore::aiohttp.web.NotAppKeyWarning")


@pytest.fixture
def production(tmp_path, fake_assistant, monkeypatch) -> FakeServices:
    settings = make_settings(tmp_path, teams_app_id=APP_ID, teams_app_password="test-secret-value", teams_tenant_id=TENANT_ID)
    assert settings.teams_production

    async def signing_key(jwks_uri: str, header: dict) -> Any:  # Microsoft's JWKS, without the network
        assert header["kid"] == "test-key"
        return KEY.public_key()

    async def access_token(self, resource_url: str, scopes: list[str], force_refresh: bool = False) -> str:  # noqa: ANN001
        return "outgoing-token"  # what Entra would issue the bot for its own calls

    monkeypatch.setattr(JwtTokenValidator._jwk_client_manager, "get_signing_key", signing_key)
    monkeypatch.setattr(MsalAuth, "get_access_token", access_token)
    return FakeServices(settings, fake_assistant)


def token(**claims: Any) -> str:
    now = int(time.time())
    payload = {"iss": BOT_FRAMEWORK, "aud": APP_ID, "iat": now, "nbf": now - 10, "exp": now + 600, "serviceurl": SERVICE_URL, **claims}
    return jwt.encode(payload, KEY, algorithm="RS256", headers={"kid": "test-key"})


def message(text: str, **extra: Any) -> dict:
    """An activity from Teams' public cloud."""
    return local_message(text, **{"serviceUrl": SERVICE_URL, **extra})


def bearer(value: str) -> dict:
    return {"Authorization": f"Bearer {value}"}


def test_requests_without_a_valid_token_are_rejected_and_nothing_is_answered(production, fake_assistant):
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forged = jwt.encode({"iss": BOT_FRAMEWORK, "aud": APP_ID, "exp": int(time.time()) + 600}, other_key, algorithm="RS256", headers={"kid": "test-key"})
    rejected = {
        "no header": None,
        "not a JWT": bearer("not-a-jwt"),
        "basic auth": {"Authorization": "Basic dXNlcjpwYXNz"},
        "another app's token": bearer(token(aud="9a9a9a9a-0000-4000-8000-000000000000")),
        "a stranger's issuer": bearer(token(iss="https://sts.windows.net/11111111-2222-3333-4444-555555555555/")),
        "expired": bearer(token(exp=int(time.time()) - 3600, nbf=int(time.time()) - 7200)),
        "signed with another key": bearer(forged),
    }

    async def scenario(post: Post) -> None:
        for name, headers in rejected.items():
            status, body = await post(message("How long can a visiting researcher stay?"), headers)
            assert status == 401, name
            assert not body or "activities" not in body, name
        async with post.get("/healthz") as response:  # type: ignore[attr-defined]
            assert response.status == 200 and (await response.json())["auth"] == "jwt"

    run(production, scenario)
    assert fake_assistant.calls == []


def test_a_valid_token_is_answered(production, fake_assistant):
    async def scenario(post: Post) -> None:
        status, body = await post(message("How long can a visiting researcher stay?"), bearer(token()))
        assert status == 200
        assert cards(body["activities"])[0]["body"][0]["text"].startswith("About “How long")

    run(production, scenario)
    assert [c["user_ref"] for c in fake_assistant.calls] == ["teams:aad-ann"]


def test_replies_only_go_to_microsoft_hosts(production, fake_assistant):
    async def scenario(post: Post) -> None:
        status, _ = await post(message("hello?", serviceUrl="https://collector.evil.example/"), bearer(token()))
        assert status == 401

    run(production, scenario)
    assert fake_assistant.calls == []
