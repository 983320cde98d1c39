"""EventStore: the one entry point to the event database (CLI and REST service alike).

    store = EventStore.open(None, settings)          # SQLite file in settings.data_dir
    store = EventStore.open("postgresql://user@host/db", settings)
    result = store.ingest(read_inputs(paths, None, settings), pipeline.run, version=whimbrel.__version__)
    page = store.query_events(EventFilter(country="Nigeria", since=date(2024, 1, 1)))

Writes happen one transaction per batch of reports: the reports, their events, the merges and the
recomputed canonical events commit together or not at all. A run that is killed leaves every
committed batch in place; started again it skips the reports already stored, before extraction.
"""
from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator, Optional, Sequence

from sqlalchemy import delete, func, select, text, update
from sqlalchemy.engine import Connection, Engine

from .. import dedup
from ..errors import StoreError
from ..models import Event, Problem, Report
from ..settings import Settings
from . import canonical as cn
from . import queries as q
from .engine import describe, make_engine, resolve_url, translate_errors
from .keys import report_keys
from .migrate import PG_LOCK_KEY, upgrade
from .records import (BatchResult, EventDetail, EventFilter, EventPage, Explanation, IngestResult, StatRow,
                      StoredEvent, StoredReport)
from .schema import corrections, event_log, events, members, reports

Extractor = Callable[[list[Report]], Iterable[Event | Problem]]
Progress = Callable[[IngestResult], None]


class EventNotFound(StoreError):
    """No canonical event has the id given."""


@dataclass(frozen=True, slots=True)
class StoreCounts:
    reports: int
    report_events: int
    events: int


