"""Who is talking: one value for a person on one surface, built once where the payload is read.

The reference string ("slack:U123", "teams:<AAD object id>", "cli:ann") is what the database
stores (answers, feedback, introductions, rate limits); only this module spells it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SURFACES = ("slack", "teams", "cli")


@dataclass(frozen=True)
class Requester:
    surface: str
    id: str
    name: str | None = field(default=None, compare=False)  # a display name, when the surface gives one

    def __post_init__(self) -> None:
        if self.surface not in SURFACES:
            raise ValueError(f"unknown surface {self.surface!r}")

    @property
    def ref(self) -> str:
        return f"{self.surface}:{self.id or 'unknown'}"

    def __str__(self) -> str:
        return self.ref

    @classmethod
    def slack(cls, user_id: str, name: str | None = None) -> Requester:
        return cls("slack", user_id, name)

    @classmethod
    def teams(cls, aad_object_id: str, name: str | None = None) -> Requester:
        return cls("teams", aad_object_id, name)

    @classmethod
    def cli(cls, user: str) -> Requester:
        return cls("cli", user, user)

    @classmethod
    def parse(cls, ref: str) -> Requester:
        surface, _, ident = (ref or "").partition(":")
        return cls(surface, ident)


def contact_refs(*, slack_user_id: str | None, teams_user_id: str | None) -> list[str]:
    """The references under which a contact may talk to the bot."""
    refs = []
    if slack_user_id:
        refs.append(Requester.slack(slack_user_id).ref)
    if teams_user_id:
        refs.append(Requester.teams(teams_user_id).ref)
    return refs
