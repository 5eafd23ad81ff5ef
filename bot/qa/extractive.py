"""The offline answerer: quote the sentences of the best passages that answer the question.

Sentences are scored by meaning (embedding similarity to the question), by the question's
words they contain, by what the question asks for (a date for "when", a duration for "how
long", an amount for "how much") and by how highly their passage was retrieved. The best
sentence comes first; one or two more follow only when they add something.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from bot.kb.retrieval import Hit

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(«“])|\n{2,}|\n(?=[-*•]\s)|\n(?=\d+\.\s)")
_MONTHS = r"(january|february|march|april|may|june|july|august|september|october|november|december)"
_ASKS = [
    (re.compile(r"\b(when|deadline|date|frist|sista dag)\b", re.I), re.compile(rf"\b({_MONTHS}|\d{{1,2}}\s+{_MONTHS}|\d{{4}}|deadline)\b", re.I)),
    (re.compile(r"\bhow long\b|\bduration\b|\bhvor længe\b|\bhur länge\b", re.I), re.compile(r"\b\d+\s*(to|-|–|and)?\s*\d*\s*(months?|weeks?|years?|days?)\b", re.I)),
    (re.compile(r"\bhow (much|many)\b|\bamount\b|\bstipend\b|\bgrant size\b|\bhvor meget\b|\bhur mycket\b", re.I), re.compile(r"\b(DKK|SEK|USD|EUR|\$|kr\.?)\s?[\d,.]+|\b[\d,.]+\s?(DKK|SEK|USD|EUR|kroner|dollars)\b|\b\d[\d,.]*\b", re.I)),
    (re.compile(r"\bwho\b|\bhvem\b|\bvem\b", re.I), re.compile(r"\b[A-Z][a-zæøåäö]+\s+(Region|Alliance|Forum|Massachusetts|Skåne|Zealand)\b|\bRegion\b|\bsecretariat\b", re.I)),
]


class SentenceVectors:
    """Embeddings of passage sentences, kept between questions: the same passages answer many of them.

    Bounded (oldest first out) so memory stays flat; 20,000 vectors are about 30 MB.
    """

    def __init__(self, embedder, max_items: int = 20_000) -> None:  # noqa: ANN001
        from collections import OrderedDict

        self.embedder = embedder
        self.max_items = max_items
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()

    def encode(self, texts: list[str]) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if missing:
            for text, vec in zip(missing, self.embedder.encode(missing)):
                self._cache[text] = vec
            while len(self._cache) > self.max_items:
                self._cache.popitem(last=False)
        return np.stack([self._cache[t] for t in texts]) if texts else np.zeros((0, 384), dtype=np.float32)


@dataclass
class Candidate:
    text: str
    hit_index: int
    position: int
    score: float = 0.0


def split_sentences(text: str) -> list[str]:
    parts = [p.strip(" \n-*•") for p in _SENTENCE_END.split(text)]
    out: list[str] = []
    for part in parts:
        part = re.sub(r"\s+", " ", part).strip()
        # Headings, table fragments and one-word lines are not answers.
        if len(part) >= 25 and len(part.split()) >= 4 and not part.startswith("#"):
            out.append(part.lstrip("> ").replace("**", ""))
    return out


def compose(question: str, hits: list[Hit], *, embedder, terms: list[str], stem, focus_terms: list[str] | None = None, max_sentences: int = 3, max_words: int = 90) -> list[tuple[str, int]]:  # noqa: ANN001
    """The answer as [(sentence, index of the hit it comes from)], best first.

    `terms` are the stemmed words of the whole (possibly follow-up) query; `focus_terms` those of
    the latest question alone, which weigh more: "and the deadline?" is about the deadline.
    """
    candidates: list[Candidate] = []
    for hi, hit in enumerate(hits[:4]):
        for pos, sentence in enumerate(split_sentences(hit.text)):
            candidates.append(Candidate(sentence, hi, pos))
    if not candidates:
        return []
    # A sentence is read with its heading: "Timeline: The project started on 1 September 2025."
    texts = [f"{hits[c.hit_index].section or hits[c.hit_index].title}: {c.text}" for c in candidates]
    vectors = embedder.encode([question] + texts)
    similarity = vectors[1:] @ vectors[0]
    wanted = [pattern for asks, pattern in _ASKS if asks.search(question)]
    focus = set(focus_terms or terms)
    context = set(terms) - focus
    weight_total = len(focus) + 0.3 * len(context) or 1.0
    for cand, sim in zip(candidates, similarity.tolist()):
        hit = hits[cand.hit_index]
        stems = {stem(w) for w in re.findall(r"\w\w+", cand.text.lower())}
        heading = {stem(w) for w in re.findall(r"\w\w+", f"{hit.section} {hit.title}".lower())}
        matched = sum(1.0 if t in stems else 0.5 if t in heading else 0.0 for t in focus)
        matched += sum(0.3 if t in stems or t in heading else 0.0 for t in context)
        overlap = matched / weight_total
        kind_bonus = 0.12 if wanted and any(p.search(cand.text) for p in wanted) else 0.0
        cand.score = 0.45 * sim + 0.30 * overlap + 0.20 * hit.dense + kind_bonus - 0.004 * cand.position
    ranked = sorted(candidates, key=lambda c: -c.score)
    best = ranked[0]
    chosen = [best]
    words = len(best.text.split())
    chosen_vecs = [vectors[1 + candidates.index(best)]]
    for cand in ranked[1:]:
        if len(chosen) >= max_sentences or cand.score < best.score * 0.85:
            break
        vec = vectors[1 + candidates.index(cand)]
        if max(float(vec @ v) for v in chosen_vecs) > 0.85:  # says the same thing again
            continue
        if words + len(cand.text.split()) > max_words:
            continue
        chosen.append(cand)
        chosen_vecs.append(vec)
        words += len(cand.text.split())
    # Keep the best sentence first; the rest in the order they stand in their passage.
    rest = sorted(chosen[1:], key=lambda c: (c.hit_index, c.position))
    return [(c.text, c.hit_index) for c in [best, *rest]]


def relevance(hits: list[Hit]) -> float:
    """How well the best passages match the question, on the scale the abstention threshold uses."""
    if not hits:
        return 0.0
    return float(np.max([h.dense for h in hits[:3]]))
