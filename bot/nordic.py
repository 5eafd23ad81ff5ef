"""Danish and Swedish words of the collaboration's topics and of business, with their English.

Shared by the answerer (which adds the English to a Nordic question) and the matcher (which glosses a need in
place), both of which read and rank in English.
"""

from __future__ import annotations

import re

_TERMS = {
    # Danish
    "aftale": "agreement", "aftalen": "agreement", "samarbejde": "collaboration", "samarbejdet": "collaboration",
    "udveksling": "exchange", "udvekslingen": "exchange", "forsker": "researcher", "forskere": "researchers",
    "forskning": "research", "studerende": "students", "ansøgning": "application", "ansøgningsfrist": "application deadline",
    "frist": "deadline", "fristen": "deadline", "finansiering": "funding", "midler": "funds", "støtte": "grant support",
    "ophold": "stay", "opholdet": "stay", "hvor længe": "how long", "hvornår": "when", "hvem": "who", "hvad": "what",
    "projekter": "projects", "projekt": "project", "virksomheder": "companies", "virksomhed": "company",
    "ambassadør": "ambassador", "ambassadører": "ambassadors", "ambassadørprogram": "ambassador programme",
    "regioner": "regions", "region": "region", "sygehus": "hospital", "hospitaler": "hospitals", "stipendium": "stipend",
    "gæsteforsker": "visiting researcher", "gæsteforskere": "visiting researchers", "blive": "stay",
    "løfter": "commitments", "forpligtelser": "commitments", "visum": "visa", "opholdstilladelse": "residence permit",
    "sekretariat": "secretariat", "sekretariatet": "secretariat", "underskrev": "signed", "parter": "parties",
    # Swedish
    "gästforskare": "visiting researcher", "stanna": "stay", "åtaganden": "commitments", "uppehållstillstånd": "residence permit",
    "avtal": "agreement", "avtalet": "agreement", "samarbete": "collaboration", "utbyte": "exchange",
    "forskare": "researchers", "studenter": "students", "ansökan": "application", "sista ansökningsdag": "application deadline",
    "finansiering": "funding", "bidrag": "grant", "vistelse": "stay", "hur länge": "how long", "när": "when", "vem": "who",
    "vad": "what", "projekten": "projects", "företag": "companies", "ambassadörer": "ambassadors", "sjukhus": "hospital",
    "regionerna": "regions", "stipendiet": "stipend", "kansliet": "secretariat", "undertecknade": "signed",
    # English terms that documents usually write otherwise
    "per diem": "daily allowance",
    # business words of Danish and Swedish companies
    "skattekredit": "tax credit", "skattekreditordningen": "tax credit scheme", "skattefradrag": "tax deduction",
    "iværksætter": "entrepreneur", "iværksættere": "entrepreneurs", "revisor": "accountant",
    "advokat": "lawyer", "patentbureau": "patent attorney", "tilskud": "grant", "forsøg": "trial",
    "klinisk forsøg": "clinical trial", "kliniska prövningar": "clinical trials", "investerare": "investors",
    "entreprenör": "entrepreneur", "jurist": "lawyer", "sygeplejerske": "nurse", "läkare": "physician",
    "læge": "physician", "læger": "physicians",
    "transplantationscenter": "transplant centre", "transplantationscentret": "transplant centre",
    "sundhedsorg": "health organisation", "sundhedsorganisation": "health organisation",
    "patientforening": "patient organisation", "patientförening": "patient organisation",
}
_PATTERN = re.compile(r"\b(" + "|".join(sorted(map(re.escape, _TERMS), key=len, reverse=True)) + r")\b", re.I)


def english_terms(text: str) -> set[str]:
    """The English of the Danish or Swedish terms in `text`."""
    return {_TERMS[m.group(1).lower()] for m in _PATTERN.finditer(text)}


def gloss_inline(text: str) -> str:
    """ "R&D skattekredit claims" -> "R&D skattekredit (tax credit) claims": the English beside each Danish or
    Swedish term, where it stands, so that the side of a need it belongs to keeps it."""
    def gloss(m: re.Match) -> str:
        english = _TERMS[m.group(1).lower()]
        return m.group(1) if english == m.group(1).lower() else f"{m.group(1)} ({english})"
    return _PATTERN.sub(gloss, text)
