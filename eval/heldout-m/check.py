#!/usr/bin/env python3
"""Check held-out QA set M (qa.jsonl) against its documents. Standard library only.

Usage:
    python3 eval/heldout-m/check.py          # check, print counts, exit 1 on any problem
    python3 eval/heldout-m/check.py --dump   # also print the extracted text and date of each document

Text extraction: Markdown and plain text as they are; HTML via html.parser; Word paragraphs and
table cells from word/document.xml (zipfile + xml.etree); PDF text from the literal strings of the
content streams (uncompressed, or inflated with zlib when Flate-compressed).
Dates: front matter `updated:`, a `Last updated:` line, <meta name="date">, Word core-properties
modified, PDF /CreationDate.
"""

import collections
import datetime as dt
import html.parser
import json
import os
import re
import sys
import xml.etree.ElementTree as ET
import zipfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
DOCS = os.path.join(HERE, "docs")
QA = os.path.join(HERE, "qa.jsonl")
KNOWLEDGE = os.path.normpath(os.path.join(HERE, "..", "..", "knowledge"))

ID_PREFIX = "m"
MIN_DATE = dt.date(2025, 1, 1)
MAX_DATE = dt.date(2026, 12, 5)

ANSWERABLE_KINDS = {"yes_no", "when", "how_much", "who", "where", "what", "how_long", "follow_up"}
KINDS = ANSWERABLE_KINDS | {"conflict", "near_topic", "partial"}
UNANSWERABLE_KINDS = {"near_topic", "partial"}
REQUIRED = ["id", "question", "history", "answerable", "expected_source", "expected_facts", "kind",
            "split"]
OPTIONAL = {"table_lookup", "conflict", "older_facts", "example_conflict"}

problems = []


def problem(msg):
    problems.append(msg)


def norm(s):
    return re.sub(r"\s+", " ", s).strip().casefold()


# --------------------------------------------------------------------------- extraction

class _HTMLText(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.skip, self.date, self.tables = [], 0, None, 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "style"):
            self.skip += 1
        if tag == "meta" and (a.get("name") or "").lower() == "date":
            self.date = a.get("content")
        if tag == "table":
            self.tables += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def _parse_date(s):
    m = re.search(r"(\d{4})-?(\d{2})-?(\d{2})", s or "")
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _front_matter_date(text):
    m = re.match(r"---\s*\n(.*?)\n---", text, re.S)
    if not m:
        return None, {}
    fields = {}
    for line in m.group(1).splitlines():
        if ":" in line:
            k, v = line.split(":", 1)
            fields[k.strip()] = v.strip()
    return _parse_date(fields.get("updated")), fields


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx(path):
    with zipfile.ZipFile(path) as z:
        root = ET.fromstring(z.read("word/document.xml"))
        core = z.read("docProps/core.xml").decode("utf-8")
    paras = []
    for p in root.iter(W + "p"):
        paras.append("".join(t.text or "" for t in p.iter(W + "t")))
    tables = len(list(root.iter(W + "tbl")))
    m = re.search(r"<dcterms:modified[^>]*>([^<]+)</dcterms:modified>", core)
    return "\n".join(paras), _parse_date(m.group(1) if m else None), tables


def _pdf_string(raw):
    out, i = [], 0
    while i < len(raw):
        ch = raw[i]
        if ch == "\\" and i + 1 < len(raw):
            nx = raw[i + 1]
            if nx in "nrtbf":
                out.append({"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f"}[nx])
                i += 2
            elif nx in "01234567":
                m = re.match(r"[0-7]{1,3}", raw[i + 1:])
                out.append(chr(int(m.group(0), 8)))
                i += 1 + len(m.group(0))
            elif nx == "\n":
                i += 2
            else:
                out.append(nx)
                i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def _pdf(path):
    data = open(path, "rb").read()
    texts = []
    for m in re.finditer(rb"<<(.*?)>>\s*stream\r?\n(.*?)\r?\nendstream", data, re.S):
        head, body = m.group(1), m.group(2)
        if b"/FlateDecode" in head:
            try:
                body = zlib.decompress(body)
            except zlib.error:
                continue
        s = body.decode("latin-1")
        if "BT" not in s:
            continue
        for lit in re.finditer(r"\(((?:\\.|[^\\)])*)\)\s*Tj", s, re.S):
            texts.append(_pdf_string(lit.group(1)))
        for arr in re.finditer(r"\[(.*?)\]\s*TJ", s, re.S):
            texts.append("".join(_pdf_string(x) for x in
                                 re.findall(r"\(((?:\\.|[^\\)])*)\)", arr.group(1))))
    m = re.search(rb"/CreationDate\s*\(D:(\d{8})", data)
    date = _parse_date(m.group(1).decode()) if m else None
    return "\n".join(texts), date


