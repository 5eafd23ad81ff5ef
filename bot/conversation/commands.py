"""Every command the assistant understands, in one table. Adding one: a `Command` here, then one
renderer per surface for the reply it returns (see the README, "What is where").

A turn is routed by `route`: a surface's native command (Slack's /ask, /match) wins; then a
leading word (with or without "/", e.g. "help", "/new", "match labs in Lund"); then the wording
(someone asking for partners gets matches); everything else is a question.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.conversation import replies as r
from bot.matching.intent import looks_like_match_request

if TYPE_CHECKING:
    from bot.conversation.core import Conversation, Hooks
    from bot.conversation.turn import Turn

MATCH_LIMIT = 5
HELP_INTRO = ("I answer questions about the life-science collaboration between the Capital Region of Denmark, "
              "Region Zealand, Region Skåne and Massachusetts, from the collaboration's own documents and with "
              "sources, and I find people and organisations to work with.")
MATCH_USAGE = "Tell me who you are looking for, e.g. “match a hospital in Denmark for a wearable ECG trial”."
NO_PROFILE = ("I could not find a profile linked to your account. "
              "Please ask the secretariat to add you to the contact list.")


@dataclass(frozen=True)
class Command:
    name: str
    usage: str
    summary: str
    run: Callable[[Conversation, Turn, str, Hooks], r.Reply]
    aliases: tuple[str, ...] = ()
    limited: bool = True  # counts against the person's rate limit

    def help(self) -> r.CommandHelp:
        return r.CommandHelp(self.name, self.usage, self.summary)


def _ask(core: Conversation, turn: Turn, text: str, hooks: Hooks) -> r.Reply:
    return core.answer(turn, text, hooks)


def _match(core: Conversation, turn: Turn, need: str, hooks: Hooks) -> r.Reply:
    if not need:
        return r.CommandResult("match", MATCH_USAGE)
    hooks.working()
    # The requester's own profile, when they have one, says who is asking.
    result = core.services.matcher.find(need, limit=MATCH_LIMIT, requester_ref=turn.who.ref)
    return r.MatchesReply(need, result.matches, result.note)


def _help(core: Conversation, turn: Turn, _arg: str, _hooks: Hooks) -> r.Reply:
    return r.HelpReply(HELP_INTRO, tuple(c.help() for c in COMMANDS))


def _new(core: Conversation, turn: Turn, _arg: str, _hooks: Hooks) -> r.Reply:
    core.reset(turn)
    return r.NewConversation()


def _profile(core: Conversation, turn: Turn, _arg: str, _hooks: Hooks) -> r.Reply:
    from bot.matching.profiles import find_contact_id, load_profile

    contact_id = find_contact_id(core.services.sessions, user_ref=turn.who.ref)
    if not contact_id:
        return r.CommandResult("profile", NO_PROFILE)
    profile = load_profile(core.services.sessions, contact_id=contact_id)
    profile["introductions"] = core.services.preferences.state(contact_id)  # the snooze and the list: their own
    return r.CommandResult("profile", profile_summary(profile), data=profile)


def profile_summary(profile: dict) -> str:
    lines = [f"{profile['name']}{', ' + profile['organization'] if profile.get('organization') else ''}"]
    for label, key in (("Expertise", "expertise"), ("Offering", "offering"), ("Seeking", "seeking"),
                       ("Languages", "languages")):
        if profile.get(key):
            lines.append(f"{label}: {', '.join(profile[key])}")
    prefs = profile.get("introductions") or {}
    if not profile.get("consent"):
        lines.append("You are not suggested to others (no consent).")
    elif prefs.get("snoozed_until"):
        lines.append(f"Snoozed until {prefs['snoozed_until'][:10]}: you are not suggested until then.")
    elif prefs.get("paused"):
        lines.append("Not suggested for now: requests to you expired unanswered. Answer one or save your settings.")
    else:
        lines.append("You can be suggested and introduced.")
    return "\n".join(lines)


COMMANDS: tuple[Command, ...] = (
    Command("ask", "ask QUESTION", "an answer from the collaboration's documents, with sources", _ask),
    Command("match", "match NEED", "people and organisations for a need, with the reasons", _match),
    Command("profile", "profile", "your own contact profile, as others see it", _profile),
    Command("new", "new", "start a new conversation (follow-ups forget the earlier questions)", _new,
            aliases=("reset", "start over"), limited=False),
    Command("help", "help", "this list", _help, aliases=("hi", "hello", "hey", "hej", "start"), limited=False),
)
_BY_NAME = {name: c for c in COMMANDS for name in (c.name, *c.aliases)}
_LEADING = re.compile(r"^\s*(?P<slash>/)?(?P<word>start over|[a-z]+)\b[\s:,.!?-]*(?P<rest>.*)$", re.I | re.S)


@dataclass(frozen=True)
class Routed:
    command: Command | None  # None: an unknown "/word"
    arg: str
    word: str = ""


def route(turn: Turn) -> Routed:
    """Which command a turn is: "help", "/new", "start over!", "match: labs in Lund", "/ask …"; a bare
    word counts only alone ("help"), except "match", which leads its need."""
    text = turn.text.strip()
    if turn.command:
        word = turn.command.lower().lstrip("/")
        return Routed(_BY_NAME.get(word), text, word)
    lead = _LEADING.match(text)
    if lead:
        word, rest, slash = lead.group("word").lower(), lead.group("rest").strip(), bool(lead.group("slash"))
        command = _BY_NAME.get(word)
        if command is None and slash:
            return Routed(None, rest, word)
        if command is not None and (slash or not rest or command.name == "match"):
            return Routed(command, rest, word)
    if looks_like_match_request(text):
        return Routed(_BY_NAME["match"], text)
    return Routed(_BY_NAME["ask"], text)
