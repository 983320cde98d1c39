"""Database URLs, engines and the errors a person can act on.

SQLite (default: a file in the user's data folder) runs in WAL mode — readers never block the
writer, a process killed mid-write leaves the last committed batch intact — with a busy timeout,
and every write transaction starts IMMEDIATE so it waits for the lock instead of failing half-way.
PostgreSQL is reached through psycopg 3 (`postgresql://` URLs are given that driver).
"""
from __future__ import annotations

import contextlib
import re
from pathlib import Path
from typing import Iterator, Optional

from sqlalchemy import create_engine, event, exc
from sqlalchemy.engine import URL, Engine, make_url

from ..dedup import haversine_km
from ..errors import StoreError
from ..settings import Settings

DB_FILE = "whimbrel.db"


def default_url(settings: Settings) -> str:
    return f"sqlite:///{Path(settings.data_dir) / DB_FILE}"


def resolve_url(url: Optional[str], settings: Settings) -> URL:
    """A SQLAlchemy URL from what the user gave: None (the default SQLite file), a path to a SQLite
    file, `sqlite:///...`, or `postgresql://...` (given the psycopg 3 driver)."""
    raw = (url or "").strip() or default_url(settings)
    if "://" not in raw:
        raw = f"sqlite:///{Path(raw).expanduser().resolve()}"
    try:
        u = make_url(raw)
    except exc.ArgumentError:
        raise StoreError(f"--db {raw!r} is not a database URL; give a SQLite file path, "
                         "sqlite:///PATH or postgresql://USER@HOST:PORT/DATABASE") from None
    backend = u.get_backend_name()
    if backend in ("postgresql", "postgres"):
        if u.drivername in ("postgresql", "postgres"):
            u = u.set(drivername="postgresql+psycopg")
    elif backend != "sqlite":
        raise StoreError(f"the database {describe(u)} is neither SQLite nor PostgreSQL; "
                         "Whimbrel stores events in one of those two")
    return u


def describe(u: URL) -> str:
    """The database as a person knows it: the SQLite file, or the URL without its password."""
    if u.get_backend_name() == "sqlite":
        return u.database or ":memory:"
    return u.set(drivername=u.get_backend_name()).render_as_string(hide_password=True)


def make_engine(u: URL, lock_timeout: float = 15.0) -> Engine:
    if u.get_backend_name() == "sqlite":
        return _sqlite_engine(u, lock_timeout)
    return create_engine(u, pool_pre_ping=True, connect_args={"connect_timeout": max(1, int(lock_timeout))})


def _sqlite_engine(u: URL, lock_timeout: float) -> Engine:
    if u.database and u.database != ":memory:":
        path = Path(u.database)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise StoreError(f"cannot create the folder {path.parent} for the database ({e.strerror}); "
                             "give another place with --db") from None
    engine = create_engine(u, connect_args={"timeout": lock_timeout})

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn, _record):
        dbapi_conn.isolation_level = None  # transactions are begun below, IMMEDIATE for writers
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {int(lock_timeout * 1000)}")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = NORMAL")  # durable across a killed process in WAL mode
        cur.execute("PRAGMA foreign_keys = ON")
        cur.close()
        dbapi_conn.create_function("wb_km", 4, haversine_km, deterministic=True)

    @event.listens_for(engine, "begin")
    def _begin(conn):
        write = conn.get_execution_options().get("whimbrel_write")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


_LOCKED = re.compile(r"database is locked|database table is locked|busy", re.I)
_UNREACHABLE = re.compile(r"connection (refused|timed out|failed)|could not connect|could not translate host|"
                          r"no such host|timeout expired|server closed the connection|does not exist|"
                          r"password authentication failed|Name or service not known|Network is unreachable", re.I)


def store_error(e: BaseException, where: str, sqlite: bool) -> StoreError:
    """The StoreError a person can act on for a database error."""
    detail = str(getattr(e, "orig", None) or e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
    if sqlite and _LOCKED.search(detail):
        return StoreError(f"the database file {where} is locked by another process (another `whimbrel ingest` "
                          "or a program holding it open). Wait for it to finish or stop it, then run the command "
                          "again; everything already stored is kept, and a new run skips it")
    if sqlite and re.search(r"unable to open|readonly|read-only|disk I/O|not a database|malformed", detail, re.I):
        return StoreError(f"cannot use the SQLite database {where} ({detail}). Check that the file is a Whimbrel "
                          "database and that you may write to its folder, or give another one with --db")
    if not sqlite and (isinstance(e, exc.OperationalError) and _UNREACHABLE.search(detail) or
                       isinstance(e, exc.DisconnectionError)):
        return StoreError(f"cannot reach the PostgreSQL database {where} ({detail}). Check that the server is "
                          "running and that host, port, database name and user in the URL are right; "
                          "nothing already stored was changed")
    if not sqlite and _LOCKED.search(detail) or "lock timeout" in detail.lower():
        return StoreError(f"the database {where} is busy ({detail}); run the command again when the other "
                          "writer has finished; everything already stored is kept")
    return StoreError(f"the database {where} failed ({detail}); nothing of the current batch was stored, "
                      "everything committed before it is kept")


@contextlib.contextmanager
def translate_errors(where: str, sqlite: bool) -> Iterator[None]:
    try:
        yield
    except exc.DBAPIError as e:
        raise store_error(e, where, sqlite) from e
    except exc.SQLAlchemyError as e:
        if isinstance(e, exc.DisconnectionError) or isinstance(getattr(e, "orig", None), Exception):
            raise store_error(e, where, sqlite) from e
        raise