class EventStore:
    def __init__(self, engine: Engine, where: str):
        self.engine = engine
        self.where = where
        self.sqlite = engine.dialect.name == "sqlite"
        self._actors = cn.ActorIds()
        self._wrote = False

    # -- opening ----------------------------------------------------------------------------------
    @classmethod
    def open(cls, url: Optional[str] = None, settings: Optional[Settings] = None, *, lock_timeout: float = 15.0,
             migrate: bool = True) -> "EventStore":
        """Open (and create or upgrade) the store at `url`: None for the SQLite file in the user's data
        folder, a file path, sqlite:///PATH or postgresql://USER@HOST:PORT/DB."""
        u = resolve_url(url, settings or Settings())
        where = describe(u)
        engine = make_engine(u, lock_timeout)
        store = cls(engine, where)
        if migrate:
            with store._errors():
                if upgrade(engine):
                    store._wrote = True  # new indexes: gather their statistics on close
        return store

    def close(self) -> None:
        """Close the store. On SQLite, after writing, refresh the query planner's statistics when the
        events table has grown by a quarter since they were taken (PostgreSQL's autovacuum does this
        by itself); skipped, not waited for, when another process holds the database."""
        if self.sqlite and self._wrote:
            with contextlib.suppress(Exception), self.engine.connect() as conn:
                analyze_if_grown(conn)
        self.engine.dispose()

    def __enter__(self) -> "EventStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    # -- transactions -----------------------------------------------------------------------------
    @contextlib.contextmanager
    def _errors(self) -> Iterator[None]:
        with translate_errors(self.where, self.sqlite):
            yield

    @contextlib.contextmanager
    def _read(self) -> Iterator[Connection]:
        with self._errors(), self.engine.connect() as conn:
            yield conn

    @contextlib.contextmanager
    def _write(self) -> Iterator[Connection]:
        """One write transaction: IMMEDIATE on SQLite; serialised by an advisory lock on PostgreSQL
        (merging reads candidates and then writes, so two writers must not interleave)."""
        try:
            with self._errors(), self.engine.connect() as conn:
                conn = conn.execution_options(whimbrel_write=True)
                with conn.begin():
                    if not self.sqlite:
                        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_LOCK_KEY})
                    yield conn
        except BaseException:
            self._actors.rollback()
            raise
        self._actors.commit()
        self._wrote = True

    @contextlib.contextmanager
    def _tx(self, who: str = "") -> Iterator[cn.Tx]:
        with self._write() as conn:
            yield cn.Tx.begin(conn, self._actors, who)

    # -- ingest -----------------------------------------------------------------------------------
    def known_reports(self, batch: Sequence[Report]) -> list[bool]:
        """For each report, whether the store already has it (same URL or same normalised text)."""
        keys = [report_keys(r) for r in batch]
        with self._read() as conn:
            ids, urls, texts = self._existing(conn, keys)
        return [k.id in ids or (k.url_key is not None and k.url_key in urls) or k.text_hash in texts for k in keys]

    @staticmethod
    def _existing(conn: Connection, keys) -> tuple[set, set, set]:
        ids, urls, texts = set(), set(), set()
        for part in range(0, len(keys), 500):
            chunk = keys[part:part + 500]
            c = reports.c
            rows = conn.execute(select(c.id, c.url_key, c.text_hash).where(
                c.id.in_([k.id for k in chunk]) | c.url_key.in_([k.url_key for k in chunk if k.url_key]) |
                c.text_hash.in_([k.text_hash for k in chunk])))
            for r in rows:
                ids.add(r.id), urls.add(r.url_key), texts.add(r.text_hash)
        return ids, urls, texts

    def add_reports(self, items: Sequence[tuple[Report, Sequence[Event]]], version: str = "",
                    who: str = "") -> BatchResult:
        """Store reports and their events in one transaction, merging each event into the canonical
        event it describes. Reports already stored are skipped (insert if absent)."""
        result = BatchResult()
        with self._tx(who) as tx:
            conn = tx.conn
            keys = [report_keys(r) for r, _ in items]
            ids, urls, texts = self._existing(conn, keys)
            todo: list[tuple[str, list[Event]]] = []
            rows: list[dict] = []
            for (report, evs), k in zip(items, keys):
                if k.id in ids or (k.url_key and k.url_key in urls) or k.text_hash in texts:
                    result.skipped += 1
                    continue
                ids.add(k.id), texts.add(k.text_hash)
                if k.url_key:
                    urls.add(k.url_key)
                seen: set[str] = set()
                unique = [e for e in evs if not (e.event_id in seen or seen.add(e.event_id))]
                rows.append(dict(id=k.id, url=report.url or "", url_key=k.url_key, text_hash=k.text_hash,
                                 article_id=report.id or "", title=report.title or "", outlet=report.outlet or "",
                                 published=report.published, origin=report.origin or "", text=report.text,
                                 n_events=len(unique), extractor_version=version, ingested_at=tx.at,
                                 extracted_at=tx.at))
                todo.append((k.id, unique))
            if rows:
                conn.execute(reports.insert(), rows)
            touched: set[int] = set()
            for report_id, unique in todo:
                for ev in unique:
                    pk, merged = cn.add_member(tx, report_id, ev, version)
                    result.events += 1
                    result.merged += int(merged)
                    touched.add(pk)
                result.stored.append(report_id)
            if touched:
                result.canonical_ids = list(conn.execute(select(events.c.id).where(events.c.pk.in_(touched))).scalars())
        return result

    def ingest(self, items: Iterable[Report | Problem], extract: Extractor, *, version: str = "",
               batch_size: int = 50, progress: Optional[Progress] = None) -> IngestResult:
        """Extract and store every report of `items` that is not stored yet, one transaction per
        batch. `extract` is Pipeline.run (or any callable with its contract)."""
        result = IngestResult()
        batch: list[Report] = []
        for item in items:
            if isinstance(item, Problem):
                result.problems.append(item)
                if progress:
                    progress(result)
                continue
            result.read += 1
            batch.append(item)
            if len(batch) >= max(1, batch_size):
                self._ingest_batch(batch, extract, version, result, progress)
                batch = []
        if batch:
            self._ingest_batch(batch, extract, version, result, progress)
        return result

    def _ingest_batch(self, batch: list[Report], extract: Extractor, version: str, result: IngestResult,
                      progress: Optional[Progress]) -> None:
        known = self.known_reports(batch)
        keys, todo = set(), []
        for report, stored in zip(batch, known):
            k = report_keys(report)
            if stored or k.id in keys or k.text_hash in keys or (k.url_key and k.url_key in keys):
                result.skipped += 1
                continue
            keys.update(x for x in (k.id, k.text_hash, k.url_key) if x)
            todo.append(report)
        if todo:
            found, failed = extract_batch(todo, extract, result.problems)
            result.failed += len(failed)
            result.add(self.add_reports([(r, found[i]) for i, r in enumerate(todo) if i not in failed], version))
        if progress:
            progress(result)

    # -- re-extraction ----------------------------------------------------------------------------
    def outdated_reports(self, version: str, force: bool = False) -> int:
        with self._read() as conn:
            qy = select(func.count()).select_from(reports)
            if not force:
                qy = qy.where(reports.c.extractor_version != version)
            return conn.execute(qy).scalar_one()

    def reextract(self, extract: Extractor, version: str, *, force: bool = False, batch_size: int = 50,
                  progress: Optional[Progress] = None, who: str = "") -> IngestResult:
        """Run extraction again over stored reports whose extractor version differs from `version`
        (all with force). Each report's events are paired with the new ones (same event id, else the
        same event by the merge rules) and updated in place, so links to canonical events, merges
        made by analysts and corrections survive; events no longer found are removed."""
        result = IngestResult()
        last = ""
        while True:
            with self._read() as conn:
                c = reports.c
                qy = select(reports).where(c.id > last)
                if not force:
                    qy = qy.where(c.extractor_version != version)
                rows = conn.execute(qy.order_by(c.id).limit(max(1, batch_size))).all()
            if not rows:
                return result
            last = rows[-1].id
            batch = [Report(id=r.article_id or r.id, text=r.text, published=r.published, url=r.url, title=r.title,
                            outlet=r.outlet, origin=r.origin or r.id) for r in rows]
            result.read += len(batch)
            found, failed = extract_batch(batch, extract, result.problems)
            result.failed += len(failed)
            with self._tx(who) as tx:
                for i, r in enumerate(rows):
                    if i in failed:
                        continue
                    n = self._replace_events(tx, r.id, found[i], version)
                    result.events += n
                    tx.conn.execute(update(reports).where(reports.c.id == r.id).values(
                        extractor_version=version, extracted_at=tx.at, n_events=n))
                    result.stored += 1
            result.batches += 1
            if progress:
                progress(result)

    def _replace_events(self, tx: cn.Tx, report_id: str, new: Sequence[Event], version: str) -> int:
        conn = tx.conn
        old_rows = conn.execute(select(members).where(members.c.report_id == report_id).order_by(members.c.pk)).all()
        seen: set[str] = set()
        new = [e for e in new if not (e.event_id in seen or seen.add(e.event_id))]
        pairs, gone, added = dedup.pair_events([cn.member_event(r) for r in old_rows], new)
        touched: set[int] = set()
        for i in gone:
            conn.execute(delete(members).where(members.c.pk == old_rows[i].pk))
            touched.add(old_rows[i].canonical_pk)
        for i, j in pairs:
            ev = new[j]
            conn.execute(update(members).where(members.c.pk == old_rows[i].pk).values(
                event_id=ev.event_id, evidence=[e.to_dict() for e in ev.evidence], extractor_version=version,
                **cn.event_values(ev)))
            touched.add(old_rows[i].canonical_pk)
        for j in added:
            cn.add_member(tx, report_id, new[j], version)
        for pk in touched:
            cid = conn.execute(select(events.c.id).where(events.c.pk == pk)).scalar_one()
            kept = cn.recompute(tx, pk)
            self._log(tx, cid, "reextract", {"report": report_id, "version": version, "removed": kept is None})
        return len(new)

    # -- analysts' actions ------------------------------------------------------------------------
    def _pk(self, conn: Connection, event_id: str) -> int:
        pk = conn.execute(select(events.c.pk).where(events.c.id == event_id)).scalar()
        if pk is None:
            into = q.where_merged(conn, event_id)
            raise EventNotFound(f"no event {event_id} in {self.where}"
                                + (f"; it was merged into {into}" if into else "; list events with `whimbrel events`"))
        return pk

    @staticmethod
    def _log(tx: cn.Tx, event_id: str, action: str, detail: dict) -> None:
        tx.conn.execute(event_log.insert(), dict(event_id=event_id, action=action, who=tx.who, at=tx.at,
                                                 detail=detail))

    def correct(self, event_id: str, field: str, value: Any, who: str, note: str = "") -> StoredEvent:
        """Set a field of a canonical event. The correction is kept apart from the extracted values
        and applied on top of them every time the event is recomputed (new sources, re-extraction).
        `value=None` withdraws the field's correction."""
        try:
            typed = cn.coerce_correction(field, value)
        except ValueError as e:
            raise StoreError(f"cannot correct {field} of event {event_id}: {e}") from None
        with self._tx(who) as tx:
            conn = tx.conn
            pk = self._pk(conn, event_id)
            previous = conn.execute(select(events.c[field]).where(events.c.pk == pk)).scalar()
            if isinstance(previous, dt.date):
                previous = previous.isoformat()
            conn.execute(corrections.insert(), dict(
                event_id=event_id, field=field, value=None if typed is None else {"v": typed},
                previous={"v": previous}, who=who, at=tx.at, note=note))
            tx.corrected.add(event_id)
            self._log(tx, event_id, "correct", {"field": field, "value": typed})
            cn.recompute(tx, pk)
        return self.get_event(event_id).event

    def merge(self, event_ids: Sequence[str], who: str, note: str = "") -> str:
        """Merge canonical events into the first one; returns its id. Their sources all become its
        sources (link rule "analyst"); splitting it again separates them."""
        ids = list(dict.fromkeys(event_ids))
        if len(ids) < 2:
            raise StoreError("give at least two different event ids to merge")
        with self._tx(who) as tx:
            conn = tx.conn
            pks = [self._pk(conn, i) for i in ids]
            target = pks[0]
            for other_id, pk in zip(ids[1:], pks[1:]):
                conn.execute(update(members).where(members.c.canonical_pk == pk).values(
                    canonical_pk=target, link_rule="analyst", linked_by=who, linked_at=tx.at,
                    link_reason={"merged_from": other_id, "note": note}))
                cn.recompute(tx, pk)  # no member left: deleted
                self._log(tx, other_id, "merge", {"into": ids[0], "note": note})
            cn.forget_exclusions(conn, list(conn.execute(select(members.c.key)
                                                         .where(members.c.canonical_pk == target)).scalars()))
            cn.recompute(tx, target)
            self._log(tx, ids[0], "merge", {"merged": ",".join(ids[1:]), "note": note})
        return ids[0]

    def split(self, event_id: str, who: str, note: str = "") -> list[str]:
        """Undo a merge: every source report's event becomes a canonical event of its own again,
        and they are never merged with each other automatically. The first report keeps the id
        (and the analysts' corrections). Returns the ids, that one first."""
        with self._tx(who) as tx:
            conn = tx.conn
            pk = self._pk(conn, event_id)
            rows = conn.execute(select(members).where(members.c.canonical_pk == pk)
                                .order_by(members.c.linked_at, members.c.pk)).all()
            if len(rows) < 2:
                raise StoreError(f"event {event_id} has a single source report; there is nothing to split")
            keeper = next((r for r in rows if r.key == event_id), rows[0])
            out = [event_id]
            for r in rows:
                if r.pk == keeper.pk:
                    continue
                new_pk, new_id = cn.new_canonical(tx, r.key)
                conn.execute(update(members).where(members.c.pk == r.pk).values(
                    canonical_pk=new_pk, link_rule="split", linked_by=who, linked_at=tx.at,
                    link_reason={"split_from": event_id, "note": note}))
                cn.recompute(tx, new_pk)
                self._log(tx, new_id, "split", {"split_from": event_id, "note": note})
                out.append(new_id)
            conn.execute(update(members).where(members.c.pk == keeper.pk).values(
                link_rule="founded", link_reason={}, linked_by=who, linked_at=tx.at))
            cn.exclude_pairs(tx, [r.key for r in rows])
            cn.recompute(tx, pk)
            self._log(tx, event_id, "split", {"into": ",".join(out[1:]), "note": note})
        return out

    # -- reading ----------------------------------------------------------------------------------
    def query_events(self, f: EventFilter = EventFilter(), with_total: bool = False,
                     with_evidence: bool = False, count_cap: Optional[int] = None) -> EventPage:
        """A page of events. with_total counts every event the filter selects — up to count_cap
        when one is given (then page.total_exact says whether there are more)."""
        with self._read() as conn:
            return q.query_events(conn, f, with_total, with_evidence, count_cap)

    def count_events(self, f: EventFilter = EventFilter(), cap: Optional[int] = None) -> int:
        """How many events the filter selects (at most cap + 1 when a cap is given)."""
        with self._read() as conn:
            return q.count_events(conn, f, cap)

    def iter_events(self, f: EventFilter = EventFilter(), with_evidence: bool = True) -> Iterator[StoredEvent]:
        """Every event the filter selects, oldest first, streamed in chunks (for exports)."""
        with self._read() as conn:
            yield from q.iter_events(conn, f, with_evidence=with_evidence)

    def get_event(self, event_id: str) -> Optional[EventDetail]:
        with self._read() as conn:
            return q.get_event(conn, event_id)

    def explain(self, event_id: str) -> Explanation:
        with self._read() as conn:
            detail = q.get_event(conn, event_id)
            if detail is None:
                self._pk(conn, event_id)  # raises EventNotFound with where it went
            return q.explain(detail)

    def stats(self, by: str = "month", f: EventFilter = EventFilter()) -> list[StatRow]:
        try:
            with self._read() as conn:
                return q.stats(conn, by, f)
        except ValueError as e:
            raise StoreError(str(e)) from None

    def reports(self, limit: int = 100, offset: int = 0) -> list[StoredReport]:
        with self._read() as conn:
            return q.list_reports(conn, limit, offset)

    def get_report(self, report_id: str) -> Optional[StoredReport]:
        with self._read() as conn:
            return q.get_report(conn, report_id)

    def counts(self) -> StoreCounts:
        with self._read() as conn:
            n = [conn.execute(select(func.count()).select_from(t)).scalar_one() for t in (reports, members, events)]
        return StoreCounts(*n)


