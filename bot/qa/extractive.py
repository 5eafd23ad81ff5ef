"""The offline answerer: quote the sentence of the best passages that answers the question.

Sentences are scored by meaning (embedding similarity to the question), by the question's
words they contain, by whether they hold the kind of answer asked for (a deadline for "last
day to apply", a rule for a yes/no question, an amount for "how much") and by how highly
their passage was retrieved. A document marked as an example never answers when a real one
can. Whether to answer at all is decided on several signals: the retrieval score, how much of
the question's distinctive content the chosen passage covers, and the kind of answer it holds.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np

from bot.kb.retrieval import Hit
from bot.matching.languages import CODES as LANGUAGE_CODES
from bot.qa.answer_types import SEASONS, only_lead_times, sentence_fits
from bot.qa.coverage import (MONTHS, Coverage, acronym_in, equivalents_of, passage_coverage, period_in, region_in,
                             town_of_region_in)
from bot.qa.figures import currency_not_given
from bot.qa.places import place_words
from bot.qa.question import QuestionProfile, Term
from bot.qa.routes import asked_route, reversed_route

# Sentences end at punctuation, and at line breaks: loaders give one paragraph, list item or table row
# per line (the Markdown splitter drops the blank lines between them).
# Not after a title or abbreviation ("The chair is Dr. Rosalind Okafor-Berg.").
_ABBREVIATED = "".join(rf"(?<!\b{a}\.)" for a in ("Dr", "Mr", "Mrs", "Ms", "Prof", "St", "No", "vs", "approx", "cf",
                                                  "Jr", "Sr", "Ph.D", "e.g", "i.e", "incl", "excl", "resp", "ca"))
_SENTENCE_END = re.compile(rf"(?<=[.!?]){_ABBREVIATED}\s+(?=[A-Z0-9\"'(«“])|\n+")
# Kinds whose answer is a figure two documents can disagree on.
FIGURE_KINDS = {"amount", "date", "deadline", "duration", "count", "meeting"}
# A word of the question is carried by an answer that has a word this close to it ("firms": "companies",
# 0.87), or that is clearly closer to the question with it than without it (tune half: covered words
# +0.02 to +0.06, missing ones -0.02 to -0.09). Measured with the shipped MiniLM model.
PASSAGES_READ = 8  # the best passages whose sentences are read for an answer
WORD_SIMILARITY = 0.6
ABLATION_GAIN = 0.015
ABLATION_WORD_FLOOR = 0.3
# "It replaces the deadline of 15 March" states the old value: the sentence with the new one answers.
# "See the document on X for details" points elsewhere; it is never the answer itself.
_REPLACED = re.compile(r"\b(replaces?|replaced|previously|formerly|no longer|instead of|superseded?|was originally|used to be)\b"
                       r"|^see\b|\bfor (more )?details\b|\bfor more information\b|\bread more\b", re.I)
REPLACED_PENALTY = 0.1
# How much holding the kind of answer asked for (a date for "when") counts beside meaning and words.
FIT_WEIGHT = 0.25
# An example document answers only when no real document's sentence comes within this share of its score.
EXAMPLE_YIELD = 0.7
# A sentence within this share of the best one's score answers instead when only it has all the question's key words.
COVERING_SHARE = 0.9
CONTRAST_PENALTY = 0.1  # a sentence naming another language or month than the one asked
TOPIC_SHARE, TOPIC_DISCOUNT = 0.5, 0.7  # a word in half the passages read or more counts 0.7
NAMED_COVERING_SHARE = 0.7  # ... when the best sentence lacks a name (a month, a town) the question asks about
# ... and, when it is chosen for holding the kind of answer asked, about as close in meaning (tune halves:
# right swaps -0.06, wrong ones -0.12 and below).
FIT_SWAP_SIMILARITY = 0.1
PERSON_SWAP_SHARE = 0.8  # a sentence naming a person answers "who" instead of a closer one naming nobody
EXAMPLE_PASSAGE_MARGIN = 0.15


class SentenceVectors:
    """Embeddings of passage sentences, kept between questions: the same passages answer many of them.

    Bounded (oldest first out) so memory stays flat; 20,000 vectors are about 30 MB.
    """

    def __init__(self, embedder, max_items: int = 20_000) -> None:  # noqa: ANN001
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
    fit: float = 0.0
    similarity: float = 0.0
    vector: np.ndarray | None = None


@dataclass
class Reading:
    """What the documents say about a question: the sentences to quote and how far to trust them."""

    picked: list[Candidate] = field(default_factory=list)
    coverage: Coverage | None = None
    fit: float = 0.0  # how well the first sentence holds the kind of answer asked for (1 when none is asked)
    candidates: list[Candidate] = field(default_factory=list)  # all of them, best first

    @property
    def best(self) -> Candidate | None:
        return self.picked[0] if self.picked else None


def split_sentences(text: str) -> list[str]:
    parts = [p.strip(" \n-*•") for p in _SENTENCE_END.split(text)]
    out: list[str] = []
    for part in parts:
        part = re.sub(r"\s+", " ", part).strip()
        # Headings, table fragments and one-word lines are not answers.
        if len(part) >= 20 and len(part.split()) >= 3 and not part.startswith("#"):
            out.append(part.lstrip("> ").replace("**", ""))
    return out


def is_example(hit: Hit) -> bool:
    return bool(hit.metadata.get("example"))


def read(
    profile: QuestionProfile, hits: list[Hit], *, embedder, stem, focus: str, max_sentences: int = 3,  # noqa: ANN001
    max_words: int = 90, passages: int = PASSAGES_READ, headings=None,  # noqa: ANN001
) -> Reading:
    """Score every sentence of the best passages and pick the answer, best first.

    `focus` is the latest question alone (a follow-up's own words weigh more than the thread's).
    """
    candidates: list[Candidate] = []
    for hi, hit in enumerate(hits[:passages]):
        for pos, sentence in enumerate(split_sentences(hit.text)):
            candidates.append(Candidate(sentence, hi, pos))
    if not candidates:
        return Reading()
    # A sentence is read with its heading: "Timeline: The project started on 1 September 2025."
    texts = [f"{hits[c.hit_index].section or hits[c.hit_index].title}: {c.text}" for c in candidates]
    vectors = embedder.encode([focus] + texts)
    similarity = vectors[1:] @ vectors[0]
    kinds = profile.kinds - {"yes_no"} if profile.kinds - {"yes_no"} else profile.kinds
    focus_terms = {t.stem: t.weight for t in profile.terms}
    # Words every passage read shares ("grand rounds") say what the documents are about, not which sentence
    # answers: the words only some passages have ("pay", "register", "recording") decide among them.
    read_hits = hits[:passages]
    if len(read_hits) >= 3:
        in_passages = [{stem(w) for w in re.findall(r"\w\w+", f"{h.title} {h.section} {h.text}".lower())}
                       for h in read_hits]
        for t in focus_terms:
            if sum(t in p for p in in_passages) >= TOPIC_SHARE * len(read_hits):
                focus_terms[t] *= TOPIC_DISCOUNT
    context_terms = {t.stem: t.weight for t in profile.context}
    weight_total = sum(focus_terms.values()) + 0.3 * sum(context_terms.values()) or 1.0
    like = {t: equivalents_of(t, stem) for t in focus_terms}  # "fee" in a sentence that says "price"
    asked_members = members(focus)
    route = asked_route(profile.text)
    for cand, vec, sim in zip(candidates, vectors[1:], similarity.tolist()):
        hit = hits[cand.hit_index]
        stems = {stem(w) for w in re.findall(r"\w\w+", cand.text.lower())}
        heading = {stem(w) for w in re.findall(r"\w\w+", f"{hit.section} {hit.title}".lower())}
        matched = sum(w * (1.0 if t in stems else 0.7 if like[t] & stems else 0.5 if t in heading else 0.0)
                      for t, w in focus_terms.items())
        matched += sum(0.3 * w for t, w in context_terms.items() if t in stems or t in heading)
        overlap = matched / weight_total
        cand.fit = max((sentence_fits(cand.text, k) for k in kinds), default=0.0)
        if "duration" in kinds and cand.fit >= 1.0 and only_lead_times(cand.text, focus):
            cand.fit = 0.3  # "how long can a visit be?" is not answered by "apply eight weeks before the visit"
        cand.similarity = sim
        cand.vector = vec
        cand.score = 0.45 * sim + 0.30 * overlap + 0.20 * hit.dense + FIT_WEIGHT * cand.fit - 0.004 * cand.position
        if _REPLACED.search(cand.text):
            cand.score -= REPLACED_PENALTY
        if names_another(cand.text, asked_members):
            cand.score -= CONTRAST_PENALTY
        if route and reversed_route(cand.text, route):
            cand.score -= CONTRAST_PENALTY
    ranked = sorted(candidates, key=lambda c: -c.score)
    best = _covering(_best(ranked, hits, bool(kinds & FIGURE_KINDS)), ranked, hits, candidates, profile, stem)
    chosen = [best]
    words = len(best.text.split())
    for cand in ranked:
        if cand is best:
            continue
        if len(chosen) >= max_sentences or cand.score < best.score * 0.85:
            break
        if is_example(hits[cand.hit_index]) and not is_example(hits[best.hit_index]):
            continue  # an example adds nothing to a real document's answer
        if max(float(cand.vector @ c.vector) for c in chosen) > 0.85:  # says the same thing again
            continue
        if words + len(cand.text.split()) > max_words:
            continue
        chosen.append(cand)
        words += len(cand.text.split())
    # Keep the best sentence first; the rest in the order they stand in their passage.
    rest = sorted(chosen[1:], key=lambda c: (c.hit_index, c.position))
    hit = hits[best.hit_index]
    passage = _passage(best, hits, candidates)

    def in_meaning(term) -> bool:  # noqa: ANN001
        # An abbreviation is often spelt out once and then used in the document's headings ("the AMR project").
        whole = f"{hit.title} {hit.section} {hit.text} {headings(hit.source) if headings else ''}"
        about = f"{hit.title} {headings(hit.source) if headings else hit.section}"
        return carries_meaning(term, focus, vectors[0], best, passage, embedder, whole=whole, about=about)

    coverage = passage_coverage(profile, passage, stem=stem, in_meaning=in_meaning)
    currency = currency_not_given(profile.text, profile.kinds, [c.text for c in (best, *rest)])
    if currency is not None:
        coverage.missing.append(Term(stem=currency.lower(), word=currency, weight=1.0, key=True, known=True, literal=True))
    return Reading(picked=[best, *rest], coverage=coverage, fit=best.fit if kinds else 1.0, candidates=ranked)


def _passage(cand: Candidate, hits: list[Hit], candidates: list[Candidate]) -> str:
    """The sentence as a reader sees it: with its document's title, its heading and the sentence before it."""
    hit = hits[cand.hit_index]
    lead_in = [c.text for c in candidates if c.hit_index == cand.hit_index and c.position == cand.position - 1]
    return " ".join([hit.title, hit.section, *lead_in, cand.text])


