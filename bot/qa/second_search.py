"""A second search with the answering sentence, for the other document's statement of the same figure.

The question's own words often miss the document that disagrees with the answer: an older table row
reads less like the question than the notice that changed it, and a newer notice is worded too far from
the question to be found by it. Searching with the sentence that answers finds them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.kb.retrieval import Hit
from bot.qa import extractive
from bot.qa.conflicts import COMPARED_KINDS, find_disagreement, name_only_in
from bot.qa.coverage import passage_coverage
from bot.qa.question import QuestionProfile


@dataclass
class SecondSearch:
    search: Callable[..., list[Hit]]  # the knowledge base's search(text, k=...)
    embedder: extractive.SentenceVectors
    k: int  # passages a question's own search reads

    def replaced_statement(self, profile: QuestionProfile, hits: list[Hit], reading: extractive.Reading, focus: str,
                            stem, headings):  # noqa: ANN001, ANN202
        """The older document's statement of a figure the answer says has changed ("now has 24 places").

        The question's own search often misses it: an older table row or a general rule ("Each retreat has
        20 places") reads less like the question than the announcement does. Searching with the announcing
        sentence finds it; the reading is kept only if the same sentence still answers.
        """
        best = reading.best
        source = hits[best.hit_index].source
        found = self._read_with_sentence(profile, hits, reading, focus, stem, headings, keep=lambda h: h.source != source)
        if found is None:
            return None
        wider_hits, wider, disagreement, _ = found
        if wider.best.text != best.text:
            return None
        # Searching with the sentence also finds other programmes' figures ("companies pay DKK 9,000" for the
        # media training beside the leadership programme's fee): the older statement must be about the thing asked.
        needed = 0.75 * _about_it(profile, wider_hits, disagreement.current, stem)
        if any(_about_it(profile, wider_hits, other, stem) < needed for other, _ in disagreement.others):
            return None
        return wider_hits, wider, disagreement

    def newer_statement(self, profile: QuestionProfile, hits: list[Hit], reading: extractive.Reading, focus: str,
                         stem, headings):  # noqa: ANN001, ANN202
        """A newer document's statement of the figure the answer gives from an older one.

        A notice that changes a fee ("further help now costs DKK 950") is often worded too far from the
        question to be found by it; searching with the answering sentence finds it. Only documents dated
        after the answer's own are looked at, and the newer sentence must be about the thing asked.
        """
        best = reading.best
        source_hit = hits[best.hit_index]
        dated = source_hit.metadata.get("updated") or ""
        if not dated or extractive.is_example(source_hit) or not profile.kinds & COMPARED_KINDS:
            return None
        found = self._read_with_sentence(
            profile, hits, reading, focus, stem, headings,
            keep=lambda h: (h.metadata.get("updated") or "") > dated and not extractive.is_example(h))
        if found is None:
            return None
        wider_hits, wider, disagreement, newer = found
        if wider_hits[disagreement.current.hit_index].source not in newer:
            return None
        if best.text not in {c.text for c, _ in disagreement.others} | {wider.best.text}:
            return None  # the newer sentence must disagree with the answer found, not with some other sentence
        # A role is named the same way in both ("the new help desk coordinator"); the notice need not
        # repeat the rest of the question ("our invoice").
        share = 0.5 if "person" in profile.kinds else 0.75
        if _about_it(profile, wider_hits, disagreement.current, stem) < share * _about_it(profile, wider_hits, best, stem):
            return None
        if name_only_in(profile, best.text, _whole_text(wider_hits, disagreement.current)):
            return None  # the Pemberton rack price asked, and the notice changes the Granhavn one
        return wider_hits, wider, disagreement

    def _read_with_sentence(self, profile: QuestionProfile, hits: list[Hit], reading: extractive.Reading, focus: str,
                            stem, headings, *, keep: Callable[[Hit], bool], most: int = 2):  # noqa: ANN001, ANN202
        """Search with the answering sentence, read again with up to `most` new passages `keep` admits, and
        look for a disagreement: (passages, reading, disagreement, the new passages' documents) or None."""
        best = reading.best
        seen = {(h.source, h.text) for h in hits}
        extra = [h for h in self.search(best.text, k=2 * self.k)
                 if keep(h) and (h.source, h.text) not in seen][:most]
        if not extra:
            return None
        room = max(best.hit_index + 1, extractive.PASSAGES_READ - len(extra))
        wider_hits = [*hits[:room], *extra, *hits[room:]]
        wider = extractive.read(profile, wider_hits, embedder=self.embedder, stem=stem, focus=focus, headings=headings)
        if wider.best is None:
            return None
        disagreement = find_disagreement(wider, wider_hits, profile, stem=stem)
        if disagreement is None:
            return None
        return wider_hits, wider, disagreement, {h.source for h in extra}


def _whole_text(hits: list[Hit], cand: extractive.Candidate) -> str:
    hit = hits[cand.hit_index]
    return f"{hit.title} {hit.section} {cand.text}"


def _about_it(profile: QuestionProfile, hits: list[Hit], cand: extractive.Candidate, stem) -> float:  # noqa: ANN001
    """How much of the question a sentence covers, with its document's title and heading."""
    return passage_coverage(profile, _whole_text(hits, cand), stem=stem).ratio
