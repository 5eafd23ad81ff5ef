"""Generate the invented documents of held-out QA set B into docs/.

Each document is written once in a small markup (see content_*.py) and rendered to its
format by one function per format: Markdown, plain text, HTML, Word (.docx) and PDF.

    pip install --target /tmp/evalqa-tools fpdf2 python-docx pypdf
    PYTHONPATH=/tmp/evalqa-tools python3 eval/heldout-b/make_docs.py
"""
import datetime as dt
import html
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import content_a, content_b, content_c  # noqa: E402

DOCS = HERE / "docs"
ALL = [
    content_a.PHD_CALL, content_a.PHD_CORRIGENDUM, content_a.CLINICAL, content_a.BIOBANK_POLICY,
    content_b.BIOBANK_FAQ, content_b.AMBASSADOR_GUIDE, content_b.IP_AGREEMENT, content_b.LAB_SAFETY,
    content_c.TRAVEL_GRANT, content_c.MENTORING, content_c.NEWSLETTER, content_c.EVENTS,
    content_c.STIPENDS, content_c.SECRETARIAT,
]


def blocks(body):
    """Parse the mini-markup into (kind, payload) blocks."""
    out, para = [], []

    def flush():
        if para:
            out.append(("p", " ".join(para)))
            para.clear()

    for line in body.strip().splitlines():
        s = line.strip()
        if not s:
            flush()
        elif s.startswith("#"):
            flush()
            level = len(s) - len(s.lstrip("#"))
            out.append((f"h{level}", s[level:].strip()))
        elif s.startswith("- ") or (s[0].isdigit() and s[1:3] == ". "):
            flush()
            kind = "ul" if s.startswith("- ") else "ol"
            item = s[2:] if kind == "ul" else s[3:]
            if out and out[-1][0] == kind:
                out[-1][1].append(item)
            else:
                out.append((kind, [item]))
        elif s.startswith("|"):
            flush()
            cells = [c.strip() for c in s.strip("|").split("|")]
            if out and out[-1][0] == "table":
                out[-1][1].append(cells)
            else:
                out.append(("table", [cells]))
        else:
            para.append(s)
    flush()
    return out


def write_markdown(doc):
    lines = ["---", f"title: \"{doc['title']}\"", f"updated: {doc['date']}"]
    if doc.get("category"):
        lines.append(f"category: {doc['category']}")
    lines += ["---", ""]
    for kind, val in blocks(doc["body"]):
        if kind.startswith("h"):
            lines += ["#" * int(kind[1]) + " " + val, ""]
        elif kind in ("ul", "ol"):
            lines += [("- " if kind == "ul" else f"{i}. ") + v for i, v in enumerate(val, 1)] + [""]
        elif kind == "table":
            lines.append("| " + " | ".join(val[0]) + " |")
            lines.append("|" + "---|" * len(val[0]))
            lines += ["| " + " | ".join(r) + " |" for r in val[1:]] + [""]
        else:
            lines += [val, ""]
    (DOCS / doc["name"]).write_text("\n".join(lines), encoding="utf-8")


def write_text(doc):
    lines = []
    for kind, val in blocks(doc["body"]):
        if kind == "h1":
            lines += [val.upper(), "=" * len(val), "", f"Last updated: {doc['date']}", ""]
        elif kind.startswith("h"):
            lines += [val, "-" * len(val), ""]
        elif kind in ("ul", "ol"):
            lines += [("  * " if kind == "ul" else f"  {i}. ") + v for i, v in enumerate(val, 1)] + [""]
        elif kind == "table":
            widths = [max(len(r[i]) for r in val) for i in range(len(val[0]))]
            lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in val] + [""]
        else:
            lines += [val, ""]
    (DOCS / doc["name"]).write_text("\n".join(lines), encoding="utf-8")


