"""Liveness (/livez) and readiness (/healthz), including a Socket Mode connection that drops."""

from __future__ import annotations

import json
import threading
import time

import pytest

from tests.conftest import make_settings
from tests.handlers.slack.conftest import TOKEN

websockets_server = pytest.importorskip("websockets.sync.server")


def call(application, path: str, method: str = "GET") -> tuple[str, dict]:
    seen: list[str] = []
    body = b"".join(application({"PATH_INFO": path, "REQUEST_METHOD": method}, lambda status, headers: seen.append(status)))
    return seen[0], json.loads(body)


def test_livez_and_healthz_over_http(harness):
    assert harness.get("/livez") == (200, {"status": "alive"})
    status, report = harness.get("/healthz")
    assert status == 200 and report["status"] == "ok" and report["mode"] == "http" and "slack" not in report


def test_livez_stays_200_while_readiness_fails(tmp_path):
    from bot.services import build_services
    from handlers.slack.http_server import health_check, wsgi_app

    # A database URL nothing listens on: the process is alive but cannot answer.
    settings = make_settings(tmp_path, database_url="postgresql://nobody@127.0.0.1:9/none")
    services = build_services(settings)
    application = wsgi_app(None, health_check(services, "socket", connected=lambda: True))
    assert call(application, "/livez") == ("200 OK", {"status": "alive"})
    status, report = call(application, "/healthz")
    assert status == "503 Service Unavailable" and report["status"] == "unavailable" and report["database"] != "ok"
    services.close()


class SlackSocket:
    """A WebSocket server standing in for Slack's Socket Mode endpoint: says hello, then holds the line."""

    def __init__(self) -> None:
        self.connections: list = []
        self.server = websockets_server.serve(self._session, "127.0.0.1", 0)
        self.url = f"ws://127.0.0.1:{self.server.socket.getsockname()[1]}/link"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def _session(self, connection) -> None:  # noqa: ANN001
        self.connections.append(connection)
        connection.send(json.dumps({"type": "hello", "num_connections": 1}))
        for _ in connection:  # Slack's acknowledgements and pings; nothing to answer
            pass

    def drop(self) -> None:
        """Slack closes the connection and the endpoint stays unreachable."""
        self.server.shutdown()
        for connection in self.connections:
            connection.close()
        self.thread.join(5)


def wait_for(predicate, timeout: float = 20.0) -> bool:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def test_healthz_reports_a_dropped_socket_mode_connection(tmp_path, slack_api):
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    from bot.services import build_services
    from handlers.slack.app import create_app
    from handlers.slack.http_server import health_check, wsgi_app

    settings = make_settings(tmp_path, slack_bot_token=TOKEN, slack_api_url=slack_api.url)
    services = build_services(settings)
    slack_socket = SlackSocket()
    handler = SocketModeHandler(create_app(settings, services), "xapp-1-test")
    handler.client.wss_uri = slack_socket.url  # as apps.connections.open would have answered
    application = wsgi_app(None, health_check(services, "socket", connected=handler.client.is_connected))
    try:
        handler.connect()
        assert wait_for(handler.client.is_connected)
        status, report = call(application, "/healthz")
        assert status == "200 OK" and report["slack"] == "connected" and report["mode"] == "socket"

        slack_socket.drop()
        assert wait_for(lambda: call(application, "/healthz")[0] == "503 Service Unavailable")
        status, report = call(application, "/healthz")
        assert report == {**report, "status": "unavailable", "slack": "disconnected", "database": "ok"}
        assert call(application, "/livez")[0] == "200 OK"  # alive: a supervisor should not kill it for this
    finally:
        handler.close()
        services.close()
