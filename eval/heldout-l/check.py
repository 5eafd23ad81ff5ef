"""Consistency checker for held-out QA set L (standard library only).

    python3 eval/heldout-l/check.py          (from the repository root, or from anywhere)

Exits 1 on any problem, 0 when the set is consistent.
"""
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
MAX_DATE = "2026-12-03"
PLAIN_KINDS = ["yes_no", "when", "how_much", "who", "where", "what", "how_long", "follow_up"]
UNANSWERABLE = ["near_topic", "partial"]
KINDS = PLAIN_KINDS + ["conflict"] + UNANSWERABLE
FIELDS = {"id", "question", "history", "answerable", "expected_source", "expected_facts", "kind", "split"}
OPTIONAL = {"conflict", "older_facts", "table_lookup", "example_conflict"}
MINIMUM = {"questions": 115, "plain": 75, "conflict": 18, "pairs": 6, "near_topic": 15,
           "partial": 10, "table_lookup": 15, "documents": 9}

problems = []


def problem(msg):
    problems.append(msg)


def norm(s):
    return re.sub(r"\s+", " ", s.replace("\u00a0", " ")).strip().casefold()


# ---------------------------------------------------------------- text extraction
class _HTMLText(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts, self.date, self.tables, self._skip = [], None, 0, 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and a.get("name") == "date":
            self.date = a.get("content")
        if tag == "table":
            self.tables += 1
        if tag in ("script", "style"):
            self._skip += 1
        self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1
        self.parts.append(" ")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def front_matter(text):
    m = re.match(r"---\n(.*?)\n---\n", text, re.S)
    fm = {}
    if m:
        for line in m.group(1).splitlines():
            if ":" in line:
                k, v = line.split(":", 1)
                fm[k.strip()] = v.strip().strip('"')
    return fm


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_text(path):
    with zipfile.ZipFile(path) as z:
        root = ET.fromstring(z.read("word/document.xml"))
        core = z.read("docProps/core.xml").decode("utf-8")
    paras = ["".join(t.text or "" for t in p.iter(W + "t")) for p in root.iter(W + "p")]
    tables = len(list(root.iter(W + "tbl")))
    m = re.search(r"<dcterms:modified[^>]*>(\d{4}-\d\d-\d\d)", core)
    return "\n".join(paras), (m.group(1) if m else None), tables


def _pdf_strings(stream):
    """Text of literal strings shown with Tj / TJ in a content stream."""
    out, i, n = [], 0, len(stream)
    pending = []
    while i < n:
        ch = stream[i]
        if ch == "(":
            depth, j, buf = 1, i + 1, []
            while j < n and depth:
                c = stream[j]
                if c == "\\":
                    nxt = stream[j + 1] if j + 1 < n else ""
                    esc = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f",
                           "(": "(", ")": ")", "\\": "\\"}
                    if nxt in esc:
                        buf.append(esc[nxt]); j += 2; continue
                    m = re.match(r"[0-7]{1,3}", stream[j + 1:j + 4])
                    if m:
                        buf.append(chr(int(m.group(0), 8))); j += 1 + len(m.group(0)); continue
                    j += 2; continue
                if c == "(":
                    depth += 1
                elif c == ")":
                    depth -= 1
                    if depth == 0:
                        break
                buf.append(c); j += 1
            pending.append("".join(buf))
            i = j + 1
            continue
        if stream.startswith("Tj", i) or stream.startswith("TJ", i) or stream.startswith("'", i):
            out.append("".join(pending)); pending = []
        elif stream.startswith("ET", i):
            pending = []
        i += 1
    return out


def pdf_text(path):
    data = open(path, "rb").read()
    parts = []
    for m in re.finditer(rb"<<(.*?)>>\s*stream\r?\n(.*?)\r?\nendstream", data, re.S):
        head, body = m.group(1), m.group(2)
        if b"/Subtype /Image" in head or b"/Length1" in head:
            continue
        if b"/FlateDecode" in head:
            try:
                body = zlib.decompress(body)
            except zlib.error:
                continue
        parts.extend(_pdf_strings(body.decode("latin-1")))
    m = re.search(rb"/CreationDate\s*\(D:(\d{4})(\d\d)(\d\d)", data)
    date = "%s-%s-%s" % tuple(x.decode() for x in m.groups()) if m else None
    return "\n".join(parts), date


