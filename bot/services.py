"""The composition root: builds engines and clients once, from Settings, and hands them out.

Everything is built lazily on first use, so `python -m bot --help` stays instant and a
surface only pays for what it touches.
"""

from __future__ import annotations

import logging
from functools import cached_property

from bot.config import Settings

log = logging.getLogger(__name__)


class Services:
    def __init__(self, settings: Settings, *, clock=None) -> None:  # noqa: ANN001
        self.settings = settings
        from bot.clock import SystemClock

        self.clock = clock or SystemClock()

    # storage --------------------------------------------------------------------------------
    @cached_property
    def engine(self):  # noqa: ANN201
        from bot.db.session import make_engine, migrate, require_current_schema

        self.settings.bot_data_dir.mkdir(parents=True, exist_ok=True)
        engine = make_engine(self.settings.resolved_database_url)
        # Production runs `python -m bot db upgrade` as its own step, so the app's role needs no DDL rights.
        if self.settings.auto_migrate:
            migrate(engine)
        else:
            try:
                require_current_schema(engine)
            except BaseException:
                engine.dispose()
                raise
        return engine

    @cached_property
    def sessions(self):  # noqa: ANN201
        from bot.db.session import make_session_factory

        return make_session_factory(self.engine)

    # knowledge ------------------------------------------------------------------------------
    @cached_property
    def embedder(self):  # noqa: ANN201
        from bot.kb.embedder import MiniLMEmbedder

        return MiniLMEmbedder(threads=self.settings.embed_threads)

    @cached_property
    def chroma(self):  # noqa: ANN201
        from bot.kb.store import make_chroma_client

        s = self.settings
        return make_chroma_client(path=s.chroma_path, host=s.chroma_host, port=s.chroma_port)

    @cached_property
    def knowledge(self):  # noqa: ANN201
        from bot.kb.base import KnowledgeBase
        from bot.kb.snapshot_cache import SnapshotCache
        from bot.kb.store import ChunkStore

        s = self.settings
        where = f"Chroma server {s.chroma_host}:{s.chroma_port}" if s.chroma_host else f"Chroma files in {s.chroma_path}"
        store = ChunkStore(self.chroma, s.chroma_collection, self.embedder, where)
        cache = SnapshotCache(s.bot_data_dir / "cache", f"{s.chroma_host or 'embedded'}:{s.chroma_port}/{s.chroma_collection}")
        return KnowledgeBase(sessions=self.sessions, store=store, embedder=self.embedder, cache=cache)

    # answering ------------------------------------------------------------------------------
    @cached_property
    def chat_model(self):  # noqa: ANN201
        """The configured LangChain chat model, or None for the offline extractive answerer."""
        from bot.qa.llm import build_chat_model

        return build_chat_model(self.settings)

    @cached_property
    def assistant(self):  # noqa: ANN201
        from bot.qa.assistant import Assistant

        return Assistant(settings=self.settings, knowledge=self.knowledge, sessions=self.sessions, chat_model=self.chat_model)

    # matching -------------------------------------------------------------------------------
    @cached_property
    def matcher(self):  # noqa: ANN201
        from bot.matching.matcher import Matcher

        return Matcher(sessions=self.sessions, embedder=self.embedder, cache_dir=self.settings.bot_data_dir / "matching",
                       now=lambda: self.clock.now())

    @cached_property
    def intros(self):  # noqa: ANN201
        from bot.matching.intros import Introductions

        return Introductions(settings=self.settings, sessions=self.sessions, clock=self.clock, notices=self.outbox)

    @cached_property
    def preferences(self):  # noqa: ANN201
        """A contact's snooze and "don't introduce me to" list."""
        from bot.matching.preferences import Preferences

        return Preferences(settings=self.settings, sessions=self.sessions, clock=self.clock, intros=self.intros)

    # notices and background jobs ------------------------------------------------------------
    @cached_property
    def outbox(self):  # noqa: ANN201
        from bot.notices.outbox import Outbox

        return Outbox(settings=self.settings, sessions=self.sessions, clock=self.clock)

    @cached_property
    def jobs(self):  # noqa: ANN201
        """The job queue (huey): the same tasks in every process; `python -m bot worker` runs them."""
        from bot.jobs.tasks import Jobs

        jobs = Jobs(self)
        self.outbox.on_written(jobs.wake_delivery)
        return jobs

    @cached_property
    def conversation(self):  # noqa: ANN201
        """The one entry every chat surface calls: a turn in, a reply out."""
        from bot.conversation.core import Conversation

        return Conversation(self)

    @cached_property
    def kb_admin(self):  # noqa: ANN201
        from bot.kb.admin import KnowledgeAdmin

        return KnowledgeAdmin(settings=self.settings, knowledge=self.knowledge)

    @cached_property
    def staff_work(self):  # noqa: ANN201
        """Threads for slow staff work, apart from the surfaces' answer workers (see bot/work_queue.py)."""
        from bot.work_queue import BoundedPool

        s = self.settings
        return BoundedPool(workers=s.staff_work_threads, queued=s.staff_work_queue, name="staff-work")

    def close(self) -> None:
        if "staff_work" in self.__dict__:
            self.staff_work.shutdown(wait=True)
        if "engine" in self.__dict__:
            self.engine.dispose()


def build_services(settings: Settings | None = None, **kwargs) -> Services:  # noqa: ANN003
    return Services(settings or Settings(), **kwargs)
