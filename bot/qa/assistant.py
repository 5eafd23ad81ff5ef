"""answer(question, history) -> Answer: the one function every surface calls to answer a question."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.config import Settings
from bot.db.session import transaction
from bot.errors import InvalidInput
from bot.kb.base import KnowledgeBase
from bot.kb.retrieval import Hit
from bot.qa import extractive, llm, wording
from bot.qa.conflicts import Disagreement, announces_change, changed_figure_of, find_disagreement
from bot.qa.decision import DecisionRules, Verdict, decide
from bot.qa.glossary import expand_nordic, plain_chat
from bot.qa.places import place_words
from bot.qa.question import QuestionProfile, analyse, capitalised
from bot.qa.records import record_answer
from bot.qa.second_search import SecondSearch
from bot.qa.types import Answer, Source, Superseded, Turn
from bot.text_input import clean, has_words, plain

log = logging.getLogger(__name__)

PER_DOCUMENT = 3  # passages of one document among those read for a question
_MD_LINK = re.compile(r"\[([^\]\n]+)\]\((https?://[^\s)]+)\)")
_FOLLOW_UP = re.compile(
    r"^(and|but|also|what about|how about|og|och|men|hvad med|vad gäller)\b|\b(it|its|they|them|their|that|this|those|these|there|he|she|det|den|de)\b",
    re.I,
)


def validate_question(question: str, *, max_chars: int) -> str:
    text = clean(question)
    if not has_words(text):
        raise InvalidInput("Please type a question, e.g. “How do researcher exchanges work?”")
    if len(text) > max_chars:
        raise InvalidInput(
            f"Your question is {len(text):,} characters long; please keep it under {max_chars:,} "
            "characters (ask about one thing at a time)."
        )
    return text


def retrieval_query(question: str, history: Sequence[Turn]) -> str:
    """A follow-up ("and the deadline?") is searched together with the question it follows."""
    previous = [t.text for t in history if t.role == "user"]
    if not previous:
        return question
    return f"{previous[-1]} {question}"


def looks_like_follow_up(question: str) -> bool:
    return bool(_FOLLOW_UP.search(question)) or len(question.split()) <= 6


class Assistant:
    def __init__(self, *, settings: Settings, knowledge: KnowledgeBase, sessions: sessionmaker[Session], chat_model=None) -> None:  # noqa: ANN001
        self.settings = settings
        self.knowledge = knowledge
        self.sessions = sessions
        self.chat_model = chat_model
        self._sentences = extractive.SentenceVectors(knowledge.embedder)
        self.rules = DecisionRules(threshold=settings.abstain_threshold)

    def ask(
        self,
        question: str,
        history: Sequence[Turn] = (),
        *,
        user_ref: str | None = None,
        surface: str = "cli",
        on_delta: Callable[[str], None] | None = None,
        record: bool = True,
    ) -> Answer:
        """Answer from the knowledge base, with numbered citations; abstain when nothing fits.

        `on_delta` receives the text as an LLM writes it (for streaming surfaces).
        """
        question = validate_question(question, max_chars=self.settings.max_question_chars)
        query, hits = self.retrieve(question, history)
        score = extractive.relevance(hits)
        context = _previous_question(history) if query != expand_nordic(question) else ""
        study = self.study(question, hits, score, context=context)
        hits = study.hits or hits
        if study.verdict == "decline":
            answer = self._abstain(question, score, study.reading.coverage.missing_words if study.reading.coverage else None)
        elif study.verdict == "partial":
            answer = self._partial_answer(question, hits, study, score)
        elif self.chat_model is not None:
            answer = self._llm_answer(question, list(history), hits, score, study, on_delta)
        else:
            answer = self._extractive_answer(question, hits, study, score)
        answer.text = show_link_targets(answer.text)
        if record:
            answer.answer_id = record_answer(self.sessions, answer, user_ref=user_ref, surface=surface)
        return answer

    def study(self, question: str, hits: list[Hit], score: float, *, context: str = "") -> "Study":
        """Read the passages for the question: the best sentences, whether to answer, and any disagreement."""
        keyword = self.knowledge.snapshot().keyword
        question = plain_chat(plain(question))
        focus = expand_nordic(question)  # differs from the question only by English added for Nordic words
        profile = analyse(focus, keyword=keyword, context_text=expand_nordic(plain(context)) if context else "",
                          translated=focus != question)
        if not hits or keyword is None:
            return Study(profile=profile, reading=extractive.Reading(), verdict="decline")
        snapshot = self.knowledge.snapshot()
        reading = extractive.read(profile, hits, embedder=self._sentences, stem=keyword.stem, focus=focus,
                                  headings=snapshot.headings)
        verdict = decide(profile, reading, score, self.rules)
        if verdict != "answer":
            return Study(profile=profile, reading=reading, verdict=verdict)
        disagreement = find_disagreement(reading, hits, profile, stem=keyword.stem)
        if disagreement is None:
            second = SecondSearch(self.knowledge.search, self._sentences, self.settings.retrieval_k)
            find = second.replaced_statement if announces_change(reading.best.text) else second.newer_statement
            wider = find(profile, hits, reading, focus, keyword.stem, snapshot.headings)
            if wider is not None:
                hits, reading, disagreement = wider
        return Study(profile=profile, reading=reading, verdict=verdict, disagreement=disagreement, hits=hits)

    def retrieve(self, question: str, history: Sequence[Turn] = ()) -> tuple[str, list[Hit]]:
        """Search for the question; in a conversation also for it together with the previous one.

        A follow-up such as "and what can the money be spent on?" names nothing by itself; a new
        question in the same thread is better searched alone. The search whose best passage fits
        better decides, with a small preference for the reading the wording suggests.
        """
        k = self.settings.retrieval_k
        alone = expand_nordic(question)
        if not any(t.role == "user" for t in history):
            return alone, self._search(alone, k)
        joined = expand_nordic(retrieval_query(question, history))
        hits_alone = self._search(alone, k)
        hits_joined = self._search(joined, k)
        bias = 0.05 if looks_like_follow_up(question) else -0.05
        if extractive.relevance(hits_joined) + bias >= extractive.relevance(hits_alone):
            return joined, hits_joined
        return alone, hits_alone

    def _search(self, query: str, k: int) -> list[Hit]:
        """The best passages, at most a few per document, so that a second document that says
        something else about the same thing (a newer fee list) is read too."""
        hits = self.knowledge.search(query, k=3 * k)
        kept: list[Hit] = []
        over_cap: list[Hit] = []
        per_document: dict[str, int] = {}
        for hit in hits:
            if per_document.get(hit.source, 0) < PER_DOCUMENT:
                kept.append(hit)
                per_document[hit.source] = per_document.get(hit.source, 0) + 1
            elif len(kept) < k:
                over_cap.append(hit)
            if len(kept) == k:
                break
        return kept + _naming_what_kept_lack(query, kept, over_cap)

    # ----- the ways to answer ---------------------------------------------------------------
    def _abstain(self, question: str, score: float, missing: list[str] | None = None) -> Answer:
        text = wording.decline(self.settings.staff_contact, missing)
        return Answer(question=question, text=text, confident=False, mode="abstain", top_score=score)

    def _partial_answer(self, question: str, hits: list[Hit], study: "Study", score: float) -> Answer:
        """On the topic but not about the particular thing asked: say what is missing and what is there."""
        best = study.reading.best
        sources, numbers = _number_sources(hits, [best.hit_index])
        missing = study.reading.coverage.missing_words
        text = wording.partial_answer(hits[best.hit_index].text, missing, best.text, numbers[best.hit_index], question)
        text += f" Please ask {self.settings.staff_contact} if you need it; I have passed your question on."
        return Answer(question=question, text=text, confident=False, sources=sources, mode="extractive", top_score=score)

    def _extractive_answer(self, question: str, hits: list[Hit], study: "Study", score: float, note: str | None = None) -> Answer:
        picked = study.reading.picked
        if not picked:
            return self._abstain(question, score)
        others: list = []
        if study.disagreement is not None:
            current, others = study.disagreement.current, study.disagreement.others
            other_sources = {hits[c.hit_index].source for c, _ in others}
            picked = [current] + [c for c in picked if c is not current and hits[c.hit_index].source not in other_sources]
        used = [c.hit_index for c in picked] + [c.hit_index for c, _ in others]
        sources, numbers = _number_sources(hits, used)
        text = " ".join(wording.cite(c.text, numbers[c.hit_index], example=extractive.is_example(hits[c.hit_index]))
                        for c in picked)
        change = changed_figure_of(picked[0], hits, study.profile)
        if change is not None:  # "moved from 9 March to 16 March": the date that holds comes first
            text = f"{wording.change_lead(*change, numbers[picked[0].hit_index])} {text}"
        superseded: list[Superseded] = []
        for other, older in others:
            hit = hits[other.hit_index]
            updated = hit.metadata.get("updated") or None
            n = numbers[other.hit_index]
            if older:
                text += " " + wording.superseded_note(hit.title, updated, other.text, n)
                superseded.append(Superseded(title=hit.title, source=hit.source, updated=updated, n=n))
            else:
                text += " " + wording.undecided_note(hit.title, updated, other.text, n, self.settings.staff_contact)
        if note:
            text = f"{text}\n\n_{note}_"
        return Answer(question=question, text=text, confident=True, sources=sources, mode="extractive", note=note,
                      top_score=score, superseded=superseded)

    def _llm_answer(self, question: str, history: list[Turn], hits: list[Hit], score: float, study: "Study", on_delta) -> Answer:  # noqa: ANN001
        context = hits[: self.settings.retrieval_k]
        try:
            raw = llm.generate(self.chat_model, llm.build_messages(question, history, context), on_delta)
        except Exception as exc:  # any provider error or timeout: the documents still answer
            log.warning("LLM failed (%s: %s); falling back to the extractive answer", exc.__class__.__name__, exc)
            note = llm.failure_note(exc)
            return self._extractive_answer(question, hits, study, score, note)
        if llm.NOT_FOUND in raw or not raw.strip():
            return self._abstain(question, score)
        text, cited = llm.clean_citations(raw, len(context))
        text = llm.redact_emails(text, context)
        if not cited:  # an uncited answer is not grounded: show the documents' own words instead
            return self._extractive_answer(question, hits, study, score)
        problem = llm.check_against_reading(text, cited, context, study.reading, study.disagreement)
        if problem:
            log.info("LLM answer replaced by the extractive one: %s", problem)
            return self._extractive_answer(question, hits, study, score)
        sources, numbers = _number_sources(context, [n - 1 for n in cited])
        text = re.sub(r"\[(\d+)\]", lambda m: f"[{numbers.get(int(m.group(1)) - 1, m.group(1))}]", text)
        text = llm.label_examples(text, sources)
        superseded = []
        for other, older in (study.disagreement.others if study.disagreement is not None else []):
            hit = hits[other.hit_index]
            cited_as = next((s.n for s in sources if s.source == hit.source), None)
            if older and cited_as is not None:
                superseded.append(Superseded(title=hit.title, source=hit.source, updated=hit.metadata.get("updated") or None,
                                             n=cited_as))
        return Answer(question=question, text=text, confident=True, sources=sources, mode="llm", top_score=score,
                      superseded=superseded)

    # ----- feedback and gaps ----------------------------------------------------------------
    def unanswered(self, limit: int = 20) -> list[dict]:
        from bot.qa.records import recent_unanswered

        return recent_unanswered(self.sessions, limit=limit)

    def record_feedback(self, answer_id: str, *, rating: int, user_ref: str | None, comment: str | None = None, surface: str = "slack") -> None:
        from bot.qa.records import record_feedback

        for attempt in range(2):
            try:
                with transaction(self.sessions) as session:
                    record_feedback(session, answer_id=answer_id, rating=rating, user_ref=user_ref,
                                    comment=clean(comment) or None, surface=surface)
                return
            except IntegrityError:  # a concurrent click (or the 👎's comment) inserted the vote first: update it
                if attempt:
                    raise


def _naming_what_kept_lack(query: str, kept: list[Hit], over_cap: list[Hit], most: int = 1) -> list[Hit]:
    """A passage left out by the per-document cap that alone, of its document's, holds a name the question asks about.

    "Which department presents at the March grand round?": the programme's introduction, its June row
    and its registration rules fill the document's share; the rows of January to May hold "March".
    """
    names = capitalised(query) | place_words(query)
    if not names or not over_cap:
        return []
    seen: dict[str, set[str]] = {}  # the words of each document's kept passages
    for h in kept:
        seen.setdefault(h.source, set()).update(_words(h.text))
    extra = [hit for hit in over_cap if (names - seen.get(hit.source, set())) & _words(hit.text)]
    return extra[:most]


def _words(text: str) -> set[str]:
    return set(re.findall(r"[^\W\d_]{3,}", text.lower()))


def show_link_targets(text: str) -> str:
    """`[label](url)` -> `label (url)`: a passage or a model must not hide where a link goes behind its label."""
    return _MD_LINK.sub(lambda m: m.group(2) if m.group(1) == m.group(2) else f"{m.group(1)} ({m.group(2)})", text)


def _previous_question(history: Sequence[Turn]) -> str:
    previous = [t.text for t in history if t.role == "user"]
    return previous[-1] if previous else ""


@dataclass
class Study:
    """What reading the passages found out about a question, before any answer is written."""

    profile: QuestionProfile
    reading: extractive.Reading
    verdict: Verdict
    disagreement: Disagreement | None = None
    hits: list[Hit] | None = None  # the passages read, when more were searched than the question's own


def _number_sources(hits: list[Hit], used: list[int]) -> tuple[list[Source], dict[int, int]]:
    """Number the documents in order of first citation; passages of one document share a number."""
    sources: list[Source] = []
    by_doc: dict[str, int] = {}
    numbers: dict[int, int] = {}
    for hi in used:
        hit = hits[hi]
        if hit.source not in by_doc:
            by_doc[hit.source] = len(sources) + 1
            sources.append(
                Source(n=by_doc[hit.source], title=hit.title, source=hit.source, section=hit.section,
                       score=round(hit.dense, 4), url=hit.metadata.get("url", ""), snippet=hit.text[:300],
                       updated=hit.metadata.get("updated") or None, example=bool(hit.metadata.get("example")))
            )
        numbers[hi] = by_doc[hit.source]
    return sources, numbers
