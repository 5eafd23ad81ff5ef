"""Block Kit builders: pure functions from the core's values to Slack messages and views."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone

from bot.qa.types import Answer, Source
from bot.qa.wording import source_note
from handlers.slack.command_names import CommandNames
from handlers.slack.text import (
    FALLBACK_TEXT_LIMIT,
    HOME_BLOCK_LIMIT,
    MESSAGE_BLOCK_LIMIT,
    SECTION_TEXT_LIMIT,
    escape,
    split_text,
    to_mrkdwn,
    truncate,
)

FEEDBACK_ACTION = "answer_feedback"
SHARE_ACTION = "share_answer"
ASK_HUMAN_ACTION = "ask_human"
FEEDBACK_VIEW = "feedback_comment"
POSITIVE, NEGATIVE = "good", "bad"

SUGGESTED_PROMPTS = [
    {"title": "What does the agreement cover?", "message": "What does the collaboration agreement cover?"},
    {"title": "How do researcher exchanges work?", "message": "How do researcher exchanges work?"},
    {"title": "Find me a partner in Massachusetts", "message": "Find me a partner in Massachusetts"},
]
GREETING = (
    "Hi! I answer questions about the life-science collaboration between the Capital Region of Denmark, "
    "Region Zealand, Region Skåne and Massachusetts, from the collaboration's own documents and with sources."
)
THINKING = "is looking through the collaboration's documents…"
LOADING_MESSAGES = ["Searching the documents…", "Reading the best passages…", "Writing the answer…"]
WRONG_REASONS = {
    "wrong": "Wrong or out of date",
    "incomplete": "Did not answer my question",
    "unsupported": "The sources do not say this",
    "other": "Something else",
}
_MODE_NOTE = {
    "extractive": "Quoted from the collaboration's documents. Check the sources before relying on it.",
    "llm": "Written by an AI model from the documents cited. Check the sources before relying on it.",
    "abstain": "Not covered by the collaboration's documents.",
}


@dataclass
class Message:
    text: str
    blocks: list[dict] = field(default_factory=list)

    def as_kwargs(self) -> dict:
        return {"text": self.text, "blocks": self.blocks}


# ----- answers ---------------------------------------------------------------------------------
def source_link(source: Source) -> str:
    return escape(source.link) if source.link else ""


def answer_text_blocks(answer: Answer) -> list[dict]:
    links = {s.n: source_link(s) for s in answer.sources if s.link}
    body = to_mrkdwn(answer.text, links) or "_(no answer)_"
    return [_section(piece, f"answer_{i}") for i, piece in enumerate(split_text(body, SECTION_TEXT_LIMIT))]


def sources_blocks(sources: list[Source]) -> list[dict]:
    if not sources:
        return []
    lines = []
    for s in sources:
        title = escape(truncate(s.title or s.source, 150))
        section = f" — {escape(truncate(s.section, 120))}" if s.section and s.section != s.title else ""
        note = source_note(s.updated, s.example)
        note = f" · _{escape(note)}_" if note else ""
        if s.link:
            lines.append(f"[{s.n}] <{source_link(s)}|{title}>{section}{note}")
        else:
            lines.append(f"[{s.n}] *{title}*{section} · `{escape(truncate(s.source, 200))}`{note}")
    text = "*Sources*\n" + "\n".join(lines)
    return [_section(piece, f"sources_{i}") for i, piece in enumerate(split_text(text, SECTION_TEXT_LIMIT))]


def context_block(answer: Answer, *, shared_by: str | None = None) -> dict:
    note = _MODE_NOTE.get(answer.mode, _MODE_NOTE["extractive"])
    if shared_by:
        note = f"Shared by <@{shared_by}>. {note}"
    return {"type": "context", "block_id": "answer_context", "elements": [{"type": "mrkdwn", "text": note}]}


def feedback_blocks(answer_id: str | None, *, private: bool = False) -> list[dict]:
    """👍/👎 (carrying the answer id), "Ask a human" and, on a private answer, "Share in channel"."""
    if not answer_id:
        return []
    buttons = [_button("Ask a human", ASK_HUMAN_ACTION, answer_id)]
    if private:
        buttons.insert(0, _button("Share in channel", SHARE_ACTION, answer_id, style="primary"))
    return [
        {"type": "context_actions", "block_id": "feedback", "elements": [{
            "type": "feedback_buttons", "action_id": FEEDBACK_ACTION,
            "positive_button": {"text": {"type": "plain_text", "text": "Helpful"},
                                "accessibility_label": "This answer was helpful", "value": f"{POSITIVE}:{answer_id}"},
            "negative_button": {"text": {"type": "plain_text", "text": "Not helpful"},
                                "accessibility_label": "This answer was not helpful", "value": f"{NEGATIVE}:{answer_id}"},
        }]},
        {"type": "actions", "block_id": "answer_actions", "elements": buttons},
    ]


def answer_tail_blocks(answer: Answer, *, private: bool = False, shared_by: str | None = None) -> list[dict]:
    """What follows the answer's text: sources, a context line and the buttons."""
    return [*sources_blocks(answer.sources), context_block(answer, shared_by=shared_by),
            *feedback_blocks(answer.answer_id, private=private)]