def load_docs():
    docs = {}
    for name in sorted(os.listdir(DOCS)):
        path = os.path.join(DOCS, name)
        ext = name.rsplit(".", 1)[-1].lower()
        table = None
        if ext == "md":
            text = open(path, encoding="utf-8").read()
            date = front_matter(text).get("updated")
        elif ext == "txt":
            text = open(path, encoding="utf-8").read()
            m = re.search(r"^Last updated:\s*(\d{4}-\d\d-\d\d)", text, re.M)
            date = m.group(1) if m else None
        elif ext in ("html", "htm"):
            p = _HTMLText()
            p.feed(open(path, encoding="utf-8").read())
            text, date, table = "".join(p.parts), p.date, p.tables > 0
        elif ext == "docx":
            text, date, ntab = docx_text(path)
            table = ntab > 0
        elif ext == "pdf":
            text, date = pdf_text(path)
        else:
            problem("unexpected file in docs/: %s" % name)
            continue
        docs[name] = {"text": norm(text), "date": date, "ext": ext, "table": table, "raw": text}
    return docs


def load_knowledge(rel):
    path = os.path.join(KNOWLEDGE, rel)
    if not os.path.isfile(path):
        return None
    text = open(path, encoding="utf-8").read()
    fm = front_matter(text)
    return {"text": norm(text), "date": fm.get("updated"), "example": fm.get("example") == "true"}


