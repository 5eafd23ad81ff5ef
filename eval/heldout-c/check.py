"""Check qa.jsonl of held-out QA set C against its documents and print counts.

Checks: ids are c001... in order; every field of the schema is present and typed; every expected
fact and older fact stands in the text of its document (whitespace collapsed, case kept);
conflict files exist (in docs/, or in knowledge/ for example conflicts) and the newer document
has the later date; unanswerable questions have no source and no facts; follow-up questions
have a history; tune/test alternate within each kind in the order written.

    PYTHONPATH=<dir with pypdf and python-docx> python3 eval/heldout-c/check.py
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter, defaultdict
from html.parser import HTMLParser
from pathlib import Path

HERE = Path(__file__).resolve().parent
DOCS = HERE / "docs"
KNOWLEDGE = HERE.parent.parent / "knowledge"
KINDS = {"yes_no", "when", "how_much", "who", "where", "what", "how_long", "follow_up",
         "conflict", "near_topic", "partial"}
UNANSWERABLE = {"near_topic", "partial"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.meta: dict[str, str] = {}
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "meta":
            a = dict(attrs)
            key = a.get("name") or a.get("property")
            if key and "content" in a:
                self.meta[key] = a["content"]
        self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1
        self.parts.append(" ")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def extract(path: Path) -> tuple[str, str]:
    """Return (text, date YYYY-MM-DD) of a document."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        from pypdf import PdfReader

        reader = PdfReader(str(path))
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
        raw = str(reader.metadata.get("/CreationDate", ""))
        date = f"{raw[2:6]}-{raw[6:8]}-{raw[8:10]}"
    elif suffix == ".docx":
        from docx import Document

        doc = Document(str(path))
        parts = [p.text for p in doc.paragraphs]
        for table in doc.tables:
            for row in table.rows:
                parts.append(" | ".join(cell.text for cell in row.cells))
        text = "\n".join(parts)
        date = doc.core_properties.modified.date().isoformat()
    elif suffix in (".html", ".htm"):
        parser = _Text()
        parser.feed(path.read_text(encoding="utf-8"))
        text = "".join(parser.parts)
        date = (parser.meta.get("date") or parser.meta.get("article:modified_time", ""))[:10]
    else:
        text = path.read_text(encoding="utf-8")
        m = re.search(r"^updated:\s*(\d{4}-\d{2}-\d{2})", text, re.M) or \
            re.search(r"Last updated:\s*(\d{4}-\d{2}-\d{2})", text)
        date = m.group(1) if m else ""
    return text, date


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def main() -> int:
    errors: list[str] = []
    cache: dict[Path, tuple[str, str]] = {}

    def doc(path: Path) -> tuple[str, str]:
        if path not in cache:
            text, date = extract(path)
            cache[path] = (norm(text), date)
        return cache[path]

    for path in sorted(DOCS.iterdir()):
        _, date = doc(path)
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
            errors.append(f"{path.name}: no date found")

    rows = [json.loads(line) for line in (HERE / "qa.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    seen_kind: Counter = Counter()
    counts: dict[str, Counter] = defaultdict(Counter)
    flags: Counter = Counter()
    for n, q in enumerate(rows, 1):
        qid = q.get("id")
        where = qid or f"line {n}"
        if qid != f"c{n:03d}":
            errors.append(f"{where}: id should be c{n:03d}")
        for key, typ in (("question", str), ("history", list), ("answerable", bool),
                         ("expected_facts", list), ("kind", str), ("split", str)):
            if not isinstance(q.get(key), typ):
                errors.append(f"{where}: field {key} missing or not {typ.__name__}")
        kind = q.get("kind")
        if kind not in KINDS:
            errors.append(f"{where}: unknown kind {kind}")
            continue
        expected_split = "tune" if seen_kind[kind] % 2 == 0 else "test"
        seen_kind[kind] += 1
        if q.get("split") != expected_split:
            errors.append(f"{where}: split should be {expected_split} (alternating within {kind})")
        counts[kind][q.get("split")] += 1
        if kind in UNANSWERABLE:
            if q["answerable"] or q.get("expected_source") is not None or q["expected_facts"]:
                errors.append(f"{where}: unanswerable question must have answerable false, no source, no facts")
            continue
        if not q["answerable"]:
            errors.append(f"{where}: answerable kind marked unanswerable")
        src = DOCS / str(q.get("expected_source"))
        if not src.is_file():
            errors.append(f"{where}: source {q.get('expected_source')} not in docs/")
            continue
        text, new_date = doc(src)
        if not 1 <= len(q["expected_facts"]) <= 3:
            errors.append(f"{where}: give 1-3 expected facts")
        for fact in q["expected_facts"]:
            if norm(fact) not in text:
                errors.append(f"{where}: fact {fact!r} not in {src.name}")
        if kind == "follow_up":
            hist = q["history"]
            if not hist or any(t.get("role") not in ("user", "assistant") or not t.get("content") for t in hist):
                errors.append(f"{where}: follow_up needs a history of user/assistant turns")
        if q.get("table_lookup"):
            flags["table_lookup"] += 1
        if kind == "conflict":
            c = q.get("conflict") or {}
            if c.get("current") != q["expected_source"]:
                errors.append(f"{where}: conflict.current must be the expected source")
            example = bool(q.get("example_conflict"))
            flags["example_conflict"] += example
            older = (KNOWLEDGE if example else DOCS) / str(c.get("older"))
            if not older.is_file():
                errors.append(f"{where}: older file {c.get('older')} not found")
                continue
            old_text, old_date = doc(older)
            if example and "example: true" not in older.read_text(encoding="utf-8"):
                errors.append(f"{where}: {older.name} is not an example document")
            if old_date >= new_date:
                errors.append(f"{where}: older document {older.name} ({old_date}) is not older than {src.name} ({new_date})")
            if not q.get("older_facts"):
                errors.append(f"{where}: conflict without older_facts")
            for fact in q.get("older_facts", []):
                if norm(fact) not in old_text:
                    errors.append(f"{where}: older fact {fact!r} not in {older.name}")
                if norm(fact) in text and not example:
                    pass  # the newer document may quote the older value ("raised from X to Y")
        elif q.get("conflict") or q.get("older_facts"):
            errors.append(f"{where}: conflict fields on a non-conflict question")

    for kind, c in counts.items():
        if abs(c["tune"] - c["test"]) > 1:
            errors.append(f"{kind}: splits unbalanced {dict(c)}")

    print(f"{'kind':<12} {'tune':>5} {'test':>5} {'total':>6}")
    total = Counter()
    for kind in sorted(counts, key=lambda k: (k in UNANSWERABLE, k == "conflict", k)):
        c = counts[kind]
        total.update(c)
        print(f"{kind:<12} {c['tune']:>5} {c['test']:>5} {c['tune'] + c['test']:>6}")
    print(f"{'all':<12} {total['tune']:>5} {total['test']:>5} {sum(total.values()):>6}")
    answerable = sum(sum(c.values()) for k, c in counts.items() if k not in UNANSWERABLE)
    print(f"answerable {answerable}, table_lookup {flags['table_lookup']}, example_conflict {flags['example_conflict']}, documents {len(list(DOCS.iterdir()))}")
    for path in sorted(DOCS.iterdir()):
        print(f"  {path.name:<45} {cache[path][1]}  {len(cache[path][0].split()):>5} words")
    if errors:
        print(f"\n{len(errors)} problem(s):")
        for e in errors:
            print("  " + e)
        return 1
    print("\nOK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
