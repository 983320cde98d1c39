"""Read side: filters compiled to indexed SQL, pages of events, streaming for exports, stats,
one event with its sources, and the explanation of a merge."""
from __future__ import annotations

import math
from collections import defaultdict
from typing import Iterator, Optional, Sequence

from sqlalchemy import and_, exists, false, func, or_, select
from sqlalchemy.engine import Connection

from .. import dedup
from ..dedup import MergeReason
from ..geo.distance import EARTH_RADIUS_KM
from .canonical import canonical_event, member_event
from .keys import cells_around, cells_in_box, normalise_actor_query
from .records import (SORTS, STAT_KEYS, Correction, EventDetail, EventFilter, EventPage, Explanation, LogEntry,
                      MemberEvent, StatRow, StoredEvent, StoredReport)
from .schema import actor_terms, actors, corrections, event_actors, event_log, events, members, reports

_TOP = "\U0010ffff"  # sorts after every character: term >= q AND term < q + _TOP is "starts with q"


def _distance_km(dialect: str, lat: float, lon: float):
    c = events.c
    if dialect == "sqlite":
        return func.wb_km(c.latitude, c.longitude, lat, lon)
    dlat = func.radians(c.latitude - lat) / 2
    dlon = func.radians(c.longitude - lon) / 2
    a = func.power(func.sin(dlat), 2) + func.cos(func.radians(lat)) * func.cos(func.radians(c.latitude)) * \
        func.power(func.sin(dlon), 2)
    return 2 * EARTH_RADIUS_KM * func.asin(func.sqrt(func.least(1.0, a)))


#: A selective filter (an actor in a period, a high death toll) that matches at most this many events
#: drives the query from its own index; a broader one is checked event by event along the date
#: order. Decided per query by a capped count, so SQLite needs no statistics to choose well.
DRIVES = 5000
#: What the command line counts totals up to (a count over a million events takes a while).
COUNT_CAP = 10000


def _actor_condition(conn: Connection, f: EventFilter):
    q = normalise_actor_query(f.actor)
    ids = list(conn.execute(select(actor_terms.c.actor_id).distinct()
                            .where(actor_terms.c.term >= q, actor_terms.c.term < q + _TOP)).scalars())
    if not ids:
        return false()
    ea = event_actors.c
    period = [ea.event_date >= f.since] if f.since else []
    period += [ea.event_date <= f.until] if f.until else []
    driving = select(ea.event_pk).where(ea.actor_id.in_(ids), *period)
    if _few(conn, driving):
        return events.c.pk.in_(driving)
    return exists().where(ea.event_pk == events.c.pk, ea.actor_id.in_(ids))


def _few(conn: Connection, driving) -> bool:
    """Whether a (covering-index) selection of event keys is small enough to drive the query."""
    return conn.execute(select(func.count()).select_from(driving.limit(DRIVES + 1).subquery())).scalar_one() <= DRIVES


def _fatalities_condition(conn: Connection, f: EventFilter):
    """At least N killed: when few events qualify (a high N), they drive the query through the
    fatalities index; otherwise the condition is checked along the date order."""
    c = events.c
    cond = c.fatalities >= f.min_fatalities
    if f.min_fatalities <= 0:
        return cond
    driving = select(c.pk).where(cond, *([c.country == f.country] if f.country else []))
    return c.pk.in_(driving) if _few(conn, driving) else cond


def conditions(f: EventFilter, conn: Connection) -> list:
    """The WHERE clauses of a filter; each is served by an index of the events table."""
    dialect = conn.dialect.name
    c = events.c
    out = []
    for field in ("country", "admin1", "admin2", "event_type", "sub_event_type"):
        value = getattr(f, field)
        if value:
            out.append(getattr(c, field) == value)
    if f.since:
        out.append(c.event_date >= f.since)
    if f.until:
        out.append(c.event_date <= f.until)
    if f.min_fatalities is not None:
        out.append(_fatalities_condition(conn, f))
    if f.actor:
        out.append(_actor_condition(conn, f))
    if f.near:
        lat, lon, km = f.near
        dlat = km / 111.2
        dlon = km / max(1e-6, 111.2 * math.cos(math.radians(min(89.0, abs(lat)))))
        cells = cells_around(lat, lon, km)
        if cells is not None:
            out.append(c.geo_cell.in_(cells))
        out += [c.latitude.between(lat - dlat, lat + dlat), c.longitude.between(lon - dlon, lon + dlon),
                _distance_km(dialect, lat, lon) <= km]
    if f.bbox:
        min_lon, min_lat, max_lon, max_lat = f.bbox
        cells = cells_in_box(min_lon, min_lat, max_lon, max_lat)
        if cells is not None:
            out.append(c.geo_cell.in_(cells))
        out += [c.latitude.between(min_lat, max_lat), c.longitude.between(min_lon, max_lon)]
    if f.report_id:
        out.append(c.pk.in_(select(members.c.canonical_pk).where(members.c.report_id == f.report_id)))
    for word in (f.text or "").split()[:8]:  # a scan: meant to narrow what the other filters select
        out.append(or_(*[col.icontains(word, autoescape=True) for col in
                         (c.notes, c.location, c.actor1, c.actor2, c.assoc_actor_1, c.assoc_actor_2, c.admin1,
                          c.admin2, c.source)]))
    return out


