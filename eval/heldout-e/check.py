"""Check held-out set E: qa.jsonl against the documents in docs/ (and knowledge/ for example conflicts).

Run from the repository root or anywhere:  python3 eval/heldout-e/check.py
Needs pdfplumber, pypdf, python-docx and beautifulsoup4. Exits 1 on any problem.
"""
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

import pdfplumber
import pypdf
import docx
from bs4 import BeautifulSoup

HERE = Path(__file__).resolve().parent
DOCS = HERE / "docs"
KNOWLEDGE = HERE.parent.parent / "knowledge"
KINDS = {"yes_no", "when", "how_much", "who", "where", "what", "how_long", "follow_up", "conflict",
         "near_topic", "partial"}
UNANSWERABLE = {"near_topic", "partial"}
KEYS = ["id", "question", "history", "answerable", "expected_source", "expected_facts", "kind", "split"]

problems = []


def problem(msg):
    problems.append(msg)


def norm(text):
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip().lower()


def front_matter(text):
    m = re.match(r"---\n(.*?)\n---\n", text, re.S)
    fm = {}
    if m:
        for line in m.group(1).splitlines():
            if ":" in line:
                k, v = line.split(":", 1)
                fm[k.strip()] = v.strip()
    return fm


def iso(s):
    return date.fromisoformat(s.strip()[:10])


