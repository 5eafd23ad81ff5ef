"""Chat English and Danish or Swedish words read as the documents write them, so extractive search finds them.

The offline embedding model and the stemmer are English; adding the English terms to a Nordic
question lets BM25 and the embeddings find the right passages. With an LLM configured the
answer is written in the language of the question.
"""

from __future__ import annotations

import re

from bot.nordic import english_terms

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
    found = english_terms(text)
    return f"{text} ({' '.join(sorted(found))})" if found else text

