"""Loaders keep tables as rows with their header and read each format's date."""

import datetime as dt
import io

import docx

from bot.kb.loaders import load_bytes
from tests.docmakers import make_pdf

MD_TABLE = """---
title: Allowances
updated: 2025-01-20
---
## Rates

| City | Daily allowance |
| --- | --- |
| Boston and Cambridge, Massachusetts | USD 95 |
| Copenhagen | DKK 560 |
"""


def test_markdown_table_rows_keep_their_header():
    doc = load_bytes(MD_TABLE.encode(), "rates.md")
    assert "- Boston and Cambridge, Massachusetts — Daily allowance: USD 95" in doc.text
    assert "| --- |" not in doc.text and doc.updated == "2025-01-20"


def test_html_table_rows_keep_their_header_and_the_page_date():
    html = b"""<html><head><title>Rates</title><meta property="article:modified_time" content="2026-12-04T10:30:00+01:00">
    </head><body><h2>Rates</h2><p>Daily allowances by city.</p>
    <table><tr><th>City</th><th>Daily allowance</th></tr><tr><td>Malm\xc3\xb6</td><td>SEK 690</td></tr></table>
    <p>Other cities are paid at the nearest rate.</p></body></html>"""
    doc = load_bytes(html, "rates.html")
    lines = doc.text.split("\n\n")
    assert "- Malmö — Daily allowance: SEK 690" in lines
    # the table stays between the paragraphs around it
    assert lines.index("Daily allowances by city.") < lines.index("- Malmö — Daily allowance: SEK 690") < \
        lines.index("Other cities are paid at the nearest rate.")
    assert doc.updated == "2026-12-04"


def test_word_table_stays_under_its_heading_and_core_properties_give_the_date():
    document = docx.Document()
    document.add_heading("Fees", level=2)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Service", "Fee"
    table.cell(1, 0).text, table.cell(1, 1).text = "Bench space", "DKK 4,200 per month"
    document.add_heading("Payment", level=2)
    document.add_paragraph("Invoices are sent quarterly.")
    document.core_properties.modified = dt.datetime(2024, 2, 12, 9, 0)
    out = io.BytesIO()
    document.save(out)
    doc = load_bytes(out.getvalue(), "fees.docx")
    text = doc.text
    assert text.index("## Fees") < text.index("- Bench space — Fee: DKK 4,200 per month") < text.index("## Payment")
    assert doc.updated == "2024-02-12"


def test_text_and_pdf_give_a_stated_last_updated_date():
    assert load_bytes(b"Travel policy\nLast updated: 2026-01-15\n\nTrains are second class.", "p.txt").updated == "2026-01-15"
    pdf = make_pdf("Travel policy\nLast updated: 15 January 2026\nBusiness class is not reimbursed.")
    assert load_bytes(pdf, "p.pdf").updated == "2026-01-15"


def test_an_unreadable_date_is_no_date():
    doc = load_bytes(b"---\ntitle: X\nupdated: soon\n---\nSome text that is long enough to index.", "x.md")
    assert doc.updated is None


def test_a_first_column_of_row_numbers_does_not_name_the_rows():
    from bot.kb.tables import row_lines

    lines = row_lines(["No.", "Item", "Was", "Now reads"],
                      [["5", "Decisions", "26 February 2027", "12 March 2027"], ["6", "Interviews", "18 January", "1 February"]])
    assert lines == ["- Decisions — Was: 26 February 2027; Now reads: 12 March 2027",
                     "- Interviews — Was: 18 January; Now reads: 1 February"]
    # Years and grades name their rows.
    assert row_lines(["Year", "Stays"], [["2024", "31"]]) == ["- 2024 — Stays: 31"]
    assert row_lines(["Grade", "DK", "SE"], [["A", "12", "VG"]]) == ["- A — DK: 12; SE: VG"]