# ---------------------------------------------------------------- checks
def main():
    docs = load_docs()
    if len(docs) < MINIMUM["documents"]:
        problem("only %d documents (need %d)" % (len(docs), MINIMUM["documents"]))
    for fmt in ("md", "txt", "html", "docx", "pdf"):
        if not any(d["ext"] == fmt for d in docs.values()):
            problem("no .%s document" % fmt)
    if sum(d["ext"] == "docx" for d in docs.values()) < 2:
        problem("fewer than two .docx documents")
    for name, d in docs.items():
        if not d["date"] or not re.fullmatch(r"\d{4}-\d\d-\d\d", d["date"]):
            problem("%s: no date found" % name)
        elif d["date"] > MAX_DATE:
            problem("%s: date %s after %s" % (name, d["date"], MAX_DATE))
        if d["ext"] in ("html", "docx") and not d["table"]:
            problem("%s: no table" % name)
        if not d["text"]:
            problem("%s: no text extracted" % name)
    for name, d in docs.items():
        if d["ext"] == "pdf":
            for probe in ("Service Site Public price Company price Turnaround",
                          "TMT 16-plex set (16 samples)"):
                if norm(probe) not in d["text"]:
                    problem("%s: table text %r not extracted" % (name, probe))

    items = []
    with open(QA, encoding="utf-8") as f:
        for ln, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                items.append(json.loads(line))
            except json.JSONDecodeError as e:
                problem("qa.jsonl line %d: bad JSON (%s)" % (ln, e))

    seen, last_split, used = set(), {}, set()
    counts, pairs, n_table, n_example = {}, set(), 0, 0
    for q in items:
        qid = q.get("id", "?")
        keys = set(q)
        if not FIELDS <= keys:
            problem("%s: missing fields %s" % (qid, sorted(FIELDS - keys)))
            continue
        if keys - FIELDS - OPTIONAL:
            problem("%s: unknown fields %s" % (qid, sorted(keys - FIELDS - OPTIONAL)))
        if not re.fullmatch(r"l\d{3}", str(qid)):
            problem("%s: id not of the form l + three digits" % qid)
        if qid in seen:
            problem("%s: duplicate id" % qid)
        seen.add(qid)
        kind = q["kind"]
        if kind not in KINDS:
            problem("%s: unknown kind %r" % (qid, kind))
            continue
        if not isinstance(q["question"], str) or not q["question"].strip():
            problem("%s: empty question" % qid)
        # split alternation within kind
        want = "tune" if last_split.get(kind) in (None, "test") else "test"
        if q["split"] != want:
            problem("%s: split %r, expected %r (alternation within %s)" % (qid, q["split"], want, kind))
        last_split[kind] = q["split"]
        s = counts.setdefault(kind, {"tune": 0, "test": 0})
        if q["split"] in s:
            s[q["split"]] += 1
        # history
        hist = q["history"]
        if not isinstance(hist, list):
            problem("%s: history is not a list" % qid)
        elif kind == "follow_up":
            if not hist:
                problem("%s: follow_up without history" % qid)
            for t in hist:
                if not isinstance(t, dict) or t.get("role") not in ("user", "assistant") or not t.get("content"):
                    problem("%s: bad history turn %r" % (qid, t))
        elif hist:
            problem("%s: history on a %s question" % (qid, kind))
        # answerable / facts
        if kind in UNANSWERABLE:
            if q["answerable"] is not False or q["expected_source"] is not None or q["expected_facts"]:
                problem("%s: unanswerable question with answer fields" % qid)
            if keys & OPTIONAL:
                problem("%s: unanswerable question with %s" % (qid, sorted(keys & OPTIONAL)))
            continue
        if q["answerable"] is not True:
            problem("%s: answerable must be true" % qid)
        src = q["expected_source"]
        if src not in docs:
            problem("%s: expected_source %r not in docs/" % (qid, src))
            continue
        used.add(src)
        facts = q["expected_facts"]
        if not isinstance(facts, list) or not facts:
            problem("%s: no expected_facts" % qid)
            facts = []
        for fact in facts:
            if norm(fact) not in docs[src]["text"]:
                problem("%s: fact %r not in %s" % (qid, fact, src))
        if q.get("table_lookup"):
            if q["table_lookup"] is not True:
                problem("%s: table_lookup must be true when present" % qid)
            n_table += 1
        if kind == "conflict":
            conf, ofacts = q.get("conflict"), q.get("older_facts")
            if not isinstance(conf, dict) or set(conf) != {"current", "older"}:
                problem("%s: conflict must be {current, older}" % qid)
                continue
            if conf["current"] != src:
                problem("%s: conflict.current is not the expected source" % qid)
            if not ofacts:
                problem("%s: no older_facts" % qid)
                ofacts = []
            if q.get("example_conflict"):
                if q["example_conflict"] is not True:
                    problem("%s: example_conflict must be true when present" % qid)
                k = load_knowledge(conf["older"])
                if k is None:
                    problem("%s: knowledge/%s not found" % (qid, conf["older"]))
                    continue
                if not k["example"]:
                    problem("%s: knowledge/%s is not an example document" % (qid, conf["older"]))
                older_text, older_date = k["text"], k["date"]
                n_example += 1
                pairs.add(("knowledge/" + conf["older"], src))
            else:
                if conf["older"] not in docs:
                    problem("%s: conflict.older %r not in docs/" % (qid, conf["older"]))
                    continue
                older_text, older_date = docs[conf["older"]]["text"], docs[conf["older"]]["date"]
                used.add(conf["older"])
                pairs.add((conf["older"], src))
            if not older_date or not docs[src]["date"] or older_date >= docs[src]["date"]:
                problem("%s: older document (%s) is not older than %s (%s)"
                        % (qid, older_date, src, docs[src]["date"]))
            for fact in ofacts:
                if norm(fact) not in older_text:
                    problem("%s: older fact %r not in %s" % (qid, fact, conf["older"]))
            for fact in facts:
                if norm(fact) in older_text:
                    problem("%s: new fact %r also occurs in the older document" % (qid, fact))
        else:
            if keys & {"conflict", "older_facts", "example_conflict"}:
                problem("%s: conflict fields on a %s question" % (qid, kind))

    for name in docs:
        if name not in used:
            problem("%s is used by no question" % name)

    total = len(items)
    plain = sum(sum(counts.get(k, {}).values()) for k in PLAIN_KINDS)
    nconf = sum(counts.get("conflict", {}).values())
    got = {"questions": total, "plain": plain, "conflict": nconf, "pairs": len(pairs),
           "near_topic": sum(counts.get("near_topic", {}).values()),
           "partial": sum(counts.get("partial", {}).values()),
           "table_lookup": n_table, "documents": len(docs)}
    for k, v in MINIMUM.items():
        if got[k] < v:
            problem("only %d %s (need at least %d)" % (got[k], k, v))
    if total > 125:
        problem("%d questions (at most 125)" % total)
    if not 2 <= n_example <= 3:
        problem("%d example conflicts (need 2 or 3)" % n_example)

    print("%-12s %5s %5s %6s" % ("kind", "tune", "test", "total"))
    for k in KINDS:
        s = counts.get(k, {"tune": 0, "test": 0})
        print("%-12s %5d %5d %6d" % (k, s["tune"], s["test"], s["tune"] + s["test"]))
    tt = sum(c["tune"] for c in counts.values()); te = sum(c["test"] for c in counts.values())
    print("%-12s %5d %5d %6d" % ("all", tt, te, total))
    print("documents %d, plain %d, conflict %d over %d pairs (%d example), table_lookup %d"
          % (len(docs), plain, nconf, len(pairs), n_example, n_table))
    if problems:
        print("\n%d problem(s):" % len(problems))
        for p in problems:
            print("  - " + p)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--dump":
        for n, d in load_docs().items():
            print("=====", n, d["date"]); print(d["raw"])
        sys.exit(0)
    sys.exit(main())
