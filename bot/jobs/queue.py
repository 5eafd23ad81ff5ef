"""Which huey storage holds the job queue, from Settings."""

from __future__ import annotations

from sqlalchemy.engine import make_url

from bot.config import Settings

def backend(settings: Settings) -> str:
    if settings.jobs_backend != "auto":
        return settings.jobs_backend
    if settings.redis_url:
        return "redis"
    return "postgres" if settings.resolved_database_url.startswith("postgresql") else "sqlite"


def libpq_dsn(sqlalchemy_url: str) -> str:
    """The SQLAlchemy URL as psycopg takes it (no "+psycopg"; query options such as search_path kept)."""
    url = make_url(sqlalchemy_url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def make_huey(settings: Settings):  # noqa: ANN201
    """Results are not stored: jobs report through the outbox or the database, never a return value."""
    from huey import PostgresHuey, RedisHuey, SqliteHuey

    kind = backend(settings)
    if kind == "redis":
        if not settings.redis_url:
            raise ValueError("JOBS_BACKEND=redis needs REDIS_URL (e.g. redis://127.0.0.1:6379/0)")
        return RedisHuey(settings.jobs_queue, url=settings.redis_url, results=False)
    if kind == "postgres":
        if not settings.resolved_database_url.startswith("postgresql"):
            raise ValueError("JOBS_BACKEND=postgres needs DATABASE_URL to be a PostgreSQL URL")
        return PostgresHuey(settings.jobs_queue, dsn=libpq_dsn(settings.resolved_database_url), results=False, table_prefix="jobs")
    path = settings.bot_data_dir / "jobs.sqlite3"
    path.parent.mkdir(parents=True, exist_ok=True)
    return SqliteHuey(settings.jobs_queue, filename=str(path.resolve()), results=False, timeout=30)
