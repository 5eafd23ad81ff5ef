"""Reading a question: what it asks for, and which of its words carry what is particular to it.

"What is the daily allowance in Stockholm?" asks for an amount; "daily allowance" is shared
with many passages, "Stockholm" is what makes it this question. A passage that does not
mention Stockholm does not answer it, however close its topic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.qa.answer_types import ANSWER_WORDS, MONTH_NAMES, SEASONS, asked_kinds
from bot.qa.places import place_words

_WORD = re.compile(r"(?<!\d)[A-Za-zÀ-ÿ][\w'’./-]*[\w]|[A-Za-zÀ-ÿ]|(?<![\d.,])(?:19|20)\d\d(?![\d.,])")
# Capitalised words that name nothing in particular in this collaboration's questions.
# Clipped words of chat English, read as the word the documents write in full.
_ABBREVIATIONS = {"info": "information", "incl": "including", "approx": "approximately", "uni": "university",
                  "dept": "department", "govt": "government", "intl": "international", "reqs": "requirements",
                  "req": "requirement", "appt": "appointment", "admin": "administration", "docs": "documents",
                  "bsl": "biosafety level", "prof": "professor", "postdocs": "postdoc", "mgmt": "management",
                  "wk": "week", "wks": "weeks", "mo": "month", "mos": "months", "hr": "hour", "hrs": "hours",
                  "reg": "regulatory", "regs": "regulations", "med": "medical", "ma": "massachusetts", "dk": "denmark", "cph": "copenhagen",
                  "till": "until", "til": "until", "mtg": "meeting", "mtgs": "meetings", "yr": "year", "yrs": "years",
                  # fillers of chat: "only bc of the old rules", "pls", "thx"
                  "bc": "", "b/c": "", "cuz": "", "ur": "", "thx": "", "pls": "", "plz": "", "asap": "",
                  # "founded 2 years ago", "besides my uni email": they place or add, they name nothing
                  "ago": "", "besides": "", "apart": "", "anyway": "", "anyways": "", "around": "", "away": "",
                  "afterwards": "", "afterward": "", "beforehand": "", "anymore": "", "nowadays": "",
                  "stats": "statistics", "biostat": "biostatistics", "biostats": "biostatistics",
                  "jan": "january", "feb": "february", "apr": "april", "aug": "august", "sept": "september",
                  "oct": "october", "nov": "november", "dec": "december",
                  "prep": "prepare", "intro": "introduction", "intros": "introductions", "kr": "dkk", "kroner": "dkk", "cryo-em": "cryo-electron microscope",
                  "cryoem": "cryo-electron microscope", "kronor": "sek", "bucks": "usd", "dollars": "usd",
                  "collab": "collaboration", "comms": "communications", "quant": "quantification",
                  "pi": "principal investigator", "pis": "principal investigators",
                  # "mid jan", "rn" (right now), "unsure if": when or how sure, not what about
                  "mid": "", "rn": "", "unsure": ""}
# "A2", "R01", "BSL-3": a code names one thing; "A0" does not cover it as a word of like meaning would.
_CODE = re.compile(r"[a-z][a-z-]*\d[\w-]*")
_MONTHS = frozenset(MONTH_NAMES) - {"may"}  # "may" is mostly the verb


def _month_asked(month: str) -> re.Pattern:
    """ "is there a cohort meeting in september?", "the november workshop": the month is what is asked about;
    not "she arrives in march" or "after the april one", where it dates the asker's situation."""
    spelt = rf"(?:{month}|{month[:3]})"
    return re.compile(rf"^\W*(?:is|are) there\b.*\bin\s+(?:mid[- ]?)?{spelt}\b|^\W*any\b.*\bin\s+{spelt}\b"
                      rf"|(?<!after )(?<!before )(?<!since )\bthe\s+{spelt}\s+(?!one\b)[a-z'‘’]", re.I)
# "We're a partner institution", "I'm reviewing": a pronoun with its verb says who asks, not what about.
_CONTRACTION = re.compile(r"(i|we|you|they|he|she|it|that|there|here|what|who|where|how|let)'(re|m|s|ve|ll|d)")
_COMMON_CAPITALISED = {"i", "is", "are", "can", "do", "does", "what", "when", "who", "where", "which", "how", "and",
                       "the", "a", "an", "if", "my", "our", "we", "may", "must", "should", "will", "would", "could"}


