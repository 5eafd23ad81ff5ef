"""Whether to answer, answer in part, or decline: several signals, not one cosine threshold.

The rules were tuned on eval/qa_knowledge.jsonl and the evaluation sets eval/heldout*/ except the
"test" half of the newest one, which is held out; README.md says which set that is and gives its figures
(`python -m bot eval qa --dataset eval/heldout-k/qa.jsonl --docs eval/heldout-k/docs --split test`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.qa.answer_types import asks_history, tells_history
from bot.qa.extractive import FIGURE_KINDS, Reading
from bot.qa.question import QuestionProfile

Verdict = Literal["answer", "partial", "decline"]


@dataclass(frozen=True)
class DecisionRules:
    floor: float = 0.25  # below this retrieval score nothing in the documents is about the question
    threshold: float = 0.395  # the calibrated abstention threshold (ABSTAIN_THRESHOLD)
    min_coverage: float = 0.15  # share of the question's distinctive content the passage must cover
    confident_score: float = 0.6  # a passage this close in meaning needs less word coverage
    partial_coverage: float = 0.5  # enough of the rest is covered to say what the documents do give
    min_fit: float = 0.5  # a "when"/"how much" question needs a sentence holding a date/amount
    sentence_discount: float = 0.05  # a single sentence's similarity counts for a little less than a passage's


def decide(profile: QuestionProfile, reading: Reading, score: float, rules: DecisionRules) -> Verdict:
    cov = reading.coverage
    if reading.best is None or cov is None:
        return "decline"
    # A passage can score low as a whole (a long table) while one of its sentences answers squarely.
    score = max(score, reading.best.similarity - rules.sentence_discount)
    if score < rules.floor:
        return "decline"
    if cov.missing:
        # On the topic, but not about the particular thing asked ("Stockholm", "parking").
        return "partial" if score >= rules.threshold and cov.ratio >= rules.partial_coverage else "decline"
    if score < rules.threshold and cov.ratio < 0.999:
        return "decline"
    if cov.ratio < rules.min_coverage and score < rules.confident_score:
        return "decline"
    if profile.kinds & FIGURE_KINDS and reading.fit < rules.min_fit:
        return "decline"
    if profile.kinds & {"count", "person"} and asks_history(profile.text) and not tells_history(reading.best.text, profile.text):
        return "decline"  # "how many were funded last year?" is not answered by the rule on who may apply
    return "answer"
