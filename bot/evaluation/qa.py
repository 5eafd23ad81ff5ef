"""Question-answering evaluation over a labelled set (eval/qa_knowledge.jsonl, eval/heldout/qa.jsonl).

Per answerable question: the expected document is cited first (source), the expected fact
stands in the first 300 characters (fact), the answer is confident. Per unanswerable question:
the answer is not confident. Per conflicting pair: the current document answers first with its
figure, and the older one is named (or, for a shipped example, never given as the answer).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from bot.errors import InvalidInput
from bot.qa.assistant import Assistant
from bot.qa.types import Answer, Turn

DEFAULT_SET = Path(__file__).resolve().parents[2] / "eval" / "qa_knowledge.jsonl"
FACT_WINDOW = 300


@dataclass
class Case:
    id: str
    question: str
    history: list[Turn]
    answerable: bool
    expected_source: str | None
    expected_facts: list[str]
    kind: str = ""
    split: str = ""
    conflict: dict | None = None
    older_facts: list[str] = field(default_factory=list)
    example_conflict: bool = False


def load_cases(path: Path, split: str = "all") -> list[Case]:
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
                history=[Turn(t["role"], t["text"] if "text" in t else t["content"]) for t in row.get("history", [])],
                answerable=bool(row["answerable"]), expected_source=row.get("expected_source"),
                expected_facts=list(row.get("expected_facts", [])), kind=row.get("kind", ""),
                split=row.get("split", ""), conflict=row.get("conflict"), older_facts=list(row.get("older_facts", [])),
                example_conflict=bool(row.get("example_conflict", False)),
            ))
        except (ValueError, KeyError, TypeError) as exc:
            raise InvalidInput(f"{path}:{n}: not a labelled question ({exc})") from exc
    if split != "all":
        if not any(c.split for c in cases):
            raise InvalidInput(f"{path} has no split labels; use --split all")
        cases = [c for c in cases if c.split == split]
    return cases


def _has(text: str, facts: list[str]) -> bool:
    return any(f.lower() in text.lower() for f in facts)


def _position(text: str, facts: list[str]) -> int:
    found = [text.lower().find(f.lower()) for f in facts]
    found = [p for p in found if p >= 0]
    return min(found) if found else -1


def judge(case: Case, answer: Answer) -> dict:
    """The verdicts for one question; every one of them is True when the answer is right."""
    first = answer.sources[0].source if answer.sources else None
    head = answer.text[:FACT_WINDOW]
    if not case.answerable:
        return {"declined": not answer.confident}
    verdict = {
        "confident": answer.confident,
        "source": answer.confident and first == case.expected_source,
        "fact": answer.confident and _has(head, case.expected_facts),
    }
    if case.conflict:
        older = case.conflict.get("older")
        cur = _position(answer.text, case.expected_facts)
        old = _position(answer.text, case.older_facts) if case.older_facts else -1
        current_first = verdict["source"] and cur >= 0 and (old < 0 or cur < old)
        if case.example_conflict:
            named = True  # an example is outranked; it need not be named
        else:
            named = any(s.source == older for s in answer.superseded) or any(s.source == older for s in answer.sources[1:])
        verdict["conflict"] = bool(current_first and named)
    return verdict


def evaluate_qa(assistant: Assistant, cases: list[Case]) -> dict:
    started = time.perf_counter()
    totals: dict[str, list[bool]] = {}
    failures = []
    for case in cases:
        answer = assistant.ask(case.question, case.history, surface="eval", record=False)
        verdict = judge(case, answer)
        for name, ok in verdict.items():
            totals.setdefault(name, []).append(ok)
        if case.answerable:
            totals.setdefault("answerable_confident", []).append(verdict["confident"])
        if not all(verdict.values()):
            failures.append({
                "id": case.id, "kind": case.kind, "question": case.question, "answer": answer.text[:240],
                "cited": [s.source for s in answer.sources], "expected": case.expected_source,
                "failed": [k for k, ok in verdict.items() if not ok], "score": round(answer.top_score, 3),
            })

    def share(name: str) -> float | None:
        values = totals.get(name)
        return round(sum(values) / len(values), 4) if values else None

    answerable = sum(1 for c in cases if c.answerable)
    unanswerable = len(cases) - answerable
    declined = sum(totals.get("declined", []))
    return {
        "source_accuracy": share("source"),
        "fact_accuracy": share("fact"),
        "answerable_confident": share("answerable_confident"),
        "unanswerable_declined": share("declined"),
        "conflicts_correct": share("conflict"),
        "conflicts": len(totals.get("conflict", [])),
        # kept for earlier reports: all questions whose confidence was right
        "abstention_accuracy": round((sum(totals.get("answerable_confident", [])) + declined) / max(len(cases), 1), 4),
        "unanswerable_abstained": declined,
        "unanswerable": unanswerable,
        "answerable": answerable,
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
