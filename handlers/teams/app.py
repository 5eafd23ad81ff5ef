"""Builds the Teams agent: storage, connection manager, error handling and the handler modules."""

from __future__ import annotations

from types import ModuleType
from typing import TYPE_CHECKING

from microsoft_agents.hosting.core import (
    AgentApplication,
    AgentAuthConfiguration,
    AnonymousTokenProvider,
    ApplicationOptions,
    AuthTypes,
    ConnectionManager,
    Connections,
    Storage,
    TurnState,
)

from handlers.teams import feedback, hygiene, match, messages, welcome
from handlers.teams.common import on_turn_error
from handlers.teams.history import BoundedMemoryStorage

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.services import Services

# Each module wires its own routes with `register(app, services)`; `messages` goes last: its catch-all
# route hands every message to the conversation core, which decides what it asks for.
HANDLER_MODULES: tuple[ModuleType, ...] = (welcome, feedback, match, hygiene, messages)


def build_connection_manager(settings: Settings) -> Connections:
    """MSAL with the bot's Entra app registration in production; anonymous tokens in local development.

    The SDK needs a connection manager either way: it creates the clients that send replies.
    """
    if settings.teams_production:
        from microsoft_agents.authentication.msal import MsalConnectionManager

        config = AgentAuthConfiguration(
            auth_type=AuthTypes.client_secret,
            client_id=settings.teams_app_id,
            tenant_id=settings.teams_tenant_id,
            client_secret=settings.teams_app_password,
            # Accept only tokens from the Bot Framework or this tenant, not just any signed token.
            validate_issuer=True,
        )
        return MsalConnectionManager(connections_configurations={"SERVICE_CONNECTION": config})
    return ConnectionManager(
        provider_factory=lambda _config: AnonymousTokenProvider(),
        connections_configurations={"SERVICE_CONNECTION": AgentAuthConfiguration(anonymous_allowed=True)},
    )


def create_agent_app(
    settings: Settings,
    services: Services,
    *,
    storage: Storage | None = None,
    typing_indicator: bool = True,
) -> AgentApplication[TurnState]:
    """The agent with every handler module registered. `storage` keeps conversation state
    (the follow-up history); the default is in-process and bounded."""
    options = ApplicationOptions(storage=BoundedMemoryStorage() if storage is None else storage, start_typing_timer=typing_indicator)
    app = AgentApplication[TurnState](options, connection_manager=build_connection_manager(settings))
    app.error(on_turn_error)
    for module in HANDLER_MODULES:
        module.register(app, services)
    return app