@dataclass
class Term:
    stem: str
    word: str
    weight: float  # inverse document frequency in the knowledge base
    key: bool  # a name, or a word rare enough that a passage without it cannot be the answer
    known: bool  # the knowledge base has it at all
    literal: bool = False  # a name or a year: only the word itself covers it, not a word of like meaning


@dataclass
class QuestionProfile:
    text: str
    kinds: set[str]
    terms: list[Term] = field(default_factory=list)  # of the latest question: what must be covered
    context: list[Term] = field(default_factory=list)  # of earlier turns (follow-ups): nice to cover

    @property
    def key_terms(self) -> list[Term]:
        return [t for t in self.terms if t.key]


def analyse(question: str, *, keyword, context_text: str = "", translated: bool = False,
            rare_share: float = 0.05) -> QuestionProfile:  # noqa: ANN001
    """The question's kinds and distinctive terms, weighted by how rare they are in the documents.

    `translated`: the question was in Danish or Swedish and English glossary words were added;
    its own words are then not expected in the (English) documents.
    """
    profile = QuestionProfile(text=question, kinds=asked_kinds(question))
    asked, aside = _after_the_question(question)
    profile.terms = _terms(asked, keyword, rare_share=rare_share, translated=translated)
    context_text = " ".join(t for t in (context_text, aside) if t)
    if context_text:
        own = {t.stem for t in profile.terms}
        profile.context = [t for t in _terms(context_text, keyword, rare_share=rare_share, translated=translated)
                           if t.stem not in own]
        for t in profile.context:
            t.key = False
    return profile


_JUDGED_AFTER = {"too", "that", "it", "be", "is", "still", "thats", "that's", "its", "it's", "all"}
# "will the kids get to work with patient samples? they'd love that": what follows the question mark is an aside.
_AFTER_QUESTION = re.compile(r"^(?P<asked>.*\?)\s*(?P<aside>[^?]*\w[^?]*)$", re.S)


def _after_the_question(question: str) -> tuple[str, str]:
    m = _AFTER_QUESTION.match(question)
    return (m.group("asked"), m.group("aside")) if m else (question, "")


def _terms(text: str, keyword, *, rare_share: float, translated: bool) -> list[Term]:  # noqa: ANN001
    # "stockholm" typed lower-case is still a name; so is a season, which only its own time covers
    lowered_words = {_ABBREVIATIONS.get(w, w) for w in re.findall(r"[a-z]+", text.lower())}
    # "a cohort meeting in september?": the month asked is what the answer must be about, like a year
    months = {m for m in lowered_words & _MONTHS if _month_asked(m).search(text)}
    names = capitalised(text) | place_words(text) | (lowered_words & SEASONS) | months
    answer_stems = {keyword.stem(w) for w in ANSWER_WORDS}
    out: dict[str, Term] = {}
    words = _WORD.findall(text)
    for i, word in enumerate(words):
        lowered = word.lower().replace("’", "'").strip("'.")
        lowered = _ABBREVIATIONS.get(lowered, lowered)
        if len(lowered) < 2 or lowered in ANSWER_WORDS or _CONTRACTION.fullmatch(lowered):
            continue
        if lowered in {"late", "early", "fine", "ok", "okay"} and (
                i + 1 == len(words) or (i and words[i - 1].lower().replace("’", "'") in _JUDGED_AFTER)):
            continue  # "is the 15th too late?", "is that fine?": how it is judged; a "late fee" or a "fine" is a thing
        stems = keyword.query_terms(lowered)
        if not stems:  # a stop word
            continue
        for stem in stems:
            if stem in out or stem in answer_stems:
                continue
            df = keyword.document_frequency(stem)
            if not df and not translated and lowered not in names:
                # "accomodation", "info": the word the documents do use, not a new thing they never mention
                spelt = keyword.known_spelling(stem) or keyword.known_part(lowered) or _singular(lowered, keyword)
                if spelt is not None and spelt not in out:
                    stem, df = spelt, keyword.document_frequency(spelt)
            # "cap" in documents that say "maximum": a word of like meaning is one they use.
            known = df > 0 or (lowered not in names and _known_equivalent(stem, keyword))
            if translated and not known:
                continue  # a Danish or Swedish word; its English gloss is in the text too
            idf = keyword.idf(stem)
            # A name the documents rarely use, or a word they never use, is what the question is about;
            # a name on every page ("Massachusetts") is context.
            rare_name = lowered in names and df <= max(2, rare_share * keyword.size)
            year = lowered.isdigit()
            # Adverbs ("financially") and verbs ("be spent", "is trying") say how, not what; nouns and names
            # ("parking", "Stockholm") say what.
            how = lowered not in names and (lowered.endswith("ly") or _verb_form(
                lowered, words[i - 1].lower() if i else "", words[i + 1].lower() if i + 1 < len(words) else ""))
            # "how do I unsubscribe?": the action asked about is what the question is about.
            if how and not known and i >= 3 and _HOW_DO_I.fullmatch(" ".join(w.lower() for w in words[i - 3:i])):
                how = False
            code = is_code(lowered)
            out[stem] = Term(stem=stem, word=word, weight=max(idf, 0.1), known=known,
                             key=rare_name or year or lowered in months or (not known and not how),
                             literal=year or code or lowered in names)
    return list(out.values())


