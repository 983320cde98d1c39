"""API tokens: created by `whimbrel token create NAME`, kept in the event database as SHA-256
hashes (the token itself is shown once and never stored), checked on every write.

The table lives beside the store's tables but outside its migrations: it belongs to the service,
and a database that never served has none (it is created when first needed).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from typing import Optional

from sqlalchemy import Column, DateTime, MetaData, String, Table, select, update
from sqlalchemy.engine import Engine

from ..errors import StoreError

PREFIX = "wbt_"  # makes a leaked token recognisable (secret scanners, logs)
_NAME = re.compile(r"^[\w.@+-]{1,100}$")

metadata = MetaData()
api_tokens = Table(
    "api_tokens", metadata,
    Column("name", String(100), primary_key=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
)


def hash_token(token: str) -> str:
    # Tokens carry 256 random bits, so a fast hash is enough: there is nothing to brute-force.
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class TokenInfo:
    name: str
    created_at: dt.datetime
    revoked_at: Optional[dt.datetime]


class TokenStore:
    """Create, check, list and revoke tokens in the database behind `engine`."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self._ready = False

    def _ensure(self) -> None:
        if not self._ready:
            metadata.create_all(self.engine, checkfirst=True)
            self._ready = True

    def create(self, name: str) -> str:
        """A new token for `name` (a person or a team); returns the token, which is not kept."""
        if not _NAME.match(name or ""):
            raise StoreError(f"token name {name!r} is not usable: give 1-100 letters, digits or . _ @ + - "
                             "(it is recorded as the author of every change made with the token)")
        self._ensure()
        token = PREFIX + secrets.token_urlsafe(32)
        now = dt.datetime.now(dt.timezone.utc)
        with self.engine.begin() as conn:
            row = conn.execute(select(api_tokens.c.revoked_at).where(api_tokens.c.name == name)).first()
            if row is not None and row.revoked_at is None:
                raise StoreError(f"a token named {name!r} exists already; revoke it first "
                                 f"(`whimbrel token revoke {name}`) or choose another name")
            if row is not None:
                conn.execute(update(api_tokens).where(api_tokens.c.name == name).values(
                    token_hash=hash_token(token), created_at=now, revoked_at=None))
            else:
                conn.execute(api_tokens.insert().values(name=name, token_hash=hash_token(token), created_at=now))
        return token

    def check(self, token: Optional[str]) -> Optional[str]:
        """The name a valid, unrevoked token belongs to; None for anything else."""
        if not token or not token.startswith(PREFIX) or len(token) > 200:
            return None
        self._ensure()
        digest = hash_token(token)
        with self.engine.connect() as conn:
            row = conn.execute(select(api_tokens.c.name, api_tokens.c.token_hash, api_tokens.c.revoked_at)
                               .where(api_tokens.c.token_hash == digest)).first()
        if row is None or row.revoked_at is not None or not hmac.compare_digest(row.token_hash, digest):
            return None
        return row.name

    def list(self) -> list[TokenInfo]:
        self._ensure()
        with self.engine.connect() as conn:
            return [TokenInfo(r.name, r.created_at, r.revoked_at) for r in
                    conn.execute(select(api_tokens).order_by(api_tokens.c.name))]

    def revoke(self, name: str) -> bool:
        self._ensure()
        with self.engine.begin() as conn:
            n = conn.execute(update(api_tokens).where(api_tokens.c.name == name, api_tokens.c.revoked_at.is_(None))
                             .values(revoked_at=dt.datetime.now(dt.timezone.utc))).rowcount
        return n > 0
