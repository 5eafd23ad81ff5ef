"""Negations in a need: "a clinical partner in Skåne, not a CRO", "anywhere except the US".

Each negated phrase becomes an exclusion: the kinds, places and words it names. A contact is left
out when it matches every part the phrase names ("not a US fund": a US investor, not every US
contact). The phrase is blanked out of the need, so its words do not count as wanted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from bot.matching.keywords import terms

if TYPE_CHECKING:
    from bot.matching.index import ContactIndex

_I = re.IGNORECASE
_PHRASE = r"((?:[\w'’()-]+\s*){1,4}?)(?=\s*(?:[,.;:!?)]|\band\b|\bbut\b|\bwho\b|\bthat\b|\bwith\b|\bfor\b|\bin\b|$))"
_NEGATION = re.compile(
    r"(?:(?:,|\bbut|\band)\s*not\s+|\bnot\s+(?=an?\b|any\b)|\b(?:except|excluding|other than|apart from|rather than)\s+)"
    r"(?:(?:in|for|from)\s+)?(?:an?\s+|any\s+|the\s+)?" + _PHRASE, _I)
# Abbreviations people negate, and the words profiles use for them.
SYNONYMS = {"cro": "contract research", "cros": "contract research", "cdmo": "contract manufacturing",
            "cdmos": "contract manufacturing", "vc": "venture capital", "vcs": "venture capital"}


@dataclass(frozen=True)
class Exclusion:
    phrase: str
    kinds: frozenset[str] = frozenset()
    regions: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()
    words: str = ""  # what is left of the phrase once place and kind words are read


def find_negations(text: str) -> tuple[list[str], str]:
    """The negated phrases, and the text with each negation blanked out."""
    phrases: list[str] = []
    for m in _NEGATION.finditer(text):
        phrases.append(m.group(1).strip())
        text = text[: m.start()] + " " * (m.end() - m.start()) + text[m.end():]
    return phrases, text


def excluded_by(index: ContactIndex, exclusion: Exclusion) -> np.ndarray:
    """The contacts an exclusion rules out: those matching every part it names."""
    out = np.ones(len(index), dtype=bool)
    if exclusion.regions or exclusion.countries:
        out &= index.regions_in(exclusion.regions) | index.countries_in(exclusion.countries)
    if exclusion.kinds:
        out &= index.kinds_in(exclusion.kinds) | index.hinted(exclusion.kinds)
    words = terms(exclusion.words)
    if words:
        out &= index.keywords.scores(words) >= 0.5
    return out
