"""Every notice kind, who receives it, and the record a surface gets to render and send."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.matching.intros import IntroView


class NoticeKind(StrEnum):
    CONSENT_REQUEST = "consent_request"  # to the contact: accept or decline
    APPROVAL_NEEDED = "approval_needed"  # to staff: approve or reject before the contact is asked
    STAFF_HANDLE = "staff_handle"  # to staff: the contact has no chat account, please ask them
    REMINDER = "reminder"  # to the contact: the consent request again, once
    EXPIRED = "expired"  # to the requester: nobody answered in time
    ACCEPTED = "accepted"  # to both: a group conversation with both profiles
    DECLINED = "declined"  # to the requester: a polite note
    REJECTED = "rejected"  # to the requester: staff did not approve
    WITHDRAWN = "withdrawn"  # to the contact, when they had been asked
    FOLLOW_UP = "follow_up"  # to both, after an accepted introduction: "did you meet? was it useful?"
    HELD = "held"  # to the requester: the contact snoozed; the request waits until the date in extra["until"]
    PAUSED = "paused"  # to the contact: requests left unanswered, so they are not suggested for now
    KB_REINDEXED = "kb_reindexed"  # to the staff member who asked for `/kb reindex`: the summary
    KB_FILE_INDEXED = "kb_file_indexed"  # to the staff member who shared a large file: added, or why not


class Recipient(StrEnum):
    CONTACT = "contact"
    REQUESTER = "requester"
    STAFF = "staff"
    GROUP = "group"  # requester and contact together (an accepted introduction on one platform)


RECIPIENTS: dict[NoticeKind, tuple[Recipient, ...]] = {
    NoticeKind.CONSENT_REQUEST: (Recipient.CONTACT,),
    NoticeKind.APPROVAL_NEEDED: (Recipient.STAFF,),
    NoticeKind.STAFF_HANDLE: (Recipient.STAFF,),
    NoticeKind.REMINDER: (Recipient.CONTACT,),
    NoticeKind.EXPIRED: (Recipient.REQUESTER,),
    NoticeKind.ACCEPTED: (Recipient.REQUESTER, Recipient.CONTACT),
    NoticeKind.DECLINED: (Recipient.REQUESTER,),
    NoticeKind.REJECTED: (Recipient.REQUESTER,),
    NoticeKind.WITHDRAWN: (Recipient.CONTACT,),
    NoticeKind.FOLLOW_UP: (Recipient.REQUESTER, Recipient.CONTACT),
    NoticeKind.HELD: (Recipient.REQUESTER,),
    NoticeKind.PAUSED: (Recipient.CONTACT,),
    NoticeKind.KB_REINDEXED: (Recipient.REQUESTER,),
    NoticeKind.KB_FILE_INDEXED: (Recipient.REQUESTER,),
}


@dataclass
class Notice:
    """What a state change obliges us to tell; the outbox turns it into one row per recipient."""

    kind: NoticeKind
    intro: IntroView
    extra: dict[str, Any] = field(default_factory=dict)  # e.g. the approving ambassador

    def __post_init__(self) -> None:
        self.kind = NoticeKind(self.kind)


@dataclass(frozen=True)
class Delivery:
    """One outbox row as a sender sees it: what to say, to whom, where, and why there."""

    key: str
    kind: NoticeKind
    recipient: Recipient
    surface: str
    target: str
    intro: IntroView | None  # None for notices about something else (a finished job)
    reason: str | None = None  # set when staff get what was meant for someone else
    extra: dict[str, Any] = field(default_factory=dict)
    interrupted: bool = False  # an earlier attempt died mid-send: it may have arrived already
    data: dict[str, Any] = field(default_factory=dict)  # what a notice without an introduction says


def describe(kind: str, intro: IntroView, *, surface: str = "", target: str = "", reason: str | None = None) -> str:
    """One line without contact details, for dry runs and logs."""
    where = f" via {surface} to {target}" if surface else ""
    why = f" ({reason})" if reason else ""
    return f"{kind}: request {intro.id} from {intro.requester_ref} to contact {intro.contact_id}{where}{why}"
