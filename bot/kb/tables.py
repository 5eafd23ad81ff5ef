"""Tables as lines a reader (and the answerer) can quote: each row with its header.

A row "| Boston and Cambridge, Massachusetts | USD 95 |" under the header "| City | Daily
allowance |" becomes "- Boston and Cambridge, Massachusetts — Daily allowance: USD 95", so a
question about Boston finds one self-contained line that still says what the figure is.
"""

from __future__ import annotations

import re

_MD_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


_ROW_NUMBER = re.compile(r"^\s*\d{1,3}[.)]?\s*$")


def row_lines(header: list[str], rows: list[list[str]]) -> list[str]:
    """One line per row: the first cell names the row, the other cells follow as "header: value".

    A first column of row numbers ("No.", "#": 1, 2, 3) names nothing; the next one names the row.
    """
    if rows and all(len(r) > 2 and _ROW_NUMBER.match(r[0] or "") for r in rows if any(c.strip() for c in r)):
        header, rows = header[1:], [r[1:] for r in rows]
    lines = []
    for row in rows:
        cells = [c.strip() for c in row]
        if not any(cells):
            continue
        key, rest = cells[0], cells[1:]
        pairs = []
        for i, value in enumerate(rest, 1):
            if not value:
                continue
            name = header[i].strip() if i < len(header) else ""
            pairs.append(f"{name}: {value}" if name else value)
        if not key:
            lines.append("- " + "; ".join(pairs))
        elif pairs:
            lines.append(f"- {key} — " + "; ".join(pairs))
        else:
            lines.append(f"- {key}")
    return lines


def render(header: list[str], rows: list[list[str]]) -> str:
    """The table as a block of row lines, separated from the text around it by blank lines."""
    if not header and not rows:
        return ""
    if not rows:  # a header-only table is a list
        return "\n".join(f"- {h}" for h in header if h.strip())
    return "\n".join(row_lines(header, rows))


def _cells(line: str) -> list[str]:
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|") and not line.endswith("\\|"):
        line = line[:-1]
    return [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", line)]


def markdown_tables_to_rows(text: str) -> str:
    """Replace every pipe table in Markdown text by its row lines; other text stays as it is."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if "|" in line and i + 1 < len(lines) and _MD_SEPARATOR.match(lines[i + 1]) and "|" in lines[i + 1]:
            header = [h.replace("**", "") for h in _cells(line)]
            i += 2
            rows = []
            while i < len(lines) and "|" in lines[i] and lines[i].strip():
                rows.append([c.replace("**", "") for c in _cells(lines[i])])
                i += 1
            if out and out[-1].strip():
                out.append("")
            out.append(render(header, rows))
            out.append("")
            continue
        out.append(line)
        i += 1
    return "\n".join(out)
