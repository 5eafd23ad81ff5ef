"""When documents disagree on the figure asked for, the current one answers and the other is named.

Among documents that are not examples, the newer `updated` date is current. An undated
document never silently overrides a dated one: when the order cannot be told, both are shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.kb.retrieval import Hit
from bot.qa.answer_types import date_role, only_lead_times
from bot.qa.coverage import TOWNS, passage_coverage
from bot.qa.extractive import FIGURE_KINDS, Candidate, Reading, is_example, members, names_another
from bot.qa.figures import changed_figure, current_figures, effective_dates, stale_figures
from bot.qa.people import person_names, person_roles
from bot.qa.places import place_words
from bot.qa.question import is_code

# What a disagreement is compared on, per kind of question.
_FIGURE_TYPES = {"amount": {"n:"}, "count": {"n:", "c:"}, "date": {"d:"}, "deadline": {"d:"}, "meeting": {"d:"},
                 "duration": {"t:"}, "person": {"p:"}}
# Who holds a role changes like a fee does: "the new coordinator is Rasmus Kjærgaard".
COMPARED_KINDS = FIGURE_KINDS | {"person"}
# A sentence that says a figure changed ("now has 24 places", "has been reduced to DKK 24,000"): an older
# document's figure for the same thing is what it replaced, even where that document is worded more generally
# ("Each retreat has 20 places" for the spring retreat).
_ANNOUNCES_CHANGE = re.compile(
    r"\b(now|no longer|from now on|(has|have) been (raised|reduced|increased|lowered|cut|moved|extended|changed|"
    r"shortened|postponed)|(is|are) (raised|reduced|increased|lowered|cut|moved|extended|changed)|takes? over|"
    # "From 1 January 2027 a paper poster costs DKK 440": a price or rule with the date it starts to hold
    r"^(from|as of|starting|with effect from) (the )?(\d{1,2} )?(january|february|march|april|may|june|july|august|september|"
    r"october|november|december) (\d{1,2}, )?(19|20)\d\d)\b", re.I)


_ASKS_LIMIT = re.compile(r"\b(max|maximum|min|minimum|limit|longest|shortest|at most|at least)\b", re.I)


def announces_change(sentence: str) -> bool:
    return bool(_ANNOUNCES_CHANGE.search(sentence))


@dataclass
class Disagreement:
    current: Candidate  # answers first: the newest dated document's sentence
    # (sentence, True when known to be older; False when undated or same date); none when the newer document
    # says the figure asked is unchanged
    others: list[tuple[Candidate, bool]]

    @property
    def order_known(self) -> bool:
        return all(known for _, known in self.others)


def find_disagreement(reading: Reading, hits: list[Hit], profile, *, stem=None, min_similarity: float = 0.5,  # noqa: ANN001
                      min_score_share: float = 0.6, max_others: int = 2) -> Disagreement | None:
    best = reading.best
    if best is None or is_example(hits[best.hit_index]):
        return None
    announced = announces_change(best.text)
    asked = profile.kinds & COMPARED_KINDS
    if asked:
        prefixes = set().union(*(_FIGURE_TYPES[k] for k in asked))
    elif _ASKS_LIMIT.search(profile.text) and not profile.kinds - {"yes_no"}:
        # "max length for the short video?": the limit the answer states, whatever its unit
        prefixes = {f[:2] for f in current_figures(best.text, _before(best, hits))} & {"n:", "t:", "c:"}
    elif announced and not profile.kinds - {"yes_no"}:
        # "What do labs get for gold?" asks no figure, but the answer's "now receive DKK 15,000" is one; a question
        # for a place or a person ("where do I register?") is not answered by the figure.
        prefixes = {f[:2] for f in current_figures(best.text, _before(best, hits))} & {"n:", "d:", "t:"}
    else:
        return None
    mine = _relevant(best, hits, prefixes)
    if not mine:
        return None
    mine_before = _relevant(best, hits, prefixes, stale=True)
    # When the answer's passage has every key word of the question, a rival's must have them too.
    best_cover = passage_coverage(profile, _whole(best, hits), stem=stem) if stem is not None else None
    check_keys = bool(best_cover is not None and profile.key_terms and not best_cover.missing)
    source = hits[best.hit_index].source
    best_updated = hits[best.hit_index].metadata.get("updated") or ""
    # Each other document's sentence that states another figure for the same thing: of those that fit
    # the question, the one most like the answer's own sentence ("Applications close on 15 March"
    # beside "The new deadline is 5 April").
    rivals = []
    asked_members = members(profile.text)
    asked_codes = [t.word for t in profile.terms if is_code(t.word)]
    asked_places = place_words(profile.text)
    places_answered = asked_places & place_words(best.text)
    roles = person_roles(best.text) if "p:" in prefixes else set()
    for cand in reading.candidates:
        hit = hits[cand.hit_index]
        if hit.source == source or is_example(hit) or (asked and cand.fit < 0.5) or cand.score < min_score_share * best.score:
            continue
        theirs = _relevant(cand, hits, prefixes)
        if not theirs or theirs == mine or theirs <= mine or mine <= theirs:
            continue
        # One sentence saying the other's figure was changed ("moved from 9 March to 16 March") is
        # about the same fact however differently the two are worded.
        theirs_before = _relevant(cand, hits, prefixes, stale=True)
        changed = bool(theirs & mine_before or mine & theirs_before)
        if "p:" in prefixes and not changed:  # "Ingrid Dalsgaard has moved to a research post." beside the new name
            changed = bool(mine & person_names(hits[cand.hit_index].text, stale=True))
        if not changed and _replaced_another(best, cand, hits):
            continue  # "now within five weeks instead of six" changed a six-week period, not the four weeks stated
        # "in 2025" asked, and this document does not say 2025: another fact, not a rival; unless the answer
        # itself says the figure was changed from this one (a FAQ whose passage omits the service's name).
        replaced = announced and best_updated > (hit.metadata.get("updated") or "9999")
        # The rival's coverage is read only where a rule below needs it: it is the costliest check in this loop.
        rival_cover = (passage_coverage(profile, _whole(cand, hits), stem=stem)
                       if stem is not None and (check_keys or replaced) else None)
        if check_keys and not theirs & mine_before and not replaced and rival_cover.missing:
            continue
        if "p:" in prefixes and not changed and (
                not person_roles(cand.text) & roles or (best_cover is not None and
                passage_coverage(profile, _whole(cand, hits), stem=stem).ratio < 0.5 * best_cover.ratio)):
            continue  # the print coordinator is no rival of the help desk coordinator, the co-director none of the coordinator
        if places_answered and place_words(cand.text) and not asked_places & place_words(cand.text):
            continue  # the Danish rate is no rival of the Massachusetts rate the answer gives
        if not changed and _keeps_asked(cand.text, profile.text):
            continue  # "the company price is unchanged": for the company asked, the older figure still holds
        if not changed and any(_says(code, best.text) and not _says(code, f"{hit.title} {hit.section} {cand.text}")
                               for code in asked_codes):
            continue  # the A1 poster asked: the new A0 price is no rival of the A1 price
        if not changed and name_only_in(profile, best.text, f"{hit.title} {hit.section} {cand.text}"):
            continue  # the Pemberton rack price asked, and the other sentence gives the Granhavn one
        if names_another(cand.text, asked_members):
            continue  # the companies' fee is no rival of the hospitals' fee, the June session none of March's
        if "d:" in prefixes and not changed and date_role(cand.text) != date_role(best.text):
            continue  # a registration deadline and the course dates are different facts
        if "t:" in prefixes and not changed and only_lead_times(cand.text, "") != only_lead_times(best.text, ""):
            continue  # "apply six weeks before the visit" is no rival of "a visit lasts two to four days"
        if "d:" in prefixes and not changed and bool(_calendar(theirs)) != bool(_calendar(mine)):
            continue  # the day of the fair is no rival of a panel moved from 13:00 to 14:00
        likeness = float(cand.vector @ best.vector)
        # A newer document announcing a change ("the fee has been reduced to DKK 24,000") is worded unlike the
        # older statement it replaces ("The fee is DKK 28,000 per participant"); an older sentence about all
        # the question names, and holding the kind of answer asked, is that statement.
        replaces_it = (replaced and cand.fit >= 1.0 and rival_cover is not None and best_cover is not None
                       and not rival_cover.missing and rival_cover.ratio >= 0.9 * best_cover.ratio)
        # Sentences naming people are alike in little but the role; that the newer one says the older
        # person has left is enough.
        if likeness >= min_similarity or (replaces_it and likeness >= min_similarity - 0.1) or (
                changed and (likeness >= min_similarity - 0.2 or "p:" in prefixes)):
            rivals.append((changed, likeness, cand))
    if not rivals:
        return None
    if _keeps_asked(best.text, profile.text):
        # "a start-up booth now costs DKK 5,000; the company price is unchanged", for the company price: the
        # older document's figure holds and answers first; nothing it says is superseded.
        return Disagreement(current=max(rivals, key=lambda r: r[1])[2], others=[])
    # A sentence saying the answer's own figure was changed ("up from DKK 25,000") names the fact asked; a
    # rival merely alike (the seed grant's maximum beside the small grant's) is then about something else.
    if any(changed for changed, _, _ in rivals):
        rivals = [r for r in rivals if r[0]]
    # One sentence per other document, the most alike first.
    by_source: dict[str, Candidate] = {}
    for _, _, cand in sorted(rivals, key=lambda r: (-r[0], -r[1])):
        by_source.setdefault(hits[cand.hit_index].source, cand)
    return _order([best, *list(by_source.values())[:max_others]], hits)


# "A standard booth for a start-up now costs DKK 5,000; the company price is unchanged."
_UNCHANGED = re.compile(r"\b([\w-]+)\s+(?:price|prices|fee|fees|rate|rates|cost|costs|amount|amounts)\s+"
                        r"(?:is|are|remains?|stays?)\s+(?:unchanged|the same)\b", re.I)


def _keeps_asked(sentence: str, question: str) -> bool:
    """Whether the sentence says the figure of what the question asks about did not change."""
    asked = {w[:6] for w in re.findall(r"[a-z][\w-]{2,}", question.lower())}
    return any(m.group(1).lower()[:6] in asked for m in _UNCHANGED.finditer(sentence))


def _says(word: str, text: str) -> bool:
    return bool(re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text, re.I))


def _replaced_another(best: Candidate, cand: Candidate, hits: list[Hit]) -> bool:
    """Whether one of the two sentences names the figure a change replaced and the other sentence states neither
    that figure nor its replacement: they are about different things. Figures of every type count, so "a first
    draft within four weeks" is no rival of "within five weeks instead of six"."""
    mine, theirs = (current_figures(c.text, _before(c, hits)) for c in (best, cand))
    mine_before, theirs_before = (stale_figures(c.text, _before(c, hits)) for c in (best, cand))
    if not mine_before and not theirs_before:
        return False
    return not (mine_before & theirs or theirs_before & mine or mine_before & theirs_before)


