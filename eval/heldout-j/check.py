"""Check qa.jsonl of held-out set J against its documents (standard library only).

Exits 1 on any problem.  Run:  python3 eval/heldout-j/check.py
"""
import collections
import html.parser
import json
import os
import re
import sys
import zipfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
DOCS = os.path.join(HERE, "docs")
KNOWLEDGE = os.path.normpath(os.path.join(HERE, "..", "..", "knowledge"))
TODAY = "2026-12-03"
PREFIX = "j"

PLAIN = ["yes_no", "when", "how_much", "who", "where", "what", "how_long", "follow_up"]
UNANSWERABLE = ["near_topic", "partial"]
KINDS = PLAIN + ["conflict"] + UNANSWERABLE
MIN = {"all": 110, "plain": 60, "conflict": 16, "conflict_pairs": 5, "near_topic": 15,
       "partial": 10, "example_min": 2, "example_max": 3, "docs": 9}

problems = []


def problem(msg):
    problems.append(msg)


# ---------------------------------------------------------------- extraction
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
        self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip -= 1
        self.parts.append(" ")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_text(path):
    import xml.etree.ElementTree as ET
    with zipfile.ZipFile(path) as z:
        root = ET.fromstring(z.read("word/document.xml"))
        core = z.read("docProps/core.xml").decode("utf-8")
    paras = ["".join(t.text or "" for t in p.iter(W + "t")) for p in root.iter(W + "p")]
    tables = len(list(root.iter(W + "tbl")))
    m = re.search(r"<dcterms:modified[^>]*>(\d{4}-\d{2}-\d{2})", core)
    return "\n".join(paras), (m.group(1) if m else None), tables


def _pdf_string(raw):
    out, i = [], 0
    esc = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f", "(": "(", ")": ")", "\\": "\\"}
    while i < len(raw):
        ch = raw[i]
        if ch == "\\" and i + 1 < len(raw):
            nxt = raw[i + 1]
            if nxt in esc:
                out.append(esc[nxt]); i += 2; continue
            m = re.match(r"[0-7]{1,3}", raw[i + 1:])
            if m:
                out.append(chr(int(m.group(0), 8))); i += 1 + len(m.group(0)); continue
            i += 1; continue
        out.append(ch); i += 1
    return "".join(out)


def pdf_text(path):
    data = open(path, "rb").read()
    texts = []
    for m in re.finditer(rb"<<(.*?)>>\s*stream\r?\n", data, re.S):
        start = m.end()
        end = data.find(b"endstream", start)
        body = data[start:end]
        if b"FlateDecode" in m.group(1):
            try:
                body = zlib.decompress(body)
            except zlib.error:
                try:
                    body = zlib.decompressobj().decompress(body)
                except zlib.error:
                    continue
        s = body.decode("latin-1")
        if "BT" not in s:
            continue
        for bt in re.findall(r"BT(.*?)ET", s, re.S):
            for lit in re.findall(r"\(((?:\\.|[^\\)])*)\)\s*Tj", bt, re.S):
                texts.append(_pdf_string(lit))
            for arr in re.findall(r"\[(.*?)\]\s*TJ", bt, re.S):
                texts.append("".join(_pdf_string(x) for x in
                                     re.findall(r"\(((?:\\.|[^\\)])*)\)", arr, re.S)))
    m = re.search(rb"/CreationDate\s*\(D:(\d{4})(\d{2})(\d{2})", data)
    date = "-".join(x.decode() for x in m.groups()) if m else None
    # fpdf2 tables are drawn with cells; count a table when the header row is present
    return "\n".join(texts), date


def extract(path):
    """Return (text, date, has_table)."""
    ext = os.path.splitext(path)[1].lower()
    if ext in (".md", ".txt"):
        text = open(path, encoding="utf-8").read()
        if ext == ".md":
            m = re.search(r"^updated:\s*(\d{4}-\d{2}-\d{2})", text, re.M)
        else:
            m = re.search(r"^Last updated:\s*(\d{4}-\d{2}-\d{2})", text, re.M)
        return text, (m.group(1) if m else None), None
    if ext in (".html", ".htm"):
        p = _HTMLText()
        p.feed(open(path, encoding="utf-8").read())
        return "".join(p.parts), p.date, p.tables > 0
    if ext == ".docx":
        text, date, tables = docx_text(path)
        return text, date, tables > 0
    if ext == ".pdf":
        text, date = pdf_text(path)
        return text, date, None
    raise ValueError("unknown format: " + path)


