"""Replies go only where Teams (production) or a local tool (development) sent the activity from;
production refuses to start without credentials."""

from __future__ import annotations

import asyncio
import os

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.errors import InvalidInput
from handlers.teams.server import create_web_app
from tests.conftest import make_settings
from tests.handlers.teams.helpers import SERVICE_URL, FakeServices, message
from tests.handlers.teams.test_auth import bearer, production, token  # noqa: F401 - fixture used by name
from tests.handlers.teams.test_http import Post, serving
from tests.handlers.teams.test_serve import bot_cli

pytestmark = pytest.mark.filterwarnings("ignore::aiohttp.web.NotAppKeyWarning")

QUESTION = "How long can a visiting researcher stay?"
# Hosts a forged activity might name; none may receive a reply in either mode.
UNTRUSTED = [
    "https://collector.evil.example/",
    "https://smba.trafficmanager.net.evil.example/emea/",
    "https://evil.example/smba.trafficmanager.net/",
    "https://graph.microsoft.com/v1.0/",  # a Microsoft host, but not one that sends activities
    "https://user:pw@smba.trafficmanager.net/emea/",
    "http://169.254.169.254/latest/",
    "http://10.0.0.7:8080/",
    "file:///etc/passwd",
    "not a url",
]


async def _connector(received: list) -> TestServer:
    """A stand-in for the Bot Connector on loopback, recording each reply it is sent."""

    async def activities(request: web.Request) -> web.Response:
        received.append(await request.json())
        return web.json_response({"id": f"sent-{len(received)}"})

    app = web.Application()
    app.router.add_post("/v3/conversations/{conversation}/activities", activities)
    app.router.add_post("/v3/conversations/{conversation}/activities/{reply_to}", activities)
    server = TestServer(app, host="127.0.0.1", port=0)
    await server.start_server()
    return server


def test_teams_replies_only_to_trusted_service_urls(fake_services, fake_assistant):
    """Local development: only loopback; a forged activity naming any other host gets 401 and no reply."""
    received: list = []

    async def main() -> None:
        connector = await _connector(received)
        try:
            async with serving(fake_services) as post:
                for url in [*UNTRUSTED, SERVICE_URL]:  # Teams' own host is not reachable from a local tool either
                    status, _ = await post(message(QUESTION, serviceUrl=url,
                                                   expect_replies=False))
                    assert status == 401, url
                assert fake_assistant.calls == [] and received == []
                status, _ = await post(message(QUESTION, expect_replies=False,
                                               serviceUrl=str(connector.make_url("/"))))
                assert status == 202
        finally:
            await connector.close()

    asyncio.run(main())
    assert len(fake_assistant.calls) == 1
    assert [r["type"] for r in received if r["type"] == "message"] and received[-1]["conversation"]["id"] == "conv-personal"


def test_production_replies_only_to_teams_service_hosts(production, fake_assistant):
    async def scenario(post: Post) -> None:
        for url in [*UNTRUSTED, "http://smba.trafficmanager.net/emea/", "http://127.0.0.1:3978/"]:
            # A valid token whose serviceurl claim names the same host: the host itself must be Teams'.
            status, _ = await post(message(QUESTION, serviceUrl=url), bearer(token(serviceurl=url)))
            assert status == 401, url
        assert fake_assistant.calls == []
        for url in (SERVICE_URL, "https://smba.infra.gcc.teams.microsoft.com/teams/"):
            status, body = await post(message(QUESTION, serviceUrl=url), bearer(token(serviceurl=url)))
            assert status == 200 and body["activities"], url
        # An activity naming another Teams host than its token was issued for is refused too.
        status, _ = await post(message(QUESTION, serviceUrl="https://smba.infra.gcc.teams.microsoft.com/teams/"),
                               bearer(token()))
        assert status == 401

    from tests.handlers.teams.test_http import run

    run(production, scenario)
    assert len(fake_assistant.calls) == 2


def test_production_teams_refuses_without_credentials(tmp_path, fake_assistant):
    env = {k: v for k, v in os.environ.items() if not k.startswith("TEAMS_")}
    result = bot_cli("serve-teams", "--port", "9", cwd=tmp_path, env={**env, "ENVIRONMENT": "production"})
    assert result.returncode == 1
    assert result.stderr.startswith("error: ENVIRONMENT=production needs TEAMS_APP_ID, TEAMS_APP_PASSWORD and TEAMS_TENANT_ID")
    assert len(result.stderr.strip().splitlines()) == 1 and "Teams endpoint" not in result.stderr
    # The web app itself refuses too, whoever builds it.
    settings = make_settings(tmp_path, environment="production")
    with pytest.raises(InvalidInput, match="without authentication"):
        create_web_app(settings, FakeServices(settings, fake_assistant))
