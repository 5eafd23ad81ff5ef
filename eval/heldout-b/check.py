"""Check held-out QA set B against its documents and print counts per kind and split.

    PYTHONPATH=/tmp/evalqa-tools python3 eval/heldout-b/check.py
"""
import json
import re
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

HERE = Path(__file__).resolve().parent
DOCS = HERE / "docs"
KNOWLEDGE = HERE.parent.parent / "knowledge"
KINDS = {"yes_no", "when", "how_much", "who", "where", "what", "how_long", "follow_up",
         "conflict", "near_topic", "partial"}
UNANSWERABLE = {"near_topic", "partial"}


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts = []

    def handle_data(self, data):
        self.parts.append(data)

    def handle_endtag(self, tag):
        self.parts.append(" ")


def text_of(path):
    suffix = path.suffix.lower()
    if suffix == ".docx":
        import docx
        d = docx.Document(str(path))
        parts = [p.text for p in d.paragraphs]
        for table in d.tables:
            for row in table.rows:
                parts.append(" | ".join(c.text for c in row.cells))
        return "\n".join(parts)
    if suffix == ".pdf":
        from pypdf import PdfReader
        return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)
    if suffix in (".html", ".htm"):
        p = _Text()
        p.feed(path.read_text(encoding="utf-8"))
        return "".join(p.parts)
    return path.read_text(encoding="utf-8")


def norm(s):
    s = s.replace("\u2019", "'").replace("\u2013", "-")
    return re.sub(r"\s+", " ", s).strip().lower()


def main():
    texts = {p.name: norm(text_of(p)) for p in DOCS.iterdir() if p.is_file()}
    knowledge = {p.name: norm(p.read_text(encoding="utf-8")) for p in KNOWLEDGE.rglob("*.md")}
    examples = {p.name for p in KNOWLEDGE.rglob("*.md") if "\nexample: true" in p.read_text(encoding="utf-8")}
    errors, counts, ids = [], Counter(), set()
    used = Counter()
    lines = (HERE / "qa.jsonl").read_text(encoding="utf-8").splitlines()
    for n, line in enumerate(lines, 1):
        q = json.loads(line)
        qid = q.get("id")
        where = f"line {n} ({qid})"
        def bad(msg):
            errors.append(f"{where}: {msg}")
        for key in ("id", "question", "history", "answerable", "expected_source", "expected_facts", "kind", "split"):
            if key not in q:
                bad(f"missing {key}")
        if qid in ids:
            bad("duplicate id")
        ids.add(qid)
        kind = q.get("kind")
        if kind not in KINDS:
            bad(f"unknown kind {kind}")
        if q.get("split") not in ("tune", "test"):
            bad("split must be tune or test")
        hist = q.get("history", [])
        if not isinstance(hist, list) or any(set(t) != {"role", "content"} or t["role"] not in ("user", "assistant")
                                             for t in hist):
            bad("history must be a list of {role, content}")
        if kind == "follow_up" and not hist:
            bad("follow_up needs a history")
        if kind != "follow_up" and hist:
            bad("only follow_up questions carry a history")
        counts[(kind, q.get("split"))] += 1
        if kind in UNANSWERABLE:
            if q.get("answerable") is not False or q.get("expected_source") is not None or q.get("expected_facts"):
                bad("unanswerable question must have answerable=false, no source, no facts")
            continue
        if q.get("answerable") is not True:
            bad("answerable kinds must have answerable=true")
        src = q.get("expected_source")
        if src not in texts:
            bad(f"expected_source {src!r} is not a file in docs/")
            continue
        used[src] += 1
        if not q.get("expected_facts"):
            bad("no expected_facts")
        for fact in q.get("expected_facts", []):
            if norm(fact) not in texts[src]:
                bad(f"fact {fact!r} not in {src}")
        if kind == "conflict":
            c = q.get("conflict") or {}
            if c.get("current") != src:
                bad("conflict.current must equal expected_source")
            older = c.get("older")
            if q.get("example_conflict"):
                if older not in examples:
                    bad(f"example_conflict: {older!r} is not an example document in knowledge/")
                older_text = knowledge.get(older, "")
            else:
                if older not in texts:
                    bad(f"conflict.older {older!r} is not a file in docs/")
                older_text = texts.get(older, "")
            if not q.get("older_facts"):
                bad("conflict without older_facts")
            for fact in q.get("older_facts", []):
                if norm(fact) not in older_text:
                    bad(f"older fact {fact!r} not in {older}")
        elif "conflict" in q or "older_facts" in q:
            bad("only conflict questions carry conflict/older_facts")
    # Splits alternate tune/test within each kind in written order.
    seen = Counter()
    for line in lines:
        q = json.loads(line)
        want = "tune" if seen[q["kind"]] % 2 == 0 else "test"
        seen[q["kind"]] += 1
        if q["split"] != want:
            errors.append(f"{q['id']}: split {q['split']} breaks the tune/test alternation of kind {q['kind']}")

    kinds = sorted({k for k, _ in counts})
    print(f"{'kind':12s} {'tune':>5s} {'test':>5s} {'total':>6s}")
    for k in kinds:
        t, s = counts[(k, "tune")], counts[(k, "test")]
        print(f"{k:12s} {t:5d} {s:5d} {t + s:6d}")
    tt = sum(v for (k, s), v in counts.items() if s == "tune")
    ts = sum(v for (k, s), v in counts.items() if s == "test")
    print(f"{'all':12s} {tt:5d} {ts:5d} {tt + ts:6d}")
    print("questions per source:", dict(sorted(used.items())))
    unused = sorted(set(texts) - set(used))
    if unused:
        errors.append(f"documents without any question: {unused}")
    if errors:
        print(f"\n{len(errors)} problem(s):")
        for e in errors:
            print("  " + e)
        sys.exit(1)
    print("all checks passed")


if __name__ == "__main__":
    main()