def _singular(word: str, keyword) -> str | None:  # noqa: ANN001
    """"buses" where the documents say "bus": the stemmer keeps the plural's "e" ("buse")."""
    if not word.endswith("es") or len(word) < 5:
        return None
    stems = keyword.query_terms(word[:-2])
    return stems[0] if stems and keyword.document_frequency(stems[0]) else None


def is_code(word: str) -> bool:
    return bool(_CODE.fullmatch(word.lower()))


def _known_equivalent(stem: str, keyword) -> bool:  # noqa: ANN001
    from bot.qa.coverage import equivalents_of

    return any(keyword.document_frequency(other) for other in equivalents_of(stem, keyword.stem))


_HOW_DO_I = re.compile(r"how (do|can|should|could|would|may|must) (i|we|you|they)")
_AUXILIARIES = {"is", "are", "was", "were", "be", "been", "being", "am", "have", "has", "had", "get", "gets", "got",
                "do", "does", "did", "can", "could", "will", "would", "should", "may", "might", "must", "to", "i",
                "we", "you", "they", "it", "he", "she", "not"}


def _verb_form(word: str, previous: str, following: str = "") -> bool:
    """"spent" in "be spent", "promised" in "have promised", "serve" after "to" or "does the chair".

    Words in -ing are read as nouns ("how much is parking?"): wrongly taking a missing noun for a
    verb gives a confident wrong answer, the other way round only a cautious one.
    """
    if previous == "who" and not word.endswith("ing"):
        return True  # "who picks the fellows?", "who signs off": the verb says how, the fellows what
    if word.endswith("ing"):
        return following == "to"  # "trying to achieve"
    if previous not in _AUXILIARIES:
        return ((word.endswith("ed") or word in _IRREGULAR_PAST)
                and previous not in {"the", "a", "an", "of", "for", "in", "on", "at", "my", "our"})
    return True


# "our certificate ran out": past forms that do not end in -ed.
_IRREGULAR_PAST = frozenset("""ran went got took came gave made paid left sent lost broke wrote told said began became
forgot fell met bought brought thought kept held sold chose drove flew grew knew saw spoke stood understood won
frozen written given taken broken chosen driven fallen forgotten hidden seen shown spoken stolen thrown worn gone
done""".split())


def capitalised(text: str) -> set[str]:
    """Words written with a capital inside a sentence: names of places, programmes, organisations."""
    found: set[str] = set()
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        words = _WORD.findall(sentence)
        for i, word in enumerate(words):
            if i == 0 or not word[:1].isupper() or word.lower() in _COMMON_CAPITALISED:
                continue
            if word.isupper() and len(word) <= 2:
                continue
            found.add(word.lower().strip("'’."))
    return found

