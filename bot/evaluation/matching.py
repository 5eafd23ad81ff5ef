"""Matchmaking on labelled needs, against a contact list in a throwaway database.

The evaluation imports the contacts through the real import and asks the real Matcher, so it
measures what `python -m bot match` does, never the live contact database. A dataset may be split
into halves (`"split": "tune" | "test"`): tune on one, report the other; metrics are in
`bot.evaluation.match_metrics`.
"""

from __future__ import annotations

import json
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from bot.db.models import Contact
from bot.db.session import make_engine, make_session_factory, migrate, transaction
from bot.errors import InvalidInput
from bot.evaluation.match_metrics import LabelledNeed, NeedResult, score, summary
from bot.matching.importer import import_file
from bot.matching.matcher import Matcher

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_NEEDS = Path("eval/match_eval.jsonl")
DEFAULT_CONTACTS = Path("data/sample_contacts.csv")
SPLITS = ("tune", "test", "all")


@dataclass
class MatchEvaluation:
    metrics: dict
    needs: int
    seconds: float
    split: str = "all"
    k: int = 3
    results: list[NeedResult] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.metrics[f"precision@{self.k}"]

    def as_contract(self) -> dict:
        first = f"precision@{self.k}"
        rest = {name: value for name, value in self.metrics.items() if name != first}
        return {first: self.metrics[first], "needs": self.needs, "seconds": self.seconds, "split": self.split, **rest}


def resolve(path: Path | None, default: Path) -> Path:
    """An explicit path as given; the default from the working directory, else from the project."""
    if path is not None:
        return path
    return default if default.exists() else PROJECT_ROOT / default


def _emails(value) -> list[str]:  # noqa: ANN001
    if not isinstance(value, list) or not all(isinstance(e, str) for e in value):
        raise TypeError
    return [e.lower() for e in value]


def load_needs(path: Path) -> list[LabelledNeed]:
    if not path.is_file():
        raise InvalidInput(f"no such file: {path}")
    needs = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            requester = item.get("requester")
            needs.append(LabelledNeed(
                id=str(item.get("id", number)), need=str(item["need"]), relevant=_emails(item["relevant"]),
                kind=item.get("kind"), region=item.get("region"), split=str(item.get("split") or "all"),
                category=str(item.get("category") or ""), peers=_emails(item.get("peers") or []),
                excluded=_emails(item.get("excluded") or []), no_match=bool(item.get("no_match")),
                requester=requester.lower() if isinstance(requester, str) and requester else None))
        except (ValueError, KeyError, TypeError, AttributeError):
            expected = '{"need", "kind", "region", "relevant": [e-mail addresses], optional "split", "peers", ...}'
            raise InvalidInput(f"{path}, line {number}: expected {expected}") from None
    if not needs:
        raise InvalidInput(f"{path} holds no needs")
    return needs


def _select(needs: list[LabelledNeed], split: str, path: Path) -> list[LabelledNeed]:
    if split not in SPLITS:
        raise InvalidInput(f"unknown split {split!r}; use tune, test or all")
    chosen = needs if split == "all" else [n for n in needs if n.split == split]
    if not chosen:
        raise InvalidInput(f"{path} holds no needs in the {split!r} split")
    return chosen


def evaluate(*, embedder, needs_path: Path | None = None, contacts_path: Path | None = None,  # noqa: ANN001
             split: str = "all", k: int = 3) -> MatchEvaluation:
    path = resolve(needs_path, DEFAULT_NEEDS)
    needs = _select(load_needs(path), split, path)
    contacts = resolve(contacts_path, DEFAULT_CONTACTS)
    if not contacts.is_file():
        raise InvalidInput(f"no such file: {contacts}")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="match-eval-") as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'contacts.sqlite3'}")
        try:
            migrate(engine)
            sessions = make_session_factory(engine)
            with transaction(sessions) as session:
                import_file(session=session, path=contacts, embedder=embedder, actor="evaluation")
                emails = {cid: email.lower() for cid, email in session.execute(select(Contact.id, Contact.email))}
            ids = {email: cid for cid, email in emails.items()}
            matcher = Matcher(sessions=sessions, embedder=embedder)
            results = []
            for item in needs:
                if item.requester and item.requester not in ids:
                    raise InvalidInput(f"need {item.id}: requester {item.requester} is not in {contacts}")
                answer = matcher.find(item.need, kind=item.kind, region=item.region, limit=k,
                                      requester_contact_id=ids.get(item.requester or ""))
                found = [emails[m.contact_id] for m in answer.matches]
                results.append(score(item, found, [m.near for m in answer.matches], answer.note, k))
        finally:
            engine.dispose()
    return MatchEvaluation(summary(results, k), len(results), round(time.perf_counter() - started, 2), split, k, results)
