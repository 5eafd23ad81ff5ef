"""`python -m bot contacts forget`: after it, nothing in the database, its files or the caches names the person."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import select, text
from typer.testing import CliRunner

from bot.cli.main import app
from bot.db.models import (
    AnswerRecord,
    AuditEntry,
    Base,
    CachedValue,
    ConsoleLink,
    ConsoleSession,
    Contact,
    ContactAvailability,
    ConversationHistory,
    MessageAnswer,
    Document,
    Feedback,
    GapResolution,
    IntroBlock,
    IntroEvent,
    IntroFollowUp,
    IntroRequest,
    MatchFeedback,
    OutboxNotice,
    RateLimitHit,
    UnansweredQuestion,
)
from bot.db.session import transaction
from bot.db.teams_refs import TeamsConversation, save_reference
from bot.matching.profiles import update_profile
from tests.conftest import make_settings
from tests.matching.conftest import contact_ids, import_csv

MEGAN = "megan.calloway@bayfield-bio.example.org"
NAME, SLACK, TEAMS = "Megan Calloway", "U0FICT001", "aad-megan-7c41"
JONAS, PETER = "jonas.riis@hvidore-hosp.example.org", "peter.lund@hvidore-hosp.example.org"
QUESTION = "Can my son Halvard join the Zealand kindergarten pilot while I am on exchange qx7731?"

# Every table, by whether a row can name a person. A new table fails the test until it is sorted here.
NAMING = {"contacts", "profile_changes", "documents", "answers", "unanswered_questions", "feedback", "match_feedback",
          "intro_requests", "intro_events", "audit_log", "teams_conversations", "outbox", "rate_limit_hits",
          "conversation_history", "cached_values", "console_links", "console_sessions", "gap_resolutions",
          "contact_availability", "intro_blocks", "intro_follow_ups"}
NOT_NAMING = {"organizations", "kb_state", "processed_events", "message_answers", "alembic_version"}


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def services(request, tmp_path, monkeypatch, embedder):
    from bot.services import build_services

    overrides = {}
    if request.param == "postgresql":
        overrides["database_url"] = request.getfixturevalue("postgres_url")
        monkeypatch.setenv("DATABASE_URL", overrides["database_url"])
    monkeypatch.setenv("BOT_DATA_DIR", str(tmp_path / "var"))
    svc = build_services(make_settings(tmp_path, **overrides))
    svc.embedder = embedder
    yield svc  # stays open through the erasure, as a running server would
    svc.close()


def _seed(svc) -> tuple[dict[str, str], str]:  # noqa: ANN001
    """The person in every role a table records: contact, requester, asker, voter, staff editor and approver."""
    assert not import_csv(svc.sessions, svc.embedder).rejected
    ids = contact_ids(svc.sessions)
    megan, jonas, peter = ids[MEGAN], ids[JONAS], ids[PETER]
    with transaction(svc.sessions) as s:
        s.get(Contact, megan).teams_user_id = TEAMS
    assert svc.matcher.match("CRISPR base editing lab", limit=5)  # writes the vector cache file
    me = f"slack:{SLACK}"
    update_profile(svc.sessions, contact_id=megan, editor_ref=me, is_staff=False, editor_contact_id=megan,
                   fields={"seeking": ["kindergarten pilot partners"]})
    update_profile(svc.sessions, contact_id=jonas, editor_ref=me, is_staff=True, editor_contact_id=megan,
                   fields={"offering": ["cardiology trial site"]})
    save_reference(svc.sessions, f"teams:{TEAMS}", {"user": {"id": "29:megan", "name": NAME, "aadObjectId": TEAMS},
                                                     "serviceUrl": "https://smba.trafficmanager.net/emea/"})
    with transaction(svc.sessions) as s:
        to_her = IntroRequest(requester_ref="slack:U0FICT014", requester_name="Jonas Riis", contact_id=megan,
                              requester_contact_id=jonas, reason="trial", state="pending_consent")
        from_her = IntroRequest(requester_ref=me, requester_name=NAME, contact_id=jonas, reason=QUESTION,
                                need=QUESTION, state="accepted", decided_by="slack:U0FICT014")
        # Someone else's request that she approved as an ambassador and answered for as staff.
        handled = IntroRequest(requester_ref="slack:U0FICT014", requester_name="Jonas Riis", contact_id=peter,
                               reason="imaging", state="accepted", approved_by=me, decided_by=me)
        s.add_all([to_her, from_her, handled])
        s.flush()
        s.add_all([
            IntroEvent(request_id=to_her.id, actor="slack:U0FICT014", to_state="pending_consent"),
            IntroEvent(request_id=from_her.id, actor=me, to_state="requested", note=QUESTION),
            IntroEvent(request_id=handled.id, actor=me, from_state="pending_approval", to_state="pending_consent"),
            Document(source="uploads/kindergarten.md", title="Kindergarten pilot", content_hash="0" * 64, added_by=me),
            MatchFeedback(need="crispr", contact_id=megan, rating=1, user_ref="slack:U0FICT014"),
            MatchFeedback(need=QUESTION, contact_id=jonas, rating=-1, user_ref=me),
            AuditEntry(actor=me, action="kb.add", target="uploads/kindergarten.md", detail={"chunks": 1}),
            AuditEntry(actor="slack:USTAFF", action="profile.update", target=megan, detail={}),
        ])
        asked = AnswerRecord(question=QUESTION, answer="The exchange guide [1] says ...", confident=True, user_ref=me,
                             surface="slack")
        in_teams = AnswerRecord(question=QUESTION + " (Teams)", answer="...", confident=False, user_ref=f"teams:{TEAMS}",
                                surface="teams")
        s.add_all([asked, in_teams])
        s.flush()
        s.add_all([
            Feedback(answer_id=asked.id, question=QUESTION, answer="...", rating=-1, comment=f"{NAME} here: wrong city",
                     user_ref=me),
            # A colleague's vote on her answer copies her question: it goes too.
            Feedback(answer_id=asked.id, question=QUESTION, answer="...", rating=1, user_ref="slack:U0FICT014"),
            UnansweredQuestion(question=QUESTION, answer_id=in_teams.id, user_ref=f"teams:{TEAMS}", surface="teams"),
            # The Teams message that held her answer (for the feedback loop): it names no one, but goes with it.
            MessageAnswer(conversation_id="a:conv-7731", message_id="msg-1", answer_id=in_teams.id, at=1.0),
            # What the conversation core and the outbox keep: her rate-limit count, her turns, a cached
            # staff group naming her, and a notice about her introduction.
            RateLimitHit(key=me, at=1.0),
            ConversationHistory(key="teams:a:conv-7731", turns=[{"role": "user", "text": QUESTION}], updated_at=1.0),
            CachedValue(key="slack:usergroup:S0STAFF", value={"members": [SLACK, "U0FICT014"]}, fetched_at=1.0),
            # Her console sign-in link and session (she is staff too), and a gap she marked resolved.
            ConsoleLink(token_hash="1" * 64, user_ref=me, expires_at=datetime.now(timezone.utc)),
            ConsoleSession(id_hash="2" * 64, user_ref=me, method="link", expires_at=datetime.now(timezone.utc)),
            GapResolution(kind="downvoted", row_id=10_000, actor=me, document="uploads/kindergarten.md"),
            OutboxNotice(key=f"accepted:{from_her.id}:requester", kind="accepted", intro_id=from_her.id,
                         recipient="requester", surface="slack", target=SLACK, payload={"name": NAME}),
            # Her snooze, a snooze she set for Peter as staff, her own list, a colleague's list naming
            # her, and her answer to a follow-up.
            ContactAvailability(contact_id=megan, snoozed_by=me, unanswered=1),
            ContactAvailability(contact_id=peter, snoozed_by=me, unanswered=0),
            IntroBlock(contact_id=megan, kind="organisation", value="hvidøre university hospital", label="Hvidøre"),
            IntroBlock(contact_id=jonas, kind="person", value=f"contact:{megan}", label=NAME),
            IntroFollowUp(intro_id=from_her.id, side="requester", respondent_ref=me, answer="useful"),
        ])
    return ids, handled.id


def _traces(rows: list, needles: list[str]) -> list[str]:
    return [str(r) for r in rows if any(n in str(r) for n in needles)]


def _table_rows(svc, table: str) -> list:  # noqa: ANN001
    with svc.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(f'SELECT * FROM "{table}"'))]


def test_erasure_leaves_no_trace_in_sqlite_file(services, tmp_path):
    svc = services
    ids, handled = _seed(svc)
    megan = ids[MEGAN]
    needles = [MEGAN, NAME, SLACK, TEAMS, megan, QUESTION]
    with svc.engine.connect() as conn:
        tables = set(svc.engine.dialect.get_table_names(conn))
    assert tables == NAMING | NOT_NAMING, "sort the new table into NAMING or NOT_NAMING, and erase it in forget.py"
    assert set(Base.metadata.tables) | {"alembic_version"} == tables
    for table in NAMING:  # the seed reaches every table that can name her
        assert _traces(_table_rows(svc, table), needles), table
    caches = sorted((tmp_path / "var" / "matching").glob("vectors-*.npz"))
    assert caches and all(megan in np.load(p)["ids"].tolist() for p in caches)

    result = CliRunner().invoke(app, ["contacts", "forget", MEGAN.upper(), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert set(report) == {"forgotten", "removed"} and report["forgotten"] is True

    # Every table: no row names her; what others own stays, with her replaced.
    for table in NAMING | NOT_NAMING:
        assert _traces(_table_rows(svc, table), needles) == [], table
    with svc.sessions() as s:
        assert s.get(Contact, ids[JONAS]).updated_by == "erased"
        kept = s.get(IntroRequest, handled)
        assert (kept.approved_by, kept.decided_by) == ("erased", "erased")
        assert [e.actor for e in s.scalars(select(IntroEvent).where(IntroEvent.request_id == handled))] == ["erased"]
        assert s.get(Document, "uploads/kindergarten.md").added_by is None
        assert s.scalar(select(TeamsConversation)) is None
        assert s.scalar(select(MessageAnswer)) is None
    for path in caches:
        with np.load(path) as data:
            assert megan not in data["ids"].tolist() and len(data["ids"]) == len(data["vectors"]) == len(ids) - 1

    if svc.engine.dialect.name == "sqlite":
        database = Path(svc.engine.url.database)
        files = [p for p in (database, Path(f"{database}-wal"), Path(f"{database}-shm")) if p.exists()]
        assert database in files
        for path in files:
            raw = path.read_bytes()
            for needle in needles:
                assert needle.encode() not in raw, f"{needle!r} readable in {path.name}"
            assert b"qx7731" not in raw and b"Calloway" not in raw

    # The counts per table (contacts: hers, and Jonas's whose last editor she was).
    removed = report["removed"]
    assert all(isinstance(n, int) for n in removed.values())
    assert (removed["contacts"], removed["intro_requests"], removed["answers"], removed["feedback"],
            removed["unanswered_questions"], removed["teams_conversations"], removed["documents"],
            removed["vector_cache"]) == (2, 3, 2, 2, 1, 1, 1, len(caches))

    # The rewritten cache still serves matches from everybody else's vectors.
    names = [m.name for m in svc.matcher.match("CRISPR base editing lab", limit=10)]
    assert names and NAME not in names
