"""BM25 keyword index (bm25s) over chunk texts, with English stemming and stop words."""

from __future__ import annotations

import logging

import numpy as np

log = logging.getLogger(__name__)


class KeywordIndex:
    def __init__(self, *, k1: float = 1.2, b: float = 0.75) -> None:
        import bm25s
        import Stemmer

        # bm25s turns its own logger to DEBUG when imported; its index-building chatter is noise here.
        logging.getLogger("bm25s").setLevel(logging.WARNING)

        self._bm25s = bm25s
        self._stemmer = Stemmer.Stemmer("english")
        self.k1, self.b = k1, b
        self._retriever = None
        self.size = 0

    def __getstate__(self) -> dict:
        # The module and the C stemmer are not data: a saved index keeps only what it was built from.
        return {k: v for k, v in self.__dict__.items() if k not in ("_bm25s", "_stemmer", "_vocabulary")}

    def __setstate__(self, state: dict) -> None:
        self.__init__(k1=state["k1"], b=state["b"])
        self.__dict__.update(state)

    def _tokenize(self, texts: list[str]):  # noqa: ANN202
        return self._bm25s.tokenize(texts, stopwords="en", stemmer=self._stemmer, show_progress=False)

    def build(self, texts: list[str]) -> None:
        self.__dict__.pop("_vocabulary", None)
        self.size = len(texts)
        if not texts:
            self._retriever = None
            return
        retriever = self._bm25s.BM25(k1=self.k1, b=self.b)
        retriever.index(self._tokenize(texts), show_progress=False)
        self._retriever = retriever

    def document_frequency(self, term: str) -> int:
        """In how many indexed texts a (stemmed) term occurs."""
        if self._retriever is None:
            return 0
        pos = self._retriever.vocab_dict.get(term)
        if pos is None:
            return 0
        indptr = self._retriever.scores["indptr"]
        return int(indptr[pos + 1] - indptr[pos])

    def idf(self, term: str) -> float:
        """BM25's inverse document frequency of a term; a term no text has gets the highest value."""
        n = max(self.size, 1)
        df = self.document_frequency(term)
        return float(np.log(1 + (n - df + 0.5) / (df + 0.5)))

    def known_spelling(self, term: str) -> str | None:
        """The indexed stem a term the texts never use is most likely a misspelling of ("accomodation"),
        or None when no stem is close enough to be sure: one slip in five letters or more, two in eight."""
        from rapidfuzz import process
        from rapidfuzz.distance import Levenshtein

        if self._retriever is None or len(term) < 5 or not term.isalpha():
            return None
        by_initial = self.__dict__.get("_vocabulary")
        if by_initial is None:
            # Sorted, and only words of the same first letter: among equally close stems the choice must not
            # depend on the order of a hash table ("weight": "weigh", not "height" in one run and none in another).
            by_initial = self._vocabulary = {}
            for t in sorted(t for t in self._retriever.vocab_dict if t.isalpha()):
                by_initial.setdefault(t[:1], []).append(t)
        found = process.extractOne(term, by_initial.get(term[:1], []), scorer=Levenshtein.distance,
                                   score_cutoff=1 if len(term) < 8 else 2)
        return found[0] if found is not None else None

    def known_part(self, word: str) -> str | None:
        """The indexed stem of the longest known word a compound the texts never use ends with
        ("radioisotopes": "isotopes"), or None."""
        if self._retriever is None or len(word) < 8 or not word.isalpha():
            return None
        for start in range(3, len(word) - 4):
            if start < 4 and len(word) - start < 6:
                continue  # "micro-grant" and "radio-isotopes" are compounds; "tem-plate" is no kind of plate
            stem = self.stem(word[start:])
            if stem in self._retriever.vocab_dict:
                return stem
        return None

    def stem(self, word: str) -> str:
        return self._stemmer.stemWord(word)

    def query_terms(self, query: str) -> list[str]:
        tokens = self._bm25s.tokenize(query, stopwords="en", stemmer=self._stemmer, return_ids=False, show_progress=False)
        return tokens[0] if tokens else []

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every indexed text for the query (zeros when nothing matches)."""
        if self._retriever is None:
            return np.zeros(self.size, dtype=np.float32)
        terms = [t for t in self.query_terms(query) if t in self._retriever.vocab_dict]
        if not terms:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._retriever.get_scores(terms), dtype=np.float32)
