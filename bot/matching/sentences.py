"""Who we are and who we want: splitting a need into the requester's side and the target's.

People describe themselves first and ask after, in one sentence ("X looking for Y") or in several
("We are a US medtech company. Who in Denmark can validate our device?"). A sentence that asks
(a question, or one with a seeking verb) holds the target; a statement before the first ask
describes the requester. In a question about whom to find ("Which US companies need fermentation
scale-up?") the seeking verb says what the target seeks, not who asks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_I = re.IGNORECASE

# "X looking for Y": X is the requester, Y the target. Not after "who/that": there the clause describes Y;
# and "need" only as a verb, not in "unmet needs in diabetes".
_NOUN_NEED = r"(?<!unmet )(?<!the )(?<!our )(?<!their )(?<!clinical )(?<!medical )(?<!patient )(?<!patients' )"
SEEK = re.compile(
    r"(?<!\bwho )(?<!\bthat )(?<!\bwhich )\b(?:(?:is|are|am)\s+)?(?:looking\s+(?:for|to)|seeking|seeks?|searching\s+for|"
    r"in\s+search\s+of|hunting\s+for|on\s+the\s+(?:hunt|lookout)\s+for|scouting\s+for|(?:keen|eager)\s+to|" + _NOUN_NEED + r"needs?(?!\s+(?:in|of|for|and|or)\b)|wants?(?:\s+to)?|would\s+(?:like|love)(?:\s+to)?|"
    r"'d\s+(?:like|love)(?:\s+to)?|hop(?:es?|ing)\s+to|tries\s+to\s+find|trying\s+to\s+find|requires?|aims?\s+to)\b", _I)
SELF = re.compile(r"^(?:we are|we're|i am|i'm|our|my|as)\s+(?:an?\s+|the\s+)?", _I)
_SELF_WORDS = {"we", "i", "our", "my", "us", "me", "a", "an", "the", "are", "am", "is", "we're", "i'm", "as", "and"}
# Sentence ends, and a dash between spaces ("Lund neuroscientist here - looking for ...").
_SENTENCE = re.compile(r"(?<=[.?!;])\s+|\s+[-–—]\s+")
_QUESTION_START = re.compile(r"^(?:which|what|who|whom|where|are there|is there|any|anyone|anybody|do you know|"
                             r"can you (?:find|suggest|recommend|show))\b", _I)
_STATEMENT_SELF = re.compile(r"^(?:we|i|our|my)\b|\bhere\b", _I)


@dataclass(frozen=True)
class Sides:
    requester: str
    target: str
    target_seeks: str = ""  # what the target itself is looking for ("companies that need scale-up")


def _describes_someone(text: str) -> bool:
    words = re.findall(r"[\w'’-]+", text.lower())
    return any(w not in _SELF_WORDS for w in words)


def trim(text: str) -> str:
    text = text.strip(" ,;:-.?!")
    return re.sub(r"\s+(?:and|but|so|to|who|that)$", "", text, flags=re.I).strip(" ,;:-.?!")


# A phrase naming a partner or collaborator, with no word about the one asking, says whom they seek.
_SOUGHT = re.compile(r"^(?!.*\b(?:we|i|our|my|us|me|here)\b).*\b(?:partners?|collaborators?)\b", _I)
_WE_AFTER = re.compile(r"\s*,\s*(?:we|i)\s*$", _I)


def split_clause(clean: str) -> tuple[str, str]:
    """(requester, target): "X looking for Y" -> (X, Y); "we need Y" -> ("", Y); otherwise ("", all)."""
    seek = SEEK.search(clean)
    if seek and clean[seek.end():].strip():
        before = _WE_AFTER.sub("", clean[: seek.start()])
        if before != clean[: seek.start()] and _SOUGHT.search(before):
            # "antibody discovery partner in cph, we want an academic group": the partner is sought too.
            return "", trim(before) + ". " + trim(clean[seek.end():])
        if _describes_someone(clean[: seek.start()]):
            return trim(clean[: seek.start()]), trim(clean[seek.end():])
        if seek.start() < 25:
            return "", trim(clean[seek.end():])
    return "", trim(clean)


# "investors for our series A - we want foreign money": a phrase wanted for us asks, though it has no verb.
_FOR_US = re.compile(r"\bfor\s+(?:our|my|us|me)\b", _I)


def _asks(sentence: str) -> bool:
    return (sentence.rstrip().endswith("?") or bool(SEEK.search(sentence)) or bool(_QUESTION_START.match(sentence))
            or bool(_FOR_US.search(sentence) and not _STATEMENT_SELF.search(sentence)))


# "pathogen reduction tech for platelets - any company in europe doing that?": the ask points back at the
# statement before it, which names the topic, not the requester.
_BACK = re.compile(r"\b(?:doing|does|do|offers?|on|about|with|for|into|in|bring|run|runs|running|provide|provides)\s+"
                   r"(?:this|that|it|these|those|them)\b", _I)


# "industrial phd w/ a skåne univ - who do i talk to?": an ask that names nobody is about the statement before it.
_BARE_ASK = re.compile(r"^(?:so\s+|and\s+)?(?:who|whom)\s+(?:do|should|can|could|would|must)\s+(?:i|we)\s+"
                       r"(?:talk|speak|write|turn|go|reach out|ask|contact|call|email|e-mail)(?:\s+(?:to|with))?"
                       r"(?:\s+about\s+(?:this|that|it))?\s*\??$", _I)


def split_sides(clean: str, names_kind=None) -> Sides:  # noqa: ANN001
    """`names_kind(text)`: whether a text names a kind of contact ("a Boston CAR-T manufacturer")."""
    sentences = [s for s in _SENTENCE.split(clean) if s.strip(" .,;:-?!")]
    asking = [i for i, s in enumerate(sentences) if _asks(s)]
    if (asking and asking[0] > 0 and names_kind is not None
            and (_BACK.search(sentences[asking[0]]) or _BARE_ASK.match(sentences[asking[0]].strip()))
            and not any(_STATEMENT_SELF.search(s) or SELF.match(s) or names_kind(s) for s in sentences[: asking[0]])):
        asking = list(range(asking[0])) + asking
    if len(sentences) < 2 or not asking:
        requester, target = split_clause(clean)
        return Sides(requester, target)
    requester: list[str] = []
    target: list[str] = []
    seeks = ""
    for i, sentence in enumerate(sentences):
        if i not in asking:
            if not _describes_someone(sentence):
                continue  # what is left of "we don't want to go through a CRO" once the negation is read
            # Before the first ask, or starting "We/I ...": about the requester; otherwise more about the target.
            (requester if i < asking[0] or _STATEMENT_SELF.search(sentence) else target).append(trim(sentence))
            continue
        seek = SEEK.search(sentence)
        if _QUESTION_START.match(sentence) and seek and seek.start() > 0:
            # "Which US companies need fermentation scale-up?": the target, and what it seeks.
            target.append(trim(sentence[: seek.start()]))
            seeks = seeks or trim(sentence[seek.end():])
            continue
        mine, wanted = split_clause(sentence)
        if mine:
            requester.append(mine)
        if wanted:
            target.append(wanted)
    if not target:
        return Sides(*split_clause(clean))
    return Sides(". ".join(r for r in requester if r), ". ".join(target), seeks)
