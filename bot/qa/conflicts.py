"""When documents disagree on the figure asked for, the current one answers and the other is named.

Among documents that are not examples, the newer `updated` date is current. An undated
document never silently overrides a dated one: when the order cannot be told, both are shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.kb.retrieval import Hit
from bot.qa.answer_types import date_role, figures
from bot.qa.extractive import FIGURE_KINDS, Candidate, Reading, is_example

# What a disagreement is compared on, per kind of question.
_FIGURE_TYPES = {"amount": "n:", "count": "n:", "date": "d:", "deadline": "d:", "meeting": "d:", "duration": "t:"}


@dataclass
class Disagreement:
    current: Candidate  # answers first: the newest dated document's sentence
    others: list[tuple[Candidate, bool]]  # (sentence, True when known to be older; False when undated or same date)

    @property
    def other(self) -> Candidate:
        return self.others[0][0]

    @property
    def order_known(self) -> bool:
        return all(known for _, known in self.others)


def find_disagreement(reading: Reading, hits: list[Hit], profile, *, min_similarity: float = 0.5,
                      min_score_share: float = 0.6, max_others: int = 2) -> Disagreement | None:
    best = reading.best
    asked = profile.kinds & FIGURE_KINDS
    if best is None or not asked or is_example(hits[best.hit_index]):
        return None
    prefixes = {_FIGURE_TYPES[k] for k in asked}
    mine = _relevant(best.text, prefixes)
    if not mine:
        return None
    source = hits[best.hit_index].source
    # Each other document's sentence that states another figure for the same thing: of those that fit
    # the question, the one most like the answer's own sentence ("Applications close on 15 March"
    # beside "The new deadline is 5 April").
    rivals = []
    for cand in reading.candidates:
        hit = hits[cand.hit_index]
        if hit.source == source or is_example(hit) or cand.fit < 0.5 or cand.score < min_score_share * best.score:
            continue
        theirs = _relevant(cand.text, prefixes)
        if not theirs or theirs == mine or theirs <= mine or mine <= theirs:
            continue
        if "d:" in prefixes and date_role(cand.text) != date_role(best.text):
            continue  # a registration deadline and the course dates are different facts
        likeness = float(cand.vector @ best.vector)
        if likeness >= min_similarity:
            rivals.append((likeness, cand))
    if not rivals:
        return None
    # One sentence per other document, the most alike first.
    by_source: dict[str, Candidate] = {}
    for _, cand in sorted(rivals, key=lambda r: -r[0]):
        by_source.setdefault(hits[cand.hit_index].source, cand)
    return _order([best, *list(by_source.values())[:max_others]], hits)


def _relevant(sentence: str, prefixes: set[str]) -> set[str]:
    return {f for f in figures(sentence) if f[:2] in prefixes}


def _order(sentences: list[Candidate], hits: list[Hit]) -> Disagreement:
    """The newest dated document is current; an undated one never overrides a dated one."""
    def updated(c: Candidate) -> str:
        return hits[c.hit_index].metadata.get("updated") or ""
    dated = [c for c in sentences if updated(c)]
    current = max(dated, key=updated) if dated else sentences[0]
    others = [(c, bool(updated(c)) and updated(c) < updated(current)) for c in sentences if c is not current]
    return Disagreement(current=current, others=others)
