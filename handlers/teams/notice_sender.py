"""Sends outbox notices to Teams proactively (bot.notices.sender.NoticeSender for Teams).

A person is reachable once they have written to the bot in a personal chat; the staff channel once
the bot has seen a message there (handlers/teams/intro_notices.py stores both references). Teams
offers no way to look up a message by our key, so an attempt interrupted mid-send may show twice.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from microsoft_agents.activity import ConversationReference
from microsoft_agents.hosting.core import ClaimsIdentity

from bot.db.teams_refs import load_reference
from bot.notices.kinds import Delivery
from bot.notices.sender import SendResult
from handlers.teams.common import card_message
from handlers.teams.notice_cards import render
from handlers.teams.service_urls import is_trusted_service_url

log = logging.getLogger("handlers.teams")
SEND_TIMEOUT = 30.0
GONE = {403, 404}  # the bot was uninstalled or blocked, or the conversation no longer exists


class TeamsNoticeSender:
    surface = "teams"

    def __init__(self, adapter: Any, services, *, identity: Any, loop: asyncio.AbstractEventLoop | None = None) -> None:  # noqa: ANN001
        """`identity`: the bot's claims identity; `loop`: the server's event loop when the adapter lives on one."""
        self.adapter, self.services, self.identity, self.loop = adapter, services, identity, loop

    def send(self, delivery: Delivery) -> SendResult:
        saved = load_reference(self.services.sessions, delivery.target)
        if not saved:
            return SendResult.unreachable("the assistant has no Teams chat with them yet")
        # A stored reference was checked when it arrived, but perhaps under another mode (a shared database).
        if not is_trusted_service_url(saved.get("serviceUrl"), production=self.services.settings.teams_production):
            return SendResult.unreachable("the stored Teams serviceUrl is not trusted here")
        coroutine = self._send(saved, delivery)
        try:
            if self.loop is not None:
                ref = asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(SEND_TIMEOUT)
            else:
                ref = asyncio.run(coroutine)
        except Exception as exc:  # noqa: BLE001 - the connector's errors vary; the outbox retries, then staff step in
            status = getattr(exc, "status", None)
            log.warning("could not send notice %s to Teams (%s)", delivery.key, status or type(exc).__name__)
            if status in GONE:
                return SendResult.unreachable(f"Teams refused the message ({status}: the app was removed or the chat is gone)")
            return SendResult.retry(f"Teams: {type(exc).__name__}: {exc}"[:500])
        return SendResult.sent(f"{delivery.target}/{ref}")

    async def _send(self, saved: dict, delivery: Delivery) -> str:
        rendered = render(delivery)
        activity = card_message(rendered) if isinstance(rendered, dict) else None
        sent: list[str] = []
        failed: list[Exception] = []

        async def deliver(context) -> None:  # noqa: ANN001
            # Caught here: the adapter's error handler would send its apology to the recipient.
            try:
                response = await context.send_activity(activity if activity is not None else rendered)
                sent.append(getattr(response, "id", None) or "")
            except Exception as exc:  # noqa: BLE001 - re-raised below, outside the adapter
                failed.append(exc)

        continuation = ConversationReference.model_validate(saved).get_continuation_activity()
        continuation.id = None  # a new message in the chat, not a reply to an unknown one
        await self.adapter.continue_conversation_with_claims(self.identity, continuation, deliver)
        if failed:
            raise failed[0]
        if not sent:
            raise RuntimeError("the adapter did not run the send")
        return sent[0]


def build_sender(services, *, adapter: Any = None, loop: asyncio.AbstractEventLoop | None = None) -> TeamsNoticeSender:  # noqa: ANN001
    """The sender for `serve-teams` (its adapter, on its loop) or for a worker (an adapter of its own)."""
    if adapter is None:
        from microsoft_agents.hosting.aiohttp import CloudAdapter

        from handlers.teams.app import build_connection_manager

        adapter = CloudAdapter(connection_manager=build_connection_manager(services.settings))
    settings = services.settings
    # Local development has no app id: an identity without claims is the SDK's anonymous one.
    identity = adapter.create_claims_identity(settings.teams_app_id) if settings.teams_production else ClaimsIdentity({})
    return TeamsNoticeSender(adapter, services, identity=identity, loop=loop)
