"""Alembic environment for the event store. Run programmatically by whimbrel.store.migrate
(no alembic.ini): the caller passes an open connection in config.attributes["connection"]."""
from __future__ import annotations

from alembic import context

from whimbrel.store.schema import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes["connection"]
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters by copy
                      compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise RuntimeError("the event store's migrations run online only (whimbrel.store.migrate.upgrade)")
run_migrations_online()
