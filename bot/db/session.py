"""Engine, sessions and schema migration."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from bot.errors import SchemaNotCurrent, StorageUnavailable

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
MIGRATION_LOCK = 7_355_608_001  # PostgreSQL advisory lock key held while migrating


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # noqa: ANN001
            cur = dbapi_conn.cursor()
            # WAL lets readers work while an import writes; foreign keys make cascades real.
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")  # with WAL: durable commits at a fraction of the cost
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            # Deleted rows are overwritten with zeros, not left in free pages (erasure, bot/matching/forget.py).
            cur.execute("PRAGMA secure_delete=ON")
            cur.close()
    else:
        # pre_ping: a restarted PostgreSQL leaves dead pooled connections behind.
        engine = create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10, pool_recycle=1800)
    where = describe_db(engine)

    @event.listens_for(engine, "handle_error")
    def _storage_unavailable(ctx):  # noqa: ANN001, ANN202
        # Reads outside transaction() get the same clear error as writes. A failed pre-ping must stay
        # a plain disconnect: the pool then replaces the dead connection instead of giving up.
        if isinstance(ctx.sqlalchemy_exception, OperationalError) and not ctx.is_pre_ping:
            return StorageUnavailable(where, ctx.sqlalchemy_exception)
        return None

    return engine


def alembic_config(engine: Engine):  # noqa: ANN201
    cfg = alembic_config_for_scripts()
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    return cfg


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision (idempotent, safe to call at every start)."""
    from alembic import command

    cfg = alembic_config(engine)
    try:
        with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                # Processes starting together (replicas, a rolling deploy) take turns: the first
                # migrates, the others then find the schema current instead of failing on it.
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
            cfg.attributes["connection"] = connection
            command.upgrade(cfg, "head")
    except OperationalError as exc:
        raise StorageUnavailable(describe_db(engine), exc) from exc


def head_revision() -> str:
    """The newest migration this version of the code ships."""
    from alembic.script import ScriptDirectory

    cfg = alembic_config_for_scripts()
    return ScriptDirectory.from_config(cfg).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at; None for a database no migration has touched."""
    from alembic.migration import MigrationContext

    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    except OperationalError as exc:
        raise StorageUnavailable(describe_db(engine), exc) from exc


def require_current_schema(engine: Engine) -> None:
    """With AUTO_MIGRATE off: refuse to run on a schema older (or newer) than this code's."""
    current, head = current_revision(engine), head_revision()
    if current != head:
        state = "has no schema yet" if current is None else f"is at revision {current}"
        raise SchemaNotCurrent(
            f"the database ({describe_db(engine)}) {state}, this version needs {head}: "
            "run `python -m bot db upgrade` (or set AUTO_MIGRATE=true)"
        )


def alembic_config_for_scripts():  # noqa: ANN201
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def describe_db(engine: Engine) -> str:
    url = engine.url
    if url.get_backend_name() == "sqlite":
        return f"SQLite file {url.database}"
    return f"{url.get_backend_name()} at {url.host}:{url.port or ''}/{url.database}"


def scrub_deleted_data(engine: Engine) -> bool:
    """After an erasure: leave no deleted bytes readable in the database's files.

    SQLite: VACUUM rewrites the file from its live rows (also clearing what was freed before
    secure_delete was on), and a TRUNCATE checkpoint moves the WAL into it and empties the WAL.
    False when a reader held the WAL open; running it again when the server is idle finishes it.
    PostgreSQL keeps dead tuples until VACUUM (FULL) rewrites the table; that is an operator's
    step (README, "Erasure"), as it locks the tables.
    """
    if engine.dialect.name != "sqlite" or engine.url.database in (None, "", ":memory:"):
        return True
    try:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM")
            busy, _log_frames, _checkpointed = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()
    except (OperationalError, StorageUnavailable):  # locked by a long writer: the rows are gone all the same
        return False
    return not busy


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: committed on success, rolled back on any error."""
    try:
        with factory.begin() as session:
            yield session
    except OperationalError as exc:
        raise StorageUnavailable(describe_db(factory.kw["bind"]), exc) from exc
