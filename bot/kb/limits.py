"""The documents table's column widths, applied before the database sees a document.

SQLite stores a 639-character title in a VARCHAR(500); PostgreSQL refuses it (DataError) and the
upload fails with an apology. So a long title is shortened (the full title stays in the text), and
any other field too long for its column is refused with a message the uploader can act on.
"""

from __future__ import annotations

import dataclasses

from bot.db.models import Document
from bot.kb.base import PreparedDocument
from bot.kb.loaders import LoaderError

_REFUSED = {"source": "the document's source (file name or address)", "category": "the front-matter category",
            "updated": "the front-matter date", "url": "the front-matter url", "added_by": "the uploader's id"}


def width(column: str) -> int:
    return Document.__table__.c[column].type.length


def shorten(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word where one is near, ending in "…"."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit - 1)
    return text[: cut if cut > limit * 0.8 else limit - 1].rstrip() + "…"


def fit(doc: PreparedDocument) -> PreparedDocument:
    """`doc` with its title shortened to the column; LoaderError naming any other field that is too long."""
    for field, what in _REFUSED.items():
        value = getattr(doc, field)
        if value is not None and len(value) > width(field):
            raise LoaderError(f"{what} is {len(value):,} characters long; at most {width(field):,} fit")
    return dataclasses.replace(doc, title=shorten(doc.title, width("title")))
