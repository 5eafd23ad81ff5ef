"""Whether to answer, answer in part, or decline: several signals, not one cosine threshold.

The rules were tuned on eval/qa_knowledge.jsonl and the evaluation sets eval/heldout*/ except the
"test" half of the newest one, which is held out; README.md says which set that is and gives its figures
(`python -m bot eval qa --dataset eval/heldout-m/qa.jsonl --docs eval/heldout-m/docs --split test`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from bot.qa.answer_types import asks_history, sentence_fits, tells_history
from bot.qa.extractive import FIGURE_KINDS, Reading
from bot.qa.places import place_words
from bot.qa.question import QuestionProfile

Verdict = Literal["answer", "partial", "decline"]


@dataclass(frozen=True)
class DecisionRules:
    floor: float = 0.25  # below this retrieval score nothing in the documents is about the question
    threshold: float = 0.395  # the calibrated abstention threshold (ABSTAIN_THRESHOLD)
    min_coverage: float = 0.15  # share of the question's distinctive content the passage must cover
    confident_score: float = 0.6  # a passage this close in meaning needs less word coverage
    partial_coverage: float = 0.5  # enough of the rest is covered to say what the documents do give
    rule_coverage: float = 0.58  # a rule saying no that covers this much of a yes/no question decides it
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
    if cov.missing and not _general_rule_answers(profile, reading, score, rules):
        # On the topic, but not about the particular thing asked ("Stockholm", "parking").
        return "partial" if score >= rules.threshold and cov.ratio >= rules.partial_coverage else "decline"
    if score < rules.threshold and cov.ratio < 0.999:
        return "decline"
    if cov.ratio < rules.min_coverage and score < rules.confident_score:
        return "decline"
    if profile.kinds & FIGURE_KINDS and reading.fit < rules.min_fit and not _rule_answers(profile, reading, rules):
        return "decline"
    if profile.kinds & {"count", "person"} and asks_history(profile.text) and not tells_history(reading.best.text, profile.text):
        return "decline"  # "how many were funded last year?" is not answered by the rule on who may apply
    return "answer"


def _rule_answers(profile: QuestionProfile, reading: Reading, rules: DecisionRules) -> bool:
    """"Will the programme pay back the broker fee?" names a fee but asks yes or no: the rule decides it
    ("the programme does not reimburse them"), no amount is needed, if it is about most of the question."""
    return ("yes_no" in profile.kinds and profile.kinds & FIGURE_KINDS == {"amount"}
            and sentence_fits(reading.best.text, "yes_no") >= 1.0 and reading.coverage.ratio >= rules.rule_coverage)


_SAYS_NO = re.compile(r"\b(not|no|cannot|can't|never|neither|nor)\b", re.I)


def _general_rule_answers(profile: QuestionProfile, reading: Reading, score: float, rules: DecisionRules) -> bool:
    """"Can I print mouthpieces for our pilot study's participants?" is decided by "Parts may not be used on
    study participants, not even in a pilot study": a rule saying no, stated more generally than the question's
    one uncovered word. Not when that word is a
    name, a place, a year or an abbreviation: "in Malmö?" is not decided by a rule for Copenhagen."""
    missing = reading.coverage.missing
    return ("yes_no" in profile.kinds and len(missing) == 1 and not missing[0].literal
            and not place_words(missing[0].word) and not missing[0].word.isupper()
            and bool(_SAYS_NO.search(reading.best.text)) and reading.coverage.ratio >= rules.rule_coverage
            and score >= rules.threshold)
