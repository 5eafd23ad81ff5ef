"""One logging setup for every process (serve, serve-teams, the worker, the CLI): text or JSON lines.

JSON (LOG_FORMAT=json) is one object per line: time, level, logger, message, the process's surface,
and, on request lines, the event or activity id, the user as a pseudonymous hash and the latency.
Handlers pass those as `extra=request_fields(...)`; nothing else needs to know the format.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sys
from datetime import UTC, datetime

NOISY = ("httpx", "chromadb", "urllib3", "alembic", "bm25s", "aiohttp.access", "huey")  # huey: a line per job
CONTEXT_FIELDS = ("event_id", "activity_id", "user", "latency_ms", "status", "kind")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def user_ref(user_id: str | None) -> str | None:
    """A stable pseudonym for a platform user id: lines can be correlated without naming anyone."""
    if not user_id:
        return None
    return hashlib.sha256(f"oresund-assistant:{user_id}".encode()).hexdigest()[:12]


def request_fields(*, user_id: str | None = None, latency_s: float | None = None, **ids: object) -> dict:
    """`extra=` for a request line: ids as given, the user hashed, the latency in milliseconds."""
    fields = {k: v for k, v in ids.items() if v is not None}
    if user_id:
        fields["user"] = user_ref(user_id)
    if latency_s is not None:
        fields["latency_ms"] = round(latency_s * 1000, 1)
    return fields


class JsonFormatter(logging.Formatter):
    def __init__(self, surface: str) -> None:
        super().__init__()
        self.surface = surface

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "surface": getattr(record, "surface", self.surface),
            "message": record.getMessage(),
        }
        for name in CONTEXT_FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                line[name] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def configure_logging(*, level: str = "INFO", fmt: str = "text", surface: str = "cli", stream=None) -> logging.Handler:  # noqa: ANN001
    """Install this process's log handler on the root logger (replacing one installed before)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_bot_handler", False):
            root.removeHandler(handler)
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter(surface) if fmt == "json" else logging.Formatter(TEXT_FORMAT))
    handler._bot_handler = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level.upper())
    logging.captureWarnings(True)  # Python's warnings become log lines too (JSON with LOG_FORMAT=json)
    for noisy in NOISY:
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))
    return handler
