"""Write-side building blocks: rows <-> Events, merge candidates, recomputing a canonical event
from its members (with analysts' corrections on top), and the actor index.

Every function works inside the caller's transaction (a Tx, or its connection); none commits.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Iterable, Optional, Sequence

from sqlalchemy import and_, bindparam, delete, or_, select, update
from sqlalchemy.engine import Connection

from .. import dedup
from ..days import as_day
from ..models import Event, Evidence
from ..taxonomy import EVENT_TYPES, SUB_EVENT_TYPES, event_type_of, interaction_code
from .keys import actor_terms, cells_around, geo_cell, member_key, sha1
from .records import StoredEvent
from .schema import (EVENT_FIELDS, actor_terms as terms_table, actors, corrections, event_actors, events,
                     members, merge_exclusions)


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def insert_ignore(conn: Connection, table, rows: list[dict], index_elements: list[str]) -> None:
    """INSERT ... ON CONFLICT DO NOTHING on SQLite and PostgreSQL."""
    if not rows:
        return
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    conn.execute(insert(table).on_conflict_do_nothing(index_elements=index_elements), rows)


# -- rows <-> records ------------------------------------------------------------------------------
def event_values(e: Event) -> dict[str, Any]:
    """The column values of an Event (members and canonical events share these columns)."""
    v = {f: getattr(e, f) for f in EVENT_FIELDS}
    v["event_date"] = as_day(e.event_date)
    v["time_precision"] = e.time_precision or 1
    for f in ("article_id", "event_type", "sub_event_type", "actor1", "assoc_actor_1", "actor2", "assoc_actor_2",
              "civilian_targeting", "country", "iso3", "admin1", "admin2", "location", "source", "notes"):
        v[f] = v[f] or ""
    v["iso3"] = v["iso3"][:3]
    v["fatalities"] = int(e.fatalities or 0)
    v["confidence"] = float(e.confidence if e.confidence is not None else 0.5)
    return v


def _iso(d) -> Optional[str]:
    return d.isoformat() if isinstance(d, (dt.date, dt.datetime)) else (d or None)


def row_event(row, event_id: str, evidence: Iterable = ()) -> Event:
    """An Event from a member or canonical row."""
    values = {f: getattr(row, f) for f in EVENT_FIELDS}
    values["event_date"] = _iso(values["event_date"])
    return Event(event_id=event_id, evidence=[Evidence(**e) if isinstance(e, dict) else e for e in evidence],
                 **values)


def member_event(row) -> Event:
    return row_event(row, row.event_id, row.evidence or [])


def canonical_event(row, report_ids: Sequence[str] = (), evidence: Iterable = ()) -> StoredEvent:
    values = {f: getattr(row, f) for f in EVENT_FIELDS}
    values["event_date"] = _iso(values["event_date"])
    return StoredEvent(event_id=row.id, evidence=[Evidence(**e) if isinstance(e, dict) else e for e in evidence],
                       fatalities_low=row.fatalities_low, fatalities_high=row.fatalities_high,
                       n_reports=row.n_reports, report_ids=list(report_ids), corrected=list(row.corrected or []),
                       **values)


# -- corrections -----------------------------------------------------------------------------------
_INT = {"time_precision", "inter1", "inter2", "interaction", "geo_precision", "fatalities"}
_FLOAT = {"latitude", "longitude", "confidence"}
#: Fields an analyst may correct (article_id names the representative report: not a fact to correct).
CORRECTABLE = tuple(f for f in EVENT_FIELDS if f != "article_id")


def coerce_correction(field: str, value: Any) -> Any:
    """The typed value of a correction, or ValueError saying what is wrong."""
    if field not in CORRECTABLE:
        raise ValueError(f"{field!r} cannot be corrected; correctable fields: {', '.join(CORRECTABLE)}")
    if value is None:
        return None
    if field == "event_date":
        d = as_day(value)
        if d is None:
            raise ValueError(f"event_date {value!r} is not a date; give YYYY-MM-DD")
        return d.isoformat()
    if field in _INT:
        if value == "" and field not in {"time_precision", "fatalities"}:
            return None
        try:
            n = int(value)
        except (TypeError, ValueError):
            raise ValueError(f"{field} must be a whole number, not {value!r}") from None
        if field == "fatalities" and n < 0:
            raise ValueError("fatalities cannot be negative")
        if field in {"time_precision", "geo_precision"} and n not in (1, 2, 3):
            raise ValueError(f"{field} is 1, 2 or 3")
        return n
    if field in _FLOAT:
        try:
            x = float(value)
        except (TypeError, ValueError):
            raise ValueError(f"{field} must be a number, not {value!r}") from None
        if field == "latitude" and not -90 <= x <= 90 or field == "longitude" and not -180 <= x <= 180:
            raise ValueError(f"{field} {x} is out of range")
        return x
    value = str(value)
    if field == "sub_event_type" and value not in SUB_EVENT_TYPES:
        raise ValueError(f"unknown sub-event type {value!r}; one of: {', '.join(SUB_EVENT_TYPES)}")
    if field == "event_type" and value not in EVENT_TYPES:
        raise ValueError(f"unknown event type {value!r}; one of: {', '.join(EVENT_TYPES)}")
    return value


def active_corrections(conn: Connection, event_id: str) -> dict[str, Any]:
    """field -> value of the analyst's latest correction of each field still in force."""
    out: dict[str, Any] = {}
    for r in conn.execute(select(corrections.c.field, corrections.c.value)
                          .where(corrections.c.event_id == event_id).order_by(corrections.c.at, corrections.c.id)):
        if r.value is None:
            out.pop(r.field, None)
        else:
            out[r.field] = r.value.get("v")
    return out


