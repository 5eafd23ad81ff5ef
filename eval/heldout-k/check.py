"""Check held-out QA set K (standard library only). Exits 1 on any problem."""
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
KNOWLEDGE = os.path.normpath(os.path.join(HERE, "..", "..", "knowledge"))
QA = os.path.join(HERE, "qa.jsonl")
LATEST = "2026-12-03"
KINDS = ["yes_no", "when", "how_much", "who", "where", "what", "how_long", "follow_up",
         "conflict", "near_topic", "partial"]
UNANSWERABLE = {"near_topic", "partial"}
PDF_TABLE_CELLS = {"cryo-em-booking-rules.pdf": ["Max blocks/month", "Company price", "Aurora 300 kV, Lund"]}

problems = []


def problem(msg):
    problems.append(msg)


def norm(s):
    return re.sub(r"\s+", " ", s.replace("\u00a0", " ")).strip().lower()


class _HTMLText(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts, self.date, self.tables = [], None, 0
        self._skip = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and a.get("name") == "date":
            self.date = a.get("content")
        if tag == "table":
            self.tables += 1
        if tag in ("script", "style"):
            self._skip = True

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip = False

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def front_matter_date(text):
    m = re.match(r"---\n(.*?)\n---\n", text, re.S)
    if not m:
        return None
    d = re.search(r"^updated:\s*(\d{4}-\d{2}-\d{2})\s*$", m.group(1), re.M)
    return d.group(1) if d else None


def pdf_text(data):
    parts = []
    for m in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            s = zlib.decompress(m.group(1))
        except zlib.error:
            continue
        for t in re.finditer(rb"\(((?:\\.|[^\\)])*)\)\s*Tj", s):
            raw = t.group(1)
            raw = re.sub(rb"\\([0-7]{1,3})", lambda x: bytes([int(x.group(1), 8)]), raw)
            raw = re.sub(rb"\\(.)", rb"\1", raw)
            parts.append(raw.decode("latin-1"))
    return " ".join(parts)


def load_doc(path):
    """Return (text, date, has_table, format)."""
    name = os.path.basename(path)
    ext = name.rsplit(".", 1)[-1]
    if ext == "md":
        text = open(path, encoding="utf-8").read()
        return text, front_matter_date(text), None, "md"
    if ext == "txt":
        text = open(path, encoding="utf-8").read()
        m = re.search(r"^Last updated:\s*(\d{4}-\d{2}-\d{2})\s*$", text, re.M)
        return text, m.group(1) if m else None, None, "txt"
    if ext == "html":
        p = _HTMLText()
        p.feed(open(path, encoding="utf-8").read())
        return " ".join(p.parts), p.date, p.tables > 0, "html"
    if ext == "docx":
        z = zipfile.ZipFile(path)
        xml = z.read("word/document.xml")
        ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
        root = ET.fromstring(xml)
        paras = ["".join(t.text or "" for t in p.iter("{%s}t" % ns["w"])) for p in root.iter("{%s}p" % ns["w"])]
        has_table = root.find(".//w:tbl", ns) is not None
        core = z.read("docProps/core.xml").decode("utf-8")
        m = re.search(r"<dcterms:modified[^>]*>(\d{4}-\d{2}-\d{2})", core)
        return "\n".join(paras), m.group(1) if m else None, has_table, "docx"
    if ext == "pdf":
        data = open(path, "rb").read()
        text = pdf_text(data)
        m = re.search(rb"/CreationDate \(D:(\d{4})(\d{2})(\d{2})", data)
        date = "-".join(x.decode() for x in m.groups()) if m else None
        cells = PDF_TABLE_CELLS.get(name)
        has_table = bool(cells) and all(norm(c) in norm(text) for c in cells)
        return text, date, has_table, "pdf"
    return None, None, None, ext


def load_knowledge(rel):
    path = os.path.join(KNOWLEDGE, rel)
    if not os.path.isfile(path):
        return None, None, False
    text = open(path, encoding="utf-8").read()
    fm = re.match(r"---\n(.*?)\n---\n", text, re.S)
    example = bool(fm and re.search(r"^example:\s*true\s*$", fm.group(1), re.M))
    return text, front_matter_date(text), example


def main():
    docs = {}
    for name in sorted(os.listdir(DOCS)):
        text, date, has_table, fmt = load_doc(os.path.join(DOCS, name))
        if text is None:
            problem(f"{name}: unsupported format")
            continue
        docs[name] = {"text": norm(text), "raw": text, "date": date, "table": has_table, "fmt": fmt}
        if not date or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
            problem(f"{name}: no date found")
        elif not ("2025-01-01" <= date <= LATEST):
            problem(f"{name}: date {date} outside 2025-01-01..{LATEST}")
        if fmt in ("html", "docx", "pdf") and not has_table:
            problem(f"{name}: no table found")

    fmts = [d["fmt"] for d in docs.values()]
    if len(docs) < 9:
        problem(f"only {len(docs)} documents (need 9)")
    for fmt, need in (("md", 3), ("txt", 1), ("html", 2), ("docx", 2), ("pdf", 1)):
        if fmts.count(fmt) < need:
            problem(f"need at least {need} .{fmt} documents, found {fmts.count(fmt)}")
    faq = docs.get("journal-club-faq.md")
    if not faq or len(re.findall(r"^## .*\?\s*$", faq["raw"], re.M)) < 5:
        problem("journal-club-faq.md: needs question headings")
    guide = docs.get("ppi-small-grants-guide.md")
    if not guide or len(guide["raw"].split()) < 900:
        problem("ppi-small-grants-guide.md: long prose needs about 1,000 words")

    items = []
    with open(QA, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                try:
                    items.append(json.loads(line))
                except json.JSONDecodeError as e:
                    problem(f"qa.jsonl line {n}: {e}")

    ids, used, pairs = set(), set(), set()
    last_split = {}
    counts = {k: {"tune": 0, "test": 0} for k in KINDS}
    n_example = n_table = 0
    for it in items:
        qid = it.get("id", "?")
        if not re.fullmatch(r"k\d{3}", str(qid)):
            problem(f"{qid}: bad id")
        if qid in ids:
            problem(f"{qid}: duplicate id")
        ids.add(qid)
        kind = it.get("kind")
        if kind not in KINDS:
            problem(f"{qid}: unknown kind {kind}")
            continue
        for key in ("question", "history", "answerable", "expected_source", "expected_facts", "split"):
            if key not in it:
                problem(f"{qid}: missing {key}")
        if not str(it.get("question", "")).strip():
            problem(f"{qid}: empty question")
        split = it.get("split")
        want = "tune" if last_split.get(kind) in (None, "test") else "test"
        if split != want:
            problem(f"{qid}: split {split}, expected {want} (alternating within {kind})")
        last_split[kind] = split
        if split in ("tune", "test"):
            counts[kind][split] += 1

        hist = it.get("history", [])
        if kind == "follow_up":
            if not hist or not all(isinstance(h, dict) and h.get("role") in ("user", "assistant")
                                   and str(h.get("content", "")).strip() for h in hist):
                problem(f"{qid}: follow_up needs a valid history")
        elif hist:
            problem(f"{qid}: only follow_up questions may have a history")

        if it.get("table_lookup"):
            n_table += 1
        src, facts = it.get("expected_source"), it.get("expected_facts", [])
        if kind in UNANSWERABLE:
            if it.get("answerable") is not False or src is not None or facts:
                problem(f"{qid}: unanswerable question must have answerable false, no source, no facts")
            for key in ("conflict", "older_facts", "example_conflict", "table_lookup"):
                if key in it:
                    problem(f"{qid}: unanswerable question carries {key}")
            continue
        if it.get("answerable") is not True:
            problem(f"{qid}: answerable must be true")
        if src not in docs:
            problem(f"{qid}: source {src} not in docs/")
            continue
        used.add(src)
        if not facts:
            problem(f"{qid}: no expected facts")
        for fact in facts:
            if norm(fact) not in docs[src]["text"]:
                problem(f"{qid}: fact {fact!r} not in {src}")

        if kind != "conflict":
            for key in ("conflict", "older_facts", "example_conflict"):
                if key in it:
                    problem(f"{qid}: non-conflict question carries {key}")
            continue
        conf = it.get("conflict") or {}
        cur, old = conf.get("current"), conf.get("older")
        if cur != src:
            problem(f"{qid}: conflict.current {cur} != expected_source {src}")
        ofacts = it.get("older_facts") or []
        if not ofacts:
            problem(f"{qid}: conflict without older_facts")
        if it.get("example_conflict"):
            n_example += 1
            otext, odate, example = load_knowledge(old or "")
            if otext is None:
                problem(f"{qid}: knowledge/{old} does not exist")
                continue
            if not example:
                problem(f"{qid}: knowledge/{old} is not an example: true document")
            otext = norm(otext)
        else:
            if old not in docs:
                problem(f"{qid}: older document {old} not in docs/")
                continue
            used.add(old)
            otext, odate = docs[old]["text"], docs[old]["date"]
        if not odate or not docs[src]["date"] or not odate < docs[src]["date"]:
            problem(f"{qid}: older {old} ({odate}) is not older than {src} ({docs[src]['date']})")
        for fact in ofacts:
            if norm(fact) not in otext:
                problem(f"{qid}: older fact {fact!r} not in {old}")
        for fact in facts:
            if norm(fact) in otext:
                problem(f"{qid}: new fact {fact!r} also occurs in older {old}")
        pairs.add((old, src))

    for name in docs:
        if name not in used:
            problem(f"{name}: not used by any question")

    total = len(items)
    n_conf = sum(counts["conflict"].values())
    n_plain = sum(sum(counts[k].values()) for k in KINDS if k not in UNANSWERABLE and k != "conflict")
    n_near = sum(counts["near_topic"].values())
    n_part = sum(counts["partial"].values())
    if total < 110:
        problem(f"only {total} questions (need about 115)")
    if n_plain < 60:
        problem(f"only {n_plain} plain answerable questions (need 60)")
    if n_conf < 18:
        problem(f"only {n_conf} conflict questions (need 18)")
    if len(pairs) < 6:
        problem(f"conflicts span only {len(pairs)} document pairs (need 6)")
    if not 2 <= n_example <= 3:
        problem(f"{n_example} example conflicts (need 2 or 3)")
    if n_near < 15:
        problem(f"only {n_near} near_topic questions (need 15)")
    if n_part < 10:
        problem(f"only {n_part} partial questions (need 10)")

    print(f"{'kind':<12} {'tune':>5} {'test':>5} {'total':>6}")
    for k in KINDS:
        c = counts[k]
        print(f"{k:<12} {c['tune']:>5} {c['test']:>5} {c['tune'] + c['test']:>6}")
    tt = sum(c["tune"] for c in counts.values())
    ts = sum(c["test"] for c in counts.values())
    print(f"{'all':<12} {tt:>5} {ts:>5} {tt + ts:>6}")
    print(f"documents: {len(docs)}; answerable: {n_plain + n_conf} ({n_plain} plain, {n_conf} conflict "
          f"over {len(pairs)} document pairs, {n_example} example conflicts); unanswerable: {n_near + n_part}; "
          f"table_lookup: {n_table}")
    for name, d in sorted(docs.items()):
        print(f"  {name:<40} {d['fmt']:<5} {d['date']}")
    if problems:
        print(f"\n{len(problems)} problem(s):")
        for p in problems:
            print("  - " + p)
        sys.exit(1)
    print("\nOK: no problems found")


if __name__ == "__main__":
    main()
