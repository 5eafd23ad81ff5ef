"""What people type, made safe to search, store and show before anything else looks at it."""

from __future__ import annotations

import re

# Control characters carry no meaning and confuse renderers; lone surrogates (JSON allows "\ud800")
# cannot be encoded as UTF-8, so the tokenizer, the database and the reply would all fail on them.
_UNUSABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def clean(text: str | None) -> str:
    return _UNUSABLE.sub("", text or "").strip()


def has_words(text: str) -> bool:
    """False for input with no letter or digit at all (zero-width characters, punctuation, emoji)."""
    return any(ch.isalnum() for ch in text)


# Characters that change how text looks but not what it says: zero-width joiners and spaces, bidi
# controls, and combining marks stacked on a letter ("stay" + 300 accents is still "stay").
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


def plain(text: str) -> str:
    """The words of a text for reading it: invisible characters and stacked accents removed."""
    import unicodedata

    text = _INVISIBLE.sub("", text)
    decomposed = unicodedata.normalize("NFD", text)
    # One accent on a letter is part of it (å, é); a stack of them is noise and goes whole.
    out: list[str] = []
    marks: list[str] = []
    for ch in decomposed + " ":
        if unicodedata.category(ch) == "Mn":
            marks.append(ch)
            continue
        if len(marks) == 1:
            out.extend(marks)
        marks = []
        out.append(ch)
    out.pop()
    return unicodedata.normalize("NFC", "".join(out))