def _apply(values: dict[str, Any], fixes: dict[str, Any]) -> list[str]:
    for f, v in fixes.items():
        values[f] = as_day(v) if f == "event_date" else v
    if "sub_event_type" in fixes and "event_type" not in fixes:
        values["event_type"] = event_type_of(values["sub_event_type"])
    if ("inter1" in fixes or "inter2" in fixes) and "interaction" not in fixes:
        values["interaction"] = interaction_code(values.get("inter1"), values.get("inter2"))
    return sorted(fixes)


# -- the write transaction -------------------------------------------------------------------------
class ActorIds:
    """Actor name -> id, created on first use. Ids made in a transaction that rolls back are forgotten."""

    def __init__(self) -> None:
        self.known: dict[str, int] = {}
        self.pending: dict[str, int] = {}

    def get(self, conn: Connection, name: str) -> int:
        aid = self.known.get(name) or self.pending.get(name)
        if aid is not None:
            return aid
        aid = conn.execute(select(actors.c.id).where(actors.c.name == name)).scalar()
        if aid is None:
            aid = conn.execute(actors.insert(), {"name": name}).inserted_primary_key[0]
            insert_ignore(conn, terms_table, [{"term": t[:200], "actor_id": aid} for t in actor_terms(name)],
                          ["term", "actor_id"])
        self.pending[name] = aid
        return aid

    def commit(self) -> None:
        self.known.update(self.pending)
        self.pending.clear()

    def rollback(self) -> None:
        self.pending.clear()


@dataclass
class Tx:
    """One write transaction: its connection, its time, the actor ids, and which canonical events
    have corrections (read once, so events without any need no look-up)."""

    conn: Connection
    at: dt.datetime
    actors: ActorIds
    corrected: set[str] = field(default_factory=set)
    who: str = ""

    @classmethod
    def begin(cls, conn: Connection, actor_ids: ActorIds, who: str = "") -> "Tx":
        ids = set(conn.execute(select(corrections.c.event_id).distinct()).scalars())
        return cls(conn, now(), actor_ids, ids, who)

    def fixes(self, event_id: str) -> dict[str, Any]:
        return active_corrections(self.conn, event_id) if event_id in self.corrected else {}


# -- canonical events ------------------------------------------------------------------------------
_STATEMENTS: dict[str, Any] = {}


def _statement(conn: Connection, name: str):
    """Statements built once per dialect, so SQLAlchemy's compiled cache serves every event."""
    key = f"{conn.dialect.name}:{name}"
    if key not in _STATEMENTS:
        _STATEMENTS[key] = _build(conn.dialect.name, name)
    return _STATEMENTS[key]