def _calendar(found: set[str]) -> set[str]:
    """The calendar dates among the figures, without the times of day."""
    return {f for f in found if f.startswith("d:") and not re.fullmatch(r"d:\d{1,2}:\d\d", f)}


def name_only_in(profile, sentence: str, other: str) -> bool:  # noqa: ANN001
    """Whether the question names something (however typed: "pemberton") that `sentence` writes as a name and
    `other` neither mentions nor shares another name with `sentence` ("Dr. Paul Okafor's office hours")."""
    lowered = other.lower()
    # "the Biobank Access Committee" is named in a text that says "the BAC"
    abbreviated = {w.lower() for m in re.finditer(r"\b(?!(?:The|A|An)\b)[A-Z][\w-]+(?:\s+(?:of\s+|for\s+)?[A-Z][\w-]+)+",
                                                  sentence)
                   if re.search(rf"\b{''.join(w[0] for w in m.group(0).split() if w[0].isupper())}\b", other)
                   for w in m.group(0).split()}
    names = _names(sentence)
    lacking = False
    for term in profile.terms:
        word = term.word.lower()
        if len(word) < 3 or not word[0].isalpha() or word in abbreviated or re.search(rf"\b{re.escape(word)}", lowered):
            continue
        lacking = lacking or word in names
    if not lacking:
        return False
    shared = {n for n in names & {w.lower() for w in re.findall(r"[\w-]+", other)}
              if not place_words(n) and n not in TOWNS and n not in _GENERIC_NAME_WORDS}
    return not shared


