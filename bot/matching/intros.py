"""Introduction requests: a small state machine with double opt-in.

    requested ─┬─> pending_approval ─┬─> pending_consent ─┬─> accepted ──> met
               │   (ambassador)      └─> rejected         ├─> declined
               └──────────────────────> pending_consent   ├─> expired   (after a reminder)
                                                          └─> withdrawn (by the requester)

Every transition is checked (who may do it, from which state), stored with a timestamp and
the actor in intro_events, and writes the notices it causes into the outbox in the same
transaction (bot.notices), so a notice exists exactly when its change does. A repeated click
or replayed action finds the request already moved on and changes nothing. Which notices a change
causes, and writing them, is bot.matching.intro_notices.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot import text_input
from bot.config import Settings
from bot.db.models import Contact, IntroEvent, IntroRequest
from bot.db.session import transaction
from bot.errors import InvalidInput, NotFound, PermissionDenied
from bot.matching import availability, intro_notices, intro_sweep
from bot.matching.contacts import user_refs
from bot.matching.intro_view import IntroView, aware
from bot.matching.intro_view import view as _view
from bot.notices.kinds import Notice, NoticeKind

OPEN_STATES = availability.OPEN_STATES
UNAVAILABLE = "That contact is not available for introductions."
PER_ORGANISATION = 2  # open requests from one requester to the people of one organisation
FINAL_STATES = ("accepted", "declined", "expired", "withdrawn", "rejected", "met")
MAX_REASON = 1000
MAX_OFFER = 1000


@dataclass
class Outcome:
    intro: IntroView
    notices: list[Notice] = field(default_factory=list)
    changed: bool = True


class Introductions:
    def __init__(self, *, settings: Settings, sessions: sessionmaker[Session], clock, notices=None) -> None:  # noqa: ANN001
        self.settings = settings
        self.sessions = sessions
        self.clock = clock
        self.notices = notices  # the Outbox, told after a commit that wrote notices (it wakes delivery)

    def _record(self, session: Session, notices: list[Notice], now) -> list[Notice]:  # noqa: ANN001
        return intro_notices.record(session, self.settings, notices, now)

    # For bot.matching.preferences, which changes requests under the same rules.
    record = _record

    def written(self, notices: list[Notice]) -> None:
        self._written(notices)

    @staticmethod
    def view(session: Session, intro: IntroRequest) -> IntroView:
        return _view(session, intro)

    def _written(self, notices: list[Notice]) -> None:
        if notices and self.notices is not None:
            self.notices.written()

    # ----- creating ------------------------------------------------------------------------
    def request(
        self, *, requester_ref: str, requester_name: str, requester_org: str | None, contact_id: str,
        reason: str, offer: str | None = None, need: str | None = None, idempotency_key: str | None = None,
        surface: str = "slack",
    ) -> Outcome:
        reason, offer, need = text_input.clean(reason), text_input.clean(offer) or None, text_input.clean(need) or None
        if not reason:
            raise InvalidInput("Please say why you would like to meet; the contact sees it.")
        if len(reason) > MAX_REASON or (offer and len(offer) > MAX_OFFER):
            raise InvalidInput(f"Please keep the reason and the offer under {MAX_REASON} characters each.")
        now = self.clock.now()
        with transaction(self.sessions) as session:
            if idempotency_key:
                existing = session.scalar(select(IntroRequest).where(IntroRequest.idempotency_key == idempotency_key))
                if existing is not None:
                    return Outcome(intro=_view(session, existing), changed=False)
            contact = session.get(Contact, contact_id)
            if contact is None or not contact.consent or contact_id in availability.blocking(
                    session, *availability.requester_identity(session, requester_ref, organisation=requester_org)):
                # Without consent, or with the requester on their list: say no more than that.
                raise NotFound(UNAVAILABLE)
            if contact_id in availability.unavailable(session, now):
                raise NotFound(f"{contact.name} is not taking introductions at the moment; please try again later.")
            if contact.slack_user_id and requester_ref == f"slack:{contact.slack_user_id}":
                raise InvalidInput("You cannot request an introduction to yourself.")
            duplicate = session.scalar(select(IntroRequest).where(
                IntroRequest.requester_ref == requester_ref, IntroRequest.contact_id == contact_id,
                IntroRequest.state.in_(OPEN_STATES)))
            if duplicate is not None:
                return Outcome(intro=_view(session, duplicate), changed=False)
            self._check_caps(session, requester_ref, contact_id)
            state = "pending_approval" if self.settings.intro_require_approval else "pending_consent"
            intro = IntroRequest(
                id=uuid.uuid4().hex, idempotency_key=idempotency_key, requester_ref=requester_ref,
                requester_name=requester_name[:200], requester_org=(requester_org or "")[:300] or None, contact_id=contact_id,
                reason=reason, offer=offer, need=need, state=state, surface=surface, created_at=now, updated_at=now,
                expires_at=now + timedelta(days=self.settings.intro_expiry_days) if state == "pending_consent" else None,
            )
            session.add(intro)
            session.add(IntroEvent(request_id=intro.id, at=now, actor=requester_ref, from_state=None, to_state="requested", note=None))
            session.add(IntroEvent(request_id=intro.id, at=now, actor="system", from_state="requested", to_state=state, note=None))
            try:
                session.flush()
            except IntegrityError:  # the same click arrived twice at the same moment
                session.rollback()
                return self.request(requester_ref=requester_ref, requester_name=requester_name, requester_org=requester_org,
                                    contact_id=contact_id, reason=reason, offer=offer, need=need,
                                    idempotency_key=idempotency_key, surface=surface)
            view = _view(session, intro)
            notices = self._record(session, intro_notices.for_state(view), now)
        self._written(notices)
        return Outcome(intro=view, notices=notices)

    def _check_caps(self, session: Session, requester_ref: str, contact_id: str) -> None:
        open_by_requester = session.scalar(select(func.count()).select_from(IntroRequest).where(
            IntroRequest.requester_ref == requester_ref, IntroRequest.state.in_(OPEN_STATES)))
        if open_by_requester >= self.settings.intro_max_open_per_requester:
            raise InvalidInput(
                f"You already have {open_by_requester} open introduction requests; please wait for answers "
                "or withdraw one (App Home lists them) before asking for more.")
        contact = session.get(Contact, contact_id)
        if contact is not None and contact.organization_id:
            # As matching lists at most two people of one organisation, a requester asks at most two at once.
            open_at_org = session.scalar(select(func.count()).select_from(IntroRequest).join(
                Contact, Contact.id == IntroRequest.contact_id).where(
                IntroRequest.requester_ref == requester_ref, IntroRequest.state.in_(OPEN_STATES),
                Contact.organization_id == contact.organization_id))
            if open_at_org >= PER_ORGANISATION:
                raise InvalidInput(f"You already have {open_at_org} open requests to people at this organisation; "
                                   "please wait for their answers before asking someone else there.")
        open_for_contact = session.scalar(select(func.count()).select_from(IntroRequest).where(
            IntroRequest.contact_id == contact_id, IntroRequest.state.in_(OPEN_STATES)))
        if open_for_contact >= self.settings.intro_max_open_per_contact:
            raise InvalidInput("This contact has several open requests already; please try again in a few days.")

    # ----- transitions ---------------------------------------------------------------------
    def approve(self, intro_id: str, *, staff_ref: str, is_staff: bool) -> Outcome:
        if not is_staff:
            raise PermissionDenied("Only ambassadors and the secretariat can approve introductions.")
        return self._move(intro_id, actor=staff_ref, allowed_from=("pending_approval",), to="pending_consent",
                          extra=lambda r, now: setattr(r, "expires_at", _answer_from(r, now) + timedelta(
                              days=self.settings.intro_expiry_days)) or setattr(r, "approved_by", staff_ref))

    def reject(self, intro_id: str, *, staff_ref: str, is_staff: bool) -> Outcome:
        if not is_staff:
            raise PermissionDenied("Only ambassadors and the secretariat can reject introductions.")
        return self._move(intro_id, actor=staff_ref, allowed_from=("pending_approval",), to="rejected", notice="rejected")

    def accept(self, intro_id: str, *, actor_ref: str, is_staff: bool = False) -> Outcome:
        self._require_contact(intro_id, actor_ref, is_staff)
        return self._move(intro_id, actor=actor_ref, allowed_from=("pending_consent",), to="accepted", notice="accepted",
                          extra=lambda r, now: setattr(r, "decided_at", now) or setattr(r, "decided_by", actor_ref))

    def decline(self, intro_id: str, *, actor_ref: str, is_staff: bool = False) -> Outcome:
        self._require_contact(intro_id, actor_ref, is_staff)
        return self._move(intro_id, actor=actor_ref, allowed_from=("pending_consent",), to="declined", notice="declined",
                          extra=lambda r, now: setattr(r, "decided_at", now) or setattr(r, "decided_by", actor_ref))

    def withdraw(self, intro_id: str, *, requester_ref: str) -> Outcome:
        with self.sessions() as session:
            intro = session.get(IntroRequest, intro_id)
            if intro is None or intro.requester_ref != requester_ref:
                raise PermissionDenied("Only the person who asked for an introduction can withdraw it.")
        return self._move(intro_id, actor=requester_ref, allowed_from=OPEN_STATES, to="withdrawn", notice="withdrawn")

    def close_for_contact(self, contact_id: str, *, actor_ref: str) -> list[Notice]:
        """A contact who withdraws consent is asked nothing more: their open requests are declined."""
        with self.sessions() as session:
            open_ids = session.scalars(select(IntroRequest.id).where(
                IntroRequest.contact_id == contact_id, IntroRequest.state.in_(OPEN_STATES))).all()
        notices: list[Notice] = []
        for intro_id in open_ids:
            outcome = self._move(intro_id, actor=actor_ref, allowed_from=OPEN_STATES, to="declined", notice="declined")
            notices.extend(outcome.notices)
        return notices

    def close_quietly(self, intro_id: str, *, actor_ref: str) -> Outcome:
        """A request from someone now on the contact's list: declined, and the requester reads only the
        usual neutral note."""
        return self._move(intro_id, actor=actor_ref, allowed_from=OPEN_STATES, to="declined", notice="declined",
                          note="the contact's list", extra=lambda r, now: setattr(r, "decided_at", now)
                          or setattr(r, "decided_by", actor_ref))

    def mark_met(self, intro_id: str, *, actor_ref: str) -> Outcome:
        return self._move(intro_id, actor=actor_ref, allowed_from=("accepted",), to="met")

    def require_contact(self, intro_id: str, actor_ref: str, is_staff: bool) -> None:
        self._require_contact(intro_id, actor_ref, is_staff)

    def _require_contact(self, intro_id: str, actor_ref: str, is_staff: bool) -> None:
        """The contact answers for themselves. Staff answer on their behalf only when the bot cannot
        reach them (no chat account): otherwise staff could skip the contact's consent, and an
        accepted introduction hands the contact's chat identity to the requester."""
        with self.sessions() as session:
            intro = session.get(IntroRequest, intro_id) if isinstance(intro_id, str) and intro_id else None
            if intro is None:
                raise NotFound("That introduction request no longer exists.")
            contact = session.get(Contact, intro.contact_id)
            if contact is not None and actor_ref in user_refs(contact):
                return
            if is_staff and contact is not None and not user_refs(contact):
                return
            if is_staff:
                raise PermissionDenied(
                    f"{contact.name if contact else 'The contact'} can be reached in chat and answers this request "
                    "themselves; staff accept or decline only for contacts without a chat account.")
            raise PermissionDenied("Only the person asked can accept or decline this introduction.")

    def _move(self, intro_id: str, *, actor: str, allowed_from: tuple[str, ...], to: str, notice: str | None = None,  # noqa: ANN001
              extra=None, note: str | None = None) -> Outcome:
        now = self.clock.now()
        with transaction(self.sessions) as session:
            intro = session.get(IntroRequest, intro_id)
            if intro is None:
                raise NotFound("That introduction request no longer exists.")
            previous = intro.state
            # Conditional update: of two concurrent clicks only one moves the request.
            moved = session.execute(
                update(IntroRequest).where(IntroRequest.id == intro_id, IntroRequest.state.in_(allowed_from))
                .values(state=to, updated_at=now).execution_options(synchronize_session=False)
            ).rowcount
            if not moved:
                session.refresh(intro)
                return Outcome(intro=_view(session, intro), changed=False)
            session.refresh(intro)
            if extra:
                extra(intro, now)
            session.add(IntroEvent(request_id=intro_id, at=now, actor=actor, from_state=previous, to_state=to, note=note))
            if to in ("accepted", "declined"):  # an answer: the contact is suggested again if paused
                availability.answered(session, intro.contact_id, now)
            view = _view(session, intro)
            notices = intro_notices.for_move(view, kind=notice, previous=previous, approver=intro.approved_by)
            self._record(session, notices, now)
        self._written(notices)
        return Outcome(intro=view, notices=notices)

    # ----- reading -------------------------------------------------------------------------
    def get(self, intro_id: str) -> IntroView:
        with self.sessions() as session:
            intro = session.get(IntroRequest, intro_id)
            if intro is None:
                raise NotFound("That introduction request no longer exists.")
            return _view(session, intro)

    def for_requester(self, requester_ref: str, limit: int = 20) -> list[IntroView]:
        with self.sessions() as session:
            rows = session.scalars(select(IntroRequest).where(IntroRequest.requester_ref == requester_ref)
                                   .order_by(IntroRequest.created_at.desc()).limit(limit)).all()
            return [_view(session, r) for r in rows]

    def by_state(self, *, limit: int = 200) -> dict[str, list[IntroView]]:
        """The pipeline: every state with its newest requests first (for the staff console)."""
        pipeline: dict[str, list[IntroView]] = {state: [] for state in (*OPEN_STATES, *FINAL_STATES)}
        with self.sessions() as session:
            rows = session.scalars(select(IntroRequest).order_by(IntroRequest.created_at.desc()).limit(limit)).all()
            for r in rows:
                pipeline.setdefault(r.state, []).append(_view(session, r))
        return pipeline

    def history(self, intro_id: str) -> list[tuple[str, str, str]]:
        with self.sessions() as session:
            events = session.scalars(select(IntroEvent).where(IntroEvent.request_id == intro_id).order_by(IntroEvent.id)).all()
            return [(e.to_state, e.actor, e.at.isoformat()) for e in events]

    # ----- the periodic sweep (bot.matching.intro_sweep) ------------------------------------
    def sweep(self, *, worker: str | None = None) -> list[Notice]:
        """Remind, expire and follow up what is due; see bot.matching.intro_sweep."""
        return intro_sweep.sweep(self, worker=worker)

    def sweep_plan(self) -> list[str]:
        """What `sweep` would do now, one line per notice and recipient; reads only."""
        return intro_sweep.plan(self)


def _answer_from(intro: IntroRequest, now):  # noqa: ANN001, ANN202
    """When the contact can start answering: now, or when the snooze holding the request ends."""
    held = aware(intro.held_until) if intro.held_until else None
    return max(now, held) if held else now