def norm(s):
    return re.sub(r"\s+", " ", s).strip().casefold()


# ---------------------------------------------------------------- documents
docs = {}
for name in sorted(os.listdir(DOCS)):
    path = os.path.join(DOCS, name)
    if not os.path.isfile(path):
        continue
    try:
        text, date, has_table = extract(path)
    except Exception as exc:  # noqa: BLE001
        problem(f"{name}: cannot extract text: {exc}")
        continue
    docs[name] = {"text": norm(text), "date": date, "table": has_table}
    if not date:
        problem(f"{name}: no date found")
    elif date > TODAY:
        problem(f"{name}: date {date} is in the future")
    if len(text.split()) < 150:
        problem(f"{name}: suspiciously little text ({len(text.split())} words)")

# PDF tables: the figure-studio PDF must contain its table's header and a row
PDF_TABLE_MARKERS = {"figure-studio-prices.pdf": ["public institutions", "graphical abstract", "dkk 2,400"]}
for name, d in docs.items():
    if name.endswith(".pdf"):
        marks = PDF_TABLE_MARKERS.get(name)
        d["table"] = bool(marks) and all(m in d["text"] for m in marks)
    if name.endswith((".html", ".docx", ".pdf")) and not d["table"]:
        problem(f"{name}: has no table")

exts = {os.path.splitext(n)[1] for n in docs}
for e in (".md", ".txt", ".html", ".docx", ".pdf"):
    if e not in exts:
        problem(f"no document of format {e}")
if len(docs) < MIN["docs"]:
    problem(f"only {len(docs)} documents (need {MIN['docs']})")


def knowledge_doc(rel):
    path = os.path.normpath(os.path.join(KNOWLEDGE, rel))
    if not path.startswith(KNOWLEDGE) or not os.path.isfile(path):
        return None
    text = open(path, encoding="utf-8").read()
    m = re.search(r"^updated:\s*(\d{4}-\d{2}-\d{2})", text, re.M)
    example = re.search(r"^example:\s*true\s*$", text, re.M) is not None
    return {"text": norm(text), "date": m.group(1) if m else None, "example": example}


# ---------------------------------------------------------------- questions
rows = []
with open(os.path.join(HERE, "qa.jsonl"), encoding="utf-8") as fh:
    for n, line in enumerate(fh, 1):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as exc:
            problem(f"line {n}: bad JSON: {exc}")

REQUIRED = ["id", "question", "history", "answerable", "expected_source", "expected_facts",
            "kind", "split"]
ALLOWED = set(REQUIRED) | {"conflict", "older_facts", "example_conflict", "table_lookup"}
seen = set()
used = collections.Counter()
last_split = {}
counts = collections.Counter()
pairs = set()
examples = 0
tables = 0