# Words of many names: "Granhavn University Hospital" shares nothing with "Linnevik University" that tells them apart.
_GENERIC_NAME_WORDS = frozenset({
    "university", "hospital", "institute", "institution", "centre", "center", "college", "school", "department",
    "faculty", "clinic", "laboratory", "lab", "campus", "office", "unit", "programme", "program", "service",
    "dr", "professor", "prof", "dkk", "sek", "usd", "eur", "nok", "gbp", "the", "of", "and"})


def _names(sentence: str) -> set[str]:
    """The words a sentence writes as names, lower-cased. A table row ("Pemberton Institute — City: Boston;
    Condition: Liquid nitrogen dry shipper; Price per box: …") is named by its first cell and its values, not by
    its column names."""
    if " — " in sentence:
        first, cells = sentence.split(" — ", 1)
        parts = [first, *(cell.split(":", 1)[1] for cell in cells.split(";") if ":" in cell)]
        return {w.lower() for part in parts for w in re.findall(r"\b[A-Z][\w-]+", part)}
    return {w.lower() for w in re.findall(r"(?<=[\w,(] )[A-Z][\w-]+", sentence)}


def changed_figure_of(cand: Candidate, hits: list[Hit], profile) -> tuple[str, str] | None:  # noqa: ANN001
    """(now, before) as written, when the sentence states a change of the figure the question asks for."""
    prefixes = set().union(*(_FIGURE_TYPES[k] for k in profile.kinds & FIGURE_KINDS))
    return changed_figure(cand.text, _before(cand, hits), prefixes) if prefixes else None


