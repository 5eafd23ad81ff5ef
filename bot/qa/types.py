"""The values that cross from the core to every surface (CLI, Slack, Teams, evaluation)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal


@dataclass(frozen=True)
class Turn:
    role: Literal["user", "assistant"]
    text: str


@dataclass
class Source:
    n: int  # the number the answer cites as [n]
    title: str
    source: str  # path relative to the indexed folder, or a URL
    section: str = ""
    score: float = 0.0
    url: str = ""
    snippet: str = ""
    updated: str | None = None  # YYYY-MM-DD, from the document
    example: bool = False  # an illustrative document, not an official rule

    @property
    def link(self) -> str:
        """Where a reader can open the document, if anywhere."""
        if self.url:
            return self.url
        return self.source if self.source.startswith(("http://", "https://")) else ""


@dataclass
class Superseded:
    """An older document that gave another figure for what was asked."""

    title: str
    source: str
    updated: str | None = None
    n: int | None = None  # its citation number in the answer, when it is cited


@dataclass
class Answer:
    question: str
    text: str
    confident: bool
    sources: list[Source] = field(default_factory=list)
    mode: Literal["extractive", "llm", "abstain"] = "extractive"
    note: str | None = None  # e.g. "the language model timed out; this answer is extracted"
    answer_id: str | None = None
    top_score: float = 0.0
    superseded: list[Superseded] = field(default_factory=list)

    def as_contract(self) -> dict:
        """The JSON of `python -m bot ask --json` (see docs/cli-contract.md)."""
        return {
            "answer": self.text,
            "confident": self.confident,
            "sources": [{"title": s.title, "source": s.source, "score": round(s.score, 4), "updated": s.updated,
                         "example": s.example} for s in self.sources],
            "superseded": [{"title": s.title, "source": s.source, "updated": s.updated} for s in self.superseded],
        }

    def as_dict(self) -> dict:
        return asdict(self)
