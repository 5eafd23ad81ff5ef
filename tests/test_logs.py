"""bot/logs.py: LOG_FORMAT=json is one object per line with the fields a log collector indexes."""

from __future__ import annotations

import io
import json
import logging

import pytest

from bot.logs import configure_logging, request_fields, user_ref


@pytest.fixture
def restore_logging():
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
    root.setLevel(level)


def lines(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_json_lines_carry_time_level_logger_surface_ids_hashed_user_and_latency(restore_logging):
    out = io.StringIO()
    configure_logging(level="INFO", fmt="json", surface="slack", stream=out)
    logging.getLogger("handlers.slack.requests").info(
        "event:app_mention 200", extra=request_fields(event_id="Ev1", user_id="U123", latency_s=0.0123, status=200))
    logging.getLogger("bot.kb").debug("not at INFO")
    try:
        raise ValueError("boom")
    except ValueError:
        logging.getLogger("bot.qa").exception("answer failed")
    first, second = lines(out)
    assert first["time"].endswith("Z") and "T" in first["time"]
    assert {k: first[k] for k in ("level", "logger", "surface", "message", "event_id", "status", "latency_ms")} == {
        "level": "INFO", "logger": "handlers.slack.requests", "surface": "slack", "message": "event:app_mention 200",
        "event_id": "Ev1", "status": 200, "latency_ms": 12.3}
    assert first["user"] == user_ref("U123") and "U123" not in json.dumps(first)
    assert second["level"] == "ERROR" and "ValueError: boom" in second["exception"] and "\n" not in out.getvalue().splitlines()[1]


def test_user_refs_are_stable_and_distinct():
    assert user_ref("U1") == user_ref("U1") != user_ref("U2")
    assert len(user_ref("U1")) == 12 and user_ref(None) is None


def test_text_is_the_default_and_reconfiguring_replaces_the_handler(restore_logging):
    first, second = io.StringIO(), io.StringIO()
    configure_logging(level="WARNING", stream=first)
    configure_logging(level="WARNING", fmt="json", stream=second)
    logging.getLogger("bot").warning("once")
    assert first.getvalue() == "" and lines(second)[0]["message"] == "once"
    configure_logging(level="INFO", stream=first)
    logging.getLogger("bot").info("plain")
    assert " INFO bot: plain" in first.getvalue()


@pytest.mark.parametrize(("surface", "level", "expected"), [
    ("teams", "ERROR", logging.ERROR), ("slack", "DEBUG", logging.DEBUG), ("cli", "INFO", logging.WARNING),
    ("cli", "DEBUG", logging.DEBUG)])
def test_long_running_surfaces_honour_log_level(restore_logging, monkeypatch, tmp_path, surface, level, expected):
    from bot.cli.common import get_services

    monkeypatch.setenv("BOT_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("LOG_LEVEL", level)
    get_services(surface).close()
    assert logging.getLogger().level == expected


def test_a_bad_log_level_is_a_configuration_error(monkeypatch):
    from bot.config import Settings

    monkeypatch.setenv("LOG_LEVEL", "LOUD")
    with pytest.raises(ValueError, match="LOG_LEVEL must be"):
        Settings(_env_file=None)
