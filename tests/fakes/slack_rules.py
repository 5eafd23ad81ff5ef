"""What real Slack refuses in message and view payloads, checked with `slack_sdk.models`.

The fake Slack Web API runs every `blocks`, `view` and message text through these checks, so a
payload the real workspace would refuse (`invalid_blocks`, `msg_too_long`, `invalid_arguments`)
fails the test that produced it instead of passing silently.
"""

from __future__ import annotations

import warnings
from typing import Any, Optional

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

MESSAGE_BLOCKS = 50  # per message
VIEW_BLOCKS = 100  # per modal or App Home
TEXT_LIMIT = 40_000  # message text; Slack answers msg_too_long past it
TEXT_FIELDS = ("text", "markdown_text")


class Refusal(Exception):
    """An `ok: false` answer: `error` is Slack's code, `messages` its `response_metadata.messages`."""

    def __init__(self, error: str, *messages: str) -> None:
        super().__init__(error, *messages)
        self.error, self.messages = error, list(messages)

    def body(self) -> dict:
        body: dict[str, Any] = {"ok": False, "error": self.error}
        if self.messages:
            body["response_metadata"] = {"messages": self.messages}
        return body


def _formation_error(obj: Any) -> Optional[str]:
    """None when `obj` builds and validates with slack_sdk.models; else what is wrong."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            obj.to_dict()  # validates nested objects too
        except (SlackObjectFormationError, TypeError, ValueError, AttributeError, KeyError) as exc:
            return str(exc) or exc.__class__.__name__
    unknown = [str(w.message) for w in caught if "unknown" in str(w.message).lower()]
    return unknown[0] if unknown else None


def check_blocks(blocks: Any, limit: int = MESSAGE_BLOCKS, pointer: str = "/blocks") -> None:
    """Refuse `blocks` as Slack would: `invalid_blocks_format` for non-lists, else `invalid_blocks`."""
    if not isinstance(blocks, list) or not all(isinstance(b, dict) for b in blocks):
        raise Refusal("invalid_blocks_format", f"[ERROR] must be an array of objects [json-pointer:{pointer}]")
    if len(blocks) > limit:
        raise Refusal("invalid_blocks", f"[ERROR] no more than {limit} items allowed [json-pointer:{pointer}]")
    seen: set[str] = set()
    for i, raw in enumerate(blocks):
        where = f"[json-pointer:{pointer}/{i}]"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                block = Block.parse(dict(raw))
            except (SlackObjectFormationError, TypeError, ValueError, AttributeError, KeyError) as exc:
                raise Refusal("invalid_blocks", f"[ERROR] {exc} {where}") from None
        if block is None:
            raise Refusal("invalid_blocks", f"[ERROR] unknown block type {raw.get('type')!r} {where}")
        unknown = sorted(set(raw) - set(block.attributes) - {"type"})
        if unknown:
            raise Refusal("invalid_blocks", f"[ERROR] unknown field {unknown[0]!r} {where}")
        problem = _formation_error(block)
        if problem:
            raise Refusal("invalid_blocks", f"[ERROR] {problem} {where}")
        block_id = raw.get("block_id")
        if block_id is not None:
            if block_id in seen:
                raise Refusal("invalid_blocks", f"[ERROR] duplicate block_id {block_id!r} {where}")
            seen.add(block_id)


def check_message(args: dict, *, needs_content: bool = True) -> list[str]:
    """Refuse a message payload Slack would refuse; returns warnings (e.g. blocks without fallback text)."""
    for key in TEXT_FIELDS:
        value = args.get(key)
        if value is not None and not isinstance(value, str):
            raise Refusal("invalid_arguments", f"[ERROR] {key} must be a string [json-pointer:/{key}]")
        if isinstance(value, str) and len(value) > TEXT_LIMIT:
            raise Refusal("msg_too_long")
    if args.get("text") and args.get("markdown_text"):
        raise Refusal("markdown_text_conflict")
    blocks = args.get("blocks")
    if blocks not in (None, "", []):
        check_blocks(blocks)
    has_text = any(args.get(k) for k in TEXT_FIELDS)
    if needs_content and not has_text and not blocks and not args.get("attachments"):
        raise Refusal("no_text")
    if blocks and not has_text:
        return ["blocks without a fallback `text` (notifications and screen readers show nothing)"]
    return []


def check_view(view: Any) -> None:
    """Refuse a modal or App Home view as views.open/push/update/publish would (`invalid_arguments`)."""
    if not isinstance(view, dict):
        raise Refusal("invalid_arguments", "[ERROR] view must be an object [json-pointer:/view]")
    if view.get("type") not in ("modal", "home"):
        raise Refusal("invalid_arguments", "[ERROR] view type must be modal or home [json-pointer:/view/type]")
    if view["type"] == "modal" and not view.get("title"):
        raise Refusal("invalid_arguments", "[ERROR] a modal needs a title [json-pointer:/view/title]")
    try:
        check_blocks(view.get("blocks", []), limit=VIEW_BLOCKS, pointer="/view/blocks")
    except Refusal as refusal:
        raise Refusal("invalid_arguments", *refusal.messages) from None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            parsed = View(**view)
        except (SlackObjectFormationError, TypeError, ValueError, AttributeError, KeyError) as exc:
            raise Refusal("invalid_arguments", f"[ERROR] {exc} [json-pointer:/view]") from None
    problem = _formation_error(parsed)
    if problem and "unknown" not in problem.lower():  # the view attributes Slack adds itself are not in View's list
        raise Refusal("invalid_arguments", f"[ERROR] {problem} [json-pointer:/view]")
