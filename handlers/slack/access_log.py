"""One log line per Slack request: kind, event id, the user hashed (bot.logs), status and latency.

Bolt's middleware runs before the listeners, not around them, so the timing wraps `App.dispatch`,
which both HTTP and Socket Mode go through.
"""

from __future__ import annotations

import logging
import time

from slack_bolt import App, BoltRequest, BoltResponse

from bot.logs import request_fields

log = logging.getLogger("handlers.slack.requests")


def _kind(body: dict) -> str:
    if body.get("type") == "event_callback":
        event = body.get("event")
        return "event:" + str(event.get("type", "?") if isinstance(event, dict) else "?")
    if body.get("command"):
        return "command:" + str(body["command"])
    return str(body.get("type") or "unknown")


class LoggedApp(App):
    def dispatch(self, req: BoltRequest) -> BoltResponse:
        started = time.perf_counter()
        response = super().dispatch(req)
        try:
            self._log(req, response, time.perf_counter() - started)
        except Exception:  # noqa: BLE001 - a body the line cannot describe must not turn a reply into a 500
            log.exception("could not write the request log line")
        return response

    @staticmethod
    def _log(req: BoltRequest, response: BoltResponse, seconds: float) -> None:
        body = req.body if isinstance(req.body, dict) else {}
        kind = _kind(body)
        event_id = body.get("event_id") or (f"trigger:{body['trigger_id']}" if body.get("trigger_id") else None)
        log.info("%s %s", kind, response.status, extra=request_fields(
            kind=kind, event_id=event_id if isinstance(event_id, str) else None, user_id=req.context.user_id,
            status=response.status, latency_s=seconds))
