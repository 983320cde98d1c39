"""Create and upgrade the store's schema with the Alembic migrations shipped in this package.

No alembic.ini is needed: the configuration is built here and the migrations run on the
connection the store opened. Writers of other processes wait (SQLite: an IMMEDIATE transaction;
PostgreSQL: an advisory lock), so two processes opening a new database at once do not race.
"""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
#: pg_advisory_xact_lock key that serialises writers of one PostgreSQL database.
PG_LOCK_KEY = 0x57484D42  # "WHMB"


def alembic_config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> bool:
    """Bring the schema to `revision`; True when a migration ran."""
    head = head_revision() if revision == "head" else revision
    with engine.connect() as probe:
        if current_revision(probe) == head:
            return False
    with engine.connect() as conn:
        conn = conn.execution_options(whimbrel_write=True)
        with conn.begin():
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_LOCK_KEY})
            if current_revision(conn) == head:  # another process got there first
                return False
            command.upgrade(alembic_config(conn), revision)
    return True
