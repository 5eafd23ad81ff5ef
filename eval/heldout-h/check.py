"""Check held-out QA set H: qa.jsonl against the documents in docs/. Exits 1 on any problem.

    PYTHONPATH=/tmp/seth-tools python3 eval/heldout-h/check.py

Needs pdfplumber, pypdf, python-docx and beautifulsoup4.
"""
import collections
import datetime as dt
import json
import re
import sys
from pathlib import Path

import docx
import pdfplumber
from bs4 import BeautifulSoup
from pypdf import PdfReader

HERE = Path(__file__).resolve().parent
DOCS = HERE / "docs"
KNOWLEDGE = HERE.parent.parent / "knowledge"
TODAY = dt.date(2026, 12, 3)

PLAIN_KINDS = {"yes_no", "when", "how_much", "who", "where", "what", "how_long", "follow_up"}
UNANSWERABLE_KINDS = {"near_topic", "partial"}
KINDS = PLAIN_KINDS | UNANSWERABLE_KINDS | {"conflict"}
MINIMUM = {"all": 120, "plain": 75, "conflict": 20, "near_topic": 16, "partial": 14,
           "example_conflict": 2, "conflict_pairs": 6}

problems = []


def problem(msg):
    problems.append(msg)


def norm(text):
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip().lower()


def front_matter_date(text, key="updated"):
    m = re.match(r"---\n(.*?)\n---\n", text, re.S)
    if not m:
        return None
    f = re.search(rf"^{key}:\s*(\d{{4}}-\d{{2}}-\d{{2}})\s*$", m.group(1), re.M)
    return dt.date.fromisoformat(f.group(1)) if f else None


def load(path):
    """Return (text, date, has_table) of one document."""
    suffix = path.suffix.lower()
    if suffix == ".md":
        text = path.read_text(encoding="utf-8")
        return text, front_matter_date(text), None
    if suffix == ".txt":
        text = path.read_text(encoding="utf-8")
        m = re.search(r"^Last updated:\s*(\d{4}-\d{2}-\d{2})\s*$", text, re.M)
        return text, dt.date.fromisoformat(m.group(1)) if m else None, None
    if suffix in (".html", ".htm"):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        meta = soup.find("meta", attrs={"name": "date"})
        date = dt.date.fromisoformat(meta["content"]) if meta and meta.get("content") else None
        return soup.get_text(" "), date, soup.find("table") is not None
    if suffix == ".docx":
        d = docx.Document(str(path))
        parts = [p.text for p in d.paragraphs]
        for table in d.tables:
            for row in table.rows:
                parts.append(" | ".join(cell.text for cell in row.cells))
        modified = d.core_properties.modified
        return "\n".join(parts), modified.date() if modified else None, bool(d.tables)
    if suffix == ".pdf":
        parts, tables = [], 0
        with pdfplumber.open(str(path)) as pdf:
            for page in pdf.pages:
                parts.append(page.extract_text() or "")
                for table in page.extract_tables():
                    tables += 1
                    for row in table:
                        parts.append(" | ".join(cell or "" for cell in row))
        raw = PdfReader(str(path)).metadata.get("/CreationDate")
        m = re.match(r"D:(\d{4})(\d{2})(\d{2})", raw or "")
        date = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None
        return "\n".join(parts), date, tables > 0
    problem(f"{path.name}: unknown format")
    return "", None, None


docs = {}
for path in sorted(DOCS.iterdir()):
    text, date, has_table = load(path)
    docs[path.name] = {"text": norm(text), "date": date}
    if date is None:
        problem(f"{path.name}: no date found")
    elif date > TODAY:
        problem(f"{path.name}: dated {date}, after {TODAY}")
    if has_table is False:
        problem(f"{path.name}: has no table")

knowledge = {}
for path in sorted(KNOWLEDGE.rglob("*.md")):
    text = path.read_text(encoding="utf-8")
    m = re.match(r"---\n(.*?)\n---\n", text, re.S)
    example = bool(m and re.search(r"^example:\s*true\s*$", m.group(1), re.M))
    knowledge[str(path.relative_to(KNOWLEDGE))] = {
        "text": norm(text), "date": front_matter_date(text), "example": example}

rows = []
with open(HERE / "qa.jsonl", encoding="utf-8") as f:
    for n, line in enumerate(f, 1):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as e:
            problem(f"line {n}: invalid JSON ({e})")

seen_ids = set()
next_split = collections.defaultdict(lambda: "tune")
counts = collections.Counter()
per_kind = collections.Counter()
pairs = set()
used = set()
table_lookups = 0

