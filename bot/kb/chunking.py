"""Structure-aware chunking: Markdown headings become each chunk's section."""

from __future__ import annotations

import re
from dataclasses import dataclass

from langchain_text_splitters import MarkdownHeaderTextSplitter, RecursiveCharacterTextSplitter

# About 120-200 word pieces: one or two paragraphs, small enough to quote, large enough to carry context.
CHUNK_CHARS = 2000
CHUNK_OVERLAP = 150

_HEADERS = [("#", "h1"), ("##", "h2"), ("###", "h3"), ("####", "h4")]
# A table row as the loaders write it: "- Boston — Daily allowance: USD 95; From day 31: USD 70".
_ROW = re.compile(r"^- .+ — [^:\n]+: ")
TABLE_CHUNK_CHARS = 700  # a few rows: one row's words are not drowned by the rest of the page
MIN_TABLE_ROWS = 3


@dataclass(frozen=True)
class Chunk:
    index: int
    text: str
    section: str


def chunk_markdown(text: str, *, title: str = "", chunk_chars: int = CHUNK_CHARS, overlap: int = CHUNK_OVERLAP) -> list[Chunk]:
    header_splitter = MarkdownHeaderTextSplitter(headers_to_split_on=_HEADERS, strip_headers=True)
    splitter = RecursiveCharacterTextSplitter(
        chunk_size=chunk_chars,
        chunk_overlap=overlap,
        separators=["\n\n", "\n", ". ", "; ", ", ", " ", ""],
        keep_separator="end",
    )
    chunks: list[Chunk] = []
    for part in header_splitter.split_text(text):
        headings = [part.metadata[key] for _, key in _HEADERS if part.metadata.get(key)]
        # The H1 names the whole document (its title); the section is what lies below it.
        if len(headings) > 1 and part.metadata.get("h1"):
            headings = headings[1:]
        elif headings and headings[0].strip().lower() == title.strip().lower():
            headings = []
        section = " › ".join(h.strip() for h in headings)
        for piece in (p for block in _blocks(part.page_content) for p in splitter.split_text(block)):
            piece = piece.strip()
            if piece:
                chunks.append(Chunk(index=len(chunks), text=piece, section=section))
    return chunks


def _blocks(content: str) -> list[str]:
    """The prose and the tables of a section apart, each table in groups of rows.

    A table of decisions or rates next to a paragraph of prose made one chunk about everything;
    searched for one row ("the family allowance per child"), it ranked below pages about less.
    """
    lines = content.split("\n")
    blocks: list[str] = []
    prose: list[str] = []
    rows: list[str] = []

    def flush_rows() -> None:
        if len(rows) < MIN_TABLE_ROWS:
            prose.extend(rows)
        else:
            if "".join(prose).strip():
                blocks.append("\n".join(prose))
            prose.clear()
            group: list[str] = []
            for row in rows:
                if group and sum(len(r) + 1 for r in group) + len(row) > TABLE_CHUNK_CHARS:
                    blocks.append("\n".join(group))
                    group = []
                group.append(row)
            blocks.append("\n".join(group))
        rows.clear()

    for line in lines:
        if _ROW.match(line):
            rows.append(line)
            continue
        if rows:
            flush_rows()
        prose.append(line)
    if rows:
        flush_rows()
    if "".join(prose).strip():
        blocks.append("\n".join(prose))
    return blocks or [content]
