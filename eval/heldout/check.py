"""Consistency checks for the held-out QA evaluation set.

    PYTHONPATH=/tmp/evaltools python3 eval/heldout/check.py
    (or /work/main/.venv/bin/python eval/heldout/check.py; needs python-docx and pypdf)

Checks:
  * qa.jsonl: valid JSON per line, unique ids, required fields, allowed kinds and splits;
  * every expected fact occurs in the text of its expected source (case-insensitive, runs of
    whitespace collapsed, so that line breaks in PDF text do not matter);
  * conflict questions: the newer file is the expected source, the older facts occur in the older
    file, and the two files carry different dates (the newer one later), except for
    example conflicts, whose older file is a shipped knowledge/ document marked `example: true`;
  * every document carries a date between 2023 and 2026 in the place its format keeps it,
    and no document file name collides with a file name under knowledge/.
Exits with status 1 if any check fails, and prints counts per kind and split.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter, defaultdict
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import docx
from pypdf import PdfReader

HERE = Path(__file__).resolve().parent
DOCS = HERE / "docs"
QA = HERE / "qa.jsonl"
KNOWLEDGE = HERE.parent.parent / "knowledge"

KINDS = {"yes_no", "when", "how_much", "who", "where", "what", "how_long",
         "follow_up", "conflict", "near_topic", "partial"}
UNANSWERABLE_KINDS = {"near_topic", "partial"}
errors: list[str] = []


def err(msg: str) -> None:
    errors.append(msg)


# ---------------------------------------------------------------- text extraction

class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.meta: dict[str, str] = {}
        self.title = ""
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in {"script", "style"}:
            self._skip += 1
        if tag == "title":
            self._in_title = True
        if tag == "meta":
            key = a.get("name") or a.get("property")
            if key and "content" in a:
                self.meta[key] = a["content"]
        if tag in {"p", "li", "tr", "td", "th", "h1", "h2", "h3", "br", "div"}:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in {"script", "style"}:
            self._skip -= 1
        if tag == "title":
            self._in_title = False
        if tag in {"td", "th"}:
            self.parts.append(" ")

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        if not self._skip:
            self.parts.append(data)


def html_info(path: Path) -> tuple[str, dict[str, str], str]:
    p = _Text()
    p.feed(path.read_text(encoding="utf-8"))
    return "".join(p.parts), p.meta, p.title.strip()


def docx_text(path: Path) -> str:
    d = docx.Document(str(path))
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            parts.append(" | ".join(c.text for c in row.cells))
    return "\n".join(parts)


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def front_matter(text: str) -> dict[str, str]:
    m = re.match(r"---\n(.*?)\n---\n", text, re.S)
    if not m:
        return {}
    out = {}
    for line in m.group(1).splitlines():
        if ":" in line:
            k, v = line.split(":", 1)
            out[k.strip()] = v.strip().strip('"')
    return out


def doc_text(path: Path) -> str:
    suf = path.suffix.lower()
    if suf in {".md", ".txt"}:
        return path.read_text(encoding="utf-8")
    if suf in {".html", ".htm"}:
        return html_info(path)[0]
    if suf == ".docx":
        return docx_text(path)
    if suf == ".pdf":
        return pdf_text(path)
    raise ValueError(f"unsupported format: {path}")


def doc_date(path: Path) -> date | None:
    """The document's `updated` date, read from where its format keeps it."""
    suf = path.suffix.lower()
    found: date | None = None
    if suf == ".md":
        fm = front_matter(path.read_text(encoding="utf-8"))
        for key in ("title", "category", "updated"):
            if key not in fm:
                err(f"{path.name}: front matter lacks {key!r}")
        if "updated" in fm:
            found = date.fromisoformat(fm["updated"])
    elif suf == ".txt":
        head = "\n".join(path.read_text(encoding="utf-8").splitlines()[:5])
        m = re.search(r"Last updated: (\d{4}-\d{2}-\d{2})", head)
        if m:
            found = date.fromisoformat(m.group(1))
    elif suf == ".html":
        _, meta, title = html_info(path)
        if not title:
            err(f"{path.name}: no <title>")
        raw = meta.get("date") or meta.get("article:modified_time")
        if raw:
            found = date.fromisoformat(raw[:10])
    elif suf == ".docx":
        cp = docx.Document(str(path)).core_properties
        if not cp.title:
            err(f"{path.name}: core property title is empty")
        if cp.modified:
            found = cp.modified.date()
    elif suf == ".pdf":
        reader = PdfReader(str(path))
        meta = reader.metadata or {}
        md = meta.get("/ModDate") or meta.get("/CreationDate")
        m = re.search(r"Last updated: (\d{4}-\d{2}-\d{2})", pdf_text(path))
        if not md:
            err(f"{path.name}: no /ModDate or /CreationDate in the PDF metadata")
        if not m:
            err(f"{path.name}: no 'Last updated: YYYY-MM-DD' line in the text")
        else:
            found = date.fromisoformat(m.group(1))
            if md and md[2:10] != m.group(1).replace("-", ""):
                err(f"{path.name}: metadata date {md} differs from text date {m.group(1)}")
    if found is None:
        err(f"{path.name}: no document date found")
    elif not date(2023, 1, 1) <= found <= date(2026, 12, 31):
        err(f"{path.name}: date {found} outside 2023-2026")
    return found


def norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip().casefold()


# ---------------------------------------------------------------- checks

