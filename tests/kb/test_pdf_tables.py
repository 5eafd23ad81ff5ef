"""PDF tables are read as rows with their header; pages without tables keep pypdf's text."""

import io
import logging

import pdfplumber.page
from pypdf import PdfReader

from bot.kb import pdf_tables
from bot.kb.loaders import load_bytes, reflow
from tests.docmakers import make_pdf, make_pdf_with_table

BEFORE = "Corrigendum No. 1 to the mobility call\nThe deadline and the stays change as follows."
AFTER = "The minimum length of a stay is still 2 months.\nAll other conditions are unchanged."
GRID = [
    ["Item", "Original call", "Corrected"],
    ["Application deadline", "1 February 2027", "22 February 2027"],
    ["Maximum length of a stay", "6 months", ""],
    ["Stays completed by", "31 December 2027", "31 March 2028"],
]


def _pypdf_only(data: bytes) -> str:
    return "## Page 1\n\n" + reflow(PdfReader(io.BytesIO(data)).pages[0].extract_text().strip())


def test_a_ruled_pdf_table_becomes_rows_with_their_header_between_its_prose():
    doc = load_bytes(make_pdf_with_table(BEFORE, GRID, AFTER), "corrigendum.pdf")
    rows = [
        "- Application deadline — Original call: 1 February 2027; Corrected: 22 February 2027",
        "- Maximum length of a stay — Original call: 6 months",  # the empty cell is left out
        "- Stays completed by — Original call: 31 December 2027; Corrected: 31 March 2028",
    ]
    lines = doc.text.split("\n")
    assert lines[lines.index(rows[0]):lines.index(rows[0]) + 3] == rows
    assert "Item Original call Corrected" not in doc.text and "Item" not in lines
    # The prose stays around the table, in the order it stands on the page.
    order = [doc.text.index(s) for s in ("Corrigendum No. 1", "change as follows.", rows[0], "still 2 months.",
                                         "All other conditions")]
    assert order == sorted(order)
    assert doc.text.startswith("## Page 1\n\n") and doc.kind == "pdf"


def test_a_pdf_without_tables_reads_exactly_as_pypdf_reads_it():
    data = make_pdf("Travel policy\nThe daily allowance for Boston is USD 95.\nReceipts are kept for five years.")
    assert pdf_tables.pages_with_tables(data, [0]) == {}  # asked anyway, pdfplumber finds no table
    assert load_bytes(data, "policy.pdf").text == _pypdf_only(data)


def test_only_pages_that_draw_lines_or_rectangles_are_laid_out_by_pdfplumber(monkeypatch):
    plain = PdfReader(io.BytesIO(make_pdf("No drawing on this page."))).pages[0]
    ruled = PdfReader(io.BytesIO(make_pdf_with_table(BEFORE, GRID, AFTER))).pages[0]
    assert not pdf_tables.may_hold_a_ruled_table(plain)
    assert pdf_tables.may_hold_a_ruled_table(ruled)
    asked = []
    monkeypatch.setattr(pdf_tables, "pages_with_tables", lambda data, candidates: asked.append(list(candidates)) or {})
    load_bytes(make_pdf("Travel policy\nReceipts are kept for five years."), "policy.pdf")
    assert asked == [[]]


def test_a_page_where_table_extraction_fails_keeps_pypdf_text(monkeypatch, caplog):
    data = make_pdf_with_table(BEFORE, GRID, AFTER)

    def broken(self, *args, **kwargs):
        raise RuntimeError("layout analysis failed")

    monkeypatch.setattr(pdfplumber.page.Page, "find_tables", broken)
    with caplog.at_level(logging.DEBUG, logger="bot.kb.pdf_tables"):
        doc = load_bytes(data, "corrigendum.pdf")
    assert doc.text == _pypdf_only(data)
    assert "Application deadline 1 February 2027 22 February 2027" in doc.text
    assert "table extraction failed on page 1" in caplog.text


def test_a_pdf_pdfplumber_cannot_open_keeps_pypdf_text(monkeypatch):
    data = make_pdf_with_table(BEFORE, GRID, AFTER)

    def broken(*args, **kwargs):
        raise ValueError("not a PDF to pdfminer")

    monkeypatch.setattr(pdfplumber, "open", broken)
    assert load_bytes(data, "corrigendum.pdf").text == _pypdf_only(data)
