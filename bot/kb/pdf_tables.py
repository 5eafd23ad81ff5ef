"""Ruled tables in PDF pages, read as rows with their header (like Markdown, HTML and Word tables).

pypdf flattens a table into lines such as "Application deadline 1 February 2027 22 February 2027",
which no longer say which column a figure is in. pdfplumber finds the table by its cell borders;
each page that has one is read as its text outside the tables, with every table rendered by
`tables.render` where it stands. Pages without tables are left to pypdf (the caller).

pdfplumber lays out every character of a page, which costs far more than pypdf's text, so it is
only asked about the pages that draw lines or rectangles (a ruled table needs them).
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterable

from bot.kb import tables

log = logging.getLogger(__name__)

Part = tuple[str, str]  # ("text", prose) or ("table", rendered rows)


# Operands, then the operator of a line segment or a rectangle: "50 740 m 300 740 l S", "50 700 120 18 re S".
_PATH_OPERATOR = re.compile(rb"[\d.]\s+(?:re|l)(?=[\s/\[(<]|$)")


def may_hold_a_ruled_table(page) -> bool:  # noqa: ANN001
    """A cheap look at a pypdf page: does it draw lines or rectangles, itself or in a form it shows?"""
    try:
        contents = page.get_contents()
        if contents is not None and _PATH_OPERATOR.search(contents.get_data()):
            return True
        resources = page["/Resources"].get_object() if "/Resources" in page else {}
        xobjects = resources["/XObject"].get_object() if "/XObject" in resources else {}
        return any(xobject.get_object().get("/Subtype") == "/Form" for xobject in xobjects.values())
    except Exception:  # an odd page: let pdfplumber look at it
        return True


def pages_with_tables(data: bytes, candidates: Iterable[int]) -> dict[int, list[Part]]:
    """{page index: its parts in reading order} for the `candidates` pages where a table was found.

    Any failure leaves that page (or, if the file cannot be opened, every page) out, so the caller
    keeps pypdf's text for it: a PDF that pypdf reads never becomes unreadable because of this.
    """
    candidates = list(candidates)
    if not candidates:  # nothing drawn on any page: pdfplumber is not even imported
        return {}
    try:
        import pdfplumber

        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many kinds of errors on odd files
        log.debug("pdfplumber cannot open the PDF (%s); its tables are read as plain text", exc)
        return {}
    found: dict[int, list[Part]] = {}
    with pdf:
        for index in candidates:
            if index >= len(pdf.pages):
                continue
            page = pdf.pages[index]
            try:
                if parts := _page_parts(page):
                    found[index] = parts
            except Exception as exc:
                log.debug("table extraction failed on page %d (%s); using its plain text", index + 1, exc)
            finally:
                page.close()  # drop the page's parsed layout: long PDFs are read page by page
    return found


def _page_parts(page) -> list[Part]:  # noqa: ANN001
    grids = []
    for table in page.find_tables():
        rows = [[" ".join((cell or "").split()) for cell in row] for row in table.extract()]
        if any(any(row) for row in rows):
            grids.append((table.bbox, rows))
    if not grids:
        return []
    grids.sort(key=lambda grid: grid[0][1])
    boxes = [bbox for bbox, _ in grids]
    parts: list[Part] = []
    above = float("-inf")
    # Each char of prose goes to exactly one band: between the tops of two successive tables.
    for bbox, rows in [*grids, (None, None)]:
        below = bbox[1] if bbox else float("inf")
        band = page.filter(lambda obj, lo=above, hi=below: _prose_in_band(obj, lo, hi, boxes))
        if (prose := band.extract_text() or "").strip():
            parts.append(("text", prose))
        if rows and (block := tables.render(rows[0], rows[1:])):
            parts.append(("table", block))
        above = below
    return parts


def _prose_in_band(obj: dict, above: float, below: float, boxes: list) -> bool:
    if obj.get("object_type") != "char":
        return False
    x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    if any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes):
        return False
    return above <= y < below
