"""What a contact sets about introductions: a snooze, and a "don't introduce me to" list.

Both are the contact's own (staff may set them for anyone). What they do to requests already open:

- Snoozing holds them: the contact gets no consent request, reminder or expiry before the snooze
  ends (each keeps the time it had left to be answered, counted from then), and each requester is
  told once that the contact is away until that date, so they can wait or withdraw. Un-snoozing
  early lets them go on at once. New requests to a snoozed contact are refused.
- Blocking declines them quietly: the requester gets the usual neutral "did not work out this
  time", never who asked not to be introduced. New requests are refused the same way as a contact
  who is not available (bot.matching.intros).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from bot.config import Settings
from bot.db.models import Contact, IntroBlock, IntroRequest
from bot.db.session import transaction
from bot.errors import InvalidInput, NotFound, PermissionDenied
from bot.matching import availability
from bot.matching.contacts import contact_by_email, contact_for_user
from bot.notices.kinds import Notice, NoticeKind

SNOOZE_DAYS = {"1w": 7, "1m": 30, "3m": 91}
SNOOZE_LABELS = {"1w": "1 week", "1m": "1 month", "3m": "3 months"}
MAX_SNOOZE_DAYS = 366
MAX_BLOCKS = 100
_REF = re.compile(r"^(slack|teams|contact):[\w:.@-]{1,200}$")


def snooze_end(choice: str | None, on: str | date | None, now: datetime) -> datetime | None:
    """The end of a snooze chosen as "1w"/"1m"/"3m", or "date" with `on` (YYYY-MM-DD, the snooze lasts
    through that day); None for "none" (not snoozed)."""
    if not choice or choice == "none":
        return None
    if choice in SNOOZE_DAYS:
        return now + timedelta(days=SNOOZE_DAYS[choice])
    if choice != "date":
        raise InvalidInput("Please choose how long to snooze: 1 week, 1 month, 3 months or until a date.")
    try:
        day = on if isinstance(on, date) else date.fromisoformat(str(on or "").strip())
    except ValueError:
        raise InvalidInput("Please give the date the snooze should end, as YYYY-MM-DD.") from None
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=timezone.utc)
    if end <= now:
        raise InvalidInput("That date has passed; please pick one in the future.")
    if end > now + timedelta(days=MAX_SNOOZE_DAYS):
        raise InvalidInput(f"A snooze can last at most {MAX_SNOOZE_DAYS} days; you can snooze again later.")
    return end


class Preferences:
    def __init__(self, *, settings: Settings, sessions: sessionmaker[Session], clock, intros) -> None:  # noqa: ANN001
        self.settings, self.sessions, self.clock, self.intros = settings, sessions, clock, intros

    @staticmethod
    def _check(contact_id: str, is_staff: bool, actor_contact_id: str | None) -> None:
        if not is_staff and (not actor_contact_id or actor_contact_id != contact_id):
            raise PermissionDenied("You can only change your own introduction settings.")

    def state(self, contact_id: str) -> dict:
        """The contact's snooze, pause and list, for their profile (never someone else's details)."""
        now = self.clock.now()
        with self.sessions() as session:
            if session.get(Contact, contact_id) is None:
                raise NotFound("That profile does not exist.")
            found = session.get(availability.ContactAvailability, contact_id)
            until = availability.snoozed_until(session, contact_id, now)
            blocks = session.scalars(select(IntroBlock).where(IntroBlock.contact_id == contact_id).order_by(IntroBlock.id)).all()
            return {"snoozed_until": until.isoformat(timespec="minutes") if until else None,
                    "paused": bool(found is not None and found.paused_at is not None),
                    "unanswered": int(found.unanswered or 0) if found is not None else 0,
                    "people": [{"value": b.value, "label": b.label} for b in blocks if b.kind == availability.PERSON],
                    "organisations": [b.label or b.value for b in blocks if b.kind == availability.ORGANISATION]}

    # ----- snooze -----------------------------------------------------------------------------------
    def snooze(self, contact_id: str, *, until: datetime | None, actor_ref: str, is_staff: bool = False,
               actor_contact_id: str | None = None) -> datetime | None:
        """Snooze until `until` (None: un-snooze). Returns the end of the snooze now in force."""
        self._check(contact_id, is_staff, actor_contact_id)
        now = self.clock.now()
        if until is not None and not now < until <= now + timedelta(days=MAX_SNOOZE_DAYS + 1):
            raise InvalidInput(f"A snooze ends in the future and lasts at most {MAX_SNOOZE_DAYS} days.")
        notices: list[Notice] = []
        with transaction(self.sessions) as session:
            if session.get(Contact, contact_id) is None:
                raise NotFound("That profile does not exist.")
            found = availability.row(session, contact_id, now)
            was = availability.snoozed_until(session, contact_id, now)
            if actor_contact_id == contact_id:  # the contact is active: suggested again if paused
                availability.answered(session, contact_id, now)
            found.snoozed_until, found.snoozed_by, found.updated_at = until, actor_ref[:200], now
            if until is None:
                if was is not None:
                    availability.release(session, contact_id, now)
            else:
                for intro in session.scalars(select(IntroRequest).where(
                        IntroRequest.contact_id == contact_id, IntroRequest.state.in_(availability.OPEN_STATES))):
                    availability.hold(session, intro, until, now)
                    notices.append(Notice(NoticeKind.HELD, self.intros.view(session, intro),
                                          {"until": until.date().isoformat()}))
                self.intros.record(session, notices, now)
        self.intros.written(notices)
        return until

    # ----- "don't introduce me to" --------------------------------------------------------------------
    def set_blocks(self, contact_id: str, *, people: list[str], organisations: list[str], actor_ref: str,
                   is_staff: bool = False, actor_contact_id: str | None = None) -> dict:
        """Replace the list. `people`: chat refs ("slack:U1"), "contact:<id>" or e-mail addresses of
        contacts. Open requests from anyone now on the list are declined quietly."""
        self._check(contact_id, is_staff, actor_contact_id)
        now = self.clock.now()
        with transaction(self.sessions) as session:
            if session.get(Contact, contact_id) is None:
                raise NotFound("That profile does not exist.")
            known = {b.value: b.label for b in session.scalars(select(IntroBlock).where(
                IntroBlock.contact_id == contact_id, IntroBlock.kind == availability.PERSON))}
            entries = self._people(session, people, contact_id, known) + self._organisations(organisations)
            if len(entries) > MAX_BLOCKS:
                raise InvalidInput(f"Please keep the list to at most {MAX_BLOCKS} people and organisations.")
            if actor_contact_id == contact_id:
                availability.answered(session, contact_id, now)
            session.execute(delete(IntroBlock).where(IntroBlock.contact_id == contact_id))
            session.flush()
            session.add_all(IntroBlock(contact_id=contact_id, kind=kind, value=value, label=label, created_at=now)
                            for kind, value, label in dict.fromkeys(entries))
            session.flush()
            blocked = [i.id for i in session.scalars(select(IntroRequest).where(
                IntroRequest.contact_id == contact_id, IntroRequest.state.in_(availability.OPEN_STATES)))
                if availability.blocks_request(session, contact_id, i)]
        for intro_id in blocked:
            self.intros.close_quietly(intro_id, actor_ref=actor_ref)
        return self.state(contact_id)

    def block_requester(self, intro_id: str, *, actor_ref: str, is_staff: bool = False):  # noqa: ANN201
        """"Decline, and don't introduce me to them again": the requester goes on the contact's list,
        and this request is declined as any other (the requester is told only that it did not work out)."""
        self.intros.require_contact(intro_id, actor_ref, is_staff)
        now = self.clock.now()
        with transaction(self.sessions) as session:
            intro = session.get(IntroRequest, intro_id)
            requester = contact_for_user(session=session, ref=intro.requester_ref)
            value = f"contact:{requester.id}" if requester is not None else intro.requester_ref
            exists = session.scalar(select(IntroBlock.id).where(
                IntroBlock.contact_id == intro.contact_id, IntroBlock.kind == availability.PERSON, IntroBlock.value == value))
            if exists is None:
                session.add(IntroBlock(contact_id=intro.contact_id, kind=availability.PERSON, value=value,
                                       label=(requester.name if requester is not None else intro.requester_name)[:300],
                                       created_at=now))
        return self.intros.decline(intro_id, actor_ref=actor_ref, is_staff=is_staff)

    @staticmethod
    def _people(session: Session, people: list[str], contact_id: str, known: dict[str, str]) -> list[tuple[str, str, str]]:
        """(kind, value, label) for each person; a label already on the list (their name) is kept."""
        out = []
        for raw in people:
            item = str(raw or "").strip()
            if not item:
                continue
            if "@" in item and ":" not in item:
                found = contact_by_email(session=session, email=item)
                if found is None:
                    raise InvalidInput(f"Nobody in the contact list has the address {item[:100]}.")
                value, label = f"contact:{found.id}", found.name
            elif _REF.match(item):
                found = contact_for_user(session=session, ref=item) if not item.startswith("contact:") else \
                    session.get(Contact, item.split(":", 1)[1])
                value, label = item, found.name if found is not None else known.get(item) or item.split(":", 1)[1]
            else:
                raise InvalidInput("Please name people by their e-mail address in the contact list.")
            if value == f"contact:{contact_id}":
                continue  # yourself: nothing to block
            out.append((availability.PERSON, value[:300], label[:300]))
        return out

    @staticmethod
    def _organisations(organisations: list[str]) -> list[tuple[str, str, str]]:
        out = []
        for raw in organisations:
            name = " ".join(str(raw or "").split())
            if not name:
                continue
            if len(name) > 300:
                raise InvalidInput("Please keep each organisation name under 300 characters.")
            out.append((availability.ORGANISATION, availability.org_key(name), name))
        return out
