"""One log line per Teams activity: type, activity id, the user hashed (bot.logs), status and latency."""

from __future__ import annotations

import json
import logging
import time

from aiohttp import web

from bot.logs import request_fields

log = logging.getLogger("handlers.teams.requests")


def _activity(raw: bytes) -> dict:
    try:
        activity = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return {}
    return activity if isinstance(activity, dict) else {}


async def _body(request: web.Request) -> dict:
    # The endpoint has usually read the body already; aiohttp keeps it, so this is no second read.
    try:
        return _activity(await request.read())
    except (web.HTTPException, OSError, RuntimeError):
        return {}


@web.middleware
async def access_log(request: web.Request, handler) -> web.StreamResponse:  # noqa: ANN001
    if request.path != "/api/messages":
        return await handler(request)
    started = time.perf_counter()
    status = 500
    try:
        response = await handler(request)
        status = response.status
        return response
    except web.HTTPException as exc:
        status = exc.status
        raise
    finally:
        activity = await _body(request)
        sender = activity.get("from") if isinstance(activity.get("from"), dict) else {}
        kind = f"activity:{activity.get('type', '?')}"
        log.info("%s %s", kind, status, extra=request_fields(
            kind=kind, activity_id=activity.get("id"), user_id=sender.get("aadObjectId") or sender.get("id"),
            status=status, latency_s=time.perf_counter() - started))