def analyze_if_grown(conn: Connection, factor: float = 1.25) -> bool:
    """SQLite: ANALYZE when the events table has no statistics yet or has grown (or shrunk) by a
    quarter since they were taken, so the planner's picture stays true at a small amortised cost
    (about a second per million events, once per quarter of growth)."""
    n = conn.execute(select(func.count()).select_from(events)).scalar_one()
    stat = conn.exec_driver_sql("SELECT stat FROM sqlite_stat1 WHERE tbl = 'events' AND idx = 'ix_events_date'"
                                ).scalar() if conn.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").scalar() else None
    seen = int(stat.split()[0]) if stat else None
    if seen is not None and seen / factor <= n <= seen * factor:
        return False
    conn.exec_driver_sql("PRAGMA busy_timeout = 1000")
    conn.exec_driver_sql("PRAGMA analysis_limit = 0")
    conn.exec_driver_sql("ANALYZE")
    conn.commit()
    return True


def extract_batch(batch: list[Report], extract: Extractor,
                  problems: list[Problem]) -> tuple[dict[int, list[Event]], set[int]]:
    """Run `extract` over a batch: events by report index, and the indexes whose extraction failed.
    Events find their report through article_id (the report's id), so reports that share an id are
    extracted in separate rounds."""
    found: dict[int, list[Event]] = {i: [] for i in range(len(batch))}
    failed: set[int] = set()
    rounds: list[dict[str, int]] = []
    for i, r in enumerate(batch):
        for rnd in rounds:
            if r.id not in rnd:
                rnd[r.id] = i
                break
        else:
            rounds.append({r.id: i})
    for rnd in rounds:
        by_origin = {(batch[i].origin or batch[i].id): i for i in rnd.values()}
        for item in extract([batch[i] for i in rnd.values()]):
            if isinstance(item, Problem):
                problems.append(item)
                i = by_origin.get(item.origin, rnd.get(item.origin))
                if i is not None:
                    failed.add(i)
            elif item.article_id in rnd:
                found[rnd[item.article_id]].append(item)
    return found, failed
