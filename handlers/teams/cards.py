"""Adaptive Cards (schema 1.5) for Teams, as pure functions from core values to card JSON.

No SDK imports here: cards are plain dicts, so they are tested without a server and can be
pasted into the Adaptive Card designer as they are.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from bot.qa.types import Answer, Source
from bot.qa.wording import source_note

CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
VERSION = "1.5"  # the newest version Teams renders on every client

# `verb` is the key the SDK's adaptive_card.action_submit() routes on.
FEEDBACK_VERB = "answer_feedback"
ASK_VERB = "ask"

# Teams rejects messages over ~28 KB; these caps keep a card well below that.
MAX_ANSWER_CHARS = 6000
MAX_LINE_CHARS = 300
MAX_SOURCES = 8

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

Card = dict[str, Any]


def clean(text: str | None, limit: int) -> str:
    """Drop control characters (they break some Teams clients) and cap the length."""
    text = _CONTROL.sub("", text or "")
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def adaptive_card(body: list[dict], actions: list[dict] | None = None) -> Card:
    card: Card = {"type": "AdaptiveCard", "$schema": SCHEMA, "version": VERSION, "body": body}
    if actions:
        card["actions"] = actions
    card["msteams"] = {"width": "Full"}  # answers read better without the narrow default
    return card


def text_run(text: str, **style: Any) -> dict:
    """A TextRun shows its text literally (no Markdown), so it is safe for titles and paths."""
    return {"type": "TextRun", "text": clean(text, MAX_LINE_CHARS), **style}


def source_line(source: Source) -> dict:
    """`[n] Title — Section (path)`; the title opens the document when it has a link."""
    title = text_run(source.title or source.source)
    link = source.link if source.link.startswith(("https://", "http://")) else ""  # never javascript: or file:
    if link:
        title["selectAction"] = {"type": "Action.OpenUrl", "url": link, "title": clean(source.title, 100) or "Open"}
    inlines = [text_run(f"[{source.n}] ", weight="Bolder"), title]
    if source.section:
        inlines.append(text_run(f" — {source.section}", isSubtle=True))
    if source.source and source.source != link:
        inlines.append(text_run(f" ({source.source})", isSubtle=True))
    if note := source_note(source.updated, source.example):
        inlines.append(text_run(f" · {note}", isSubtle=True))
    return {"type": "RichTextBlock", "inlines": inlines, "spacing": "Small"}


def feedback_actions(answer_id: str) -> list[dict]:
    return [
        {"type": "Action.Submit", "title": f"{icon} {label}", "data": {"verb": FEEDBACK_VERB, "answer_id": answer_id, "rating": rating}}
        for icon, label, rating in (("👍", "Helpful", 1), ("👎", "Not helpful", -1))
    ]


def answer_card(answer: Answer) -> Card:
    """The answer with its [n] markers, the numbered sources, and 👍/👎 when the answer is on record."""
    body: list[dict] = [{"type": "TextBlock", "text": clean(answer.text.strip(), MAX_ANSWER_CHARS), "wrap": True}]
    sources = answer.sources[:MAX_SOURCES]
    if sources:
        body.append({"type": "TextBlock", "text": "Sources", "weight": "Bolder", "size": "Small", "separator": True, "spacing": "Medium"})
        body.extend(source_line(s) for s in sources)
    actions = feedback_actions(answer.answer_id) if answer.answer_id else None
    return adaptive_card(body, actions)


def ask_action(question: str) -> dict:
    """A button that asks `question`: Teams posts it as the user's message (imBack);
    other clients (Agents Playground, Emulator) submit it with the `ask` verb instead."""
    question = clean(question, MAX_LINE_CHARS)
    return {
        "type": "Action.Submit",
        "title": question,
        "data": {"verb": ASK_VERB, "question": question, "msteams": {"type": "imBack", "value": question}},
    }


def welcome_card(questions: Sequence[str], *, staff_contact: str, commands: Sequence[tuple[str, str]] = ()) -> Card:
    """The greeting with suggested questions; as help, also the commands (usage, summary) one can type."""
    body: list[dict] = [
        {"type": "TextBlock", "text": "Hi! I'm the Øresund–Massachusetts life-science assistant.", "weight": "Bolder", "size": "Medium", "wrap": True},
        {
            "type": "TextBlock",
            "wrap": True,
            "text": (
                "Ask me about the collaboration agreement, researcher and student exchanges, funding and joint projects. "
                "I answer from the collaboration's documents and show which ones I used. "
                "Write to me here, or @mention me in a channel; follow-up questions use the conversation so far."
            ),
        },
        {"type": "TextBlock", "text": "Try one of these:", "weight": "Bolder", "size": "Small", "spacing": "Medium", "wrap": True},
    ]
    # One ActionSet per question: each button gets a full-width row instead of a truncated column.
    body.extend({"type": "ActionSet", "actions": [ask_action(q)], "spacing": "Small"} for q in questions)
    if commands:
        lines = "\n".join(f"- **{clean(usage, 60)}**: {clean(summary, MAX_LINE_CHARS)}" for usage, summary in commands)
        body.append({"type": "TextBlock", "text": "Or write:\n" + lines, "wrap": True, "spacing": "Medium"})
    body.append({"type": "RichTextBlock", "spacing": "Medium", "inlines": [text_run(f"Anything I can't answer goes to {staff_contact}.", isSubtle=True)]})
    return adaptive_card(body)
