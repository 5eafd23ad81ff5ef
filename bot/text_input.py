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