def main() -> int:
    docs = sorted(p for p in DOCS.iterdir() if p.is_file())
    texts = {p.name: norm(doc_text(p)) for p in docs}
    dates = {p.name: doc_date(p) for p in docs}

    knowledge_names = {p.name for p in KNOWLEDGE.rglob("*") if p.is_file()} if KNOWLEDGE.is_dir() else set()
    for name in texts:
        if name in knowledge_names:
            err(f"docs/{name} collides with a file name in knowledge/")

    fmt = Counter(p.suffix.lower() for p in docs)
    if len(docs) < 10:
        err(f"only {len(docs)} documents")
    for suf, need in {".md": 2, ".html": 2, ".docx": 2, ".pdf": 1}.items():
        if fmt[suf] < need:
            err(f"need at least {need} {suf} documents, have {fmt[suf]}")

    rows = []
    for n, line in enumerate(QA.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as e:
            err(f"qa.jsonl line {n}: invalid JSON ({e})")

    ids = Counter(r.get("id") for r in rows)
    for i, c in ids.items():
        if c > 1:
            err(f"duplicate id {i}")

    pairs: set[tuple[str, str]] = set()
    table: dict[str, Counter] = defaultdict(Counter)
    for r in rows:
        rid = r.get("id")
        for key in ("id", "question", "history", "answerable", "expected_source", "expected_facts", "kind", "split"):
            if key not in r:
                err(f"{rid}: missing {key}")
        kind = r.get("kind")
        if kind not in KINDS:
            err(f"{rid}: unknown kind {kind!r}")
        if r.get("split") not in {"tune", "test"}:
            err(f"{rid}: bad split {r.get('split')!r}")
        table[kind][r.get("split")] += 1
        for turn in r.get("history", []):
            if set(turn) != {"role", "text"} or turn["role"] not in {"user", "assistant"}:
                err(f"{rid}: malformed history turn {turn}")
        if kind == "follow_up" and not r.get("history"):
            err(f"{rid}: follow-up without history")

        src, facts = r.get("expected_source"), r.get("expected_facts", [])
        if kind in UNANSWERABLE_KINDS:
            if r.get("answerable") is not False or src is not None or facts:
                err(f"{rid}: unanswerable question must have answerable=false, source null, no facts")
            continue
        if r.get("answerable") is not True:
            err(f"{rid}: answerable kind but answerable is not true")
        if src not in texts:
            err(f"{rid}: expected_source {src!r} is not a file in docs/")
            continue
        if not 1 <= len(facts) <= 3:
            err(f"{rid}: needs 1-3 expected facts, has {len(facts)}")
        for f in facts:
            if norm(f) not in texts[src]:
                err(f"{rid}: fact {f!r} not found in {src}")

        if kind == "conflict":
            c = r.get("conflict") or {}
            cur, old = c.get("current"), c.get("older")
            if cur != src:
                err(f"{rid}: conflict.current {cur!r} is not the expected source")
            ofacts = r.get("older_facts") or []
            if not ofacts:
                err(f"{rid}: conflict without older_facts")
            if r.get("example_conflict"):
                kpath = next((p for p in KNOWLEDGE.rglob(old or "-") if p.is_file()), None) if KNOWLEDGE.is_dir() else None
                if kpath is None:
                    err(f"{rid}: example conflict older file {old!r} not found in knowledge/")
                    continue
                ktext = kpath.read_text(encoding="utf-8")
                if front_matter(ktext).get("example") != "true":
                    err(f"{rid}: knowledge/{old} is not marked example: true")
                for f in ofacts:
                    if norm(f) not in norm(ktext):
                        err(f"{rid}: older fact {f!r} not found in knowledge/{old}")
                for f in facts:
                    if norm(f) in norm(ktext):
                        err(f"{rid}: current fact {f!r} also occurs in knowledge/{old}")
            else:
                if old not in texts:
                    err(f"{rid}: conflict.older {old!r} is not a file in docs/")
                    continue
                for f in ofacts:
                    if norm(f) not in texts[old]:
                        err(f"{rid}: older fact {f!r} not found in {old}")
                for f in facts:
                    if norm(f) in texts[old]:
                        err(f"{rid}: current fact {f!r} also occurs in the older file {old}")
                if dates.get(cur) and dates.get(old) and not dates[cur] > dates[old]:
                    err(f"{rid}: {cur} ({dates[cur]}) is not newer than {old} ({dates[old]})")
                pairs.add((cur, old))

    # report
    splits = ("tune", "test")
    print(f"{len(docs)} documents: " + ", ".join(f"{k} {v}" for k, v in sorted(fmt.items())))
    for p in docs:
        print(f"  {dates[p.name]}  {p.name}")
    print(f"\n{len(rows)} questions")
    print(f"{'kind':<12}" + "".join(f"{s:>6}" for s in splits) + f"{'all':>6}")
    for kind in sorted(table):
        print(f"{kind:<12}" + "".join(f"{table[kind][s]:>6}" for s in splits) + f"{sum(table[kind].values()):>6}")
    tot = Counter(r.get("split") for r in rows)
    print(f"{'total':<12}" + "".join(f"{tot[s]:>6}" for s in splits) + f"{len(rows):>6}")
    answerable = sum(1 for r in rows if r.get("answerable"))
    print(f"answerable {answerable}, unanswerable {len(rows) - answerable}, "
          f"table lookups {sum(1 for r in rows if r.get('table_lookup'))}, "
          f"example conflicts {sum(1 for r in rows if r.get('example_conflict'))}")
    print("\ndisagreeing document pairs covered by conflict questions:")
    for cur, old in sorted(pairs):
        print(f"  {old} ({dates[old]})  ->  {cur} ({dates[cur]})")

    if errors:
        print(f"\n{len(errors)} problem(s):")
        for e in errors:
            print("  - " + e)
        return 1
    print("\nall checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