def _covering(best: Candidate, ranked: list[Candidate], hits: list[Hit], candidates: list[Candidate],
              profile: QuestionProfile, stem) -> Candidate:  # noqa: ANN001
    """A sentence nearly as good that has every key word the best one lacks, or that holds the kind of answer
    asked for when the best one does not, answers instead.

    "How much did the fund pay out in 2025?": the fund's cap per article scores a little higher than
    the annual report's "In 2025 the fund paid for 37 articles at a total cost of EUR 84,600".
    """
    def covers(cand: Candidate) -> bool:
        if not profile.key_terms:
            return True
        passage = _passage(cand, hits, candidates)
        # A rule for a place covered by the wider region it names ("companies based in Region Skåne" for a company
        # in Malmö): cheap to tell, no vectors. Not for a lookup ("which department in Malmö?"), which a region
        # does not answer.
        rule = "yes_no" in profile.kinds
        return not passage_coverage(profile, passage, stem=stem, in_meaning=lambda t: rule and t.literal and _place_or_time_in(
            t.word, passage, cand.text, profile.text)).missing

    if "person" in profile.kinds and best.fit < 1.0:
        # "who runs the clinic?": the sentence naming someone as a person ("The clinic is led by Dr. Elin Marklund")
        # answers, not the clinic's introduction that reads more like the question; in the same document.
        for cand in ranked:
            if cand.score < PERSON_SWAP_SHARE * best.score:
                break
            if (cand.fit >= 1.0 and hits[cand.hit_index].source == hits[best.hit_index].source
                    and covers(cand)):
                return cand
    weak_fit = best.fit < 0.5 and bool(profile.kinds - {"yes_no"})
    if covers(best) and not weak_fit:
        return best
    # A sentence without the name asked about ("the March grand round") is no answer however close its
    # words; a table row that has the name reads far less like a question, so it may score lower.
    # Only within the best sentence's document: elsewhere the name is more often in a sentence about something
    # else ("the ceremony ... in Malmö" for "which department hosts observers in Malmö?").
    lacks_name = any(t.literal and not t.word.isdigit()
                     for t in passage_coverage(profile, _passage(best, hits, candidates), stem=stem).missing)
    for cand in ranked:
        same_document = hits[cand.hit_index].source == hits[best.hit_index].source
        share = NAMED_COVERING_SHARE if lacks_name and same_document else COVERING_SHARE
        if cand.score < NAMED_COVERING_SHARE * best.score:
            break
        if cand.score < share * best.score:
            continue
        if cand is best or (is_example(hits[cand.hit_index]) and not is_example(hits[best.hit_index])):
            continue
        if weak_fit and cand.similarity < best.similarity - FIT_SWAP_SIMILARITY:
            continue  # a figure from a sentence about something else ("spent ten years in business") is no answer
        if (cand.fit > best.fit if weak_fit else cand.fit >= best.fit) and covers(cand):
            return cand
    return best