for q in rows:
    qid = q.get("id", "?")
    if not re.fullmatch(r"h\d{3}", str(qid)):
        problem(f"{qid}: id is not h + three digits")
    if qid in seen_ids:
        problem(f"{qid}: duplicate id")
    seen_ids.add(qid)
    for field in ("question", "history", "answerable", "expected_source", "expected_facts", "kind", "split"):
        if field not in q:
            problem(f"{qid}: missing field {field}")
    kind = q.get("kind")
    if kind not in KINDS:
        problem(f"{qid}: unknown kind {kind}")
        continue
    if not str(q.get("question", "")).strip():
        problem(f"{qid}: empty question")
    split = q.get("split")
    if split != next_split[kind]:
        problem(f"{qid}: split {split}, expected {next_split[kind]} (alternation within {kind})")
    next_split[kind] = "test" if next_split[kind] == "tune" else "tune"
    per_kind[(kind, split)] += 1
    counts["all"] += 1
    if q.get("table_lookup"):
        table_lookups += 1

    hist = q.get("history", [])
    if kind == "follow_up":
        if not hist:
            problem(f"{qid}: follow_up without history")
    elif hist:
        problem(f"{qid}: history on a non-follow_up question")
    for turn in hist:
        if turn.get("role") not in ("user", "assistant") or not turn.get("content"):
            problem(f"{qid}: bad history turn {turn}")

    if kind in UNANSWERABLE_KINDS:
        counts[kind] += 1
        if q.get("answerable") is not False or q.get("expected_source") is not None or q.get("expected_facts"):
            problem(f"{qid}: unanswerable question with answerable/source/facts")
        if q.get("table_lookup"):
            problem(f"{qid}: table_lookup on an unanswerable question")
    else:
        if q.get("answerable") is not True:
            problem(f"{qid}: answerable kind but answerable is not true")
        source = q.get("expected_source")
        if source not in docs:
            problem(f"{qid}: expected_source {source!r} is not a document in docs/")
            continue
        used.add(source)
        facts = q.get("expected_facts") or []
        if not facts:
            problem(f"{qid}: no expected facts")
        for fact in facts:
            if norm(fact) not in docs[source]["text"]:
                problem(f"{qid}: fact {fact!r} not found in {source}")

    if kind == "conflict":
        counts["conflict"] += 1
        conflict = q.get("conflict") or {}
        older = conflict.get("older")
        if conflict.get("current") != q.get("expected_source"):
            problem(f"{qid}: conflict.current differs from expected_source")
        if q.get("example_conflict"):
            counts["example_conflict"] += 1
            entry = knowledge.get(older)
            if entry is None or not entry["example"]:
                problem(f"{qid}: older {older!r} is not an example: true document in knowledge/")
                continue
        else:
            entry = docs.get(older)
            if entry is None:
                problem(f"{qid}: older {older!r} is not a document in docs/")
                continue
            used.add(older)
        pairs.add((older, conflict.get("current")))
        current = docs.get(conflict.get("current"))
        if current and entry["date"] and current["date"] and not entry["date"] < current["date"]:
            problem(f"{qid}: older document {older} ({entry['date']}) is not older than "
                    f"{conflict.get('current')} ({current['date']})")
        ofacts = q.get("older_facts") or []
        if not ofacts:
            problem(f"{qid}: conflict without older_facts")
        for fact in ofacts:
            if norm(fact) not in entry["text"]:
                problem(f"{qid}: older fact {fact!r} not found in {older}")
        for fact in q.get("expected_facts") or []:
            if norm(fact) in entry["text"]:
                problem(f"{qid}: new fact {fact!r} also occurs in the older document {older}")
    else:
        for field in ("conflict", "older_facts", "example_conflict"):
            if field in q:
                problem(f"{qid}: {field} on a non-conflict question")
        if kind in PLAIN_KINDS:
            counts["plain"] += 1

for name in docs:
    if name not in used:
        problem(f"{name}: not used by any question")
counts["conflict_pairs"] = len(pairs)
for key, minimum in MINIMUM.items():
    if counts[key] < minimum:
        problem(f"too few {key}: {counts[key]} < {minimum}")

print(f"{'kind':<12} {'tune':>5} {'test':>5} {'total':>6}")
for kind in ["yes_no", "when", "how_much", "who", "where", "what", "how_long", "follow_up",
             "conflict", "near_topic", "partial"]:
    tu, te = per_kind[(kind, "tune")], per_kind[(kind, "test")]
    print(f"{kind:<12} {tu:>5} {te:>5} {tu + te:>6}")
tu = sum(v for (k, s), v in per_kind.items() if s == "tune")
te = sum(v for (k, s), v in per_kind.items() if s == "test")
print(f"{'all':<12} {tu:>5} {te:>5} {tu + te:>6}")
print(f"plain {counts['plain']}, conflict {counts['conflict']} ({counts['example_conflict']} example, "
      f"{len(pairs)} document pairs), near_topic {counts['near_topic']}, partial {counts['partial']}, "
      f"table_lookup {table_lookups}, documents {len(docs)}")
for name, d in sorted(docs.items(), key=lambda kv: kv[1]["date"] or dt.date.min):
    print(f"  {d['date']}  {name}")

if problems:
    print(f"\n{len(problems)} problem(s):")
    for p in problems:
        print("  -", p)
    sys.exit(1)
print("\nOK: no problems found")
