"""Question-answering evaluation over the labelled set in eval/qa_knowledge.jsonl.

Reports cited-source accuracy (the expected document is cited first), fact accuracy (the
answer contains the expected fact), abstention accuracy (unanswerable questions get "I don't
know", answerable ones do not), and calibrates the abstention threshold.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

from bot.errors import InvalidInput
from bot.qa.assistant import Assistant
from bot.qa.types import Turn

DEFAULT_SET = Path(__file__).resolve().parents[2] / "eval" / "qa_knowledge.jsonl"


@dataclass
class Case:
    id: str
    question: str
    history: list[Turn]
    answerable: bool
    expected_source: str | None
    expected_facts: list[str]


def load_cases(path: Path) -> list[Case]:
    if not path.is_file():
        raise InvalidInput(f"{path} does not exist")
    cases = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            cases.append(Case(
                id=row["id"], question=row["question"],
                history=[Turn(t["role"], t["text"]) for t in row.get("history", [])],
                answerable=bool(row["answerable"]), expected_source=row.get("expected_source"),
                expected_facts=list(row.get("expected_facts", [])),
            ))
        except (ValueError, KeyError) as exc:
            raise InvalidInput(f"{path}:{n}: not a labelled question ({exc})") from exc
    return cases


def evaluate_qa(assistant: Assistant, cases: list[Case]) -> dict:
    started = time.perf_counter()
    answerable = [c for c in cases if c.answerable]
    source_ok = fact_ok = abstain_ok = 0
    failures = []
    for case in cases:
        answer = assistant.ask(case.question, case.history, surface="eval", record=False)
        first = answer.sources[0].source if answer.sources else None
        if case.answerable:
            s_ok = answer.confident and first == case.expected_source
            f_ok = answer.confident and any(f.lower() in answer.text.lower() for f in case.expected_facts)
            a_ok = answer.confident
            source_ok += s_ok
            fact_ok += f_ok
        else:
            s_ok = f_ok = True
            a_ok = not answer.confident
        abstain_ok += a_ok
        if not (s_ok and f_ok and a_ok):
            failures.append({"id": case.id, "question": case.question, "answer": answer.text[:200], "cited": first,
                             "expected": case.expected_source, "score": round(answer.top_score, 3)})
    n = max(len(answerable), 1)
    return {
        "source_accuracy": round(source_ok / n, 4),
        "fact_accuracy": round(fact_ok / n, 4),
        "abstention_accuracy": round(abstain_ok / max(len(cases), 1), 4),
        "unanswerable_abstained": sum(1 for c in cases if not c.answerable) - sum(1 for f in failures if f["expected"] is None),
        "unanswerable": sum(1 for c in cases if not c.answerable),
        "questions": len(cases),
        "seconds": round(time.perf_counter() - started, 2),
        "failures": failures,
    }


def calibrate(assistant: Assistant, cases: list[Case]) -> dict:
    """The relevance threshold that separates answerable from unanswerable questions best.

    Unanswerable questions must all be refused, so among thresholds that refuse every one of
    them the lowest is the candidate; the threshold is placed halfway to the next answerable
    score so small shifts in scores do not flip decisions.
    """
    from bot.qa.extractive import relevance

    scored = []
    for case in cases:
        _, hits = assistant.retrieve(case.question, case.history)
        scored.append((relevance(hits), case.answerable))
    worst_unanswerable = max((s for s, ok in scored if not ok), default=0.0)
    above = sorted(s for s, ok in scored if ok and s > worst_unanswerable)
    threshold = (worst_unanswerable + above[0]) / 2 if above else worst_unanswerable + 1e-3
    kept = sum(1 for s, ok in scored if ok and s >= threshold)
    return {
        "threshold": round(threshold, 4),
        "max_unanswerable_score": round(worst_unanswerable, 4),
        "answerable_kept": kept,
        "answerable": sum(1 for _, ok in scored if ok),
        "scores": sorted(((round(s, 3), ok) for s, ok in scored), reverse=True),
    }
