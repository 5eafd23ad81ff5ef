"""Slack's text rules: mrkdwn escaping, Markdown to mrkdwn, reading questions, splitting to the limits."""

from __future__ import annotations

import html
import re

SECTION_TEXT_LIMIT = 3000  # characters in one section block's text
MESSAGE_BLOCK_LIMIT = 50  # blocks in one message
HOME_BLOCK_LIMIT = 100  # blocks in the App Home view
FALLBACK_TEXT_LIMIT = 38_000  # Slack truncates a message's text past 40,000 characters

_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*|__(?=\S)(.+?)(?<=\S)__")
_ITALIC = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(.+?)[ \t#]*$", re.M)
_BULLET = re.compile(r"^([ \t]*)[-*+][ \t]+", re.M)
_MD_LINK = re.compile(r"\[([^\]\n]+)\]\((https?://[^\s)]+)\)")
_CITATION = re.compile(r"\[(\d+)\](?!\()")
_SLACK_LINK = re.compile(r"<(https?://[^|>]+)(?:\|([^>]*))?>")
_SLACK_USER = re.compile(r"<@([UW][A-Z0-9]+)(?:\|([^>]*))?>")
_SLACK_CHANNEL = re.compile(r"<#([CGD][A-Z0-9]+)(?:\|([^>]*))?>")
_SLACK_SPECIAL = re.compile(r"<!([^|>]+)(?:\|([^>]*))?>")
_MENTION_START = re.compile(r"<(?=[!@#])")
_LINK_START = re.compile(r"<(?![!@#])|\](?=\()")  # one character of look-ahead: safe at a chunk's end


def escape(text: str) -> str:
    """Escape the three characters Slack's mrkdwn gives meaning to, so text can never ping or link."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def neutralize_mentions(text: str) -> str:
    """Keep `<!channel>`, `<@U…>` and `<#C…>` written by a model or a document from notifying anyone."""
    return _MENTION_START.sub("<\u200b", text)


def disarm_links(text: str) -> str:
    """Break `<url|label>` and `[label](url)` in streamed Markdown, so a label cannot hide where a link goes."""
    return _LINK_START.sub(lambda m: m.group(0) + "\u200b", text)


def to_mrkdwn(markdown: str, links: dict[int, str] | None = None) -> str:
    """Markdown (as a language model writes it) to Slack mrkdwn, escaped; `[n]` links to source n."""
    text = escape(markdown)
    text = _MD_LINK.sub(lambda m: f"<{m.group(2)}|{m.group(1).replace('|', '/')}>", text)
    text = _HEADING.sub(lambda m: f"\x01{m.group(1)}\x01", text)
    text = _BULLET.sub(lambda m: f"{m.group(1)}• ", text)
    text = _BOLD.sub(lambda m: f"\x01{m.group(1) or m.group(2)}\x01", text)
    text = _ITALIC.sub(lambda m: f"_{m.group(1)}_", text)
    text = text.replace("\x01", "*")
    if links:
        text = _CITATION.sub(lambda m: f"<{links[int(m.group(1))]}|[{m.group(1)}]>" if int(m.group(1)) in links
                             else m.group(0), text)
    return text


def from_slack(text: str, *, bot_user_id: str | None = None) -> str:
    """What a person typed, without Slack's markup: the bot's own mention removed, links and names as text."""
    if bot_user_id:
        text = re.sub(rf"<@{re.escape(bot_user_id)}(?:\|[^>]*)?>", " ", text)
    text = _SLACK_LINK.sub(lambda m: m.group(2) or m.group(1), text)
    text = _SLACK_USER.sub(lambda m: "@" + (m.group(2) or m.group(1)), text)
    text = _SLACK_CHANNEL.sub(lambda m: "#" + (m.group(2) or m.group(1)), text)
    text = _SLACK_SPECIAL.sub(lambda m: m.group(2) or "@" + m.group(1).split("^")[0], text)
    text = html.unescape(text)
    return re.sub(r"[ \t]+", " ", text).strip()


def mentions(text: str, user_id: str | None) -> bool:
    return bool(user_id) and f"<@{user_id}" in (text or "")


def truncate(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = _safe_cut(text, limit - 1)
    return text[:cut].rstrip() + "…"


def split_text(text: str, limit: int = SECTION_TEXT_LIMIT) -> list[str]:
    """Pieces of at most `limit` characters, cut at paragraph, line, sentence or word boundaries.

    A cut never falls inside an escape such as `&amp;` or a link such as `<url|title>`.
    """
    pieces: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        cut = _boundary(rest, limit)
        piece = rest[:cut].rstrip()
        if piece:
            pieces.append(piece)
        rest = rest[cut:].lstrip()
    if rest:
        pieces.append(rest)
    return pieces


def _boundary(text: str, limit: int) -> int:
    window = text[: limit + 1]
    floor = limit // 3
    for pattern in (r"\n\s*\n", r"\n", r"[.!?](?:\s|$)", r"[;:,](?:\s|$)", r"\s"):
        ends = [m.end() for m in re.finditer(pattern, window) if floor <= m.end() <= limit]
        for end in reversed(ends):
            if _safe_cut(text, end) == end:
                return end
    return _safe_cut(text, limit)


def _safe_cut(text: str, pos: int) -> int:
    """Move `pos` back so it does not split an `&…;` escape or a `<…>` link."""
    head = text[:pos]
    opening, closing = head.rfind("<"), head.rfind(">")
    if opening > closing and opening > 0:
        pos = opening
        head = text[:pos]
    amp = head.rfind("&")
    if amp != -1 and ";" not in head[amp:] and pos - amp <= 8 and amp > 0:
        pos = amp
    return max(pos, 1)
