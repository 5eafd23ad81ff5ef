"""Block Kit builders for /kb and the staff gaps: pure functions from the core's values to messages."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timezone

from bot.kb.admin import Added
from bot.kb.base import DocumentInfo
from bot.qa.gaps import Gap
from handlers.slack.blocks import Message, plain
from handlers.slack.command_names import CommandNames
from handlers.slack.text import (
    FALLBACK_TEXT_LIMIT,
    MESSAGE_BLOCK_LIMIT,
    SECTION_TEXT_LIMIT,
    escape,
    split_text,
    truncate,
)

USAGE = (
    "Manage the knowledge base:\n"
    "• `/kb add URL` index a web page (or share a file with me in a direct message)\n"
    "• `/kb list` the indexed documents with their SOURCE\n"
    "• `/kb remove SOURCE` remove a document and all its passages\n"
    "• `/kb reindex` re-index the knowledge folder\n"
    "• `/kb gaps` what people asked that I could not answer"
)
# The fixed texts name the commands by their default names; `names.text(...)` gives the workspace's.
NOT_STAFF = ("Sorry, `/kb` is for the collaboration's staff, who look after the knowledge base. "
             "If a document is missing or wrong, tell the secretariat and they will add it.")
NOT_STAFF_FILE = ("Thanks for the file! Only staff can add documents to the knowledge base, so I did not index it. "
                  "If it should be added, please send it to the secretariat.")
MAX_LIST_MESSAGES = 4  # a response_url takes at most 5 replies


def added_text(name: str, added: Added, names: CommandNames) -> str:
    """One line about one indexed file or page."""
    if added.duplicate_of:
        return (f"*{escape(name)}* is already in the knowledge base as `{escape(added.duplicate_of)}`; "
                "nothing was added.")
    verb = "Updated" if added.updated else "Added"
    return (f"{verb} *{escape(truncate(added.title or name, 200))}* ({added.chunks} passages) "
            f"as `{escape(added.source)}`. Remove it with `{names.kb} remove {escape(added.source)}`.")


def queued_text(name: str) -> str:
    return (f"*{escape(truncate(name, 200))}* is large, so it is being indexed in the background; "
            "I will send you a message when it is done.")


def failed_text(name: str, reason: str) -> str:
    return f"Could not add *{escape(truncate(name, 200))}*: {escape(reason)}"


def results_message(lines: list[str]) -> Message:
    """The outcome of one upload or /kb add: one section per file, already escaped."""
    text = "\n".join(lines)
    blocks = [_section(piece, f"kb_result_{i}") for i, piece in
              enumerate(split_text(text, SECTION_TEXT_LIMIT)[:MESSAGE_BLOCK_LIMIT])]
    return Message(truncate(text, FALLBACK_TEXT_LIMIT), blocks)


def size_text(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def document_line(doc: DocumentInfo) -> str:
    parts = [escape(doc.category or "uncategorised"), f"updated {escape(str(doc.updated or doc.indexed_at)[:10])}",
             size_text(doc.size_bytes), f"{doc.chunks} passages"]
    title = escape(truncate(doc.title or doc.source, 150))
    return f"• `{escape(doc.source)}` — *{title}*\n      {' · '.join(parts)}"


def document_list_messages(docs: Sequence[DocumentInfo], names: CommandNames) -> list[Message]:
    """The documents, sorted by source, split into sections and messages within Slack's limits."""
    if not docs:
        return [plain(f"The knowledge base is empty. Add a page with `{names.kb} add URL` or share a file with me.")]
    docs = sorted(docs, key=lambda d: d.source)
    header = f"*{len(docs)} documents* in the knowledge base. Remove one with `{names.kb} remove SOURCE`."
    sections = [_section(header, "kb_list_header")]
    for i, piece in enumerate(split_text("\n".join(document_line(d) for d in docs), SECTION_TEXT_LIMIT)):
        sections.append(_section(piece, f"kb_list_{i}"))
    messages: list[Message] = []
    for start in range(0, len(sections), MESSAGE_BLOCK_LIMIT):
        group = sections[start:start + MESSAGE_BLOCK_LIMIT]
        fallback = header if start == 0 else "(continued)"
        messages.append(Message(fallback, group))
    if len(messages) > MAX_LIST_MESSAGES:
        shown = messages[:MAX_LIST_MESSAGES]
        shown[-1].blocks[-1:] = [_section("… the list is too long to show in full here; "
                                          "`python index_docs.py --json` on the server has all of it.", "kb_list_more")]
        return shown
    return messages


def removed_message(doc: DocumentInfo) -> Message:
    return plain(f"Removed {doc.title or doc.source} ({doc.source}) and its {doc.chunks} passages.")


def reindex_summary_message(summary: str, failed: Sequence[dict]) -> Message:
    lines = [f"*Re-index finished:* {escape(summary)}."]
    for row in failed[:15]:
        lines.append(f"• `{escape(str(row.get('path', '')))}`: {escape(truncate(str(row.get('error', '')), 300))}")
    if len(failed) > 15:
        lines.append(f"… and {len(failed) - 15} more failures.")
    return results_message(lines)


def gap_lines(gap: Gap) -> str:
    why = []
    if gap.unanswered:
        why.append(f"{gap.unanswered} unanswered")
    if gap.downvoted:
        why.append(f"{gap.downvoted} 👎")
    when = _aware(gap.last_asked)
    line = (f"*{escape(truncate(gap.question, 300))}*\nAsked {gap.count}× ({', '.join(why)}), "
            f"last on {when:%Y-%m-%d}")
    others = [v for v in gap.variants if v != gap.question][:3]
    if others:
        line += "\n_Also asked as:_ " + "; ".join(f"“{escape(truncate(v, 150))}”" for v in others)
    return line


def gaps_blocks(gaps: Sequence[Gap], *, days: int = 30) -> list[dict]:
    if not gaps:
        return [_section(f"No gaps in the last {days} days: every question found an answer and none was voted down.",
                         "kb_gaps_none")]
    return [_section(truncate(gap_lines(g), SECTION_TEXT_LIMIT), f"kb_gap_{i}") for i, g in enumerate(gaps)]


def gaps_message(gaps: Sequence[Gap], names: CommandNames, *, days: int = 30) -> Message:
    header = (f"*Knowledge gaps, last {days} days:* {len(gaps)} topics people asked about that the documents "
              f"did not answer (similar questions grouped). Add a document with `{names.kb} add URL` or by sharing a file.")
    blocks = [_section(header, "kb_gaps_header"), *gaps_blocks(gaps, days=days)][:MESSAGE_BLOCK_LIMIT]
    return Message(f"Knowledge gaps, last {days} days: {len(gaps)} topics", blocks)


def home_gaps_blocks(gaps: Sequence[Gap], *, days: int = 30, room: int = 100) -> list[dict]:
    """The staff section of App Home: grouped gaps, at most `room` blocks."""
    if room < 3:
        return []
    blocks = [{"type": "divider"}, {"type": "header", "text": {"type": "plain_text", "text": "For staff: knowledge gaps"}}]
    return (blocks + gaps_blocks(gaps, days=days))[:room]


def _aware(when: datetime) -> datetime:
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def _section(text: str, block_id: str | None = None) -> dict:
    block = {"type": "section", "text": {"type": "mrkdwn", "text": text}}
    if block_id:
        block["block_id"] = block_id
    return block
