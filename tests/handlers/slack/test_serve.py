"""`python -m bot serve`: configuration errors, HTTP mode from the command line, Socket Mode selection."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import make_settings
from tests.fakes import FakeSlackAPI, event_body, post
from tests.handlers.slack.conftest import SECRET, TOKEN
from tests.processes import wait_for_line

ROOT = Path(__file__).resolve().parents[3]


def test_serve_refuses_to_start_without_credentials(monkeypatch, tmp_path) -> None:
    from bot.cli.main import app

    monkeypatch.setenv("BOT_DATA_DIR", str(tmp_path / "var"))
    result = CliRunner().invoke(app, ["serve"])
    assert result.exit_code == 1 and "SLACK_BOT_TOKEN is not set" in result.output
    monkeypatch.setenv("SLACK_BOT_TOKEN", TOKEN)
    result = CliRunner().invoke(app, ["serve"])
    assert result.exit_code == 1 and "SLACK_SIGNING_SECRET is not set" in result.output
    assert "--port" in CliRunner().invoke(app, ["serve", "--help"]).output
    monkeypatch.setenv("SLACK_SIGNING_SECRET", SECRET)
    with FakeSlackAPI(valid_tokens={"xoxb-another-token"}) as slack:
        monkeypatch.setenv("SLACK_API_URL", slack.url)
        result = CliRunner().invoke(app, ["serve"])
    assert result.exit_code == 1 and "Slack refused the bot token" in result.output


def test_serve_answers_over_http_from_the_command_line(slack_api, tmp_path) -> None:
    env = {**os.environ, "SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": slack_api.url,
           "BOT_DATA_DIR": str(tmp_path / "var"), "KNOWLEDGE_DIR": str(tmp_path / "empty"), "PYTHONPATH": str(ROOT),
           "LOG_LEVEL": "INFO"}
    # Port 0: the server binds a free port itself and names it, so nothing can take it in between.
    process = subprocess.Popen([sys.executable, "-m", "bot", "serve", "--port", "0", "--host", "127.0.0.1"],
                               cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        port = int(wait_for_line(process, r"listening on http://127\.0\.0\.1:(\d+)/slack/events").group(1))
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10) as resp:
            assert json.loads(resp.read())["status"] == "ok"
        body = event_body({"type": "app_mention", "channel": "C1", "user": "U1", "ts": "1700000100.000100",
                           "text": "<@UBOT> What is the stipend?"})
        assert post(f"http://127.0.0.1:{port}/slack/events", body, SECRET)[0] == 200
        answer = slack_api.wait_for("chat.postMessage", timeout=30)[0]
        assert answer.args["thread_ts"] == "1700000100.000100"  # an empty knowledge base still answers: it abstains
    finally:
        process.terminate()
        process.wait(10)


def test_socket_mode_is_used_when_an_app_token_is_set(monkeypatch, tmp_path, slack_api) -> None:
    import threading

    import slack_bolt.adapter.socket_mode as socket_mode

    from bot.services import build_services
    from handlers.slack import http_server
    from handlers.slack.app import create_app

    events: list[str] = []

    class Handler:
        def __init__(self, app, app_token: str) -> None:  # noqa: ANN001
            events.append(f"handler {app_token}")
            self.client = type("Client", (), {"is_connected": staticmethod(lambda: True)})()
            self.client = type("Client", (), {"is_connected": staticmethod(lambda: True)})()

        def connect(self) -> None:
            events.append("connect")

        def close(self) -> None:
            events.append("close")

    applications: list = []
    real = http_server.make_http_server
    monkeypatch.setattr(socket_mode, "SocketModeHandler", Handler)
    monkeypatch.setattr(http_server, "make_http_server", lambda application, **kw: applications.append(application)
                        or real(application, **kw))
    settings = make_settings(tmp_path, slack_bot_token=TOKEN, slack_api_url=slack_api.url)
    services = build_services(settings)
    stop = threading.Event()
    stop.set()  # stop at once: the shutdown path runs as after a SIGTERM
    http_server.serve(create_app(settings, services), services, host="127.0.0.1", port=0, app_token="xapp-1", stop=stop)
    assert events == ["handler xapp-1", "connect", "close"]
    routes = []
    applications[0]({"PATH_INFO": "/slack/events", "REQUEST_METHOD": "POST"}, lambda status, headers: routes.append(status))
    assert routes == ["404 Not Found"]  # in Socket Mode, HTTP only serves /healthz
    services.close()


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/api", "http://127.0.0.1:9/api/"])
def test_client_uses_slack_api_url_and_retries(url, tmp_path) -> None:
    from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler, ServerErrorRetryHandler

    from handlers.slack.app import build_client

    client = build_client(make_settings(tmp_path, slack_bot_token=TOKEN, slack_api_url=url))
    assert client.base_url == "http://127.0.0.1:9/api/"
    kinds = {type(h) for h in client.retry_handlers}
    assert {RateLimitErrorRetryHandler, ServerErrorRetryHandler} <= kinds
