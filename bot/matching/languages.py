"""Languages a need asks a contact to speak, and the languages contacts list (names or ISO codes).

"a Spanish-speaking addiction doctor" or "someone who speaks Japanese" asks it of the contact: a contact
who does not list it is only a near match. "patients incl. Arabic speakers" speaks of others: speakers
are preferred, not required.
"""

from __future__ import annotations

import re

# Language name -> its ISO 639-1 code, the two ways contact lists write them.
CODES = {"english": "en", "danish": "da", "swedish": "sv", "norwegian": "no", "finnish": "fi", "icelandic": "is",
         "german": "de", "dutch": "nl", "french": "fr", "spanish": "es", "italian": "it", "portuguese": "pt",
         "polish": "pl", "russian": "ru", "ukrainian": "uk", "turkish": "tr", "arabic": "ar", "persian": "fa",
         "farsi": "fa", "urdu": "ur", "hindi": "hi", "somali": "so", "hebrew": "he", "greek": "el",
         "japanese": "ja", "korean": "ko", "chinese": "zh", "mandarin": "zh", "cantonese": "yue", "vietnamese": "vi"}
NAMES = {code: name for name, code in reversed(list(CODES.items()))}  # the first name of each code
_WORD = "(" + "|".join(CODES) + ")"
_I = re.IGNORECASE
# Asked of the contact: "Spanish-speaking", "speaks Japanese", "who speak Arabic", "fluent in Danish".
_REQUIRED = re.compile(rf"\b{_WORD}[- ]speaking\b|\b(?:(?:who|that)\s+)?(?:speaks?|speaking|fluent in)\s+{_WORD}\b", _I)
_PREFERRED = re.compile(rf"\b{_WORD}[- ]speakers?\b", _I)


def code_of(value: str) -> str:
    """The code of a listed language ("Japanese", "ja", " Español" stays as written, lower-cased)."""
    value = value.strip().lower()
    return CODES.get(value, value)


def asked(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """The codes of the languages required of the contact, and of those only preferred."""
    required = {code_of(next(g for g in m.groups() if g)) for m in _REQUIRED.finditer(text)}
    preferred = {code_of(m.group(1)) for m in _PREFERRED.finditer(text)} - required
    return frozenset(required), frozenset(preferred)


def spans(text: str) -> list[tuple[int, int]]:
    """Where the text asks for a language ("Japanese-speaking" names no place)."""
    return [m.span() for pattern in (_REQUIRED, _PREFERRED) for m in pattern.finditer(text)]


def blank(text: str) -> str:
    """The text without the phrases asking for a language: they say who, not what about."""
    for pattern in (_REQUIRED, _PREFERRED):
        text = pattern.sub(lambda m: " " * len(m.group(0)), text)
    return text


def label(codes: frozenset[str]) -> str:
    return " or ".join(sorted(NAMES.get(c, c).capitalize() for c in codes))