def carries_meaning(term, focus: str, focus_vector, best: Candidate, passage: str, embedder, whole: str = "",  # noqa: ANN001
                    about: str = "") -> bool:
    """Whether the answer expresses a question word it does not contain, in other words.

    `whole` is the passage's text with its document's headings, `about` only the title and headings.
    """
    if term.word.isupper() and re.search(rf"\b{re.escape(term.word)}\b", whole):  # "AMR", used in the document's headings
        return True
    if not term.known and acronym_in(term.word, whole):  # "bsc": the document's "biological safety cabinets"
        return True
    if term.word.isdigit() and re.search(rf"\b{term.word}\b", whole):
        return True  # "the April 2026 meeting": the minutes of that meeting name the year once, in their heading
    if term.literal and not term.word.isdigit() and not place_words(term.word) and \
            re.search(rf"\b{re.escape(term.word)}\b", about, re.I):
        return True  # "my Sundhav project": a page whose headings name the service is about it; a place is
        # not covered so (a table of cities under a heading that names one of them)
    if term.literal:  # "Stockholm" is not covered by "Copenhagen", nor 2027 by 2026
        return acronym_in(term.word, passage) or _place_or_time_in(term.word, passage, best.text, focus)
    words = list(dict.fromkeys(w.lower() for w in re.findall(r"[A-Za-zÀ-ÿ][\w'’-]+", passage) if len(w) > 2))
    if not words:
        return False
    vectors = embedder.encode([term.word.lower(), *words])
    closest = float(np.max(vectors[1:] @ vectors[0]))
    if closest >= WORD_SIMILARITY:
        return True
    without = re.sub(rf"\b{re.escape(term.word)}\b", "", focus, flags=re.I)
    gain = float(focus_vector @ best.vector) - float(embedder.encode([without])[0] @ best.vector)
    return gain >= ABLATION_GAIN and closest >= ABLATION_WORD_FLOOR