def answer_messages(answer: Answer, *, private: bool = False, shared_by: str | None = None) -> list[Message]:
    """One message per 50 blocks; the sources and buttons go with the last one."""
    body = answer_text_blocks(answer)
    if shared_by:
        question = escape(truncate(answer.question, 500))
        body.insert(0, _section(f"<@{shared_by}> asked: _{question}_", "shared_question"))
    tail = answer_tail_blocks(answer, private=private, shared_by=shared_by)
    fallback = truncate(escape(answer.text), FALLBACK_TEXT_LIMIT)
    groups: list[list[dict]] = []
    while len(body) + len(tail) > MESSAGE_BLOCK_LIMIT:
        groups.append(body[:MESSAGE_BLOCK_LIMIT])
        body = body[MESSAGE_BLOCK_LIMIT:]
    groups.append(body + tail)
    return [Message(fallback if i == 0 else "(continued)", blocks) for i, blocks in enumerate(groups)]


def plain(text: str) -> Message:
    """A short notice as a message (escaped; no formatting from outside can slip in)."""
    return Message(truncate(escape(text), FALLBACK_TEXT_LIMIT), [_section(truncate(escape(text), SECTION_TEXT_LIMIT), "notice")])


# ----- help ----------------------------------------------------------------------------------
SLASH_COMMANDS = ("ask", "match", "profile")


def help_message(reply, names: CommandNames) -> Message:  # noqa: ANN001 - bot.conversation.replies.HelpReply
    """The core's commands: in Slack, each can be typed in a message; some are slash commands too, under
    the names this workspace gave them."""
    lines = [f"• `{escape(c.usage)}`{' (or `' + names[c.name] + '`)' if c.name in SLASH_COMMANDS else ''}"
             f" — {escape(c.summary)}" for c in reply.commands]
    body = escape(reply.intro) + "\n\nAsk me anything, or write:\n" + "\n".join(lines)
    return Message(truncate(escape(reply.intro), FALLBACK_TEXT_LIMIT), [_section(truncate(body, SECTION_TEXT_LIMIT), "help")])


# ----- feedback and escalation ------------------------------------------------------------------
def feedback_modal(answer_id: str, *, channel: str | None = None, thread_ts: str | None = None) -> dict:
    metadata = json.dumps({"answer_id": answer_id, "channel": channel, "thread_ts": thread_ts})
    options = [{"text": {"type": "plain_text", "text": label}, "value": key} for key, label in WRONG_REASONS.items()]
    return {
        "type": "modal", "callback_id": FEEDBACK_VIEW, "private_metadata": metadata,
        "title": {"type": "plain_text", "text": "What was wrong?"},
        "submit": {"type": "plain_text", "text": "Send"},
        "close": {"type": "plain_text", "text": "Skip"},
        "blocks": [
            _section("Thanks — your 👎 is recorded. If you like, tell us what was wrong so the documents can be fixed."),
            {"type": "input", "block_id": "reasons", "optional": True,
             "label": {"type": "plain_text", "text": "What was wrong"},
             "element": {"type": "checkboxes", "action_id": "value", "options": options}},
            {"type": "input", "block_id": "comment", "optional": True,
             "label": {"type": "plain_text", "text": "Anything else?"},
             "element": {"type": "plain_text_input", "action_id": "value", "multiline": True, "max_length": 2000}},
        ],
    }


def feedback_comment(state_values: dict) -> str | None:
    """The modal's answers as one comment, or None when the person left it empty."""
    picked = (state_values.get("reasons", {}).get("value", {}) or {}).get("selected_options") or []
    reasons = [WRONG_REASONS.get(o.get("value"), o.get("value", "")) for o in picked]
    text = ((state_values.get("comment", {}).get("value", {}) or {}).get("value") or "").strip()
    parts = ["; ".join(r for r in reasons if r), text]
    comment = " — ".join(p for p in parts if p)
    return comment or None


