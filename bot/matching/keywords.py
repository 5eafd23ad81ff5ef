"""Keyword overlap between a need and contact profiles: stemmed terms weighted by rarity (IDF).

The score of a contact is the share of the need's term weight found in its profile, so it is
bounded (0..1) and explainable: the shared words can be named in the reasons.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

_TOKEN = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*")
STOPWORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being below between both
but by can could did do does doing down during each few for from further had has have having he her here hers him his
how i if in into is it its itself just me more most my no nor not now of off on once only or other our ours out over
own same she should so some such than that the their them then there these they this those through to too under until
up very was we were what when where which while who whom why will with would you your
looking look seeking seek need needs want wants wanting help someone somebody anyone ideally partner partners could
able run running working work works studying interested find like us new good kind sort type possible
collaborator collaborators collaboration contact contacts people person organisation organisations organization
organizations other others proper
""".split())


@lru_cache(maxsize=1)
def _stemmer():  # noqa: ANN202
    import Stemmer

    return Stemmer.Stemmer("english")


def terms(text: str) -> list[str]:
    """Stemmed content words; a hyphenated word also counts as its parts ("CAR-T" -> car-t, car)."""
    words: list[str] = []
    for token in _TOKEN.findall(text.lower().replace("’", "'")):
        token = token.removesuffix("'s")
        parts = [token] + ([p for p in re.split(r"[-']", token) if len(p) > 2] if "-" in token else [])
        words += [p for p in parts if p not in STOPWORDS and (len(p) > 1 or p.isdigit())]
    return _stemmer().stemWords(words) if words else []


class KeywordIndex:
    """An inverted index from stemmed term to the rows whose profile phrases contain it."""

    def __init__(self, documents: Sequence[Sequence[str]]) -> None:
        self.size = len(documents)
        postings: dict[str, list[int]] = defaultdict(list)
        seen: dict[str, list[str]] = {}  # profiles share phrases ("clinical trials"): stem each once
        for row, phrases in enumerate(documents):
            found: set[str] = set()
            for phrase in phrases:
                if phrase not in seen:
                    seen[phrase] = terms(phrase)
                found.update(seen[phrase])
            for term in found:
                postings[term].append(row)
        self._postings = {t: np.asarray(rows, dtype=np.int32) for t, rows in postings.items()}

    def idf(self, term: str) -> float:
        df = len(self._postings.get(term, ()))
        return math.log(1 + (self.size - df + 0.5) / (df + 0.5))

    def scores(self, query_terms: Sequence[str]) -> np.ndarray:
        """For every row, the IDF-weighted share of the query terms it contains (0..1)."""
        out = np.zeros(self.size, dtype=np.float32)
        unique = list(dict.fromkeys(query_terms))
        total = sum(self.idf(t) for t in unique)
        if not unique or total <= 0:
            return out
        for term in unique:
            rows = self._postings.get(term)
            if rows is not None:
                out[rows] += self.idf(term) / total
        return out
