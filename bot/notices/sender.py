"""The contract between the outbox and a surface: render a notice, send it, say what happened."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

from bot.notices.kinds import Delivery


@dataclass(frozen=True)
class SendResult:
    """sent: the platform accepted it (ref: where it landed). retry: a passing failure (5xx, rate limit,
    network). unreachable: the recipient cannot get it there (no chat, deleted account): staff take over."""

    status: Literal["sent", "retry", "unreachable"]
    detail: str = ""

    @classmethod
    def sent(cls, ref: str) -> SendResult:
        return cls("sent", ref)

    @classmethod
    def retry(cls, error: str) -> SendResult:
        return cls("retry", error)

    @classmethod
    def unreachable(cls, reason: str) -> SendResult:
        return cls("unreachable", reason)


class NoticeSender(Protocol):
    """Implemented by handlers/slack and handlers/teams. `send` must be idempotent per `delivery.key`
    as far as the platform allows: when `delivery.interrupted`, look for the earlier message first."""

    surface: str

    def send(self, delivery: Delivery) -> SendResult: ...
