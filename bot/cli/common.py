"""Shared pieces of the command line: settings/services, JSON output, one-line errors."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import typer

from bot.errors import BotError

F = TypeVar("F", bound=Callable[..., Any])


def setup_logging(level: str = "WARNING") -> None:
    logging.basicConfig(level=level, stream=sys.stderr, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for noisy in ("httpx", "chromadb", "urllib3", "alembic", "bm25s"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def get_services():  # noqa: ANN201
    from pydantic import ValidationError

    from bot.config import Settings
    from bot.services import build_services

    try:
        settings = Settings()
    except ValidationError as exc:
        fail("configuration error: " + "; ".join(f"{'.'.join(map(str, e['loc'])) or 'settings'}: {e['msg']}" for e in exc.errors()))
    setup_logging(settings.log_level if settings.log_level.upper() == "DEBUG" else "WARNING")
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