def extract(path):
    """Return (text, date, info) for a document."""
    ext = os.path.splitext(path)[1].lower()
    info = {"format": ext.lstrip("."), "tables": 0}
    if ext in (".md", ".txt"):
        text = open(path, encoding="utf-8").read()
        date = None
        if ext == ".md":
            date, fields = _front_matter_date(text)
            info["front_matter"] = fields
        m = re.search(r"^Last updated:\s*(\S+)", text, re.M)
        if ext == ".txt":
            date = _parse_date(m.group(1)) if m else None
            info["last_updated_line"] = bool(m)
        return text, date, info
    if ext in (".html", ".htm"):
        p = _HTMLText()
        p.feed(open(path, encoding="utf-8").read())
        info["tables"] = p.tables
        return " ".join(p.parts), _parse_date(p.date), info
    if ext == ".docx":
        text, date, tables = _docx(path)
        info["tables"] = tables
        return text, date, info
    if ext == ".pdf":
        text, date = _pdf(path)
        return text, date, info
    return None, None, info


# --------------------------------------------------------------------------- main

def main():
    dump = "--dump" in sys.argv[1:]
    docs = {}
    for name in sorted(os.listdir(DOCS)):
        path = os.path.join(DOCS, name)
        if not os.path.isfile(path):
            continue
        text, date, info = extract(path)
        if text is None:
            problem(f"docs/{name}: unsupported format")
            continue
        docs[name] = {"text": text, "norm": norm(text), "date": date, "info": info}
        if dump:
            print(f"===== {name}  date={date}  {info}")
            print(text)
            print()

    # ---- documents
    if len(docs) < 8:
        problem(f"only {len(docs)} documents (need at least 8)")
    formats = collections.Counter(d["info"]["format"] for d in docs.values())
    for f in ("md", "txt", "html", "docx", "pdf"):
        if not formats[f]:
            problem(f"no .{f} document")
    for name, d in docs.items():
        fmt = d["info"]["format"]
        if d["date"] is None:
            problem(f"docs/{name}: no date found")
        elif not (MIN_DATE <= d["date"] <= MAX_DATE):
            problem(f"docs/{name}: date {d['date']} outside {MIN_DATE}..{MAX_DATE}")
        if fmt in ("html", "docx") and d["info"]["tables"] < 1:
            problem(f"docs/{name}: no table")
        if fmt == "txt" and not d["info"].get("last_updated_line"):
            problem(f"docs/{name}: no 'Last updated:' line")
        if "@" in d["text"]:
            for mail in re.findall(r"[\w.+-]+@[\w.-]+", d["text"]):
                if not mail.endswith("@example.org"):
                    problem(f"docs/{name}: e-mail address not at example.org: {mail}")
    pdfs = [n for n in docs if n.endswith(".pdf")]
    for n in pdfs:
        t = docs[n]["norm"]
        for cell in ("service", "public (dkk)", "company (dkk)", "turnaround",
                     "tissue microarray scan and de-arraying", "7 working days"):
            if cell not in t:
                problem(f"docs/{n}: table text '{cell}' not in extracted text")
    mds = [n for n in docs if n.endswith(".md")]
    faq_ok = any(len(re.findall(r"^##\s+.+\?\s*$", docs[n]["text"], re.M)) >= 8 for n in mds)
    if not faq_ok:
        problem("no Markdown FAQ with at least 8 question headings")
    long_ok = any(len(re.sub(r"^---.*?---", "", docs[n]["text"], flags=re.S).split()) >= 1100
                  for n in mds)
    if not long_ok:
        problem("no Markdown guide of at least 1,100 words")

    # ---- questions
    items = []
    with open(QA, encoding="utf-8") as fh:
        for ln, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                items.append((ln, json.loads(line)))
            except json.JSONDecodeError as e:
                problem(f"qa.jsonl line {ln}: bad JSON ({e})")

    seen_ids, used_docs = set(), collections.Counter()
    kind_splits = collections.defaultdict(list)
    counts = collections.Counter()
    split_counts = collections.Counter()
    pairs = set()
    example_conflicts = 0
    table_lookups = 0

    for n, (ln, q) in enumerate(items, 1):
        where = f"qa.jsonl line {ln} ({q.get('id')})"
        for k in REQUIRED:
            if k not in q:
                problem(f"{where}: missing field '{k}'")
        for k in q:
            if k not in REQUIRED and k not in OPTIONAL:
                problem(f"{where}: unknown field '{k}'")
        qid = q.get("id")
        if not isinstance(qid, str) or not re.fullmatch(ID_PREFIX + r"\d{3}", qid):
            problem(f"{where}: bad id")
        elif qid in seen_ids:
            problem(f"{where}: duplicate id")
        elif qid != f"{ID_PREFIX}{n:03d}":
            problem(f"{where}: ids not consecutive (expected {ID_PREFIX}{n:03d})")
        seen_ids.add(qid)
        if not isinstance(q.get("question"), str) or not q.get("question", "").strip():
            problem(f"{where}: empty question")
        kind = q.get("kind")
        if kind not in KINDS:
            problem(f"{where}: unknown kind {kind!r}")
            continue
        split = q.get("split")
        if split not in ("tune", "test"):
            problem(f"{where}: bad split {split!r}")
        kind_splits[kind].append((where, split))
        counts[kind] += 1
        split_counts[(kind, split)] += 1

        hist = q.get("history")
        if not isinstance(hist, list):
            problem(f"{where}: history is not a list")
            hist = []
        if kind == "follow_up":
            if not hist:
                problem(f"{where}: follow_up without history")
            for t in hist:
                if not (isinstance(t, dict) and t.get("role") in ("user", "assistant")
                        and isinstance(t.get("content"), str) and t["content"].strip()
                        and set(t) == {"role", "content"}):
                    problem(f"{where}: bad history turn {t!r}")
            if hist and hist[-1].get("role") != "assistant":
                problem(f"{where}: history should end with an assistant turn")
        elif hist:
            problem(f"{where}: history on a non-follow_up question")

        src = q.get("expected_source")
        facts = q.get("expected_facts")
        if not isinstance(facts, list):
            problem(f"{where}: expected_facts is not a list")
            facts = []
        if "table_lookup" in q and q["table_lookup"] is not True:
            problem(f"{where}: table_lookup must be true when present")

        if kind in UNANSWERABLE_KINDS:
            if q.get("answerable") is not False:
                problem(f"{where}: {kind} must have answerable false")
            if src is not None or facts:
                problem(f"{where}: unanswerable question with a source or facts")
            for k in ("conflict", "older_facts", "example_conflict", "table_lookup"):
                if k in q:
                    problem(f"{where}: unanswerable question with '{k}'")
            continue

        if q.get("answerable") is not True:
            problem(f"{where}: answerable kind with answerable != true")
        if src not in docs:
            problem(f"{where}: expected_source {src!r} is not a document in docs/")
            continue
        used_docs[src] += 1
        if not facts:
            problem(f"{where}: no expected_facts")
        for f in facts:
            if not isinstance(f, str) or not f.strip():
                problem(f"{where}: empty fact")
            elif norm(f) not in docs[src]["norm"]:
                problem(f"{where}: fact {f!r} not in {src}")
        if q.get("table_lookup"):
            table_lookups += 1
            tdocs = [src]
            if kind == "conflict" and isinstance(q.get("conflict"), dict):
                tdocs.append(q["conflict"].get("older"))
            if not any(t in docs and docs[t]["info"]["format"] in ("html", "docx", "pdf")
                       for t in tdocs):
                problem(f"{where}: table_lookup but neither document has a table")

        if kind != "conflict":
            for k in ("conflict", "older_facts", "example_conflict"):
                if k in q:
                    problem(f"{where}: non-conflict question with '{k}'")
            continue

        # ---- conflict
        con = q.get("conflict")
        if not (isinstance(con, dict) and set(con) == {"current", "older"}):
            problem(f"{where}: conflict must be {{current, older}}")
            continue
        if con["current"] != src:
            problem(f"{where}: conflict.current != expected_source")
        older = con["older"]
        ofacts = q.get("older_facts")
        if not isinstance(ofacts, list) or not ofacts:
            problem(f"{where}: conflict without older_facts")
            ofacts = []
        is_example = q.get("example_conflict")
        if "example_conflict" in q and is_example is not True:
            problem(f"{where}: example_conflict must be true when present")
        if older in docs:
            if is_example:
                problem(f"{where}: example_conflict but older is in docs/")
            otext, odate = docs[older]["norm"], docs[older]["date"]
            used_docs[older] += 1
        else:
            kpath = os.path.join(KNOWLEDGE, older)
            if not (os.path.isfile(kpath) and not os.path.isabs(older) and ".." not in older):
                problem(f"{where}: older {older!r} is neither in docs/ nor in knowledge/")
                continue
            if not is_example:
                problem(f"{where}: older is a knowledge/ file but example_conflict is not set")
            ktext = open(kpath, encoding="utf-8").read()
            odate, fields = _front_matter_date(ktext)
            if fields.get("example", "").lower() != "true":
                problem(f"{where}: knowledge/{older} is not an example: true document")
            otext = norm(ktext)
            example_conflicts += 1
        cdate = docs[src]["date"]
        if odate is None or cdate is None or not odate < cdate:
            problem(f"{where}: older document ({odate}) is not older than current ({cdate})")
        for f in ofacts:
            if not isinstance(f, str) or norm(f) not in otext:
                problem(f"{where}: older fact {f!r} not in {older}")
        for f in facts:
            if isinstance(f, str) and norm(f) in otext:
                problem(f"{where}: new fact {f!r} also occurs in the older document {older}")
        pairs.add((src, older))

    # ---- splits alternate within each kind
    for kind, lst in kind_splits.items():
        for i, (where, split) in enumerate(lst):
            want = "tune" if i % 2 == 0 else "test"
            if split != want:
                problem(f"{where}: split {split!r}, expected {want!r} ({kind} #{i + 1})")

    for name in docs:
        if not used_docs[name]:
            problem(f"docs/{name} is not used by any question")

    # ---- counts of the brief
    total = sum(counts.values())
    plain = sum(counts[k] for k in ANSWERABLE_KINDS)
    doc_pairs = {p for p in pairs if p[1] in docs}
    need = [
        (total >= 110, f"{total} questions (need at least 110)"),
        (plain >= 75, f"{plain} plain answerable questions (need about 80, at least 75)"),
        (counts["conflict"] >= 18, f"{counts['conflict']} conflict questions (need at least 18)"),
        (len(doc_pairs) >= 6, f"{len(doc_pairs)} disagreeing document pairs in docs/ (need 6)"),
        (2 <= example_conflicts <= 3, f"{example_conflicts} example conflicts (need 2 or 3)"),
        (counts["near_topic"] >= 15, f"{counts['near_topic']} near_topic (need at least 15)"),
        (8 <= counts["partial"] <= 13, f"{counts['partial']} partial (need about 10)"),
        (table_lookups >= 12, f"{table_lookups} table_lookup questions (need at least 12)"),
    ]
    for kind in ANSWERABLE_KINDS:
        if counts[kind] < 5:
            need.append((False, f"only {counts[kind]} {kind} questions"))
    for ok, msg in need:
        if not ok:
            problem(msg)

    # ---- report
    print(f"documents: {len(docs)} " + ", ".join(f"{k}={v}" for k, v in sorted(formats.items())))
    for name, d in docs.items():
        print(f"  {name:42s} {d['date']}  questions={used_docs[name]}")
    print(f"{'kind':12s} {'tune':>5s} {'test':>5s} {'total':>6s}")
    order = ["yes_no", "when", "how_much", "who", "where", "what", "how_long", "follow_up",
             "conflict", "near_topic", "partial"]
    for k in order:
        print(f"{k:12s} {split_counts[(k, 'tune')]:5d} {split_counts[(k, 'test')]:5d} {counts[k]:6d}")
    tt = sum(v for (k, s), v in split_counts.items() if s == "tune")
    te = sum(v for (k, s), v in split_counts.items() if s == "test")
    print(f"{'all':12s} {tt:5d} {te:5d} {total:6d}")
    print(f"answerable: {plain + counts['conflict']} (plain {plain}, conflict {counts['conflict']}), "
          f"unanswerable: {counts['near_topic'] + counts['partial']}")
    print(f"conflict pairs: {len(pairs)} ({len(doc_pairs)} within docs/), "
          f"example conflicts: {example_conflicts}, table_lookup: {table_lookups}")
    if problems:
        print(f"\n{len(problems)} problem(s):")
        for p in problems:
            print("  - " + p)
        return 1
    print("\nOK: no problems found")
    return 0


if __name__ == "__main__":
    sys.exit(main())
