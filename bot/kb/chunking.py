"""Structure-aware chunking: Markdown headings become each chunk's section."""

from __future__ import annotations

from dataclasses import dataclass

from langchain_text_splitters import MarkdownHeaderTextSplitter, RecursiveCharacterTextSplitter

# About 120-200 word pieces: one or two paragraphs, small enough to quote, large enough to carry context.
CHUNK_CHARS = 2000
CHUNK_OVERLAP = 150

_HEADERS = [("#", "h1"), ("##", "h2"), ("###", "h3"), ("####", "h4")]


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
        for piece in splitter.split_text(part.page_content):
            piece = piece.strip()
            if piece:
                chunks.append(Chunk(index=len(chunks), text=piece, section=section))
    return chunks
