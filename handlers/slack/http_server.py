"""Serving the app: HTTP (waitress, POST /slack/events) or Socket Mode, both with GET /healthz."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Iterable
from urllib.parse import parse_qs

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_bolt.adapter.wsgi.http_request import WsgiHttpRequest
from slack_sdk.signature import SignatureVerifier

from bot.config import MAX_REQUEST_BYTES

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
    """Bolt parses the body before it checks anything. Here the body is read only up to the limit, the
    signature is checked on the raw bytes, and only then is it parsed; a signed body that is not a Slack
    payload of the right shape is the sender's mistake: 400, where Bolt would fail with a 500."""

    def __init__(self, app: App, *, path: str, signing_secret: str, max_body: int) -> None:
        super().__init__(app, path=path)
        self.verifier = SignatureVerifier(signing_secret)
        self.max_body = max_body

    def dispatch(self, request: WsgiHttpRequest) -> BoltResponse:
        raw = read_body(request.environ, self.max_body)
        if raw is None:
            return _refusal(413, "the body is too large")
        headers = request.get_headers()
        if _ssl_check(raw):  # Slack's certificate probe carries no signature; Bolt answers it with 200
            return BoltResponse(status=200, body="")
        try:
            text = raw.decode("utf-8")  # Slack sends UTF-8; the verifier takes text
        except UnicodeDecodeError:
            log.warning("refused a Slack request whose body is not UTF-8")
            return _refusal(400, "the body is not a Slack payload")
        if not self.verifier.is_valid(text, _header(headers, "x-slack-request-timestamp"),
                                      _header(headers, "x-slack-signature")):
            return _refusal(401, "invalid request")
        try:
            bolt_request = BoltRequest(body=text, query=request.query_string, headers=headers)
        except (ValueError, AttributeError, TypeError, RecursionError) as exc:  # RecursionError: deep nesting
            log.warning("refused a signed Slack request whose body cannot be read (%s)", exc.__class__.__name__)
            return _refusal(400, "the body is not a Slack payload")
        problem = payload_problem(bolt_request.body)
        if problem:
            log.warning("refused a signed Slack request of the wrong shape (%s)", problem)
            return _refusal(400, "the body is not a Slack payload")
        return self.app.dispatch(bolt_request)


def read_body(environ: dict, limit: int) -> bytes | None:
    """The request body, or None when it is larger than `limit`: a declared length is refused before
    anything is read, a body without one (chunked) is read only up to the limit."""
    stream = environ.get("wsgi.input")
    if stream is None:
        return b""
    declared = environ.get("CONTENT_LENGTH") or ""
    if declared.strip():
        length = int(declared) if declared.strip().isdigit() else limit + 1
        return None if length > limit else stream.read(length)
    body = stream.read(limit + 1)
    return None if len(body) > limit else body


# Keys Bolt and the listeners read as objects or lists of objects; another type there would crash them.
_OBJECTS = ("user", "team", "channel", "view", "container", "message", "enterprise", "state")


def payload_problem(body: object) -> str | None:
    """Why a parsed body cannot be a Slack payload, or None."""
    if not isinstance(body, dict):
        return f"a {type(body).__name__}, not an object"
    for key in _OBJECTS:
        if body.get(key) is not None and not isinstance(body[key], dict):
            return f"{key} is not an object"
    actions = body.get("actions")
    if actions is not None and not (isinstance(actions, list) and all(isinstance(a, dict) for a in actions)):
        return "actions is not a list of objects"
    return None


def _ssl_check(raw: bytes) -> bool:
    return len(raw) < 512 and parse_qs(raw.decode("latin-1")).get("ssl_check") == ["1"]


def _header(headers: dict, name: str) -> str | None:
    value = headers.get(name)
    return value[0] if isinstance(value, (list, tuple)) else value


def _refusal(status: int, error: str) -> BoltResponse:
    return BoltResponse(status=status, body=json.dumps({"error": error}), headers={"content-type": "application/json"})


def wsgi_app(app: App | None, health: Health, *, signing_secret: str | None = None,
             max_body: int = MAX_REQUEST_BYTES) -> Callable:
    """POST /slack/events to Bolt (when given an app), GET /healthz to the health check, 404 elsewhere.
    `signing_secret` defaults to the app's own."""
    # Bolt keeps the secret it was built with privately; the verification here must use the same one.
    secret = signing_secret if signing_secret is not None else getattr(app, "_signing_secret", "")
    bolt = _BoltHandler(app, path=EVENTS_PATH, signing_secret=secret, max_body=max_body) if app is not None else None

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


