"""How much of a question's distinctive content a passage covers, in word or in meaning.

Near-topic questions share most of their words with a passage ("daily allowance") and miss the
one that matters ("Stockholm"); a cosine score cannot tell them apart, coverage of the key
terms can. Meaning counts through a small set of equivalent words (a "fee" is a "charge").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.qa.answer_types import MONTH_NAMES as MONTHS, SEASONS
from bot.qa.question import QuestionProfile, Term

# Words people use for the same thing in this domain: a passage with any of them covers the others.
_EQUIVALENT = [
    {"fee", "charge", "cost", "price", "rate", "tariff", "free"},
    {"allowance", "per diem", "diem", "subsistence"},
    {"stay", "visit", "placement", "residence"},
    {"accommodation", "housing", "lodging", "apartment", "flat", "room"},
    {"grant", "funding", "award", "fund", "money", "funds", "financing", "budget", "pot"},
    {"cap", "ceiling", "maximum", "limit", "capped"},
    {"insurance", "insured", "cover", "coverage"},
    {"student", "studying", "students"},
    {"phd", "doctoral", "doctorate"},
    {"master", "msc", "master's", "masters"},
    {"reimburse", "reimbursement", "refund", "repay", "repaid"},
    {"travel", "trip", "flight", "airfare", "journey", "flying", "fly"},
    {"visa", "permit"},
    {"email", "e-mail", "mail", "emailed", "mailed"},
    {"child", "children", "family", "dependant", "dependent", "spouse", "partner", "wife", "husband",
     "girlfriend", "boyfriend"},
    {"kid", "kids", "pupil", "pupils", "schoolchildren", "child", "children"},
    {"salary", "stipend", "wage"},
    {"pay", "payment", "paid", "payable", "free"},
    {"application", "apply", "applicant", "proposal", "submission"},
    {"eligible", "eligibility", "qualify", "entitled"},
    {"gdpr", "data protection", "personal data"},
    {"committee", "board", "panel"},
    {"unused", "leftover", "remaining", "surplus", "left over"},
    {"accommodation", "stay"},
    {"tool", "tools", "service", "services", "software", "app"},
]


@dataclass
class Coverage:
    ratio: float  # weighted share of the question's terms the passage covers
    missing: list[Term] = field(default_factory=list)  # key terms the passage does not cover

    @property
    def missing_words(self) -> list[str]:
        return [t.word for t in self.missing]


def _equivalents(stem) -> list[set[str]]:  # noqa: ANN001
    return [{stem(w) for part in group for w in part.split()} for group in _EQUIVALENT]


# Groups of words of measure and procedure, whose members name one thing ("cap" is "maximum"). The other
# groups join things that are only close ("family" and "partner"), good enough to cover a passage but not to
# say the documents know a word they never use.
_SAME_THING = ("cap", "fee", "pay", "reimburse", "eligible", "email", "unused")


def equivalents_of(stem: str, stemmer) -> set[str]:  # noqa: ANN001
    """The stems of the words that mean the same as `stem` (not itself), from the groups of one thing only."""
    groups = [{stemmer(w) for part in group for w in part.split()} for group in _EQUIVALENT
              if any(word in group for word in _SAME_THING)]
    return {other for group in groups if stem in group for other in group} - {stem}


def passage_stems(text: str, stem) -> set[str]:  # noqa: ANN001
    text = text.lower()
    # "RNA-seq" is also "rnaseq", as people type it
    joined = {m.replace("-", "") for m in re.findall(r"\w+(?:-\w+)+", text)}
    return ({stem(w) for w in re.findall(r"\w[\w']*\w|\w", text)} | {w for w in re.findall(r"\w+", text)}
            | joined | {stem(w) for w in joined})


def passage_coverage(profile: QuestionProfile, passage: str, *, stem, in_meaning=None) -> Coverage:  # noqa: ANN001
    """How much of the question `passage` (the answer sentence with its heading and lead-in) covers.

    `in_meaning(term)` decides, for a key term the passage does not contain, whether its meaning is there.
    """
    groups = _equivalents(stem)  # about a hundred stems: cheaper than any cache keyed on the stemmer
    present = passage_stems(passage, stem)
    covered_weight = total = 0.0
    missing: list[Term] = []
    for term in profile.terms:
        total += term.weight
        if _covers(term, present, groups):
            covered_weight += term.weight
        elif term.key and not (in_meaning is not None and in_meaning(term)):
            missing.append(term)
        elif term.key:
            covered_weight += term.weight
    for term in profile.context:
        total += 0.3 * term.weight
        if _covers(term, present, groups):
            covered_weight += 0.3 * term.weight
    return Coverage(ratio=covered_weight / total if total else 1.0, missing=missing)


def _covers(term: Term, present: set[str], groups: list[set[str]]) -> bool:
    if term.stem in present or term.word.lower() in present:
        return True
    if term.literal:
        return False
    return any(term.stem in group and group & present for group in groups)


def acronym_in(word: str, text: str) -> bool:
    """"MVA" stands in a text that says "Medicon Valley Alliance"; "bsc", typed in lower case, in one that says
    "biological safety cabinets"; "wgs" in "whole-genome sequencing", "AMR" in "antimicrobial resistance"."""
    if word.isupper() and 2 <= len(word) <= 6:
        initials = "".join(w[0] for w in re.findall(r"\b[A-Z][\w'’-]*", text))
        if word in initials:
            return True
    acronym = re.sub(r"-?\d+$", "", word).lower()  # "BSL-2" is the "biosafety level 2" of the document
    # Lower case, only a word without vowels is taken for an acronym ("bsc", "ttp"), not "age" or "fee".
    if not (2 <= len(acronym) <= 6 and acronym.isalpha() and (word.isupper() or not set(acronym) & set("aeiouyæøåäö"))):
        return False
    words = re.findall(r"[^\W\d_][\w'’]*", text.lower())  # "whole-genome" is two words here
    n = len(acronym)
    if any("".join(w[0] for w in words[i:i + n]) == acronym for i in range(len(words) - n + 1)):
        return True
    # A second letter taken from inside a word where a compound's second part begins ("AMR": anti-Microbial
    # Resistance, "BSL": bio-Safety Level); not from just anywhere ("DPO" is no "data provider").
    spans = (words[i:i + m] for m in range(2, n) for i in range(len(words) - m + 1))
    return n >= 3 and any(_spells(acronym, span) for span in spans)


_PREFIXES = ("anti", "bio", "micro", "immuno", "cardio", "neuro", "multi", "inter", "trans", "electro", "cyto",
             "radio", "patho", "gastro", "haemato", "hemato", "onco", "pharmaco", "nano", "endo", "ortho", "physio",
             "psycho", "geno", "proteo", "tele", "ultra", "super", "sub", "post", "pre", "non", "self", "over",
             "under", "photo", "thermo", "chemo", "hydro", "metabo", "epi", "peri", "intra", "extra")


def _spells(acronym: str, words: list[str]) -> bool:
    """Whether `acronym` splits into one piece per word: a word's initial, or its initial and the initial of
    the part after a known prefix."""
    if not words:
        return not acronym
    word = words[0]
    if not acronym or acronym[0] != word[0]:
        return False
    if _spells(acronym[1:], words[1:]):
        return True
    inner = {word[len(p)] for p in _PREFIXES if word.startswith(p) and len(word) > len(p) + 2}
    return len(acronym) > 1 and acronym[1] in inner and _spells(acronym[2:], words[1:])


# Where the collaboration's places are: a passage about "Sweden", "Skåne" or "the Øresund side" covers a
# question about Lund.
_DK = {"denmark", "danish", "øresund", "oresund"}
_SKANE = {"sweden", "swedish", "skåne", "scania", "øresund", "oresund"}
_PLACES = {
    "malmö": _SKANE, "malmo": _SKANE, "lund": _SKANE, "helsingborg": _SKANE,
    "copenhagen": _DK, "københavn": _DK, "roskilde": _DK | {"zealand"}, "frederiksberg": _DK | {"copenhagen"},
    "hillerød": _DK, "odense": {"denmark", "danish"}, "aarhus": {"denmark", "danish"},
    "boston": {"massachusetts", "us", "united states"}, "cambridge": {"massachusetts", "boston"},
    "worcester": {"massachusetts"}, "somerville": {"massachusetts", "boston"},
    "danish": _DK | {"denmark", "copenhagen", "zealand"}, "swedish": _SKANE | {"malmö", "lund"},
    "american": {"us", "u.s.", "united states", "usa", "massachusetts", "boston"},
    "scandinavian": _DK | _SKANE | {"norway", "norwegian"}, "nordic": _DK | _SKANE | {"norway", "finland", "iceland"},
}

# The towns among them: a sentence naming one of them is about that town, not the rest of its region.
TOWNS = frozenset(p for p in _PLACES if p not in {"danish", "swedish", "american", "scandinavian", "nordic"})


def _country_of(word: str) -> set[str]:
    from bot.qa.places import DEMONYMS

    country = DEMONYMS.get(word)
    return {country} if country else set()


def region_in(word: str, text: str, *, sentence: str = "", asked: str = "") -> bool:
    """Whether `text` speaks of a region that holds the place `word`: a rule for Skåne holds for Lund.

    Not when the answering `sentence` names another town of that region than those `asked` about: a price
    "from Copenhagen to Boston" in a guide for the Øresund Region is no price from Roskilde.
    """
    from bot.qa.places import place_words

    wider = _PLACES.get(word.lower(), set()) | _country_of(word.lower())
    lowered = text.lower()
    if not wider or not any(re.search(rf"\b{re.escape(w)}\b", lowered) for w in wider):
        return False
    asked_places = place_words(asked) | {word.lower()}
    # Another town of the same country or state ("Roskilde" and "Copenhagen"); the Øresund spans two countries.
    neighbours = {p for p in place_words(sentence) - asked_places
                  if p in TOWNS and (_PLACES[p] & wider) - {"øresund", "oresund"}}
    return not neighbours


def town_of_region_in(word: str, text: str) -> bool:
    """"Where in Sweden can I observe intensive care?": a passage naming Lund speaks of a place in Sweden."""
    wider = word.lower()
    lowered = text.lower()
    return any(wider in regions and re.search(rf"\b{re.escape(town)}\b", lowered)
               for town, regions in _PLACES.items() if town in TOWNS)


# Holidays by the months they fall in: "closed over Christmas" is answered by "closed from 24 December".
_HOLIDAYS = {"christmas": {12}, "xmas": {12}, "easter": {3, 4}, "midsummer": {6}, "thanksgiving": {11},
             # the seasons of a northern-hemisphere academic year: "the autumn 2027 bootcamp" is not one in March
             "spring": {3, 4, 5}, "summer": {6, 7, 8}, "autumn": {9, 10, 11}, "fall": {9, 10, 11}, "winter": {12, 1, 2}}
_MONTH = "(" + "|".join(MONTHS) + ")"
_FROM_MONTH = re.compile(rf"\b(?:from|since|as of|starting in|beginning in|with effect from)\s+(?:\d{{1,2}}\s+)?{_MONTH}")
_MONTH_SPAN = re.compile(rf"{_MONTH}(?:\s+\d{{4}})?\s*(?:to|–|-|until|through)\s*(?:\d{{1,2}}\s+)?{_MONTH}")


def period_in(word: str, text: str) -> bool:
    """Whether `text` speaks of a time that holds the month or holiday `word`.

    "What time do the Grand Rounds start in March 2027?" is answered by "From February 2027 the Grand
    Rounds start at 16:00"; "the programme January to June" holds March. A month the text names only
    as another month ("the June session") does not.
    """
    asked = word.lower()
    lowered = text.lower()
    if asked in _HOLIDAYS:
        return bool(re.search(rf"\b{asked}\b", lowered)) or any(
            re.search(rf"\b{MONTHS[m - 1]}\b", lowered) for m in _HOLIDAYS[asked])
    if asked not in MONTHS:
        return False
    month = MONTHS.index(asked)
    if any(MONTHS.index(m.group(1)) <= month for m in _FROM_MONTH.finditer(lowered)):
        return True
    return any(MONTHS.index(m.group(1)) <= month <= MONTHS.index(m.group(2)) for m in _MONTH_SPAN.finditer(lowered))