def escalation_message(*, user_id: str, question: str, answer: str, permalink: str | None,
                       channel_id: str | None, usergroup: str | None = None) -> Message:
    who = f"<!subteam^{usergroup}> " if usergroup else ""
    where = f"<{escape(permalink)}|Open the conversation>" if permalink else (
        f"Asked privately in <#{channel_id}>; reply to <@{user_id}> directly." if channel_id else "")
    lines = [f"{who}<@{user_id}> would like a person to follow up on a question.",
             f"*Question*\n{escape(truncate(question, 1000))}",
             f"*The assistant answered*\n{escape(truncate(answer, 1500))}"]
    blocks = [_section(line, f"escalation_{i}") for i, line in enumerate(lines)]
    if where:
        blocks.append({"type": "context", "block_id": "escalation_link", "elements": [{"type": "mrkdwn", "text": where}]})
    return Message(f"<@{user_id}> would like a person to follow up on a question.", blocks)


# ----- App Home ---------------------------------------------------------------------------------
def home_view(stats: dict, *, names: CommandNames, commands: list[str] | None = None,
              unanswered: list[dict] | None = None) -> dict:
    """The App Home: what the assistant does, how to ask, the knowledge base; staff also see the gaps."""
    blocks: list[dict] = [
        {"type": "header", "text": {"type": "plain_text", "text": "Øresund–Massachusetts life-science assistant"}},
        _section(GREETING + " Topics include the collaboration agreement, researcher and student exchanges, "
                 "funding, clusters and joint projects."),
        {"type": "header", "text": {"type": "plain_text", "text": "How to ask"}},
        _section("• *Message me* here, or open me from the AI assistant icon; I answer in a thread.\n"
                 "• *Mention me* in a channel; follow-up questions in that thread need no mention.\n"
                 f"• *{names.ask}* _your question_ answers privately, with a button to share the answer.\n"
                 "• Every answer cites its sources. Rate it with 👍/👎, or choose *Ask a human* to bring in "
                 "the secretariat."),
        {"type": "header", "text": {"type": "plain_text", "text": "Knowledge base"}},
        _section(_kb_line(stats)),
    ]
    if unanswered is not None:
        blocks += [{"type": "divider"}, {"type": "header", "text": {"type": "plain_text", "text": "For staff: unanswered questions"}}]
        if not unanswered:
            blocks.append(_section("Nothing unanswered recently."))
        for row in unanswered:
            asked = escape(str(row.get("asked_at", ""))[:16].replace("T", " "))
            blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text":
                           f"*{escape(truncate(row.get('question', ''), 300))}*  ·  {asked} via {escape(str(row.get('surface', '')))}"}]})
        if commands:
            blocks.append(_section("Manage the documents with " + ", ".join(f"`{c}`" for c in commands) + "."))
    return {"type": "home", "blocks": blocks[:HOME_BLOCK_LIMIT]}


def _kb_line(stats: dict) -> str:
    docs, chunks, when = stats.get("documents", 0), stats.get("chunks", 0), stats.get("last_indexed")
    if not docs:
        return "The knowledge base is empty at the moment; staff can add documents."
    line = f"*{docs}* documents in *{chunks}* passages"
    if isinstance(when, str):
        try:
            when = datetime.fromisoformat(when)
        except ValueError:
            pass
    if isinstance(when, datetime):
        when = when if when.tzinfo else when.replace(tzinfo=timezone.utc)
        line += f", last updated <!date^{int(when.timestamp())}^{{date_short_pretty}} at {{time}}|{when.astimezone(timezone.utc):%Y-%m-%d %H:%M} UTC>"
    elif when:
        line += f", last updated {escape(str(when))}"
    return line + "."


# ----- small parts ------------------------------------------------------------------------------
def _section(text: str, block_id: str | None = None) -> dict:
    block = {"type": "section", "text": {"type": "mrkdwn", "text": text}}
    if block_id:
        block["block_id"] = block_id
    return block


def _button(text: str, action_id: str, value: str, *, style: str | None = None) -> dict:
    button = {"type": "button", "action_id": action_id, "value": value, "text": {"type": "plain_text", "text": text}}
    if style:
        button["style"] = style
    return button