def make_http_server(application: Callable, *, host: str, port: int, threads: int = HTTP_THREADS,  # noqa: ANN201
                     max_body: int = MAX_REQUEST_BYTES):
    """A waitress server (not yet running); `.effective_port` is the bound port, `.run()` serves.
    Waitress answers 413 itself to a body over `max_body` (its default would buffer up to 1 GB)."""
    from waitress import create_server

    return create_server(application, host=host, port=port, threads=threads, ident="oresund-assistant",
                         clear_untrusted_proxy_headers=True, max_request_body_size=max_body)


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


def serve(app: App, services, *, host: str, port: int, app_token: str | None,  # noqa: ANN001
          stop: threading.Event | None = None) -> None:
    """Serve until SIGTERM/SIGINT (or `stop`): Socket Mode when an app token is given (HTTP then only
    answers /healthz), else HTTP. Stopping is graceful: see `shut_down`."""
    from bot.lifecycle import stop_on_signals

    stop = stop or threading.Event()
    restore = stop_on_signals(stop)
    handler, limit = None, services.settings.max_request_bytes
    try:
        if app_token:
            from slack_bolt.adapter.socket_mode import SocketModeHandler

            handler = SocketModeHandler(app, app_token)
            handler.connect()
            health = health_check(services, "socket", connected=handler.client.is_connected)
            server = make_http_server(wsgi_app(None, health), host=host, port=port, max_body=limit)
            log.info("Slack app connected in Socket Mode; health at http://%s:%s%s", host, server.effective_port, HEALTH_PATH)
        else:
            application = wsgi_app(app, health_check(services, "http"),
                                   signing_secret=services.settings.slack_signing_secret, max_body=limit)
            server = make_http_server(application, host=host, port=port, max_body=limit)
            log.info("Slack app listening on http://%s:%s%s", host, server.effective_port, EVENTS_PATH)
        thread = run_in_thread(server)
        while not stop.wait(0.5):
            if not thread.is_alive():  # the server loop died: stop as if told to
                break
        staff_work = services.__dict__.get("staff_work")  # only when some staff work was ever started
        shut_down(app, server, thread, handler, grace=services.settings.shutdown_grace_seconds,
                  also=[staff_work] if staff_work is not None else [])
    finally:
        restore()


def shut_down(app: App, server, thread: threading.Thread, socket_handler=None, *, grace: float,  # noqa: ANN001
              also: list | None = None) -> bool:
    """Stop taking requests (close Socket Mode's connection, or the listening socket), let requests, answers
    and the jobs of `also` (pools with `drain`) finish within `grace` seconds, then close everything.
    True when nothing was cut off."""
    import time

    from waitress import wasyncore

    deadline = time.monotonic() + grace
    if socket_handler is not None:
        socket_handler.close()  # Slack sends new events to the app's other connections
    else:
        def stop_accepting() -> None:
            server.accepting = False
            wasyncore.dispatcher.close(server)  # the listening socket only; open requests carry on

        try:
            server.trigger.pull_trigger(stop_accepting)
        except OSError:
            pass
        _wait(lambda: not server.task_dispatcher.active_count and not server.task_dispatcher.queue, deadline)
    executor = app.listener_runner.listener_executor
    finished = executor.drain(deadline - time.monotonic()) if hasattr(executor, "drain") else True
    for pool in also or []:
        finished = pool.drain(deadline - time.monotonic()) and finished
    stop_http_server(server, thread, timeout=max(0.5, deadline - time.monotonic()))
    log.info("Slack app stopped%s", "" if finished else " (some answers were cut off by SHUTDOWN_GRACE_SECONDS)")
    return finished


def _wait(done: Callable[[], bool], deadline: float) -> None:
    import time

    while not done() and time.monotonic() < deadline:
        time.sleep(0.05)


def _json(start_response: Callable, status: int, payload: dict, extra: list | None = None) -> list[bytes]:
    body = json.dumps(payload).encode("utf-8")
    reason = {200: "OK", 401: "Unauthorized", 404: "Not Found", 405: "Method Not Allowed", 413: "Payload Too Large",
              503: "Service Unavailable"}.get(status, "")
    start_response(f"{status} {reason}", [("Content-Type", "application/json"), ("Content-Length", str(len(body))),
                                          *(extra or [])])
    return [body]


def _integer(value: str) -> bool:
    try:
        int(value)
    except ValueError:
        return False
    return True
