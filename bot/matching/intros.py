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

from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot import text_input
from bot.config import Settings
from bot.db.models import Contact, IntroEvent, IntroRequest
from bot.db.session import transaction
from bot.errors import InvalidInput, NotFound, PermissionDenied
from bot.matching import availability, intro_notices
from bot.matching.contacts import user_refs
from bot.notices.kinds import Notice, NoticeKind

OPEN_STATES = availability.OPEN_STATES
UNAVAILABLE = "That contact is not available for introductions."
PER_ORGANISATION = 2  # open requests from one requester to the people of one organisation
FINAL_STATES = ("accepted", "declined", "expired", "withdrawn", "rejected", "met")
MAX_REASON = 1000
MAX_OFFER = 1000


@dataclass
class IntroView:
    """What the surfaces need to render a request, without touching the database session."""

    id: str
    state: str
    requester_ref: str
    requester_name: str
    requester_org: str | None
    reason: str
    offer: str | None
    need: str | None
    contact_id: str
    contact_name: str
    contact_org: str | None
    contact_email: str
    contact_slack_id: str | None
    contact_teams_id: str | None
    created_at: str
    expires_at: str | None
    surface: str = "slack"  # where the request was made

    @property
    def reachable_in_chat(self) -> bool:
        """The contact can be asked in Slack or Teams, so only they may answer (see _require_contact)."""
        return bool(self.contact_slack_id or self.contact_teams_id)

    @property
    def requester_slack_id(self) -> str | None:
        return self.requester_ref.split(":", 1)[1] if self.requester_ref.startswith("slack:") else None


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

    # ----- the periodic sweep --------------------------------------------------------------
    def sweep(self, *, worker: str | None = None) -> list[Notice]:
        """Remind once, then expire, requests nobody answered; each change and its notice are one
        transaction. Safe with several sweepers at once: each request is claimed by a conditional update."""
        worker = worker or uuid.uuid4().hex[:12]
        now = self.clock.now()
        notices: list[Notice] = []
        with self.sessions() as session:
            due = session.scalars(select(IntroRequest.id).where(IntroRequest.state == "pending_consent")).all()
        for intro_id in due:
            with transaction(self.sessions) as session:
                claimed = session.execute(
                    update(IntroRequest).where(
                        IntroRequest.id == intro_id, IntroRequest.state == "pending_consent",
                        or_(IntroRequest.claimed_until.is_(None), IntroRequest.claimed_until < now))
                    .values(claimed_by=worker, claimed_until=now + timedelta(minutes=5))
                    .execution_options(synchronize_session=False)).rowcount
                if not claimed:
                    continue
                intro = session.get(IntroRequest, intro_id)
                session.refresh(intro)
                kind = self._sweep_action(intro, now)
                if kind == NoticeKind.REMINDER:
                    intro.reminder_sent_at = now
                    # Nobody expires without having been reminded once, even after a long pause.
                    if intro.expires_at is not None and _aware(intro.expires_at) < now + timedelta(days=1):
                        intro.expires_at = now + timedelta(days=1)
                    session.add(IntroEvent(request_id=intro_id, at=now, actor="sweep", from_state="pending_consent",
                                           to_state="pending_consent", note="reminder sent"))
                elif kind == NoticeKind.EXPIRED:
                    intro.state = "expired"
                    session.add(IntroEvent(request_id=intro_id, at=now, actor="sweep", from_state="pending_consent", to_state="expired"))
                intro.claimed_by, intro.claimed_until, intro.updated_at = None, None, now
                if kind:
                    view = _view(session, intro)
                    limit = self.settings.intro_unanswered_limit
                    paused = kind == NoticeKind.EXPIRED and availability.count_unanswered(session, intro.contact_id, now, limit)
                    notices += self._record(session, intro_notices.for_sweep(kind, view, paused=paused, limit=limit), now)
        notices += self._follow_ups(now)
        self._written(notices)
        return notices

    def _follow_ups_due(self, session: Session, now) -> list[str]:  # noqa: ANN001
        since = now - timedelta(days=self.settings.intro_follow_up_days)
        return list(session.scalars(select(IntroRequest.id).where(
            IntroRequest.state == "accepted", IntroRequest.follow_up_sent_at.is_(None), IntroRequest.decided_at <= since)
            .order_by(IntroRequest.decided_at)))

    def _follow_ups(self, now) -> list[Notice]:  # noqa: ANN001
        """A week (intro_follow_up_days) after an accepted introduction, both sides are asked once whether
        they met and whether it was useful; the conditional update makes it once across sweepers."""
        notices: list[Notice] = []
        with self.sessions() as session:
            due = self._follow_ups_due(session, now)
        for intro_id in due:
            with transaction(self.sessions) as session:
                claimed = session.execute(update(IntroRequest).where(
                    IntroRequest.id == intro_id, IntroRequest.follow_up_sent_at.is_(None))
                    .values(follow_up_sent_at=now).execution_options(synchronize_session=False)).rowcount
                if claimed:
                    intro = session.get(IntroRequest, intro_id)
                    session.refresh(intro)
                    notices += self._record(session, [Notice(NoticeKind.FOLLOW_UP, _view(session, intro))], now)
        return notices

    def sweep_plan(self) -> list[str]:
        """What `sweep` would do now, one line per notice and recipient; reads only."""
        now, lines = self.clock.now(), []
        with self.sessions() as session:
            for intro in session.scalars(select(IntroRequest).where(IntroRequest.state == "pending_consent")
                                         .order_by(IntroRequest.created_at)):
                kind = self._sweep_action(intro, now)
                if kind:
                    lines += intro_notices.plan_lines(session, self.settings, Notice(kind, _view(session, intro)))
            for intro_id in self._follow_ups_due(session, now):
                notice = Notice(NoticeKind.FOLLOW_UP, _view(session, session.get(IntroRequest, intro_id)))
                lines += intro_notices.plan_lines(session, self.settings, notice)
        return lines

    def _sweep_action(self, intro: IntroRequest, now) -> NoticeKind | None:  # noqa: ANN001
        held = _aware(intro.held_until) if intro.held_until else None
        if held is not None and held > now:
            return None  # the contact is snoozed: nothing reaches them, nothing expires
        start = max(_aware(intro.created_at), held) if held else _aware(intro.created_at)
        if intro.reminder_sent_at is None:  # nobody expires without having been reminded once (a snooze may
            # have held the request past its expiry)
            return NoticeKind.REMINDER if start + timedelta(days=self.settings.intro_reminder_days) <= now else None
        if intro.expires_at is not None and _aware(intro.expires_at) <= now:
            return NoticeKind.EXPIRED
        return None


def _answer_from(intro: IntroRequest, now):  # noqa: ANN001, ANN202
    """When the contact can start answering: now, or when the snooze holding the request ends."""
    held = _aware(intro.held_until) if intro.held_until else None
    return max(now, held) if held else now


def _aware(when):  # noqa: ANN001, ANN202
    from datetime import timezone

    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def _view(session: Session, intro: IntroRequest) -> IntroView:
    contact = session.get(Contact, intro.contact_id)
    org = contact.organization.name if contact is not None and contact.organization is not None else None
    return IntroView(
        id=intro.id, state=intro.state, requester_ref=intro.requester_ref, requester_name=intro.requester_name,
        requester_org=intro.requester_org, reason=intro.reason, offer=intro.offer, need=intro.need,
        contact_id=intro.contact_id, contact_name=contact.name if contact else "", contact_org=org,
        contact_email=contact.email if contact else "", contact_slack_id=contact.slack_user_id if contact else None,
        contact_teams_id=contact.teams_user_id if contact else None,
        created_at=_aware(intro.created_at).isoformat(timespec="seconds"),
        expires_at=_aware(intro.expires_at).isoformat(timespec="seconds") if intro.expires_at else None,
        surface=intro.surface or "slack",
    )