# Words of one kind, of which a row or a sentence names one: "interpreting in Somali" is not answered by the
# price for Arabic, "the March session" not by the June one.
_KINDS_OF_NAME = {"language": frozenset(LANGUAGE_CODES), "month": frozenset(MONTHS) - {"may"},
                  "season": SEASONS - {"fall"}}


# Who pays or takes part, as price lists split them: "if I work at a regional hospital" is not answered by
# "companies now pay DKK 21,000".
_SECTORS = {**dict.fromkeys(("company", "companies", "industry", "industrial", "commercial", "startup", "startups",
                             "start-ups", "corporate", "firms"), "company"),
            **dict.fromkeys(("hospital", "hospitals", "university", "universities", "public", "academic", "academia",
                             "nonprofit", "non-profit"), "public")}


def members(text: str) -> dict[str, set[str]]:
    words = set(re.findall(r"[a-zæøåäöé-]+", text.lower()))
    found = {kind: words & names for kind, names in _KINDS_OF_NAME.items() if words & names}
    sectors = {_SECTORS[w] for w in words if w in _SECTORS}
    if sectors:
        found["sector"] = sectors
    codes = set(_STANDARD_CODE.findall(text))
    if codes:
        found["code"] = codes
    for noun, number in _NUMBERED_PART.findall(text) + [(n, o) for o, n in _ORDINAL_PART.findall(text)]:
        found.setdefault("part:" + noun.lower(), set()).add(_PART_NUMBERS.get(number.lower(), number))
    return found