def ordering(sort: str) -> list:
    c = events.c
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r}; one of {', '.join(SORTS)}")
    return {"-event_date": [c.event_date.desc().nulls_last(), c.pk.desc()],
            "event_date": [c.event_date.asc().nulls_first(), c.pk.asc()],
            "-fatalities": [c.fatalities.desc(), c.pk.desc()],
            "fatalities": [c.fatalities.asc(), c.pk.asc()],
            "-updated_at": [c.updated_at.desc(), c.pk.desc()]}[sort]


def _report_ids(conn: Connection, pks: Sequence[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = defaultdict(list)
    if pks:
        for r in conn.execute(select(members.c.canonical_pk, members.c.report_id).where(members.c.canonical_pk.in_(pks))
                              .order_by(members.c.linked_at, members.c.pk)):
            if r.report_id not in out[r.canonical_pk]:
                out[r.canonical_pk].append(r.report_id)
    return out


def _evidence(conn: Connection, pks: Sequence[int]) -> dict[int, list[dict]]:
    out: dict[int, list[dict]] = defaultdict(list)
    if pks:
        for r in conn.execute(select(members.c.canonical_pk, members.c.evidence).where(members.c.canonical_pk.in_(pks))
                              .order_by(members.c.linked_at, members.c.pk)):
            out[r.canonical_pk] += [e for e in (r.evidence or []) if e not in out[r.canonical_pk]]
    return out


def _events(conn: Connection, rows, with_evidence: bool) -> list[StoredEvent]:
    pks = [r.pk for r in rows]
    rids = _report_ids(conn, pks)
    evid = _evidence(conn, pks) if with_evidence else {}
    return [canonical_event(r, rids.get(r.pk, []), evid.get(r.pk, [])) for r in rows]


def query_events(conn: Connection, f: EventFilter, with_total: bool = False, with_evidence: bool = False,
                 count_cap: Optional[int] = None) -> EventPage:
    where = conditions(f, conn)
    rows = conn.execute(select(events).where(*where).order_by(*ordering(f.sort))
                        .limit(max(0, f.limit)).offset(max(0, f.offset))).all()
    page = EventPage(_events(conn, rows, with_evidence), f.limit, f.offset)
    if with_total:
        page.total = _count(conn, where, count_cap)
        if count_cap is not None and page.total > count_cap:
            page.total, page.total_exact = count_cap, False
    return page


def _count(conn: Connection, where: list, cap: int | None) -> int:
    q = select(events.c.pk).where(*where)
    if cap is not None:
        q = q.limit(cap + 1)
    return conn.execute(select(func.count()).select_from(q.subquery())).scalar_one()


def count_events(conn: Connection, f: EventFilter, cap: int | None = None) -> int:
    """How many events the filter selects (at most cap + 1 when a cap is given)."""
    return _count(conn, conditions(f, conn), cap)


def iter_events(conn: Connection, f: EventFilter, chunk: int = 2000, with_evidence: bool = True) -> Iterator[StoredEvent]:
    """Every event the filter selects (paging ignored), oldest first, read in chunks by keyset."""
    c = events.c
    where = conditions(f, conn)
    last_pk = None
    while True:  # events without a date first
        q = select(events).where(*where, c.event_date.is_(None))
        if last_pk is not None:
            q = q.where(c.pk > last_pk)
        rows = conn.execute(q.order_by(c.pk).limit(chunk)).all()
        if not rows:
            break
        yield from _events(conn, rows, with_evidence)
        last_pk = rows[-1].pk
    last = None
    while True:
        q = select(events).where(*where, c.event_date.is_not(None))
        if last is not None:
            q = q.where(or_(c.event_date > last[0], and_(c.event_date == last[0], c.pk > last[1])))
        rows = conn.execute(q.order_by(c.event_date, c.pk).limit(chunk)).all()
        if not rows:
            break
        yield from _events(conn, rows, with_evidence)
        last = (rows[-1].event_date, rows[-1].pk)


def _period(dialect: str, by: str):
    d = events.c.event_date
    if by == "day":
        return func.date(d) if dialect == "sqlite" else func.to_char(d, "YYYY-MM-DD")
    if dialect == "sqlite":
        return func.date(d, "weekday 0", "-6 days") if by == "week" else func.strftime("%Y-%m", d)
    return func.to_char(func.date_trunc("week", d), "YYYY-MM-DD") if by == "week" else func.to_char(d, "YYYY-MM")


def stats(conn: Connection, by: str, f: EventFilter) -> list[StatRow]:
    """Events and fatalities per day, week (its Monday), month, admin1, country, actor or (sub-)event type."""
    if by not in STAT_KEYS:
        raise ValueError(f"unknown grouping {by!r}; one of {', '.join(STAT_KEYS)}")
    c = events.c
    where = conditions(f, conn)
    n, deaths = func.count().label("n"), func.coalesce(func.sum(c.fatalities), 0).label("deaths")
    if by in ("day", "week", "month"):
        key = _period(conn.dialect.name, by).label("key")
        q = select(key, n, deaths).where(*where, c.event_date.is_not(None)).group_by(key).order_by(key)
    elif by == "actor":
        pairs = (select(event_actors.c.event_pk, event_actors.c.actor_id)
                 .where(event_actors.c.role.in_(("actor1", "actor2"))).distinct().subquery())
        key = actors.c.name.label("key")
        q = (select(key, n, deaths).select_from(events.join(pairs, pairs.c.event_pk == c.pk)
                                               .join(actors, actors.c.id == pairs.c.actor_id))
             .where(*where).group_by(key).order_by(n.desc(), key))
    else:
        col = getattr(c, by)
        key = col.label("key")
        q = select(key, n, deaths).where(*where).group_by(col).order_by(n.desc(), col)
    return [StatRow(str(r.key) if r.key is not None else "", int(r.n), int(r.deaths)) for r in conn.execute(q)]


# -- reports ---------------------------------------------------------------------------------------
def _report(r, with_text: bool = False) -> StoredReport:
    return StoredReport(id=r.id, url=r.url, article_id=r.article_id, title=r.title, outlet=r.outlet,
                        published=r.published, origin=r.origin, n_events=r.n_events,
                        extractor_version=r.extractor_version, ingested_at=r.ingested_at,
                        text=r.text if with_text else None)


_REPORT_COLS = [reports.c[k] for k in ("id", "url", "article_id", "title", "outlet", "published", "origin",
                                        "n_events", "extractor_version", "ingested_at")]


def list_reports(conn: Connection, limit: int = 100, offset: int = 0) -> list[StoredReport]:
    q = select(*_REPORT_COLS).order_by(reports.c.ingested_at.desc(), reports.c.id).limit(limit).offset(offset)
    return [_report(r) for r in conn.execute(q)]


def get_report(conn: Connection, report_id: str) -> Optional[StoredReport]:
    r = conn.execute(select(reports).where(reports.c.id == report_id)).first()
    return _report(r, with_text=True) if r is not None else None


# -- one event -------------------------------------------------------------------------------------
def get_event(conn: Connection, event_id: str) -> Optional[EventDetail]:
    row = conn.execute(select(events).where(events.c.id == event_id)).first()
    if row is None:
        return None
    mrows = conn.execute(select(members, *[reports.c[k].label(f"r_{k}") for k in
                                           ("id", "url", "article_id", "title", "outlet", "published", "origin",
                                            "n_events", "extractor_version", "ingested_at")])
                         .join(reports, reports.c.id == members.c.report_id)
                         .where(members.c.canonical_pk == row.pk).order_by(members.c.linked_at, members.c.pk)).all()
    linked = []
    for m in mrows:
        rep = StoredReport(id=m.r_id, url=m.r_url, article_id=m.r_article_id, title=m.r_title, outlet=m.r_outlet,
                           published=m.r_published, origin=m.r_origin, n_events=m.r_n_events,
                           extractor_version=m.r_extractor_version, ingested_at=m.r_ingested_at)
        reason = MergeReason.from_dict(m.link_reason) if m.link_rule == "auto" and m.link_reason else None
        linked.append(MemberEvent(key=m.key, report=rep, event=member_event(m), link_rule=m.link_rule,
                                  reason=reason, linked_by=m.linked_by, linked_at=m.linked_at))
    evidence = []
    for m in linked:
        evidence += [e for e in m.event.evidence if e not in evidence]
    event = canonical_event(row, list(dict.fromkeys(m.report.id for m in linked)), evidence)
    fixes = [Correction(event_id=r.event_id, field=r.field, value=(r.value or {}).get("v"),
                        previous=(r.previous or {}).get("v"), who=r.who, at=r.at, note=r.note, cleared=r.value is None)
             for r in conn.execute(select(corrections).where(corrections.c.event_id == event_id)
                                   .order_by(corrections.c.at, corrections.c.id))]
    rule = dedup.reconcile([m.event for m in linked]).fatality_rule if linked else ""
    if "fatalities" in event.corrected:
        rule += f"; corrected by an analyst to {event.fatalities}"
    return EventDetail(event=event, members=linked, corrections=fixes, history=history(conn, event_id),
                       fatality_rule=rule)


def history(conn: Connection, event_id: str) -> list[LogEntry]:
    return [LogEntry(r.event_id, r.action, r.who, r.at, r.detail or {}) for r in
            conn.execute(select(event_log).where(event_log.c.event_id == event_id).order_by(event_log.c.at, event_log.c.id))]


def explain(detail: EventDetail) -> Explanation:
    e = detail.event
    place = ", ".join(p for p in (e.location, e.admin2, e.admin1, e.country) if p)
    lines = [f"Event {e.event_id}: {e.sub_event_type} on {e.event_date or 'an unknown date'} in {place or 'an unknown place'}",
             f"  actors: {e.actor1 or '-'} / {e.actor2 or '-'}",
             f"  {len(detail.members)} source report(s):"]
    for i, m in enumerate(detail.members, 1):
        r = m.report
        who = f"{r.outlet or r.article_id}" + (f" <{r.url}>" if r.url else "")
        lines.append(f"  {i}. report {r.id} ({who}), published {r.published or 'unknown'}: "
                     f"{m.event.sub_event_type}, {m.event.event_date or 'no date'}, {m.event.location or 'no place'}, "
                     f"{m.event.fatalities} killed")
        if m.link_rule == "founded":
            lines.append("     first report of the event")
        elif m.link_rule == "auto" and m.reason is not None:
            lines.append(f"     merged automatically: {m.reason.describe()}")
        elif m.link_rule == "analyst":
            lines.append(f"     merged by {m.linked_by or 'an analyst'} on {m.linked_at:%Y-%m-%d %H:%M}")
        elif m.link_rule == "split":
            lines.append(f"     separated by {m.linked_by or 'an analyst'} on {m.linked_at:%Y-%m-%d %H:%M}")
        for ev in m.event.evidence[:2]:
            lines.append(f"     \u201c{ev.sentence.strip()[:160]}\u201d")
    lines.append(f"  fatalities: {detail.fatality_rule}")
    for c in detail.corrections:
        what = "withdrawn (extracted value restored)" if c.cleared else f"set to {c.value!r} (was {c.previous!r})"
        lines.append(f"  correction: {c.field} {what} by {c.who or 'an analyst'} on {c.at:%Y-%m-%d %H:%M}"
                     + (f" - {c.note}" if c.note else ""))
    for h in detail.history:
        lines.append(f"  {h.action} by {h.who or 'whimbrel'} on {h.at:%Y-%m-%d %H:%M}: "
                     + ", ".join(f"{k}={v}" for k, v in h.detail.items()))
    if len(detail.members) > 1:
        lines.append(f"  to undo the merge: whimbrel events split {e.event_id}")
    return Explanation(e.event_id, detail, lines)


def where_merged(conn: Connection, event_id: str) -> Optional[str]:
    """When `event_id` no longer exists because it was merged into another, that other's id."""
    for h in reversed(history(conn, event_id)):
        if h.action == "merge" and h.detail.get("into"):
            return h.detail["into"]
    return None

