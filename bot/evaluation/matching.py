"""Precision@3 of matchmaking on labelled needs, against the sample contacts in a throwaway database.

The evaluation imports the contacts through the real import and asks the real Matcher, so it
measures what `python -m bot match` does, never the live contact database.
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
from bot.matching.importer import import_file
from bot.matching.matcher import Matcher

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_NEEDS = Path("eval/match_eval.jsonl")
DEFAULT_CONTACTS = Path("data/sample_contacts.csv")


@dataclass
class NeedResult:
    id: str
    need: str
    precision: float
    found: list[str]
    relevant: list[str]


@dataclass
class MatchEvaluation:
    precision: float
    needs: int
    seconds: float
    k: int = 3
    results: list[NeedResult] = field(default_factory=list)

    def as_contract(self) -> dict:
        return {f"precision@{self.k}": self.precision, "needs": self.needs, "seconds": self.seconds}


def resolve(path: Path | None, default: Path) -> Path:
    """An explicit path as given; the default from the working directory, else from the project."""
    if path is not None:
        return path
    return default if default.exists() else PROJECT_ROOT / default


def load_needs(path: Path) -> list[dict]:
    if not path.is_file():
        raise InvalidInput(f"no such file: {path}")
    needs = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            needs.append({"id": str(item.get("id", number)), "need": item["need"], "kind": item.get("kind"),
                          "region": item.get("region"), "relevant": [e.lower() for e in item["relevant"]]})
        except (ValueError, KeyError, TypeError, AttributeError):
            expected = '{"need", "kind", "region", "relevant": [e-mail addresses]}'
            raise InvalidInput(f"{path}, line {number}: expected {expected}") from None
    if not needs:
        raise InvalidInput(f"{path} holds no needs")
    return needs


def evaluate(*, embedder, needs_path: Path | None = None, contacts_path: Path | None = None,  # noqa: ANN001
             k: int = 3) -> MatchEvaluation:
    needs = load_needs(resolve(needs_path, DEFAULT_NEEDS))
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
                emails = {cid: email for cid, email in session.execute(select(Contact.id, Contact.email))}
            matcher = Matcher(sessions=sessions, embedder=embedder)
            results = []
            for item in needs:
                found = [emails[m.contact_id] for m in
                         matcher.match(item["need"], kind=item["kind"], region=item["region"], limit=k)]
                hits = len(set(found) & set(item["relevant"]))
                results.append(NeedResult(item["id"], item["need"], hits / k, found, item["relevant"]))
        finally:
            engine.dispose()
    precision = round(sum(r.precision for r in results) / len(results), 4)
    return MatchEvaluation(precision, len(results), round(time.perf_counter() - started, 2), k, results)
