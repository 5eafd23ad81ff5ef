"""Check held-out QA set G (qa.jsonl) against its documents. Exits 1 on any problem.

    pip install --target /tmp/setg-tools fpdf2 python-docx pypdf pdfplumber beautifulsoup4
    PYTHONPATH=/tmp/setg-tools python3 eval/heldout-g/check.py
"""
import datetime as dt
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

import docx
import pdfplumber
import pypdf
from bs4 import BeautifulSoup

HERE = Path(__file__).resolve().parent
DOCS = HERE / "docs"
KNOWLEDGE = HERE.parent.parent / "knowledge"

PLAIN_KINDS = {"yes_no", "when", "how_much", "who", "where", "what", "how_long", "follow_up"}
UNANSWERABLE_KINDS = {"near_topic", "partial"}
KINDS = PLAIN_KINDS | UNANSWERABLE_KINDS | {"conflict"}
MINIMUM = {"all": 110, "plain": 70, "conflict": 18, "near_topic": 15, "partial": 12, "example_conflict": 1}

problems = []


def problem(msg):
    problems.append(msg)


def norm(text):
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip().lower()


def front_matter(text):
    m = re.match(r"---\n(.*?)\n---\n", text, re.S)
    fields = {}
    if m:
        for line in m.group(1).splitlines():
            if ":" in line:
                key, value = line.split(":", 1)
                fields[key.strip()] = value.strip().strip('"')
    return fields


def extract(path):
    """Return (text, date, is_example) of a document."""
    suffix = path.suffix.lower()
    date = None
    example = False
    if suffix == ".md":
        text = path.read_text(encoding="utf-8")
        fm = front_matter(text)
        if fm.get("updated"):
            date = dt.date.fromisoformat(fm["updated"])
        example = fm.get("example", "").lower() == "true"
    elif suffix == ".txt":
        text = path.read_text(encoding="utf-8")
        m = re.search(r"^Last updated:\s*(\d{4}-\d{2}-\d{2})\s*$", text, re.M)
        if m:
            date = dt.date.fromisoformat(m.group(1))
    elif suffix in (".html", ".htm"):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        meta = soup.find("meta", attrs={"name": "date"})
        if meta and meta.get("content"):
            date = dt.date.fromisoformat(meta["content"][:10])
        if not soup.find("table"):
            problem(f"{path.name}: HTML page without a <table>")
        text = soup.get_text(" ")
    elif suffix == ".docx":
        d = docx.Document(str(path))
        parts = [p.text for p in d.paragraphs]
        for table in d.tables:
            for row in table.rows:
                parts.append(" | ".join(cell.text for cell in row.cells))
        if not d.tables:
            problem(f"{path.name}: Word document without a table")
        if d.core_properties.modified:
            date = d.core_properties.modified.date()
        text = "\n".join(parts)
    elif suffix == ".pdf":
        meta = pypdf.PdfReader(str(path)).metadata or {}
        m = re.match(r"D:(\d{4})(\d{2})(\d{2})", str(meta.get("/CreationDate", "")))
        if m:
            date = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        parts = []
        tables = 0
        with pdfplumber.open(str(path)) as pdf:
            for page in pdf.pages:
                parts.append(page.extract_text() or "")
                for table in page.extract_tables():
                    tables += 1
                    for row in table:
                        parts.append(" | ".join(cell or "" for cell in row))
        if not tables:
            problem(f"{path.name}: PDF without a table")
        text = "\n".join(parts)
    else:
        problem(f"{path.name}: unknown document format")
        text = ""
    return norm(text), date, example