def _build(dialect: str, name: str):
    c = events.c
    if name == "insert_event":  # insert if the id is free; no row back when it is taken
        if dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        return insert(events).on_conflict_do_nothing(index_elements=["id"]).returning(c.pk)
    if name == "update_event":
        return update(events).where(c.pk == bindparam("_pk"))
    if name == "candidates":
        lo, hi = bindparam("lo"), bindparam("hi")

        def window():
            return c.event_date >= lo, c.event_date <= hi
        ways = or_(
            and_(c.geo_cell.in_(bindparam("cells", expanding=True)), *window()),
            and_(c.country == bindparam("country"), c.admin2 == bindparam("admin2"), *window()),
            and_(c.country == bindparam("country"), c.admin1 == bindparam("admin1"),
                 c.geo_precision.in_(bindparam("region_precision", expanding=True)), *window()),
            and_(c.country == bindparam("country"), c.location == bindparam("location"), *window()))
        same_report = select(members.c.canonical_pk).where(members.c.report_id == bindparam("report_id"))
        return select(events).where(ways, c.pk.not_in(same_report))
    if name == "members_of":
        return (select(members).where(members.c.canonical_pk == bindparam("pk"))
                .order_by(members.c.linked_at, members.c.pk))
    raise KeyError(name)


_EMPTY = dict(corrected=[], n_reports=0, fatalities_low=0, fatalities_high=0, article_id="", time_precision=1,
              event_type="", sub_event_type="", actor1="", assoc_actor_1="", actor2="", assoc_actor_2="",
              civilian_targeting="", country="", iso3="", admin1="", admin2="", location="", latitude=None,
              longitude=None, geo_precision=None, geo_cell=None, inter1=None, inter2=None, interaction=None,
              fatalities=0, source="", notes="", confidence=0.5, event_date=None)


def _insert_event(tx: Tx, wanted: str, values: dict) -> tuple[int, str]:
    """Insert a canonical event under `wanted` as id, or a derived id when that one is taken."""
    cid, n = wanted, 0
    while True:
        pk = tx.conn.execute(_statement(tx.conn, "insert_event"),
                             {**values, "id": cid, "created_at": tx.at, "updated_at": tx.at}).scalar()
        if pk is not None:
            return pk, cid
        n += 1
        cid = sha1(f"{wanted}:{n}")[:16]


def new_canonical(tx: Tx, wanted_id: str) -> tuple[int, str]:
    """An empty canonical event row (recompute() fills it); (pk, id)."""
    return _insert_event(tx, wanted_id, dict(_EMPTY))


def found_canonical(tx: Tx, key: str, ev: Event) -> int:
    """A new canonical event made of `ev` alone (what recompute() would make of it, written at once)."""
    rec = dedup.reconcile([ev])
    values = event_values(rec.event)
    values.update(fatalities_low=rec.fatalities_low, fatalities_high=rec.fatalities_high, n_reports=1,
                  corrected=[], geo_cell=geo_cell(values["latitude"], values["longitude"]))
    pk, cid = _insert_event(tx, key, values)
    if cid in tx.corrected:  # corrections kept from an earlier event of this id
        recompute(tx, pk)
    else:
        _index_actors(tx, pk, values, fresh=True)
    return pk


def recompute(tx: Tx, pk: int) -> Optional[str]:
    """Recompute canonical event `pk` from its members and corrections; delete it when it has no
    member left. Returns its id, or None when it was deleted."""
    conn = tx.conn
    rows = conn.execute(_statement(conn, "members_of"), {"pk": pk}).all()
    cid = conn.execute(select(events.c.id).where(events.c.pk == pk)).scalar_one()
    if not rows:
        conn.execute(delete(event_actors).where(event_actors.c.event_pk == pk))
        conn.execute(delete(events).where(events.c.pk == pk))
        return None
    rec = dedup.reconcile([member_event(r) for r in rows])
    values = event_values(rec.event)
    corrected = _apply(values, tx.fixes(cid))
    values.update(fatalities_low=rec.fatalities_low, fatalities_high=rec.fatalities_high, n_reports=len(rows),
                  corrected=corrected, geo_cell=geo_cell(values["latitude"], values["longitude"]), updated_at=tx.at)
    conn.execute(_statement(conn, "update_event"), {**values, "_pk": pk})
    _index_actors(tx, pk, values)
    return cid