def extract(path):
    """Return (text, date) of one document."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        parts = []
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                parts.append(page.extract_text() or "")
                for table in page.extract_tables():
                    for row in table:
                        parts.append(" | ".join(c or "" for c in row))
        raw = pypdf.PdfReader(path).metadata.get("/CreationDate", "")
        m = re.match(r"D:(\d{4})(\d{2})(\d{2})", raw)
        when = date(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None
        return "\n".join(parts), when
    if suffix == ".docx":
        d = docx.Document(path)
        parts = [p.text for p in d.paragraphs]
        for table in d.tables:
            for row in table.rows:
                parts.append(" | ".join(cell.text for cell in row.cells))
        mod = d.core_properties.modified
        return "\n".join(parts), mod.date() if mod else None
    if suffix in (".html", ".htm"):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        meta = soup.find("meta", attrs={"name": "date"})
        when = iso(meta["content"]) if meta and meta.get("content") else None
        for tag in soup(["script", "style"]):
            tag.decompose()
        return soup.get_text(" "), when
    if suffix == ".md":
        text = path.read_text(encoding="utf-8")
        fm = front_matter(text)
        return text, iso(fm["updated"]) if "updated" in fm else None
    if suffix == ".txt":
        text = path.read_text(encoding="utf-8")
        m = re.search(r"^Last updated:\s*(\d{4}-\d{2}-\d{2})", text, re.M)
        return text, iso(m.group(1)) if m else None
    raise ValueError(f"unknown format: {path.name}")


docs = {}
for path in sorted(DOCS.iterdir()):
    text, when = extract(path)
    if when is None:
        problem(f"{path.name}: no date found")
    if len(norm(text)) < 500:
        problem(f"{path.name}: extracted text is suspiciously short")
    docs[path.name] = (norm(text), when)


def knowledge_doc(name):
    path = KNOWLEDGE / name
    if not path.is_file():
        return None
    text = path.read_text(encoding="utf-8")
    fm = front_matter(text)
    return norm(text), iso(fm["updated"]) if "updated" in fm else None, fm.get("example") == "true"


items = []
with open(HERE / "qa.jsonl", encoding="utf-8") as f:
    for n, line in enumerate(f, 1):
        if not line.strip():
            continue
        try:
            items.append(json.loads(line))
        except json.JSONDecodeError as e:
            problem(f"line {n}: bad JSON ({e})")

ids = Counter(q.get("id") for q in items)
for i, c in ids.items():
    if c > 1:
        problem(f"duplicate id {i}")

last_split = {}
counts = defaultdict(Counter)
used_docs = Counter()
table_lookups = example_conflicts = 0
for q in items:
    qid = q.get("id", "?")
    for k in KEYS:
        if k not in q:
            problem(f"{qid}: missing key {k}")
    if not re.fullmatch(r"e\d{3}", str(qid)):
        problem(f"{qid}: id must be 'e' + 3 digits")
    kind, split = q.get("kind"), q.get("split")
    if kind not in KINDS:
        problem(f"{qid}: unknown kind {kind}")
    if split not in ("tune", "test"):
        problem(f"{qid}: bad split {split}")
    expected = "tune" if last_split.get(kind) in (None, "test") else "test"
    if split != expected:
        problem(f"{qid}: split {split}, but alternation within kind {kind} requires {expected}")
    last_split[kind] = split
    counts[kind][split] += 1
    if not str(q.get("question", "")).strip():
        problem(f"{qid}: empty question")
    hist = q.get("history", [])
    if not isinstance(hist, list) or any(
            not isinstance(t, dict) or t.get("role") not in ("user", "assistant") or not t.get("content")
            for t in hist):
        problem(f"{qid}: malformed history")
    if kind == "follow_up" and not hist:
        problem(f"{qid}: follow_up without history")
    if q.get("table_lookup"):
        table_lookups += 1

    if kind in UNANSWERABLE:
        if q.get("answerable") is not False:
            problem(f"{qid}: {kind} must have answerable false")
        if q.get("expected_source") is not None or q.get("expected_facts"):
            problem(f"{qid}: unanswerable question has a source or facts")
        if "conflict" in q or "older_facts" in q or q.get("table_lookup"):
            problem(f"{qid}: unanswerable question has conflict/table fields")
        continue

    if q.get("answerable") is not True:
        problem(f"{qid}: {kind} must have answerable true")
    src = q.get("expected_source")
    if src not in docs:
        problem(f"{qid}: expected_source {src!r} is not in docs/")
        continue
    used_docs[src] += 1
    text, when = docs[src]
    facts = q.get("expected_facts") or []
    if not facts:
        problem(f"{qid}: no expected_facts")
    for fact in facts:
        if norm(fact) not in text:
            problem(f"{qid}: fact {fact!r} not found in {src}")

    if kind == "conflict":
        conf = q.get("conflict") or {}
        if conf.get("current") != src:
            problem(f"{qid}: conflict.current {conf.get('current')!r} != expected_source {src!r}")
        older = conf.get("older")
        is_example = bool(q.get("example_conflict"))
        if older in docs and not is_example:
            otext, owhen = docs[older]
            used_docs[older] += 1
            if not (owhen and when and owhen < when):
                problem(f"{qid}: older document {older} ({owhen}) is not older than {src} ({when})")
        elif is_example:
            kd = knowledge_doc(older or "")
            if kd is None:
                problem(f"{qid}: example conflict, but knowledge/{older} does not exist")
                continue
            otext, owhen, example = kd
            if not example:
                problem(f"{qid}: knowledge/{older} is not an example: true document")
            if not (owhen and when and owhen < when):
                problem(f"{qid}: knowledge/{older} ({owhen}) is not older than {src} ({when})")
            example_conflicts += 1
        else:
            problem(f"{qid}: conflict.older {older!r} is neither in docs/ nor flagged example_conflict")
            continue
        ofacts = q.get("older_facts") or []
        if not ofacts:
            problem(f"{qid}: conflict without older_facts")
        for fact in ofacts:
            if norm(fact) not in otext:
                problem(f"{qid}: older fact {fact!r} not found in {older}")
        for fact in facts:
            if norm(fact) in otext:
                problem(f"{qid}: new fact {fact!r} also occurs in the older document {older}")
    else:
        if "conflict" in q or "older_facts" in q or q.get("example_conflict"):
            problem(f"{qid}: non-conflict question with conflict fields")

for name in docs:
    if name not in used_docs:
        problem(f"{name}: no question uses this document")

print("documents:")
for name, (text, when) in docs.items():
    print(f"  {when}  {name}  ({len(text.split())} words, {used_docs[name]} questions)")
print()
print(f"{'kind':<12}{'tune':>6}{'test':>6}{'total':>7}")
order = ["yes_no", "when", "how_much", "who", "where", "what", "how_long", "follow_up", "conflict",
         "near_topic", "partial"]
tot = Counter()
for kind in order:
    c = counts.get(kind, Counter())
    tot.update(c)
    print(f"{kind:<12}{c['tune']:>6}{c['test']:>6}{c['tune'] + c['test']:>7}")
print(f"{'all':<12}{tot['tune']:>6}{tot['test']:>6}{tot['tune'] + tot['test']:>7}")
answerable = sum(1 for q in items if q.get("answerable"))
conflicts = sum(counts["conflict"].values())
print(f"\nanswerable {answerable} (plain {answerable - conflicts}, conflict {conflicts}, "
      f"example_conflict {example_conflicts}); unanswerable {len(items) - answerable}; "
      f"table_lookup {table_lookups}")

if problems:
    print(f"\n{len(problems)} problem(s):")
    for p in problems:
        print("  -", p)
    sys.exit(1)
print("\nOK: no problems found")
