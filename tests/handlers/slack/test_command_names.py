"""SLACK_COMMAND_PREFIX: the app answers to /x-ask etc., and its help texts name those commands."""

from __future__ import annotations

import json

import pytest

from handlers.slack.command_names import renamed, slash


def test_names_and_help_texts_follow_the_prefix() -> None:
    assert slash("", "ask") == "/ask" and slash("x", "kb") == "/x-kb"
    assert renamed("Try `/ask` or `/kb list`, not /asking or a/match or /x-ask", "x") == (
        "Try `/x-ask` or `/x-kb list`, not /asking or a/match or /x-ask")
    assert renamed("Try `/ask`", "") == "Try `/ask`"


def test_the_settings_normalise_or_refuse_a_prefix(tmp_path) -> None:
    from pydantic import ValidationError

    from tests.conftest import make_settings

    assert make_settings(tmp_path, slack_command_prefix=" /Oresund- ").slack_command_prefix == "oresund"
    with pytest.raises(ValidationError, match="prefix"):
        make_settings(tmp_path, slack_command_prefix="two words")


@pytest.fixture
def prefixed(make_harness):
    return make_harness(slack_command_prefix="x")


def test_the_app_answers_to_the_prefixed_commands(prefixed) -> None:
    status, body = prefixed.command("", name="/x-ask")
    assert status == 200 and "`/x-ask How long" in json.loads(body)["text"]
    status, body = prefixed.command("", name="/x-match")
    assert status == 200 and "/x-match" in json.loads(body)["text"]


def test_the_unprefixed_command_is_unknown_and_points_to_the_prefixed_one(prefixed) -> None:
    status, body = prefixed.command("How long can I stay?", name="/ask")
    text = json.loads(body)["text"]
    assert status == 200 and "I can't do `/ask`" in text and "`/x-ask`" in text