# Numbered parts of a programme: "the first module" is not "Module 3", "session 2" not "session 4".
_PARTS = r"(module|session|round|week|phase|stage|tier|level|workshop|seminar|block)"
_PART_NUMBERS = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "first": "1", "second": "2",
                 "third": "3", "fourth": "4", "fifth": "5", "sixth": "6", "1st": "1", "2nd": "2", "3rd": "3", "4th": "4",
                 "5th": "5", "6th": "6"}
_NUMBERED_PART = re.compile(rf"\b{_PARTS}s?\s+(\d{{1,2}}|one|two|three|four|five|six)\b(?!\s*(?:%|percent|hours?|days?|weeks?))",
                            re.I)
_ORDINAL_PART = re.compile(rf"\b(first|second|third|fourth|fifth|sixth|1st|2nd|3rd|4th|5th|6th)\s+{_PARTS}\b", re.I)


# A standard's or a form's number ("IEC 60601-1", "ISO 10993-5", "DS-2019"): 60601-1-2 is another test than 60601-1.
_STANDARD_CODE = re.compile(r"(?<![\w-])(?!(?:19|20)\d\d-\d\d-\d\d\b)\d{3,}(?:-\d+)+(?![\w-])")  # not a date


def names_another(sentence: str, asked: dict[str, set[str]]) -> bool:
    """Whether the sentence names another member of a kind the question names one of, and not the one asked."""
    if not asked:
        return False
    theirs = members(sentence)
    for kind, wanted in asked.items():
        named = theirs.get(kind, set())
        if named and not named & wanted:
            if kind in {"month", "season"} and any(period_in(m, sentence) for m in wanted):
                continue  # "From February 2027" holds March
            return True
    return False


def _place_or_time_in(word: str, passage: str, sentence: str, asked: str) -> bool:
    """Malmö in a rule for Region Skåne, Sweden in a sentence naming Lund, March in "from February 2027"."""
    return (region_in(word, passage, sentence=sentence, asked=asked) or town_of_region_in(word, sentence)
            or period_in(word, sentence))


def _best(ranked: list[Candidate], hits: list[Hit], figure_question: bool) -> Candidate:
    """The best sentence, where any real document outranks an example on the same question.

    A real document's sentence wins over an example's when it is a plausible answer too: close in
    score (within EXAMPLE_YIELD), or, for a figure question, holding the figure in a passage about as
    relevant as the example's.
    """
    top = ranked[0]
    if not is_example(hits[top.hit_index]):
        return top
    # Close enough in meaning to be an answer to the same question; a figure question also needs the figure,
    # and a sentence that has it, from a passage about as relevant, answers however much closer the example's
    # wording is ("sent within 15 working days" against the example's "a decision ... within four weeks").
    tolerance = 1.0 if figure_question else 0.15
    for cand in ranked[1:]:
        from_as_close_a_passage = hits[cand.hit_index].dense >= hits[top.hit_index].dense - EXAMPLE_PASSAGE_MARGIN
        if cand.score < EXAMPLE_YIELD * top.score and not (figure_question and from_as_close_a_passage):
            continue
        if is_example(hits[cand.hit_index]) or cand.similarity < top.similarity - tolerance:
            continue
        if not figure_question and hits[cand.hit_index].dense < hits[top.hit_index].dense - EXAMPLE_PASSAGE_MARGIN:
            continue  # from a passage about something else (a figure question has the figure to go by)
        if not figure_question or cand.fit >= min(top.fit, 0.5):
            return cand
    return top


def relevance(hits: list[Hit]) -> float:
    """How well the best passages match the question, on the scale the abstention threshold uses."""
    if not hits:
        return 0.0
    return float(np.max([h.dense for h in hits[:3]]))
