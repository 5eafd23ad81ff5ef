"""Alembic environment: runs on the connection handed over by bot.db.session.migrate, or on the URL."""

from alembic import context
from sqlalchemy import engine_from_config, pool

from bot.db.models import Base
import bot.db.teams_refs  # noqa: E402,F401  (registers teams_conversations on Base.metadata)

config = context.config
target_metadata = Base.metadata


def _run(connection) -> None:  # noqa: ANN001
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    engine = engine_from_config(config.get_section(config.config_ini_section, {}), prefix="sqlalchemy.", poolclass=pool.NullPool)
    with engine.connect() as conn:
        _run(conn)