def write_html(doc):
    e = html.escape
    parts = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
             f"<title>{e(doc['title'])}</title>", f'<meta name="date" content="{doc["date"]}">',
             "</head>", "<body>", '<nav><a href="/">Home</a> | <a href="/contact">Contact</a></nav>',
             "<main>"]
    for kind, val in blocks(doc["body"]):
        if kind.startswith("h"):
            parts.append(f"<{kind}>{e(val)}</{kind}>")
        elif kind in ("ul", "ol"):
            parts.append(f"<{kind}>" + "".join(f"<li>{e(v)}</li>" for v in val) + f"</{kind}>")
        elif kind == "table":
            head = "".join(f"<th>{e(c)}</th>" for c in val[0])
            rows = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in r) + "</tr>" for r in val[1:])
            parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
        else:
            parts.append(f"<p>{e(val)}</p>")
    parts += ["</main>", f"<footer><p>Page updated {doc['date']}</p></footer>", "</body>", "</html>", ""]
    (DOCS / doc["name"]).write_text("\n".join(parts), encoding="utf-8")


def write_docx(doc):
    import docx
    d = docx.Document()
    for kind, val in blocks(doc["body"]):
        if kind.startswith("h"):
            d.add_heading(val, level=int(kind[1]) - 1 if kind != "h1" else 0)
        elif kind in ("ul", "ol"):
            for v in val:
                d.add_paragraph(v, style="List Bullet" if kind == "ul" else "List Number")
        elif kind == "table":
            t = d.add_table(rows=len(val), cols=len(val[0]))
            t.style = "Table Grid"
            for i, row in enumerate(val):
                for j, c in enumerate(row):
                    t.cell(i, j).text = c
        else:
            d.add_paragraph(val)
    d.add_paragraph(f"Document date: {doc['date']}")
    when = dt.datetime.fromisoformat(doc["date"]).replace(hour=9)
    cp = d.core_properties
    cp.title, cp.author = doc["title"], "Collaboration secretariat (fictional)"
    cp.created = cp.modified = when
    cp.last_modified_by = "Collaboration secretariat (fictional)"
    d.save(DOCS / doc["name"])


def write_pdf(doc):
    from fpdf import FPDF

    def t(s):  # the core font is Latin-1 only
        return s.replace("\u2013", "-").replace("\u2019", "'").encode("latin-1").decode("latin-1")

    pdf = FPDF()
    pdf.set_creation_date(dt.datetime.fromisoformat(doc["date"]).replace(hour=9, tzinfo=dt.timezone.utc))
    pdf.set_title(doc["title"])
    pdf.set_author("Collaboration secretariat (fictional)")
    pdf.set_margins(20, 20, 20)
    pdf.add_page()
    for kind, val in blocks(doc["body"]):
        if kind.startswith("h"):
            pdf.set_font("Helvetica", "B", 16 if kind == "h1" else 12)
            pdf.ln(3)
            pdf.multi_cell(0, 7, t(val), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
        elif kind in ("ul", "ol"):
            pdf.set_font("Helvetica", "", 10)
            for i, v in enumerate(val, 1):
                mark = "-" if kind == "ul" else f"{i}."
                pdf.multi_cell(0, 5.5, t(f"{mark} {v}"), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
        elif kind == "table":
            pdf.set_font("Helvetica", "", 9)
            with pdf.table(text_align="LEFT", line_height=5.5) as table:
                for row in val:
                    r = table.row()
                    for c in row:
                        r.cell(t(c))
            pdf.ln(3)
        else:
            pdf.set_font("Helvetica", "", 10)
            pdf.multi_cell(0, 5.5, t(val), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
    pdf.set_font("Helvetica", "I", 8)
    pdf.multi_cell(0, 5, f"Document date: {doc['date']}", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(DOCS / doc["name"]))


WRITERS = {"md": write_markdown, "txt": write_text, "html": write_html, "docx": write_docx, "pdf": write_pdf}


def main():
    DOCS.mkdir(exist_ok=True)
    for doc in ALL:
        WRITERS[doc["fmt"]](doc)
        words = len(" ".join(v if isinstance(v, str) else " ".join(map(str, v))
                             for _, v in blocks(doc["body"])).split())
        print(f"{doc['name']:45s} {doc['fmt']:5s} {doc['date']}  ~{words} words")


if __name__ == "__main__":
    main()
