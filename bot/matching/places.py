"""Where a need or a profile says something is: regions of the collaboration, countries, and places that must be.

"a trial site in dk or skåne" names Denmark and Region Skåne; "US only" makes the place a must; "translated
into danish" and "Swedish-speaking" name a language, not a place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.matching import languages

ORESUND = frozenset({"capital-region-dk", "region-zealand", "region-skane"})
NORDIC_COUNTRIES = frozenset({"DK", "SE", "NO", "FI", "IS"})
EUROPEAN_COUNTRIES = NORDIC_COUNTRIES | {"DE", "NL", "GB", "FR", "BE", "CH", "AT", "IE", "ES", "IT", "PL", "PT"}


@dataclass(frozen=True)
class Place:
    label: str
    regions: frozenset[str]
    countries: frozenset[str] = frozenset()
    whole: bool = True  # a whole country or more; "the Copenhagen area" is part of Denmark, not all of it


_I = re.IGNORECASE


def _place(label: str, regions, countries, words: str, flags: int = _I,  # noqa: ANN001
           whole: bool = True) -> tuple[re.Pattern[str], Place]:
    # "French-speaking" names a language, not where someone is.
    return (re.compile(rf"\b(?:{words})(?=\W|$)(?![- ]speaking)", flags),
            Place(label, frozenset(regions), frozenset(countries), whole))


US = ({"massachusetts"}, {"US"})
# Most specific first: a span matched by one pattern is not matched again by a later one.
_PLACES: list[tuple[re.Pattern[str], Place]] = [
    _place("New Zealand", {"other"}, {"NZ"}, "new zealand"),
    _place("the Capital Region of Denmark", {"capital-region-dk"}, {"DK"},
           "capital region(?: of denmark)?|copenhagen|cph|kbh|k[øo]benhavn|hovedstaden|frederiksberg", whole=False),
    _place("Region Zealand", {"region-zealand"}, {"DK"},
           "region zealand|zealand|sj[æa]lland|roskilde|k[øo]ge|n[æa]stved|holb[æa]k|slagelse|sor[øo]", whole=False),
    # "se" only beside "dk" ("dk/se", "dk or se"), read before "dk" is: alone it is no country ("se you there").
    _place("Sweden", {"region-skane"}, {"SE"},
           r"(?<=dk/)se|(?<=dk /)se|(?<=dk or )se|(?<=dk and )se|(?<=dk, )se|(?<=dk & )se|se(?=\s*/\s*dk\b)|"
           r"se(?= or dk\b)|se(?= and dk\b)"),
    # "dk" as people write the country ("trial sites in dk or skåne", "dk/se/no"): not an English word.
    _place("Denmark", {"capital-region-dk", "region-zealand"}, {"DK"}, "denmark|danish|danmark|dansk|dk"),
    _place("Region Skåne", {"region-skane"}, {"SE"}, "region sk[åa]ne|sk[åa]ne|scania|malm[öo]|lund|helsingborg",
           whole=False),
    _place("Sweden", {"region-skane"}, {"SE"}, "sweden|swedish|sverige|svensk"),
    _place("the Øresund region", ORESUND, {"DK", "SE"}, "[øöo]resund|medicon valley", whole=False),
    _place("the Nordics", ORESUND, NORDIC_COUNTRIES, "nordics?|scandinavian?|nordic countries"),
    _place("Europe", ORESUND, EUROPEAN_COUNTRIES, "europe|european"),
    _place("Massachusetts", *US, "massachusetts|boston|cambridge,? ma|new england|worcester", whole=False),
    _place("Massachusetts", *US, r"MA", flags=0, whole=False),  # capitals only: "ma" is a word in Danish
    # US states outside Massachusetts: the US, but not the collaboration's region there.
    _place("California", {"other"}, {"US"}, "california|bay area|silicon valley|san francisco|san diego|los angeles",
           whole=False),
    _place("New York", {"other"}, {"US"}, "new york|nyc", whole=False),
    _place("the US", *US, r"US|U\.S\.|USA", flags=0),  # capitals only: "us" is a pronoun
    _place("the US", *US, "united states|america|american"),
    _place("the UK", {"other"}, {"GB"}, "UK", flags=0),
    _place("the UK", {"other"}, {"GB"}, "london|manchester|oxford|edinburgh|glasgow", whole=False),
    # Countries outside the collaboration's regions: (label, country code, words).
    *(_place(label, {"other"}, {code}, words) for label, code, words in (
        ("Norway", "NO", "norway|norwegian"), ("Finland", "FI", "finland|finnish"), ("Germany", "DE", "germany|german"),
        ("the Netherlands", "NL", "netherlands|dutch"), ("the UK", "GB", "united kingdom|britain|british|england"),
        ("Iceland", "IS", "iceland|icelandic"), ("France", "FR", "france|french"),
        ("Switzerland", "CH", "switzerland|swiss"), ("Belgium", "BE", "belgium|belgian"),
        ("Austria", "AT", "austria|austrian"), ("Ireland", "IE", "ireland|irish"), ("Spain", "ES", "spain|spanish"),
        ("Italy", "IT", "italy|italian"), ("Poland", "PL", "poland"),  # not "polish": a verb too
        ("Portugal", "PT", "portugal|portuguese"), ("Canada", "CA", "canada|canadian"),
        ("Japan", "JP", "japan|japanese"), ("China", "CN", "china|chinese"), ("India", "IN", "india|indian"),
        ("Israel", "IL", "israel|israeli"), ("Australia", "AU", "australia|australian"))),
]



_LANGUAGE_WORDS = (r"(?:danish|swedish|english|norwegian|german|dutch|finnish|icelandic|french|spanish|italian|"
                   r"portuguese|japanese|chinese|arabic)")
# "translated into danish and swedish", "swedish-speaking", "german translation": languages, not places.
_LANGUAGES = re.compile(rf"\binto\s+{_LANGUAGE_WORDS}(?:\s*(?:,|/|&|\band\b|\bor\b)\s*{_LANGUAGE_WORDS})*\b|"
                        rf"\b{_LANGUAGE_WORDS}(?=[- ](?:translations?|translators?|interpret(?:ers?|ing|ation)|"
                        rf"speakers?|language|versions?|subtitles)\b)", _I)


def find_places(text: str) -> tuple[list[Place], str]:
    """Places named in the text, and the text with those words blanked out."""
    found: list[Place] = []
    spoken = [m.span() for m in _LANGUAGES.finditer(text)] + languages.spans(text)
    for pattern, place in _PLACES:
        for m in pattern.finditer(text):
            if any(start <= m.start() < end for start, end in spoken):
                continue
            if place not in found:
                found.append(place)
            text = text[: m.start()] + " " * (m.end() - m.start()) + text[m.end():]
    return found, text


INSIDE = re.compile(r"\b(?:not|nothing|nobody|no one|none)\s+outside(?:\s+of)?\s+", _I)
# "US only", "only in Denmark", "has to be in DK or Sweden": the place is a must, not a preference.
_ONLY_AFTER = re.compile(r"\s+only\b", _I)
# "has to be copenhagen bc of the cohort": the place may follow "be" without "in".
_ONLY_BEFORE = re.compile(r"(?:\b(?:only|exclusively|strictly)\s+(?:in|from|within)\s+|\b(?:has|have|needs?|must)\s+(?:to\s+)?be\s+"
                          r"(?:based\s+|located\s+)?(?:in\s+)?)(?:the\s+)?$", _I)


def place_only(text: str) -> bool:
    """Whether the text makes the places it names a must ("US only", "has to be in DK or sweden")."""
    for pattern, _ in _PLACES:
        for m in pattern.finditer(text):
            if _ONLY_AFTER.match(text, m.end()) or _ONLY_BEFORE.search(text[: m.start()]):
                return True
    return False