def _whole(cand: Candidate, hits: list[Hit]) -> str:
    hit = hits[cand.hit_index]
    return f"{hit.title} {hit.section} {hit.text}"


def _before(cand: Candidate, hits: list[Hit]) -> str:
    """The passage's text before the sentence: a change table's header stands there."""
    text = hits[cand.hit_index].text
    at = text.find(cand.text[:40])
    return text[:at] if at > 0 else ""


def _relevant(cand: Candidate, hits: list[Hit], prefixes: set[str], *, stale: bool = False) -> set[str]:
    """The figures of the kind asked that a sentence gives as holding now (or, `stale`, as replaced)."""
    before = _before(cand, hits)
    found = stale_figures(cand.text, before) if stale else current_figures(cand.text, before)
    # "From the January 2027 session, each session has room for 60": the date a change takes effect is not the
    # date of the thing asked about; two sentences never disagree on it.
    found -= effective_dates(cand.text)
    if "p:" in prefixes:
        found = found | person_names(cand.text, stale=stale)
    return {f for f in found if f[:2] in prefixes}


def _order(sentences: list[Candidate], hits: list[Hit]) -> Disagreement:
    """The newest dated document is current; an undated one never overrides a dated one."""
    def updated(c: Candidate) -> str:
        return hits[c.hit_index].metadata.get("updated") or ""
    dated = [c for c in sentences if updated(c)]
    current = max(dated, key=updated) if dated else sentences[0]
    others = [(c, bool(updated(c)) and updated(c) < updated(current)) for c in sentences if c is not current]
    return Disagreement(current=current, others=others)
