"""What a turn asks for is decided once, in the core, from the turn alone."""

from __future__ import annotations

import pytest

from bot.conversation import Requester, Turn, Where
from bot.conversation.commands import COMMANDS, route

WHERE = Where("cli", "ann", "s1")


def routed(text: str, command: str | None = None) -> tuple[str | None, str]:
    result = route(Turn(Requester.cli("ann"), WHERE, text, command=command))
    return (result.command.name if result.command else None), result.arg


@pytest.mark.parametrize(("text", "expected"), [
    ("How long can a visiting researcher stay?", ("ask", "How long can a visiting researcher stay?")),
    ("Who can help me find a hospital partner in Denmark for a wearable ECG trial?",
     ("match", "Who can help me find a hospital partner in Denmark for a wearable ECG trial?")),
    ("match a hospital in Denmark for a wearable ECG trial", ("match", "a hospital in Denmark for a wearable ECG trial")),
    ("Match: labs in Lund", ("match", "labs in Lund")),
    ("match", ("match", "")),
    ("matching rules for exchanges?", ("ask", "matching rules for exchanges?")),
    ("help", ("help", "")), ("Hi!", ("help", "")), ("/help", ("help", "")),
    ("help me find investors in Boston", ("match", "help me find investors in Boston")),
    ("new", ("new", "")), ("start over!", ("new", "")), ("/reset", ("new", "")),
    ("new rules for the stipend?", ("ask", "new rules for the stipend?")),
    ("profile", ("profile", "")),
    ("/ask how long can I stay", ("ask", "how long can I stay")),
    ("/bogus thing", (None, "thing")),
])
def test_text_is_routed_by_its_words_not_by_the_surface(text, expected):
    assert routed(text) == expected


def test_a_native_command_wins_over_the_wording():
    assert routed("find me a partner", command="ask") == ("ask", "find me a partner")
    assert routed("how long can I stay?", command="/match") == ("match", "how long can I stay?")


def test_every_command_has_a_usage_and_summary_for_help():
    assert {c.name for c in COMMANDS} == {"ask", "match", "profile", "new", "help"}
    assert all(c.usage.startswith(c.name) and c.summary for c in COMMANDS)


def test_requester_reference_is_spelled_once():
    assert Requester.slack("U1").ref == "slack:U1" and Requester.teams("aad-1").ref == "teams:aad-1"
    assert Requester.parse("teams:aad-1") == Requester.teams("aad-1", name="Ann")  # the name is not identity
    with pytest.raises(ValueError):
        Requester("fax", "1")