def main():
    docs = {}
    for path in sorted(DOCS.iterdir()):
        if path.is_file():
            docs[path.name] = extract(path)
    for name, (_, date, _) in docs.items():
        if date is None:
            problem(f"{name}: no date found")

    knowledge_cache = {}

    def knowledge_doc(rel):
        if rel not in knowledge_cache:
            path = KNOWLEDGE / rel
            knowledge_cache[rel] = extract(path) if path.is_file() else None
        return knowledge_cache[rel]

    rows = []
    with open(HERE / "qa.jsonl", encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as e:
                    problem(f"line {n}: invalid JSON ({e})")

    ids = Counter(r.get("id") for r in rows)
    for i, k in ids.items():
        if k > 1:
            problem(f"duplicate id {i}")
    used = set()
    per_kind = defaultdict(list)
    for r in rows:
        qid = r.get("id", "?")
        if not re.fullmatch(r"g\d{3}", str(qid)):
            problem(f"{qid}: id is not 'g' + three digits")
        for field in ("question", "history", "answerable", "expected_source", "expected_facts", "kind", "split"):
            if field not in r:
                problem(f"{qid}: missing field {field}")
        kind = r.get("kind")
        if kind not in KINDS:
            problem(f"{qid}: unknown kind {kind}")
        if r.get("split") not in ("tune", "test"):
            problem(f"{qid}: split must be tune or test")
        per_kind[kind].append(r)
        history = r.get("history", [])
        if kind == "follow_up" and not history:
            problem(f"{qid}: follow_up without history")
        for turn in history:
            if turn.get("role") not in ("user", "assistant") or not turn.get("content"):
                problem(f"{qid}: malformed history turn")
        if kind != "conflict" and ("conflict" in r or "older_facts" in r or r.get("example_conflict")):
            problem(f"{qid}: conflict fields on a non-conflict question")

        if kind in UNANSWERABLE_KINDS:
            if r.get("answerable") is not False:
                problem(f"{qid}: {kind} question must have answerable false")
            if r.get("expected_source") is not None or r.get("expected_facts"):
                problem(f"{qid}: unanswerable question has a source or facts")
            continue

        if r.get("answerable") is not True:
            problem(f"{qid}: {kind} question must have answerable true")
        src = r.get("expected_source")
        facts = r.get("expected_facts") or []
        if src not in docs:
            problem(f"{qid}: expected_source {src!r} is not a file in docs/")
            continue
        used.add(src)
        if not facts:
            problem(f"{qid}: no expected facts")
        text, src_date, _ = docs[src]
        for fact in facts:
            if norm(fact) not in text:
                problem(f"{qid}: fact {fact!r} not in {src}")

        if kind == "conflict":
            conflict = r.get("conflict") or {}
            older = conflict.get("older")
            if conflict.get("current") != src:
                problem(f"{qid}: conflict.current must equal expected_source")
            older_facts = r.get("older_facts") or []
            if not older_facts:
                problem(f"{qid}: conflict without older_facts")
            if r.get("example_conflict"):
                info = knowledge_doc(older) if older else None
                if info is None:
                    problem(f"{qid}: example conflict older {older!r} is not a file in knowledge/")
                    continue
                if not info[2]:
                    problem(f"{qid}: knowledge/{older} is not marked example: true")
            else:
                if older not in docs:
                    problem(f"{qid}: conflict.older {older!r} is not a file in docs/")
                    continue
                used.add(older)
                info = docs[older]
            old_text, old_date, _ = info
            if old_date is None or src_date is None or not old_date < src_date:
                problem(f"{qid}: older document {older} ({old_date}) is not older than {src} ({src_date})")
            for fact in older_facts:
                if norm(fact) not in old_text:
                    problem(f"{qid}: older fact {fact!r} not in {older}")
            for fact in facts:
                if norm(fact) in old_text:
                    problem(f"{qid}: new fact {fact!r} also occurs in the older document {older}")
        else:
            if kind not in PLAIN_KINDS:
                problem(f"{qid}: unexpected kind {kind}")

    for kind, items in per_kind.items():
        for n, r in enumerate(items):
            want = "tune" if n % 2 == 0 else "test"
            if r.get("split") != want:
                problem(f"{r.get('id')}: split {r.get('split')} breaks the tune/test alternation of kind {kind}")

    for name in docs:
        if name not in used:
            problem(f"{name}: document is not used by any question")

    counts = {
        "all": len(rows),
        "plain": sum(len(per_kind[k]) for k in PLAIN_KINDS),
        "conflict": len(per_kind["conflict"]),
        "near_topic": len(per_kind["near_topic"]),
        "partial": len(per_kind["partial"]),
        "example_conflict": sum(1 for r in per_kind["conflict"] if r.get("example_conflict")),
    }
    for key, minimum in MINIMUM.items():
        if counts[key] < minimum:
            problem(f"only {counts[key]} {key} questions (need at least {minimum})")

    order = ["yes_no", "when", "how_much", "who", "where", "what", "how_long", "follow_up",
             "conflict", "near_topic", "partial"]
    print(f"{'kind':<12} {'tune':>5} {'test':>5} {'total':>6}")
    for kind in order:
        items = per_kind.get(kind, [])
        tune = sum(1 for r in items if r.get("split") == "tune")
        print(f"{kind:<12} {tune:>5} {len(items) - tune:>5} {len(items):>6}")
    tune = sum(1 for r in rows if r.get("split") == "tune")
    print(f"{'all':<12} {tune:>5} {len(rows) - tune:>5} {len(rows):>6}")
    print(f"documents: {len(docs)}; table_lookup: {sum(1 for r in rows if r.get('table_lookup'))}; "
          f"example_conflict: {counts['example_conflict']}")

    if problems:
        print(f"\n{len(problems)} problem(s):")
        for p in problems:
            print("  -", p)
        sys.exit(1)
    print("OK: no problems")


if __name__ == "__main__":
    main()
