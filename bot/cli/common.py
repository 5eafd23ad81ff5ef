"""Shared pieces of the command line: settings/services, JSON output, one-line errors."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import typer

from bot.errors import BotError

F = TypeVar("F", bound=Callable[..., Any])


def load_settings():  # noqa: ANN201
    """Settings from the environment and .env, or the contract's one-line reason and exit 1."""
    from pydantic import ValidationError

    from bot.config import Settings

    try:
        return Settings()
    except ValidationError as exc:
        fail("configuration error: " + "; ".join(f"{'.'.join(map(str, e['loc'])) or 'settings'}: {e['msg']}" for e in exc.errors()))


def get_services(surface: str = "cli"):  # noqa: ANN201
    """Settings, logging and the composition root for one command.

    Long-running surfaces (slack, teams, worker) log at LOG_LEVEL; one-shot commands keep stderr for
    warnings unless LOG_LEVEL=DEBUG, so their output stays readable.
    """
    from bot.logs import configure_logging
    from bot.services import build_services

    settings = load_settings()
    level = settings.log_level if surface != "cli" or settings.log_level == "DEBUG" else "WARNING"
    configure_logging(level=level, fmt=settings.log_format, surface=surface)
    return build_services(settings)


def emit_json(payload: Any) -> None:
    sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def fail(message: str, code: int = 1) -> None:
    sys.stderr.write("error: " + message.strip().splitlines()[0] + "\n")
    raise typer.Exit(code)


def friendly_errors(fn: F) -> F:
    """Turn the core's errors into the contract's one-line reason on stderr and a non-zero exit."""

    @wraps(fn)
    def wrapper(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        try:
            return fn(*args, **kwargs)
        except BotError as exc:
            fail(exc.operator_message)
        except KeyboardInterrupt:
            fail("interrupted", code=130)

    return wrapper  # type: ignore[return-value]
