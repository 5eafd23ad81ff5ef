"""Danish and Swedish words for the collaboration's topics, and chat English, so extractive search finds the documents' English.

The offline embedding model and the stemmer are English; adding the English terms to a Nordic
question lets BM25 and the embeddings find the right passages. With an LLM configured the
answer is written in the language of the question.
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
}
_PATTERN = re.compile(r"\b(" + "|".join(sorted(map(re.escape, _TERMS), key=len, reverse=True)) + r")\b", re.I)


# Chat English, rewritten in place into the words documents use, before searching and reading.
_CHAT = {
    "first dibs": "first right", "hear back": "get a decision", "hear if": "get a decision on whether",
    "hear whether": "get a decision on whether", "heads up": "notice", "sign off on": "approve",
    "ballpark": "approximate", "radioisotopes": "radioactive isotopes", "mtg": "meeting", "mtgs": "meetings",
    "yr": "year", "yrs": "years", "sept": "September", "ppl": "people", "1st": "first", "2nd": "second",
    "3rd": "third", "4th": "fourth", "5th": "fifth", "asap": "as soon as possible",
    "gonna": "going to", "wanna": "want to", "gotta": "have to", "abt": "about", "conf": "conference",
    "thru": "through", "kickoff": "kick-off", "b4": "before", "irl": "in person", "in real life": "in person",
    "f2f": "face to face",
}
_CHAT_PATTERN = re.compile(r"\b(" + "|".join(sorted(map(re.escape, _CHAT), key=len, reverse=True)) + r")\b", re.I)


# "in mass." is the state; "mass spec" and "body mass" are not.
_MASS = re.compile(r"\bmass\.(?=\s|$|[?!,])(?!\s*spec)", re.I)


def plain_chat(text: str) -> str:
    """ "when's the next mtg" -> "when's the next meeting": abbreviations and idioms as a document writes them."""
    return _CHAT_PATTERN.sub(lambda m: _CHAT[m.group(1).lower()], _MASS.sub("Massachusetts", text))


def expand_nordic(text: str) -> str:
    """The text in plain words, with English terms added for its Danish or Swedish ones."""
    text = plain_chat(text)
    found = {_TERMS[m.group(1).lower()] for m in _PATTERN.finditer(text)}
    return f"{text} ({' '.join(sorted(found))})" if found else text


def gloss_inline(text: str) -> str:
    """ "R&D skattekredit claims" -> "R&D skattekredit (tax credit) claims": the English beside each Danish or
    Swedish term, where it stands, so that the side of a need it belongs to keeps it."""
    def gloss(m: re.Match) -> str:
        english = _TERMS[m.group(1).lower()]
        return m.group(1) if english == m.group(1).lower() else f"{m.group(1)} ({english})"
    return _PATTERN.sub(gloss, text)