def _index_actors(tx: Tx, pk: int, values: dict, fresh: bool = False) -> None:
    """The event's rows in event_actors: one per actor and role, carrying the event's date."""
    conn = tx.conn
    day = values.get("event_date")
    wanted: set[tuple[int, str]] = set()
    for role, name_field in (("actor1", "actor1"), ("actor2", "actor2"), ("assoc1", "assoc_actor_1"),
                             ("assoc2", "assoc_actor_2")):
        for name in (values.get(name_field) or "").split(";"):
            if name.strip():
                wanted.add((tx.actors.get(conn, name.strip()), role))
    rows = [] if fresh else conn.execute(select(event_actors.c.actor_id, event_actors.c.role, event_actors.c.event_date)
                                         .where(event_actors.c.event_pk == pk)).all()
    have = {(r.actor_id, r.role) for r in rows}
    for aid, role in have - wanted:
        conn.execute(delete(event_actors).where(and_(event_actors.c.event_pk == pk, event_actors.c.actor_id == aid,
                                                     event_actors.c.role == role)))
    if any(r.event_date != day for r in rows if (r.actor_id, r.role) in wanted):
        conn.execute(update(event_actors).where(event_actors.c.event_pk == pk).values(event_date=day))
    if wanted - have:
        conn.execute(event_actors.insert(), [{"event_pk": pk, "actor_id": a, "role": r, "event_date": day}
                                             for a, r in wanted - have])


# -- merging ---------------------------------------------------------------------------------------
def candidates(conn: Connection, ev: Event, report_id: str, key: str) -> list[tuple[int, Event]]:
    """Canonical events `ev` might describe, found through the indexes in one query: within the
    date window, and in the grid cells within 25 km, or the same admin2, or the same admin1 for
    region-only places, or (with no coordinates) the same location name. Events the same report
    already gave, and those an analyst split from this one, are left out."""
    day = as_day(ev.event_date)
    if day is None:
        return []
    has_point = ev.latitude is not None and ev.longitude is not None
    cells = cells_around(ev.latitude, ev.longitude, dedup.MAX_DISTANCE_KM) if has_point else None
    params = {"lo": day - dt.timedelta(days=dedup.MAX_WINDOW_DAYS), "hi": day + dt.timedelta(days=dedup.MAX_WINDOW_DAYS),
              "cells": cells or [], "country": ev.country or None, "admin2": ev.admin2 or None,
              "admin1": ev.admin1 or None, "region_precision": [1, 2, 3] if ev.geo_precision == 3 else [3],
              "location": ev.location if ev.location and not has_point else None, "report_id": report_id}
    if not params["cells"] and not ev.country:
        return []
    rows = conn.execute(_statement(conn, "candidates"), params).all()
    if not rows:
        return []
    excluded = excluded_canonicals(conn, key)
    return [(row.pk, row_event(row, row.id)) for row in rows if row.pk not in excluded]


def excluded_canonicals(conn: Connection, key: str) -> set[int]:
    """Canonical events holding a member an analyst split apart from member `key`."""
    x = merge_exclusions.c
    others = select(x.key_b).where(x.key_a == key).union(select(x.key_a).where(x.key_b == key))
    return {r[0] for r in conn.execute(select(members.c.canonical_pk).where(members.c.key.in_(others)))}


def add_member(tx: Tx, report_id: str, ev: Event, version: str) -> tuple[int, bool]:
    """Store one report event and link it to the canonical event it describes (a new one when it
    describes none). Returns (canonical pk, True when it joined an existing event)."""
    key = member_key(report_id, ev.event_id)
    found_in = candidates(tx.conn, ev, report_id, key)
    found = dedup.best_match(ev, [e for _, e in found_in])
    if found is not None:
        pk = next(p for p, e in found_in if e.event_id == found.candidate.event_id)
        rule, reason = "auto", found.reason.to_dict() | {"matched_event": found.candidate.event_id}
    else:
        pk = found_canonical(tx, key, ev)
        rule, reason = "founded", {}
    tx.conn.execute(members.insert(), dict(
        key=key, report_id=report_id, event_id=ev.event_id, canonical_pk=pk,
        evidence=[e.to_dict() for e in ev.evidence], extractor_version=version, link_rule=rule,
        link_reason=reason, linked_by=tx.who, linked_at=tx.at, **event_values(ev)))
    if found is not None:
        recompute(tx, pk)
    return pk, found is not None


def exclude_pairs(tx: Tx, keys: Sequence[str]) -> None:
    ks = sorted(set(keys))
    insert_ignore(tx.conn, merge_exclusions,
                  [{"key_a": a, "key_b": b, "who": tx.who, "at": tx.at} for i, a in enumerate(ks) for b in ks[i + 1:]],
                  ["key_a", "key_b"])


def forget_exclusions(conn: Connection, keys: Sequence[str]) -> None:
    ks = list(set(keys))
    conn.execute(delete(merge_exclusions).where(merge_exclusions.c.key_a.in_(ks), merge_exclusions.c.key_b.in_(ks)))
