"""Check held-out set D: qa.jsonl against the documents in docs/ (and knowledge/ for example conflicts).

Everything in this set is invented. Run:

    /work/main/.venv/bin/python eval/heldout-d/check.py

Exits 1 on any problem.
"""
from __future__ import annotations

import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
DOCS = HERE / "docs"
KNOWLEDGE = HERE.parent.parent / "knowledge"

KINDS = {"yes_no", "when", "how_much", "who", "where", "what", "how_long", "follow_up",
         "conflict", "near_topic", "partial"}
UNANSWERABLE = {"near_topic", "partial"}
FIELDS = {"id", "question", "history", "answerable", "expected_source", "expected_facts", "kind",
          "split", "conflict", "older_facts", "example_conflict", "table_lookup"}


def norm(s: str) -> str:
    s = s.replace("\u00a0", " ").replace("\u2019", "'")
    return re.sub(r"\s+", " ", s).strip().lower()


def text_of(path: Path) -> str:
    suf = path.suffix.lower()
    if suf == ".pdf":
        import pdfplumber
        parts = []
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                parts.append(page.extract_text() or "")
                for table in page.extract_tables():
                    for row in table:
                        parts.append(" | ".join((c or "").replace("\n", " ") for c in row))
        return "\n".join(parts)
    if suf == ".docx":
        import docx
        d = docx.Document(str(path))
        parts = [p.text for p in d.paragraphs]
        for t in d.tables:
            for row in t.rows:
                parts.append(" | ".join(c.text for c in row.cells))
        return "\n".join(parts)
    if suf in (".html", ".htm"):
        from bs4 import BeautifulSoup
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").get_text(" ")
    return path.read_text(encoding="utf-8")


def date_of(path: Path) -> str | None:
    suf = path.suffix.lower()
    if suf == ".md":
        m = re.search(r"^updated:\s*(\d{4}-\d{2}-\d{2})", path.read_text(encoding="utf-8"), re.M)
        return m and m.group(1)
    if suf == ".txt":
        m = re.search(r"Last updated:\s*(\d{4}-\d{2}-\d{2})", path.read_text(encoding="utf-8"))
        return m and m.group(1)
    if suf == ".html":
        m = re.search(r'<meta name="date" content="(\d{4}-\d{2}-\d{2})"', path.read_text(encoding="utf-8"))
        return m and m.group(1)
    if suf == ".docx":
        import docx
        mod = docx.Document(str(path)).core_properties.modified
        return mod and mod.strftime("%Y-%m-%d")
    if suf == ".pdf":
        import pypdf
        cd = (pypdf.PdfReader(str(path)).metadata or {}).get("/CreationDate", "")
        m = re.match(r"D:(\d{4})(\d{2})(\d{2})", cd)
        return m and "-".join(m.groups())
    return None


