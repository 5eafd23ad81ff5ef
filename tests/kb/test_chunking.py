"""Chunks: a table is searched apart from the prose around it, a few rows at a time."""

from bot.kb.chunking import TABLE_CHUNK_CHARS, chunk_markdown
from bot.kb.loaders import load_bytes

PROSE = ("The Programme Board steers the programmes between the annual meetings of the partners. "
         "It has eight members and met four times this year. ") * 3


def _page(rows: int) -> str:
    body = "".join(f"<tr><td>D-{i:02d}</td><td>Decision {i}: the allowance for item {i} is DKK {i},000 "
                   f"per month from 1 August.</td></tr>" for i in range(rows))
    return (f"<html><head><title>Decision log</title></head><body><h1>Decision log</h1><p>{PROSE}</p>"
            f"<table><tr><th>No.</th><th>Decision</th></tr>{body}</table><p>The board secretary keeps the log.</p>"
            "</body></html>")


def test_a_table_is_chunked_apart_from_its_prose_in_groups_of_rows():
    doc = load_bytes(_page(12).encode(), "log.html")
    chunks = chunk_markdown(doc.text, title=doc.title)
    tables = [c for c in chunks if c.text.startswith("- D-")]
    assert len(tables) >= 2  # twelve rows do not fit one group
    assert all(len(c.text) <= TABLE_CHUNK_CHARS for c in tables)
    assert all(line.startswith("- D-") for c in tables for line in c.text.splitlines())  # no prose mixed in
    rows = [line for c in tables for line in c.text.splitlines()]
    assert len(rows) == 12 and "Decision: Decision 11: the allowance for item 11 is DKK 11,000" in rows[-1]
    assert any("eight members" in c.text for c in chunks) and any("secretary keeps" in c.text for c in chunks)


def test_a_short_list_stays_with_its_paragraph():
    text = "Travel is covered:\n- Flights — Class: economy\n- Trains — Class: second\n\nApply by e-mail."
    (chunk,) = chunk_markdown(text)
    assert chunk.text.startswith("Travel is covered:") and "Trains" in chunk.text
