"""What a matching evaluation counts, need by need and over a set of needs.

- precision@3: the share of the top 3 that is relevant, over needs with relevant contacts.
- hit@3 (first): the expected contact, the first of `relevant`, is in the top 3.
- hit@3 (any): at least one relevant contact is in the top 3.
- peer-free@3: no `peers` or `excluded` contact in the top 3, over self-described needs
  (the requester says who they are), and "clean@3" the same over every need that names any.
- false no-match: a need with relevant contacts answered as if nobody fitted (a note, only near matches).
- honest: for a need nobody fits, the answer says so: no matches and a note, or only matches
  marked as near matches, with no peer among them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass
class LabelledNeed:
    id: str
    need: str
    relevant: list[str]
    kind: str | None = None
    region: str | None = None
    split: str = "all"
    category: str = ""
    peers: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    no_match: bool = False
    requester: str | None = None

    @property
    def self_described(self) -> bool:
        return self.category == "self_described"


@dataclass
class NeedResult:
    id: str
    need: str
    found: list[str]
    relevant: list[str]
    category: str = ""
    near: list[bool] = field(default_factory=list)
    note: str | None = None
    precision: float | None = None
    hit_first: bool | None = None
    hit_any: bool | None = None
    peer_free: bool | None = None
    honest: bool | None = None
    unwanted: list[str] = field(default_factory=list)
    false_no_match: bool | None = None


def score(item: LabelledNeed, found: Sequence[str], near: Sequence[bool], note: str | None, k: int = 3) -> NeedResult:
    top = list(found[:k])
    unwanted = [e for e in top if e in set(item.peers) | set(item.excluded)]
    result = NeedResult(item.id, item.need, top, item.relevant, item.category, list(near[:k]), note, unwanted=unwanted)
    if item.relevant:
        result.precision = len(set(top) & set(item.relevant)) / k
        result.hit_first = item.relevant[0] in top
        result.hit_any = bool(set(top) & set(item.relevant))
        result.false_no_match = bool(note)
    if item.peers or item.excluded:
        result.peer_free = not unwanted
    if item.no_match:
        result.honest = (not top and bool(note)) or (all(near[:k]) and bool(note) and not unwanted)
    return result


def _mean(values: list[bool | float]) -> float | None:
    return round(sum(float(v) for v in values) / len(values), 4) if values else None


def summary(results: Sequence[NeedResult], k: int = 3) -> dict:
    def of(name: str, only=lambda r: True) -> list:  # noqa: ANN001
        return [getattr(r, name) for r in results if getattr(r, name) is not None and only(r)]

    self_described = lambda r: r.category == "self_described"  # noqa: E731
    return {
        f"precision@{k}": _mean(of("precision")),
        f"hit@{k}": _mean(of("hit_first")),
        f"hit_any@{k}": _mean(of("hit_any")),
        f"peer_free@{k}": _mean(of("peer_free", self_described)),
        f"clean@{k}": _mean(of("peer_free")),
        "honest_no_match": _mean(of("honest")),
        "false_no_match": _mean(of("false_no_match")),
        "counts": {"needs": len(results), "with_relevant": len(of("hit_first")),
                   "self_described": len(of("peer_free", self_described)), "with_peers_or_excluded": len(of("peer_free")),
                   "no_match": len(of("honest"))},
    }
