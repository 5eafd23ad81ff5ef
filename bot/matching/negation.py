"""Negations in a need: "a clinical partner in Skåne, not a CRO", "anywhere except the US", "a real hospital
please, no CROs", "outside the Copenhagen area", "we don't want to go through a CRO".

Each negated phrase becomes an exclusion: the kinds, places and words it names. A contact is left
out when it matches every part the phrase names ("not a US fund": a US investor, not every US
contact). The phrase is blanked out of the need, so its words do not count as wanted.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from bot.matching.keywords import terms

if TYPE_CHECKING:
    from bot.matching.index import ContactIndex

_I = re.IGNORECASE
_PHRASE = r"((?:[\w'’()-]+\s*){1,4}?)(?=\s*(?:[,.;:!?()/]|\s[-–—]\s|\band\b|\bbut\b|\bwho\b|\bthat\b|\bwith\b|\bfor\b|\bin\b|\bsince\b|\bas\b|$))"
_ARTICLE = r"(?:(?:in|for|from|of)\s+)?(?:an?\s+|any\s+|the\s+)?"
# Plain negations: whatever follows is ruled out.
_NEGATION = re.compile(
    r"(?:(?:,|\bbut|\band|\s[-–—])\s*not\s+|\bnot\s+(?=an?\b|any\b)|"
    # "a rejection test that is NOT blood based"
    r"\b(?:that|which)\s+(?:is|are)\s+not\s+|\b(?:that|which)\s+(?:isn['’]?t|aren['’]?t)\s+|"
    r"\b(?:except|excluding|other than|apart from|rather than|instead of|anywhere but)\s+)" + _ARTICLE + _PHRASE, _I)
# "Not HIPAA / US counsel" opening a sentence: a negation when the list names a kind or a place ("Not sure who"
# names neither); "not only", "not just" add rather than rule out.
_OPENING = re.compile(r"(?:^|(?<=[.!?])\s+)not\s+(?!(?:only|just|necessarily|sure|yet|too|much|so|that)\b)" + _ARTICLE + _PHRASE, _I)
_SLASH = re.compile(r"\s*/")
_MORE = re.compile(r"\s*(?:/|\bor\b|\bnor\b)\s*" + _ARTICLE + _PHRASE, _I)
# Guarded ones: "no CROs", "without a CRO", "outside the Copenhagen area", "we don't want to go through a CRO"
# rule something out only when what follows names a kind or a place ("no later than", "without delay" do not).
_GUARDED = re.compile(
    r"(?:(?<!have )(?<!has )(?<!had )(?<!with )\b(?:no|without|avoid(?:ing)?|outside(?:\s+of)?)\s+|"
    r"\b(?:do\s+not|don['’]?t|does\s+not|doesn['’]?t|never)\s+(?:want|need|like|use)\s+"
    r"(?:to\s+(?:[\w-]+\s+){0,2}?(?:through|with|use|involve|hire|engage|pay)\s+)?)" + _ARTICLE + _PHRASE, _I)
# Abbreviations people negate, and the ways profiles describe what they stand for.
# The abbreviation itself counts too: a profile may say "cryo-EM CRO".
_CRO = ("CRO", "contract research", "clinical research organisation", "trial management", "site monitoring",
        "clinical monitoring")
_CDMO = ("CDMO", "contract manufacturing", "contract development", "contract fermentation", "GMP production")
_VC = ("venture capital", "venture fund", "ventures", "series A", "series B")
SYNONYMS = {"cro": _CRO, "cros": _CRO, "cdmo": _CDMO, "cdmos": _CDMO, "vc": _VC, "vcs": _VC}
# Abbreviations that are a kind in all but name: with a place ("no Danish VCs") the kind and place say it all;
# only bare ("angels, not VCs") do they need the profile to spell them out.
KIND_ALIASES = frozenset({"vc", "vcs"})
# Words that say nothing about whom to leave out ("outside the Copenhagen area", "no CROs please").
FILLER = frozenset({"area", "areas", "region", "regions", "side", "based", "please", "pls", "plz", "thx", "itself", "anywhere", "at", "all",
                    "real", "actual", "such", "type", "kind", "one", "ones", "stuff", "things", "ppl", "people", "folks",
                    "guys"})


@dataclass(frozen=True)
class Exclusion:
    phrase: str
    kinds: frozenset[str] = frozenset()
    regions: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()
    words: str = ""  # what is left of the phrase once place and kind words are read
    spelled_out: tuple[str, ...] = ()  # "CRO" as profiles write it: any one of these counts
    or_said: tuple[str, ...] = ()  # also ruled out: a profile whose offer or title says one of these ("academic")
    elsewhere: frozenset[str] = frozenset()  # "no california funds": in these countries, outside our regions
    sorts: frozenset[str] = frozenset()  # "no angels": only investors of that sort (need.SORTS), not all investors


def find_negations(text: str, names: Callable[[str], bool] = lambda phrase: True) -> tuple[list[str], str]:
    """The negated phrases, and the text with each negation blanked out.

    `names(phrase)` says whether a phrase names a kind or a place; a guarded negation ("no ...",
    "outside ...") counts only then.
    """
    phrases: list[str] = []
    for pattern, guarded in ((_NEGATION, False), (_GUARDED, True), (_OPENING, None)):
        for m in pattern.finditer(text):
            listed = [m.group(1).strip()]
            # "no bioprinting / research-only stuff": a slash-list after "no" is a list of what to leave out.
            slashed = bool(guarded) and bool(_SLASH.match(text, m.end()))
            # "royalty financing — no equity crowdfunding, no family offices": a clause of its own that says "no"
            # to a thing of two words or more rules it out, whatever it is.
            listing = bool(guarded) and _listed_refusal(text, m.start(), listed[0])
            if guarded and not names(listed[0]) and not slashed and not listing:
                continue
            end = m.end()
            # "no textile manufacturers / vendors", "no CROs or vendors": the list goes on being negated.
            while (more := _MORE.match(text, end)) and (not guarded or slashed or listing or names(more.group(1).strip())):
                listed.append(more.group(1).strip())
                end = more.end()
            if guarded is None and not any(names(phrase) for phrase in listed):
                continue  # a sentence opening with "not": negated only when the list names a kind or a place
            phrases += listed
            text = text[: m.start()] + " " * (end - m.start()) + text[end:]
    return phrases, text


_CLAUSE_START = re.compile(r"(?:^|[,;.!?]|\s[-–—])\s*$")
_NOT_A_THING = frozenset({"rush", "hurry", "worries", "worry", "pressure", "preference", "idea", "clue", "problem",
                          "yet", "needed", "required", "necessary", "later", "longer", "more", "less", "need", "way"})


def _listed_refusal(text: str, start: int, phrase: str) -> bool:
    words = [w for w in re.findall(r"[\w'’-]+", phrase.lower()) if w not in FILLER]
    return (bool(_CLAUSE_START.search(text[:start])) and len(words) >= 2
            and not any(w in _NOT_A_THING for w in words))


def excluded_by(index: ContactIndex, exclusion: Exclusion) -> np.ndarray:
    """The contacts an exclusion rules out: those matching every part it names."""
    out = np.ones(len(index), dtype=bool)
    if exclusion.regions or exclusion.countries or exclusion.elsewhere:
        out &= (index.regions_in(exclusion.regions) | index.countries_in(exclusion.countries)
                | (index.regions_in({"other"}) & index.countries_in(exclusion.elsewhere)))
    if exclusion.kinds:
        # A researcher's organisation may tell the kind ("not a university hospital"); a declared kind is the kind.
        out &= index.kinds_in(exclusion.kinds) | (index.hinted(exclusion.kinds) & index.kinds_in({"researcher"}))
    words = terms(exclusion.words)
    if words:
        # "not a translation agency": what the contact is; "nothing in oncology": any part of the profile.
        keywords = index.identity_keywords if exclusion.kinds else index.keywords
        out &= keywords.scores(words) >= 0.5
    if exclusion.sorts:
        out &= np.logical_or.reduce([index.of_sort(sort) for sort in exclusion.sorts])
    if exclusion.spelled_out:
        out &= np.logical_or.reduce([index.keywords.scores(terms(text)) >= 0.5 for text in exclusion.spelled_out])
    for text in exclusion.or_said:
        out |= index.identity_keywords.scores(terms(text)) >= 0.5
    return out
