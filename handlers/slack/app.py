"""Build the Slack app: the client, the error handler, then each surface's listeners.

Acknowledgements run on the request's own thread (process_before_response=True) and touch neither
the database nor the Slack API; every slow step is a lazy listener (lazy.py) on Bolt's executor. So
Slack gets its acknowledgement within milliseconds even while the executor is busy answering, a
retried event is answered once, and the same code runs on a FaaS host.
"""

from __future__ import annotations

import importlib
import logging

from slack_bolt import App
from slack_bolt.error import BoltError
from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot.lifecycle import DrainingExecutor
from handlers.slack.access_log import LoggedApp


log = logging.getLogger("handlers.slack")

# Each module has `register(app, services)`. A new surface (e.g. /kb) adds its module here. What a
# message means is the conversation core's decision, not the order of these; `fallback` goes last.
SURFACES: list[str] = [
    "handlers.slack.errors",
    "handlers.slack.assistant_pane",
    "handlers.slack.agent_view",
    "handlers.slack.conversation",
    "handlers.slack.match_commands",
    "handlers.slack.commands",
    "handlers.slack.shortcuts",
    "handlers.slack.actions",
    "handlers.slack.views",
    "handlers.slack.home",
    "handlers.slack.kb_commands",
    "handlers.slack.kb_files",
    "handlers.slack.intro_actions",
    "handlers.slack.profile",
]
FALLBACK = "handlers.slack.fallback"


def lazy_workers(settings) -> int:  # noqa: ANN001
    """Answers wait on the network with a language model; without one they are CPU-bound, and more
    threads than cores would only slow the acknowledgements that share the interpreter with them."""
    return 8 if settings.llm_model else 3


def build_client(settings, *, timeout: int = 30) -> WebClient:  # noqa: ANN001
    """A WebClient for SLACK_API_URL (Slack's by default) that honours Retry-After and retries 5xx."""
    base_url = settings.slack_api_url or WebClient.BASE_URL
    if not base_url.endswith("/"):
        base_url += "/"
    return WebClient(
        token=settings.slack_bot_token,
        base_url=base_url,
        timeout=timeout,
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=2),
            RateLimitErrorRetryHandler(max_retry_count=3),
            ServerErrorRetryHandler(max_retry_count=2),
        ],
    )


def create_app(settings, services, *, client: WebClient | None = None, surfaces: list[str] | None = None) -> App:  # noqa: ANN001
    """The Bolt app with every listener registered. Checks the token with auth.test on creation."""
    app = LoggedApp(  # a Bolt App that writes one log line per request
        name="oresund-massachusetts-assistant",
        client=client or build_client(settings),
        signing_secret=settings.slack_signing_secret,
        process_before_response=True,
        # Draining: on SIGTERM the answers already started finish before the process exits (http_server.py).
        listener_executor=DrainingExecutor(max_workers=lazy_workers(settings), thread_name_prefix="slack-lazy"),
    )
    from handlers.slack.conversation import attach_requester

    app.use(attach_requester)
    for name in [*(SURFACES if surfaces is None else surfaces), FALLBACK]:
        importlib.import_module(name).register(app, services)
    return app


def connect(settings, services) -> App:  # noqa: ANN001
    """create_app, with Slack's refusals turned into a message an operator can act on."""
    from bot.errors import ServiceUnavailable

    try:
        return create_app(settings, services)  # checks the token with auth.test
    except BoltError as exc:
        raise ServiceUnavailable(f"Slack refused the bot token: {exc}") from exc
    except (SlackClientError, OSError) as exc:
        raise ServiceUnavailable(f"cannot reach the Slack Web API at {settings.slack_api_url or 'slack.com'}: {exc}") from exc
