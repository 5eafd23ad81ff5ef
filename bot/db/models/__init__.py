"""The relational schema, one module per area, all on one declarative Base (bot.db.models.base).

Importing this package registers every table on Base.metadata, which Alembic (bot/db/migrations/env.py)
and the schema test compare with the migrations; so a new model module must be imported here too.
Every model is re-exported here, so callers import `from bot.db.models import Contact` whichever module holds it.

Schema changes go through Alembic (bot/db/migrations); never `create_all` on a live database.
"""

from bot.db.models.answers import AnswerRecord, Feedback, GapResolution, UnansweredQuestion
from bot.db.models.base import Base, new_id, utcnow
from bot.db.models.directory import Contact, MatchFeedback, Organization, ProfileChange
from bot.db.models.introductions import ContactAvailability, IntroBlock, IntroEvent, IntroFollowUp, IntroRequest
from bot.db.models.knowledge import Document, KnowledgeState
from bot.db.models.outbox import OutboxNotice
from bot.db.models.shared_state import CachedValue, ConversationHistory, MessageAnswer, ProcessedEvent, RateLimitHit
from bot.db.models.staff import AuditEntry, ConsoleLink, ConsoleSession

__all__ = [
    "AnswerRecord", "AuditEntry", "Base", "CachedValue", "ConsoleLink", "ConsoleSession", "Contact",
    "ContactAvailability", "ConversationHistory", "Document", "Feedback", "GapResolution", "IntroBlock",
    "IntroEvent", "IntroFollowUp", "IntroRequest", "KnowledgeState", "MatchFeedback", "MessageAnswer",
    "Organization", "OutboxNotice", "ProcessedEvent", "ProfileChange", "RateLimitHit", "UnansweredQuestion",
    "new_id", "utcnow",
]
