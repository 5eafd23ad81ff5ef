"""What every Teams handler shares: who is asking, calling the core off the event loop, errors."""

from __future__ import annotations

import asyncio
import functools
import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import Any, ParamSpec, TypeVar

from microsoft_agents.activity import Activity
from microsoft_agents.hosting.core import CardFactory, MessageFactory, TurnContext

from bot.conversation import Requester
from bot.errors import BotError, ServiceUnavailable
from handlers.teams.cards import Card

log = logging.getLogger("handlers.teams")

SURFACE = "teams"

P = ParamSpec("P")
R = TypeVar("R")


def requester_of(activity: Activity) -> Requester:
    """By AAD object id: stable across chats and channels, unlike the per-bot user id."""
    sender = activity.from_property
    ident = (sender.aad_object_id or sender.id) if sender else None
    return Requester.teams(ident or "unknown", sender.name if sender else None)


def user_ref(activity: Activity) -> str:
    return requester_of(activity).ref


def card_message(card: Card) -> Activity:
    return MessageFactory.attachment(CardFactory.adaptive_card(card))


async def run_core(func: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """The core is synchronous (database, embeddings, LLM calls); running it in a worker
    thread keeps one slow answer from stalling every other conversation."""
    return await asyncio.to_thread(func, *args, **kwargs)


def shows_bot_errors(handler: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
    """Reply with a BotError's message: it is the person's to fix, not an incident to log."""

    @functools.wraps(handler)
    async def wrapper(context: TurnContext, *args: Any) -> Any:
        try:
            return await handler(context, *args)
        except BotError as exc:
            if isinstance(exc, ServiceUnavailable):
                log.warning("Teams request not served: %s", exc.operator_message)
            await context.send_activity(exc.message)
            return None

    return wrapper


async def on_turn_error(context: TurnContext, error: Exception) -> None:
    """The last resort for a turn: a short apology with a reference id that is also in the log.

    Installed on both the application and the adapter, because the adapter's default
    handler would show the exception text to the user.
    """
    if isinstance(error, BotError):
        await context.send_activity(error.message)
        return
    ref = uuid.uuid4().hex[:8]
    log.error("Teams turn failed (reference %s)", ref, exc_info=error)
    try:
        await context.send_activity(
            f"Sorry, something went wrong on my side. Please try again; if it keeps happening, "
            f"give the secretariat this reference: {ref}."
        )
    except Exception:  # the channel itself may be what failed; the log already has the cause
        log.warning("could not send the apology for reference %s", ref, exc_info=True)