def main() -> int:
    problems: list[str] = []
    texts: dict[str, str] = {}
    dates: dict[str, str | None] = {}
    for p in sorted(DOCS.iterdir()):
        texts[p.name] = norm(text_of(p))
        dates[p.name] = date_of(p)
        if not dates[p.name]:
            problems.append(f"{p.name}: no date found")
    knowledge = {p.name: p for p in KNOWLEDGE.rglob("*.md")} if KNOWLEDGE.is_dir() else {}

    rows = []
    for n, line in enumerate((HERE / "qa.jsonl").read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as e:
            problems.append(f"line {n}: bad JSON ({e})")

    ids = Counter(r.get("id") for r in rows)
    for i, c in ids.items():
        if c > 1:
            problems.append(f"id {i} used {c} times")
    last_split: dict[str, str] = {}
    counts: dict[str, Counter] = defaultdict(Counter)
    used_docs = Counter()
    for r in rows:
        rid = r.get("id", "?")
        extra = set(r) - FIELDS
        if extra:
            problems.append(f"{rid}: unknown fields {sorted(extra)}")
        if not re.fullmatch(r"d\d{3}", str(rid)):
            problems.append(f"{rid}: id should look like d001")
        kind = r.get("kind")
        if kind not in KINDS:
            problems.append(f"{rid}: unknown kind {kind!r}")
        if not isinstance(r.get("question"), str) or not r["question"].strip():
            problems.append(f"{rid}: empty question")
        hist = r.get("history")
        if not isinstance(hist, list) or any(
                not isinstance(h, dict) or h.get("role") not in ("user", "assistant")
                or not isinstance(h.get("content"), str) for h in hist):
            problems.append(f"{rid}: bad history")
        if kind == "follow_up" and not hist:
            problems.append(f"{rid}: follow_up without history")
        if kind != "follow_up" and hist:
            problems.append(f"{rid}: history on a {kind} question")
        split = r.get("split")
        if split not in ("tune", "test"):
            problems.append(f"{rid}: bad split {split!r}")
        want = "tune" if last_split.get(kind) in (None, "test") else "test"
        if split != want:
            problems.append(f"{rid}: split {split} but alternation within {kind} wants {want}")
        last_split[kind] = split
        counts[kind][split] += 1

        src, facts = r.get("expected_source"), r.get("expected_facts")
        if kind in UNANSWERABLE:
            if r.get("answerable") is not False or src is not None or facts:
                problems.append(f"{rid}: unanswerable must have answerable false, null source, no facts")
            for f in ("conflict", "older_facts", "example_conflict", "table_lookup"):
                if f in r:
                    problems.append(f"{rid}: {f} on an unanswerable question")
            continue
        if r.get("answerable") is not True:
            problems.append(f"{rid}: answerable should be true")
        if src not in texts:
            problems.append(f"{rid}: expected_source {src!r} not in docs/")
            continue
        used_docs[src] += 1
        if not isinstance(facts, list) or not facts:
            problems.append(f"{rid}: no expected_facts")
            facts = []
        for f in facts:
            if norm(f) not in texts[src]:
                problems.append(f"{rid}: fact {f!r} not found in {src}")
        if "table_lookup" in r and r["table_lookup"] is not True:
            problems.append(f"{rid}: table_lookup must be true when present")

        if kind == "conflict":
            c = r.get("conflict") or {}
            older, olds = c.get("older"), r.get("older_facts") or []
            if c.get("current") != src:
                problems.append(f"{rid}: conflict.current should equal expected_source")
            if not olds:
                problems.append(f"{rid}: conflict without older_facts")
            if r.get("example_conflict"):
                kp = knowledge.get(older)
                if kp is None:
                    problems.append(f"{rid}: example conflict older {older!r} not in knowledge/")
                    continue
                ktext = kp.read_text(encoding="utf-8")
                if not re.search(r"^example:\s*true", ktext, re.M):
                    problems.append(f"{rid}: knowledge/{older} is not an example document")
                otext = norm(ktext)
            else:
                if older not in texts:
                    problems.append(f"{rid}: conflict.older {older!r} not in docs/")
                    continue
                otext = texts[older]
                if (dates.get(older) or "") >= (dates.get(src) or ""):
                    problems.append(f"{rid}: older {older} ({dates.get(older)}) is not older than "
                                    f"{src} ({dates.get(src)})")
            for f in olds:
                if norm(f) not in otext:
                    problems.append(f"{rid}: older fact {f!r} not found in {older}")
            for f in facts:
                if norm(f) in otext:
                    problems.append(f"{rid}: new fact {f!r} also occurs in the older document")
        else:
            for f in ("conflict", "older_facts", "example_conflict"):
                if f in r:
                    problems.append(f"{rid}: {f} on a non-conflict question")

    for name in texts:
        if used_docs[name] == 0:
            problems.append(f"{name}: no question uses this document")

    print("documents:")
    for name in texts:
        print(f"  {name:45s} {dates[name]}  {used_docs[name]:3d} questions")
    print(f"\n{'kind':12s} {'tune':>5s} {'test':>5s} {'total':>6s}")
    tt = Counter()
    for kind in sorted(counts, key=lambda k: (k in UNANSWERABLE, k == "conflict", k)):
        c = counts[kind]
        tt.update(c)
        print(f"{kind:12s} {c['tune']:5d} {c['test']:5d} {c['tune'] + c['test']:6d}")
    print(f"{'all':12s} {tt['tune']:5d} {tt['test']:5d} {tt['tune'] + tt['test']:6d}")
    print(f"table_lookup: {sum(1 for r in rows if r.get('table_lookup'))}, "
          f"example_conflict: {sum(1 for r in rows if r.get('example_conflict'))}, "
          f"answerable: {sum(1 for r in rows if r.get('answerable'))}, "
          f"unanswerable: {sum(1 for r in rows if r.get('answerable') is False)}")
    if problems:
        print(f"\n{len(problems)} problem(s):")
        for p in problems:
            print("  " + p)
        return 1
    print("\nOK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
