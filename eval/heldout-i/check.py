"""Checks held-out QA set I (qa.jsonl) against its documents. Standard library only.

Run:  python3 eval/heldout-i/check.py      (exits 1 on any problem)

Text extraction: Markdown and plain text as they are; HTML text via html.parser; Word paragraphs
and table cells from word/document.xml; PDF text from the (Flate-compressed) content streams
written by fpdf2 with a core font. Dates: front matter `updated:`, `Last updated:` line,
<meta name="date">, Word core-properties modified, PDF /CreationDate.
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
QA = os.path.join(HERE, "qa.jsonl")
MAX_DATE = "2026-12-03"
PLAIN = ["yes_no", "when", "how_much", "who", "where", "what", "how_long", "follow_up"]
KINDS = PLAIN + ["conflict", "near_topic", "partial"]
MINIMA = {"all": 110, "plain": 60, "conflict": 16, "conflict_pairs": 5, "near_topic": 15, "partial": 10}

problems = []


def problem(msg):
    problems.append(msg)


def norm(s):
    return re.sub(r"\s+", " ", s).strip().lower()


class _HTMLText(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.date, self.tables, self._skip = [], None, 0, False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and a.get("name") == "date":
            self.date = a.get("content")
        if tag == "table":
            self.tables += 1
        if tag in ("script", "style"):
            self._skip = True
        if tag in ("p", "td", "th", "tr", "h1", "h2", "h3", "li", "br", "title"):
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip = False

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def read_html(path):
    p = _HTMLText()
    with open(path, encoding="utf-8") as fh:
        p.feed(fh.read())
    return "".join(p.parts), p.date, p.tables > 0


def read_docx(path):
    with zipfile.ZipFile(path) as z:
        body = z.read("word/document.xml").decode("utf-8")
        core = z.read("docProps/core.xml").decode("utf-8")
    paras = []
    for p in re.findall(r"<w:p[ >].*?</w:p>", body, flags=re.S):
        texts = re.findall(r"<w:t(?: [^>]*)?>(.*?)</w:t>", p, flags=re.S)
        paras.append("".join(texts))
    text = "\n".join(paras)
    for ent, ch in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&apos;", "'"), ("&amp;", "&")):
        text = text.replace(ent, ch)
    m = re.search(r"<dcterms:modified[^>]*>(\d{4}-\d{2}-\d{2})", core)
    return text, (m.group(1) if m else None), "<w:tbl>" in body


def _pdf_string(raw):
    out, i = bytearray(), 0
    while i < len(raw):
        c = raw[i]
        if c == 0x5C and i + 1 < len(raw):  # backslash
            n = raw[i + 1]
            esc = {ord("n"): 10, ord("r"): 13, ord("t"): 9, ord("b"): 8, ord("f"): 12}
            if n in esc:
                out.append(esc[n]); i += 2
            elif 0x30 <= n <= 0x37:
                j = i + 1
                while j < len(raw) and j < i + 4 and 0x30 <= raw[j] <= 0x37:
                    j += 1
                out.append(int(raw[i + 1:j], 8) & 0xFF); i = j
            elif n in (10, 13):
                i += 2
            else:
                out.append(n); i += 2
        else:
            out.append(c); i += 1
    return out.decode("cp1252")


def read_pdf(path):
    with open(path, "rb") as fh:
        data = fh.read()
    lines = []
    for m in re.finditer(rb"<<(.*?)>>\s*stream\r?\n(.*?)\r?\nendstream", data, flags=re.S):
        head, stream = m.group(1), m.group(2)
        if b"/FlateDecode" in head:
            try:
                stream = zlib.decompress(stream)
            except zlib.error:
                continue
        for bt in re.findall(rb"BT(.*?)ET", stream, flags=re.S):
            pieces = []
            for s in re.findall(rb"\((.*?)(?<!\\)\)\s*Tj|\[(.*?)\]\s*TJ", bt, flags=re.S):
                if s[0]:
                    pieces.append(_pdf_string(s[0]))
                else:
                    pieces.extend(_pdf_string(x) for x in re.findall(rb"\((.*?)(?<!\\)\)", s[1], flags=re.S))
            lines.append("".join(pieces))
    text = "\n".join(lines)
    m = re.search(rb"/CreationDate\s*\(D:(\d{4})(\d{2})(\d{2})", data)
    date = "-".join(x.decode() for x in m.groups()) if m else None
    # fpdf2 tables are drawn as cell borders (re/l operators) plus text; we record that the
    # generator wrote a table by checking for the header row of each table in make_docs.py.
    return text, date


PDF_TABLE_HEADERS = {
    "green-lab-certification.pdf": "Level Actions required Must include Audit Valid for",
    "leadership-programme-2027.pdf": "Module Dates Venue Theme",
}


def front_matter(text):
    m = re.match(r"---\n(.*?)\n---\n", text, flags=re.S)
    return m.group(1) if m else ""


def load_doc(path):
    name = os.path.basename(path)
    ext = name.rsplit(".", 1)[-1]
    has_table = None
    if ext == "md":
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        m = re.search(r"^updated:\s*(\d{4}-\d{2}-\d{2})\s*$", front_matter(text), flags=re.M)
        date = m.group(1) if m else None
    elif ext == "txt":
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        m = re.search(r"^Last updated:\s*(\d{4}-\d{2}-\d{2})\s*$", text, flags=re.M)
        date = m.group(1) if m else None
    elif ext in ("html", "htm"):
        text, date, has_table = read_html(path)
    elif ext == "docx":
        text, date, has_table = read_docx(path)
    elif ext == "pdf":
        text, date = read_pdf(path)
        has_table = norm(PDF_TABLE_HEADERS.get(name, "\x00")) in norm(text)
    else:
        problem(f"{name}: unknown format")
        return None
    return {"name": name, "ext": ext, "text": norm(text), "date": date, "has_table": has_table}


def main():
    docs = {}
    for name in sorted(os.listdir(DOCS)):
        d = load_doc(os.path.join(DOCS, name))
        if d:
            docs[name] = d
    for d in docs.values():
        if not d["date"] or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", d["date"]):
            problem(f"{d['name']}: no date found")
        elif d["date"] > MAX_DATE:
            problem(f"{d['name']}: date {d['date']} is later than {MAX_DATE}")
        if d["ext"] in ("html", "docx", "pdf") and not d["has_table"]:
            problem(f"{d['name']}: no table found")
        if len(d["text"]) < 500:
            problem(f"{d['name']}: extracted text suspiciously short ({len(d['text'])} chars)")
    exts = collections.Counter(d["ext"] for d in docs.values())
    if len(docs) < 9:
        problem(f"only {len(docs)} documents (need at least 9)")
    for ext in ("md", "txt", "html", "docx", "pdf"):
        if not exts.get(ext):
            problem(f"no .{ext} document")

    def knowledge_doc(rel):
        path = os.path.join(KNOWLEDGE, rel)
        if not os.path.isfile(path):
            return None
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        fm = front_matter(text)
        m = re.search(r"^updated:\s*(\d{4}-\d{2}-\d{2})", fm, flags=re.M)
        return {"text": norm(text), "date": m.group(1) if m else None,
                "example": bool(re.search(r"^example:\s*true\s*$", fm, flags=re.M))}

    rows, ids = [], set()
    with open(QA, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as e:
                problem(f"line {n}: invalid JSON ({e})")

    used = set()
    seen_kind = collections.Counter()
    counts = collections.Counter()
    pairs, example_conflicts, table_lookups = set(), 0, 0
    required = {"id", "question", "history", "answerable", "expected_source", "expected_facts", "kind", "split"}
    optional = {"conflict", "older_facts", "example_conflict", "table_lookup"}
    for r in rows:
        rid = r.get("id", "?")
        missing = required - r.keys()
        extra = r.keys() - required - optional
        if missing:
            problem(f"{rid}: missing fields {sorted(missing)}")
            continue
        if extra:
            problem(f"{rid}: unknown fields {sorted(extra)}")
        if not re.fullmatch(r"i\d{3}", rid):
            problem(f"{rid}: id must be 'i' + three digits")
        if rid in ids:
            problem(f"{rid}: duplicate id")
        ids.add(rid)
        kind = r["kind"]
        if kind not in KINDS:
            problem(f"{rid}: unknown kind {kind}")
            continue
        if not isinstance(r["question"], str) or not r["question"].strip():
            problem(f"{rid}: empty question")
        expected_split = "tune" if seen_kind[kind] % 2 == 0 else "test"
        seen_kind[kind] += 1
        if r["split"] != expected_split:
            problem(f"{rid}: split {r['split']} breaks the tune/test alternation of kind {kind}")
        counts[(kind, r["split"])] += 1
        hist = r["history"]
        if kind == "follow_up":
            if not hist or not all(isinstance(t, dict) and t.get("role") in ("user", "assistant")
                                   and isinstance(t.get("content"), str) and t["content"] for t in hist):
                problem(f"{rid}: follow_up needs a history of user/assistant turns")
        elif hist:
            problem(f"{rid}: only follow_up questions have a history")
        if r.get("table_lookup"):
            table_lookups += 1
            if r["table_lookup"] is not True:
                problem(f"{rid}: table_lookup must be true when present")
        if kind in ("near_topic", "partial"):
            if r["answerable"] is not False or r["expected_source"] is not None or r["expected_facts"]:
                problem(f"{rid}: unanswerable question must have answerable false, no source, no facts")
            if any(k in r for k in ("conflict", "older_facts", "example_conflict", "table_lookup")):
                problem(f"{rid}: unanswerable question carries conflict/table fields")
            continue
        if r["answerable"] is not True:
            problem(f"{rid}: answerable must be true for kind {kind}")
        src = r["expected_source"]
        if src not in docs:
            problem(f"{rid}: expected_source {src!r} is not a file in docs/")
            continue
        used.add(src)
        facts = r["expected_facts"]
        if not facts or not all(isinstance(f, str) and f.strip() for f in facts):
            problem(f"{rid}: needs non-empty expected_facts")
            continue
        for f in facts:
            if norm(f) not in docs[src]["text"]:
                problem(f"{rid}: fact {f!r} not found in {src}")
        if kind != "conflict":
            if any(k in r for k in ("conflict", "older_facts", "example_conflict")):
                problem(f"{rid}: non-conflict question carries conflict fields")
            continue
        c = r.get("conflict")
        older_facts = r.get("older_facts")
        if not isinstance(c, dict) or set(c) != {"current", "older"}:
            problem(f"{rid}: conflict must be {{current, older}}")
            continue
        if c["current"] != src:
            problem(f"{rid}: conflict.current must equal expected_source")
        if not older_facts or not all(isinstance(f, str) and f.strip() for f in older_facts):
            problem(f"{rid}: conflict needs older_facts")
            continue
        is_example = r.get("example_conflict") is True
        if "example_conflict" in r and not is_example:
            problem(f"{rid}: example_conflict must be true when present")
        if is_example:
            example_conflicts += 1
            old = knowledge_doc(c["older"])
            if old is None:
                problem(f"{rid}: knowledge/{c['older']} not found")
                continue
            if not old["example"]:
                problem(f"{rid}: knowledge/{c['older']} is not an example: true document")
            old_label = "knowledge/" + c["older"]
        else:
            if c["older"] not in docs:
                problem(f"{rid}: conflict.older {c['older']!r} is not a file in docs/")
                continue
            old = docs[c["older"]]
            used.add(c["older"])
            old_label = c["older"]
        if not old["date"] or not docs[src]["date"] or not old["date"] < docs[src]["date"]:
            problem(f"{rid}: older document {old_label} ({old['date']}) is not older than {src} ({docs[src]['date']})")
        for f in older_facts:
            if norm(f) not in old["text"]:
                problem(f"{rid}: older fact {f!r} not found in {old_label}")
        for f in facts:
            if norm(f) in old["text"]:
                problem(f"{rid}: new fact {f!r} also occurs in the older document {old_label}")
        pairs.add((c["older"], src))

    for name in docs:
        if name not in used:
            problem(f"{name}: not used by any question")

    total = len(rows)
    plain = sum(v for (k, _), v in counts.items() if k in PLAIN)
    conflict = sum(v for (k, _), v in counts.items() if k == "conflict")
    near = sum(v for (k, _), v in counts.items() if k == "near_topic")
    partial = sum(v for (k, _), v in counts.items() if k == "partial")
    doc_pairs = {p for p in pairs if p[0] in docs}
    for label, have, need in (("questions", total, MINIMA["all"]), ("plain answerable", plain, MINIMA["plain"]),
                              ("conflict", conflict, MINIMA["conflict"]),
                              ("conflict document pairs", len(pairs), MINIMA["conflict_pairs"]),
                              ("near_topic", near, MINIMA["near_topic"]), ("partial", partial, MINIMA["partial"])):
        if have < need:
            problem(f"only {have} {label} (need at least {need})")
    if not 2 <= example_conflicts <= 3:
        problem(f"{example_conflicts} example conflicts (need 2 or 3)")
    for k in PLAIN:
        if not seen_kind[k]:
            problem(f"no question of kind {k}")

    print("documents:")
    for d in docs.values():
        print(f"  {d['name']:40s} {d['ext']:5s} {d['date']}")
    print(f"\n{'kind':12s} {'tune':>5s} {'test':>5s} {'total':>6s}")
    for k in KINDS:
        t, s = counts[(k, "tune")], counts[(k, "test")]
        print(f"{k:12s} {t:5d} {s:5d} {t + s:6d}")
    tt = sum(v for (_, sp), v in counts.items() if sp == "tune")
    print(f"{'all':12s} {tt:5d} {total - tt:5d} {total:6d}")
    print(f"\nplain answerable {plain}, conflict {conflict} ({example_conflicts} example), "
          f"unanswerable {near + partial}, table_lookup {table_lookups}, "
          f"conflict pairs {len(pairs)} ({len(doc_pairs)} within docs/)")
    if problems:
        print(f"\n{len(problems)} problem(s):")
        for p in problems:
            print("  - " + p)
        sys.exit(1)
    print("\nOK: all checks passed")


if __name__ == "__main__":
    main()
