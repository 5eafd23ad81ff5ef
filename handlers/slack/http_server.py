"""Serving the app: HTTP (waitress, POST /slack/events) or Socket Mode, both with GET /healthz."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Iterable

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_bolt.adapter.wsgi.http_request import WsgiHttpRequest

log = logging.getLogger("handlers.slack")

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"  # readiness: can this process answer?
LIVE_PATH = "/livez"  # liveness: is it serving at all? (restart it when not)
HTTP_THREADS = 8

Health = Callable[[], tuple[int, dict]]


def health_check(services, mode: str, connected: Callable[[], bool] | None = None) -> Health:  # noqa: ANN001
    """GET /healthz: 200 when the process can answer (bot.health.readiness), 503 naming what failed.

    In Socket Mode `connected` says whether the WebSocket to Slack is open: without it no event
    arrives, so a dropped connection is "not ready" even though the database answers.
    """
    from bot.health import readiness

    def check() -> tuple[int, dict]:
        report = {**readiness(services), "mode": mode}
        if connected is not None:
            report["slack"] = "connected" if connected() else "disconnected"
            if report["slack"] != "connected":
                report["status"] = "unavailable"
        return (200 if report["status"] == "ok" else 503), report

    return check


class _BoltHandler(SlackRequestHandler):
    """Bolt parses the body before it checks anything; a body it cannot parse (not UTF-8, not JSON or a
    form, not an object) is the sender's mistake: 400, where Bolt would fail with a 500 and a traceback."""

    def dispatch(self, request: WsgiHttpRequest) -> BoltResponse:
        try:
            bolt_request = BoltRequest(body=request.get_body(), query=request.query_string,
                                       headers=request.get_headers())
        except (ValueError, AttributeError, TypeError) as exc:
            log.warning("refused a Slack request whose body cannot be read (%s)", exc.__class__.__name__)
            return BoltResponse(status=400, body=json.dumps({"error": "the body is not a Slack payload"}),
                                headers={"content-type": "application/json"})
        return self.app.dispatch(bolt_request)


def wsgi_app(app: App | None, health: Health) -> Callable:
    """POST /slack/events to Bolt (when given an app), GET /healthz to the health check, 404 elsewhere."""
    bolt = _BoltHandler(app, path=EVENTS_PATH) if app is not None else None

    def application(environ: dict, start_response: Callable) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD", "GET")
        if path == HEALTH_PATH and method in ("GET", "HEAD"):
            status, payload = health()
            return _json(start_response, status, payload)
        if path == LIVE_PATH and method in ("GET", "HEAD"):
            return _json(start_response, 200, {"status": "alive"})
        if bolt is not None and path == EVENTS_PATH:
            if method != "POST":
                return _json(start_response, 405, {"error": "POST only"}, [("Allow", "POST")])
            if not _integer(environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP", "0")):
                # Bolt's verifier raises on it, and its error path would then act on the unverified body.
                return _json(start_response, 401, {"error": "invalid request"})
            return bolt(environ, start_response)
        return _json(start_response, 404, {"error": "not found"})

    return application


def make_http_server(application: Callable, *, host: str, port: int, threads: int = HTTP_THREADS):  # noqa: ANN201
    """A waitress server (not yet running); `.effective_port` is the bound port, `.run()` serves."""
    from waitress import create_server

    return create_server(application, host=host, port=port, threads=threads, ident="oresund-assistant",
                         clear_untrusted_proxy_headers=True)


def run_in_thread(server) -> threading.Thread:  # noqa: ANN001
    thread = threading.Thread(target=server.run, name="waitress", daemon=True)
    thread.start()
    return thread


def stop_http_server(server, thread: threading.Thread | None = None, timeout: float = 5.0) -> None:  # noqa: ANN001
    """Stop a server whose loop runs in another thread: the sockets are closed from inside that loop."""
    from waitress import wasyncore

    try:
        server.trigger.pull_trigger(lambda: wasyncore.close_all(server._map))
    except OSError:  # the loop's wake-up pipe is already gone: nothing runs the loop, close from here
        wasyncore.close_all(server._map)
    if thread is not None:
        thread.join(timeout)
    server.task_dispatcher.shutdown(cancel_pending=True, timeout=timeout)


def serve(app: App, services, *, host: str, port: int, app_token: str | None) -> None:  # noqa: ANN001
    """Block serving: Socket Mode when an app token is given (HTTP then only answers /healthz)."""
    handler = None
    if app_token:
        from slack_bolt.adapter.socket_mode import SocketModeHandler

        handler = SocketModeHandler(app, app_token)
        handler.connect()
        health = health_check(services, "socket", connected=handler.client.is_connected)
        server = make_http_server(wsgi_app(None, health), host=host, port=port)
        log.info("Slack app connected in Socket Mode; health at http://%s:%s%s", host, server.effective_port, HEALTH_PATH)
    else:
        server = make_http_server(wsgi_app(app, health_check(services, "http")), host=host, port=port)
        log.info("Slack app listening on http://%s:%s%s", host, server.effective_port, EVENTS_PATH)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
        if handler is not None:
            handler.close()


def _json(start_response: Callable, status: int, payload: dict, extra: list | None = None) -> list[bytes]:
    body = json.dumps(payload).encode("utf-8")
    reason = {200: "OK", 401: "Unauthorized", 404: "Not Found", 405: "Method Not Allowed", 503: "Service Unavailable"}.get(status, "")
    start_response(f"{status} {reason}", [("Content-Type", "application/json"), ("Content-Length", str(len(body))),
                                          *(extra or [])])
    return [body]


def _integer(value: str) -> bool:
    try:
        int(value)
    except ValueError:
        return False
    return True
