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
    current: Candidate
    other: Candidate
    order_known: bool  # False when a date is missing or equal: both are shown, neither wins


def find_disagreement(reading: Reading, hits: list[Hit], profile, *, min_similarity: float = 0.5,
                      min_score_share: float = 0.6) -> Disagreement | None:
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
    return _order(best, max(rivals, key=lambda r: r[0])[1], hits)


def _relevant(sentence: str, prefixes: set[str]) -> set[str]:
    return {f for f in figures(sentence) if f[:2] in prefixes}


def _order(best: Candidate, other: Candidate, hits: list[Hit]) -> Disagreement:
    mine, theirs = hits[best.hit_index].metadata.get("updated") or "", hits[other.hit_index].metadata.get("updated") or ""
    if mine and theirs and mine != theirs:
        return Disagreement(current=best, other=other, order_known=True) if mine > theirs else \
            Disagreement(current=other, other=best, order_known=True)
    return Disagreement(current=best, other=other, order_known=False)
