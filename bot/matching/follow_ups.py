"""After an accepted introduction: "Did you meet? Was it useful?", answered by each side in one click.

The sweep sends the question once (bot.matching.intros); the answers are kept per side, and the
answers of requesters about a contact become a small signal matching may use (`useful_rates`):
the share of "met, and it was useful", pulled towards one half by a prior so that one answer moves
it little. It never lets anyone past consent, a snooze or a block, and never outweighs the fit.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from bot.db.models import Contact, IntroEvent, IntroFollowUp, IntroRequest
from bot.db.session import transaction
from bot.errors import InvalidInput, NotFound, PermissionDenied
from bot.matching.contacts import user_refs

ANSWERS = ("useful", "not_useful", "not_met")
ANSWER_LABELS = {"useful": "Met, and it was useful", "not_useful": "Met, not useful", "not_met": "Did not meet"}
PRIOR_ANSWERS = 4  # the prior counts as this many answers at one half
NOT_ASKED = "That introduction has not been followed up; there is nothing to answer."


@dataclass(frozen=True)
class FollowUpAnswer:
    intro_id: str
    side: str
    answer: str
    changed: bool


def answer(sessions: sessionmaker[Session], intro_id: str, *, respondent_ref: str, answer: str, now) -> FollowUpAnswer:  # noqa: ANN001
    """Store one side's answer (a second click changes it). Only the two people introduced may answer."""
    if answer not in ANSWERS:
        raise InvalidInput("Please answer with one of the buttons.")
    with transaction(sessions) as session:
        intro = session.get(IntroRequest, intro_id) if isinstance(intro_id, str) and intro_id else None
        if intro is None:
            raise NotFound("That introduction no longer exists.")
        contact = session.get(Contact, intro.contact_id)
        if respondent_ref == intro.requester_ref:
            side = "requester"
        elif contact is not None and respondent_ref in user_refs(contact):
            side = "contact"
        else:
            raise PermissionDenied("Only the two people introduced can answer this.")
        if intro.state not in ("accepted", "met") or intro.follow_up_sent_at is None:
            raise InvalidInput(NOT_ASKED)
        found = session.scalar(select(IntroFollowUp).where(IntroFollowUp.intro_id == intro_id, IntroFollowUp.side == side))
        changed = found is None or found.answer != answer
        if found is None:
            session.add(IntroFollowUp(intro_id=intro_id, side=side, respondent_ref=respondent_ref[:200], answer=answer,
                                      answered_at=now))
        else:
            found.answer, found.answered_at, found.respondent_ref = answer, now, respondent_ref[:200]
        if answer != "not_met" and intro.state == "accepted":
            moved = session.execute(update(IntroRequest).where(IntroRequest.id == intro_id, IntroRequest.state == "accepted")
                                    .values(state="met", updated_at=now).execution_options(synchronize_session=False)).rowcount
            if moved:
                session.add(IntroEvent(request_id=intro_id, at=now, actor=respondent_ref[:200], from_state="accepted",
                                       to_state="met", note="follow-up answer"))
        return FollowUpAnswer(intro_id=intro_id, side=side, answer=answer, changed=changed)


def useful_counts(session: Session) -> dict[str, tuple[int, int]]:
    """{contact id: (answers "useful", answers from people who met)}: what requesters said about them."""
    rows = session.execute(
        select(IntroRequest.contact_id, IntroFollowUp.answer, func.count())
        .join(IntroFollowUp, IntroFollowUp.intro_id == IntroRequest.id)
        .where(IntroFollowUp.side == "requester", IntroFollowUp.answer != "not_met")
        .group_by(IntroRequest.contact_id, IntroFollowUp.answer)).all()
    counts: dict[str, list[int]] = {}
    for contact_id, given, n in rows:
        entry = counts.setdefault(contact_id, [0, 0])
        entry[1] += int(n)
        if given == "useful":
            entry[0] += int(n)
    return {cid: (u, m) for cid, (u, m) in counts.items()}


def useful_rate(useful: int, met: int) -> float:
    """The share of useful meetings, with a prior of one half worth PRIOR_ANSWERS answers."""
    return (useful + PRIOR_ANSWERS / 2) / (met + PRIOR_ANSWERS)


def useful_rates(session: Session) -> dict[str, float]:
    return {cid: useful_rate(u, m) for cid, (u, m) in useful_counts(session).items()}