for q in rows:
    qid = q.get("id", "?")
    for k in REQUIRED:
        if k not in q:
            problem(f"{qid}: missing field {k}")
    for k in q:
        if k not in ALLOWED:
            problem(f"{qid}: unknown field {k}")
    if not re.fullmatch(PREFIX + r"\d{3}", str(qid)):
        problem(f"{qid}: bad id")
    if qid in seen:
        problem(f"{qid}: duplicate id")
    seen.add(qid)
    kind = q.get("kind")
    if kind not in KINDS:
        problem(f"{qid}: unknown kind {kind}")
        continue
    if not isinstance(q.get("question"), str) or not q["question"].strip():
        problem(f"{qid}: empty question")
    # split alternation
    split = q.get("split")
    want = "tune" if last_split.get(kind) in (None, "test") else "test"
    if split != want:
        problem(f"{qid}: split {split}, expected {want} (alternating within {kind})")
    last_split[kind] = split
    counts[(kind, split)] += 1
    # history
    hist = q.get("history")
    if not isinstance(hist, list):
        problem(f"{qid}: history is not a list")
        hist = []
    if kind == "follow_up":
        if not hist:
            problem(f"{qid}: follow_up without history")
        for t in hist:
            if not isinstance(t, dict) or t.get("role") not in ("user", "assistant") \
                    or not isinstance(t.get("content"), str) or not t["content"].strip():
                problem(f"{qid}: bad history turn {t}")
    elif hist:
        problem(f"{qid}: only follow_up questions may have a history")
    if q.get("table_lookup"):
        tables += 1
        if q.get("table_lookup") is not True:
            problem(f"{qid}: table_lookup must be true when present")

    src = q.get("expected_source")
    facts = q.get("expected_facts")
    if kind in UNANSWERABLE:
        if q.get("answerable") is not False:
            problem(f"{qid}: {kind} must have answerable false")
        if src is not None or facts:
            problem(f"{qid}: unanswerable question with source or facts")
        for k in ("conflict", "older_facts", "example_conflict", "table_lookup"):
            if k in q:
                problem(f"{qid}: unanswerable question with {k}")
        continue
    if q.get("answerable") is not True:
        problem(f"{qid}: answerable kind must have answerable true")
    if src not in docs:
        problem(f"{qid}: source {src!r} is not a document in docs/")
        continue
    used[src] += 1
    if not isinstance(facts, list) or not facts:
        problem(f"{qid}: no expected facts")
        facts = []
    for f in facts:
        if not isinstance(f, str) or not f.strip() or norm(f) not in docs[src]["text"]:
            problem(f"{qid}: fact {f!r} not in {src}")

    if kind != "conflict":
        for k in ("conflict", "older_facts", "example_conflict"):
            if k in q:
                problem(f"{qid}: non-conflict question with {k}")
        continue
    c = q.get("conflict") or {}
    older_facts = q.get("older_facts") or []
    if c.get("current") != src:
        problem(f"{qid}: conflict.current {c.get('current')!r} is not the expected source")
    older = c.get("older")
    if not older_facts:
        problem(f"{qid}: conflict without older_facts")
    if q.get("example_conflict"):
        if q["example_conflict"] is not True:
            problem(f"{qid}: example_conflict must be true when present")
        od = knowledge_doc(older or "")
        if od is None:
            problem(f"{qid}: older {older!r} not found in knowledge/")
            continue
        if not od["example"]:
            problem(f"{qid}: knowledge/{older} is not an example document")
        examples += 1
    else:
        if older not in docs:
            problem(f"{qid}: older {older!r} is not a document in docs/")
            continue
        od = docs[older]
        used[older] += 1
    if not od["date"] or not docs[src]["date"] or od["date"] >= docs[src]["date"]:
        problem(f"{qid}: older {older} ({od['date']}) is not older than {src} ({docs[src]['date']})")
    for f in older_facts:
        if norm(f) not in od["text"]:
            problem(f"{qid}: older fact {f!r} not in {older}")
    for f in facts:
        if norm(f) in od["text"]:
            problem(f"{qid}: new fact {f!r} also occurs in the older document {older}")
    pairs.add((older, src))

for name in docs:
    if not used[name]:
        problem(f"{name}: not used by any question")

# ---------------------------------------------------------------- counts
total = lambda kind: counts[(kind, "tune")] + counts[(kind, "test")]  # noqa: E731
n_all = len(rows)
n_plain = sum(total(k) for k in PLAIN)
print(f"{'kind':<12}{'tune':>6}{'test':>6}{'total':>7}")
for k in KINDS:
    print(f"{k:<12}{counts[(k, 'tune')]:>6}{counts[(k, 'test')]:>6}{total(k):>7}")
tune = sum(v for (k, s), v in counts.items() if s == "tune")
print(f"{'all':<12}{tune:>6}{n_all - tune:>6}{n_all:>7}")
print(f"documents: {len(docs)}, plain answerable: {n_plain}, conflict: {total('conflict')} over "
      f"{len(pairs)} document pairs ({examples} example conflicts), table_lookup: {tables}")

if n_all < MIN["all"]:
    problem(f"only {n_all} questions")
if n_plain < MIN["plain"]:
    problem(f"only {n_plain} plain answerable questions")
if total("conflict") < MIN["conflict"]:
    problem(f"only {total('conflict')} conflict questions")
if len(pairs) < MIN["conflict_pairs"]:
    problem(f"conflicts over only {len(pairs)} document pairs")
if not MIN["example_min"] <= examples <= MIN["example_max"]:
    problem(f"{examples} example conflicts (need {MIN['example_min']}-{MIN['example_max']})")
for k in ("near_topic", "partial"):
    if total(k) < MIN[k]:
        problem(f"only {total(k)} {k} questions")

if problems:
    print(f"\n{len(problems)} problem(s):")
    for p in problems:
        print("  -", p)
    sys.exit(1)
print("OK")
