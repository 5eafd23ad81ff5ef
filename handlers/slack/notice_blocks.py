"""Block Kit for every notice kind: one table from kind to message, for the person and for staff
when the person cannot be reached (then with the reason, so someone can pass it on)."""

from __future__ import annotations

from collections.abc import Callable

from bot.kb.admin import Added
from bot.notices.kinds import Delivery, NoticeKind
from handlers.slack import hygiene_blocks as hb
from handlers.slack import match_blocks as mb
from handlers.slack.blocks import Message, plain
from handlers.slack.kb_blocks import added_text, failed_text, reindex_summary_message, results_message
from handlers.slack.text import escape

ALREADY_REINDEXING = "A re-index was already running, so I did not start a second one; its summary comes to whoever asked first."


def _note(kind: str) -> Callable[[Delivery, dict], Message]:
    return lambda d, ctx: plain(ctx["names"].text(mb.REQUESTER_NOTES[kind]))


def _file_indexed(d: Delivery, ctx: dict) -> Message:
    name = d.data.get("name") or "the file"
    if d.data.get("added"):
        return results_message([added_text(name, Added(**d.data["added"]), ctx["names"])])
    return results_message([failed_text(name, d.data.get("error") or "it could not be indexed")])


def _accepted(d: Delivery, ctx: dict) -> Message:
    return mb.intro_message(d.intro, requester=ctx.get("requester"), contact=ctx.get("contact"), users=ctx.get("users", []))


# What the recipient sees, by kind.
FOR_PERSON: dict[NoticeKind, Callable[[Delivery, dict], Message]] = {
    NoticeKind.CONSENT_REQUEST: lambda d, ctx: mb.consent_message(d.intro),
    NoticeKind.REMINDER: lambda d, ctx: mb.consent_message(d.intro, reminder=True),
    NoticeKind.APPROVAL_NEEDED: lambda d, ctx: mb.approval_message(d.intro),
    NoticeKind.STAFF_HANDLE: lambda d, ctx: mb.staff_handle_message(d.intro),
    NoticeKind.WITHDRAWN: lambda d, ctx: mb.withdrawn_message(d.intro),
    NoticeKind.DECLINED: _note("declined"),
    NoticeKind.REJECTED: _note("rejected"),
    NoticeKind.EXPIRED: _note("expired"),
    NoticeKind.ACCEPTED: _accepted,
    NoticeKind.FOLLOW_UP: lambda d, ctx: hb.follow_up_message(d.intro),
    NoticeKind.HELD: lambda d, ctx: plain(hb.held_text(d.intro, d.extra.get("until", "later"))),
    NoticeKind.PAUSED: lambda d, ctx: plain(ctx["names"].text(hb.paused_text(int(d.extra.get("limit") or 3)))),
    NoticeKind.KB_REINDEXED: lambda d, ctx: (plain(ALREADY_REINDEXING) if d.data.get("already_running")
                                             else reindex_summary_message(d.data["summary"], d.data.get("failed") or [])),
    NoticeKind.KB_FILE_INDEXED: _file_indexed,
}


def render(delivery: Delivery, ctx: dict) -> Message:
    """The message for `delivery`; for staff standing in for someone, the same content under a note."""
    if delivery.reason is None:
        return FOR_PERSON[delivery.kind](delivery, ctx)
    if delivery.kind in (NoticeKind.CONSENT_REQUEST, NoticeKind.REMINDER):
        inner = mb.staff_handle_message(delivery.intro)  # staff ask the contact and answer for them
    else:
        inner = FOR_PERSON[delivery.kind](delivery, ctx)
        if delivery.kind is NoticeKind.FOLLOW_UP:  # staff pass the question on; its buttons are the person's
            inner = Message(inner.text, [b for b in inner.blocks if b.get("type") != "actions"])
    who = delivery.intro.contact_name if delivery.recipient == "contact" else delivery.intro.requester_name
    lead = f"Please pass this on to {who}: {delivery.reason}."
    note = {"type": "context", "block_id": "notice_relay", "elements": [{"type": "mrkdwn", "text": escape(lead)}]}
    return Message(escape(lead) + " " + inner.text, [note, *inner.blocks])
