"""The event store's API on SQLite and PostgreSQL: idempotent reports, cross-report merging,
split and merge, corrections, re-extraction, queries, stats, exports and the errors people see."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sqlite3
from dataclasses import replace

import pytest

from whimbrel.errors import StoreError
from whimbrel.export import ACLED_COLUMNS, WRITERS
from whimbrel.models import Problem
from whimbrel.store import EventFilter, EventNotFound, EventStore

from test_store_helpers import db_url, event, report, store, three_tolls  # noqa: F401  (fixtures)


def _one(store, **filters):
    events = store.query_events(EventFilter(**filters)).events
    assert len(events) == 1, events
    return events[0]


# -- idempotency -----------------------------------------------------------------------------------
def test_the_same_report_again_adds_nothing(store):
    first = store.add_reports([(report("a", "Gunmen attacked Gwoza.", url="https://www.x.org/a/?utm_source=feed"),
                                [event("a", "e1", 3)])], "v1")
    assert len(first.stored) == 1 and first.events == 1
    again = [
        (report("a2", "Another text entirely.", url="http://x.org/a#top"), [event("a2", "e9", 3)]),  # same URL
        (report("a3", "  gunmen ATTACKED   Gwoza. "), [event("a3", "e8", 3)]),  # same normalised text
    ]
    second = store.add_reports(again, "v1")
    assert second.stored == [] and second.skipped == 2 and second.events == 0
    assert store.counts() == type(store.counts())(reports=1, report_events=1, events=1)
    # the same report twice within one batch is stored once
    batch = store.add_reports([(report("b", "New text."), [event("b", "e2", 1, day="2024-01-01")])] * 2, "v1")
    assert len(batch.stored) == 1 and batch.skipped == 1


def test_ingest_skips_stored_reports_before_extraction_and_retries_failures(store):
    calls: list[list[str]] = []

    def extract(batch):
        calls.append([r.id for r in batch])
        for r in batch:
            if r.id == "bad":
                yield Problem(r.origin, "extraction failed")
            else:
                yield event(r.id, "e-" + r.id, 2, day=f"2024-01-{len(r.id):02d}")

    items = [report("one", "Text one."), report("bad", "Text bad."), Problem("x.bin", "binary file"),
             report("three", "Text three.")]
    result = store.ingest(items, extract, version="v1", batch_size=2)
    assert (result.read, result.stored, result.failed, result.events) == (3, 2, 1, 2)
    assert sorted(p.origin for p in result.problems) == ["bad", "x.bin"]
    calls.clear()
    again = store.ingest(items, extract, version="v1", batch_size=2)
    assert calls == [["bad"]]  # stored reports never reach extraction again
    assert again.skipped == 2 and again.failed == 1
    assert store.counts().reports == 2


# -- merging ---------------------------------------------------------------------------------------
def test_three_reports_of_one_clash_become_one_event_and_split_undoes_it(store):
    result = store.add_reports(three_tolls(), "v1")
    assert result.events == 3 and result.merged == 2
    e = _one(store)
    assert (e.fatalities, e.fatalities_low, e.fatalities_high, e.n_reports) == (10, 10, 15, 3)
    assert len(e.report_ids) == 3
    detail = store.get_event(e.event_id)
    assert [m.link_rule for m in detail.members] == ["founded", "auto", "auto"]
    assert detail.members[1].reason.distance_km < 5 and detail.members[1].reason.date_gap_days == 0
    assert len(detail.event.evidence) == 3
    text = str(store.explain(e.event_id))
    assert "merged automatically" in text and "10-15" in text and "events split" in text

    ids = store.split(e.event_id, "alice", "different clashes")
    assert ids[0] == e.event_id and len(ids) == 3
    events = store.query_events().events
    assert sorted(x.fatalities for x in events) == [10, 12, 15]
    assert all(x.n_reports == 1 and x.fatalities_low == x.fatalities_high for x in events)
    assert "split" in str(store.explain(ids[1]))
    with pytest.raises(StoreError, match="single source"):
        store.split(ids[1], "alice")
    # a split stays split: re-extraction does not merge the events again
    store.reextract(lambda batch: [event(r.id, "e" + r.id, 9) for r in batch], "v2")
    assert store.counts().events == 3


def test_events_of_one_report_never_merge_with_each_other(store):
    store.add_reports([(report("r"), [event("r", "e1", 2), event("r", "e2", 3, a1="Ansaru")])], "v1")
    assert store.counts().events == 2
    # a second report of the first event joins the right one
    store.add_reports([(report("s"), [event("s", "e3", 4)])], "v1")
    e = _one(store, actor="boko haram")
    assert e.n_reports == 2 and e.fatalities == 2


def test_different_events_stay_apart(store):
    store.add_reports([
        (report("a"), [event("a", "1", 3)]),
        (report("b"), [event("b", "2", 3, day="2024-03-14")]),  # two days later
        (report("c"), [event("c", "3", 3, lat=12.67, lon=13.61, location="Monguno", admin2="Monguno")]),  # 180 km
        (report("d"), [event("d", "4", 3, sub="Attack", etype="Violence against civilians", a2="Civilians (Nigeria)")]),
    ], "v1")
    assert store.counts().events == 4


def test_analyst_merge_and_split_back(store):
    store.add_reports([(report("a"), [event("a", "1", 3)]),
                       (report("b"), [event("b", "2", 5, day="2024-03-13")])], "v1")
    first, second = [e.event_id for e in store.query_events(EventFilter(sort="event_date")).events]
    kept = store.merge([first, second], "bob", "same clash, dates differ by a night")
    assert kept == first and store.counts().events == 1
    e = _one(store)
    assert (e.fatalities, e.fatalities_low, e.fatalities_high) == (3, 3, 5)
    assert "merged by bob" in str(store.explain(first))
    with pytest.raises(EventNotFound, match=f"merged into {first}"):
        store.explain(second)
    store.split(first, "bob")
    assert store.counts().events == 2
    with pytest.raises(StoreError):
        store.merge([first], "bob")


# -- corrections and re-extraction -----------------------------------------------------------------
def test_corrections_survive_new_sources_and_reextraction(store):
    store.add_reports(three_tolls()[:2], "v1")
    e = _one(store)
    store.correct(e.event_id, "fatalities", "11", "carol", "hospital list")
    store.correct(e.event_id, "location", "Gwoza town", "carol")
    store.add_reports(three_tolls()[2:], "v1")  # a third source arrives
    e2 = _one(store)
    assert e2.event_id == e.event_id and e2.n_reports == 3
    assert (e2.fatalities, e2.location, e2.fatalities_low, e2.fatalities_high) == (11, "Gwoza town", 10, 15)
    assert e2.corrected == ["fatalities", "location"]

    def v2(batch):  # a newer extractor: new event ids, other figures
        return [event(r.id, "v2-" + r.id, {"a": 13, "b": 9, "c": 15}[r.id]) for r in batch]

    result = store.reextract(v2, "v2")
    assert result.stored == 3
    e3 = _one(store)
    assert e3.event_id == e.event_id and e3.n_reports == 3  # links kept
    assert (e3.fatalities, e3.fatalities_low, e3.fatalities_high, e3.location) == (11, 9, 15, "Gwoza town")
    assert store.reextract(v2, "v2").stored == 0  # nothing outdated any more
    store.correct(e.event_id, "fatalities", None, "carol")  # withdraw: the reconciled figure is back
    assert _one(store).fatalities == 9
    detail = store.get_event(e.event_id)
    assert [c.field for c in detail.corrections] == ["fatalities", "location", "fatalities"]
    assert detail.corrections[-1].cleared
    with pytest.raises(StoreError, match="sub-event type"):
        store.correct(e.event_id, "sub_event_type", "Skirmish", "carol")
    with pytest.raises(EventNotFound):
        store.correct("nope", "fatalities", 1, "carol")


def test_correcting_the_sub_event_type_sets_its_event_type(store):
    store.add_reports(three_tolls()[:1], "v1")
    e = store.correct(_one(store).event_id, "sub_event_type", "Attack", "dan")
    assert (e.sub_event_type, e.event_type) == ("Attack", "Violence against civilians")


def test_reextraction_that_loses_an_event_removes_it(store):
    store.add_reports([(report("a"), [event("a", "1", 3), event("a", "2", 1, day="2024-05-01")])], "v1")
    store.reextract(lambda batch: [event("a", "1", 3)], "v2")
    assert store.counts() == type(store.counts())(1, 1, 1)


# -- queries ---------------------------------------------------------------------------------------
@pytest.fixture
def filled(store):
    rows = [
        (report("r1"), [event("r1", "1", 12)]),
        (report("r2"), [event("r2", "2", 0, day="2024-02-10", sub="Peaceful protest", etype="Protests",
                              a1="Protesters (Nigeria)", a2="", lat=6.45, lon=3.40, location="Lagos", admin1="Lagos",
                              admin2="Lagos Island")]),
        (report("r3"), [event("r3", "3", 7, day="2024-04-02", sub="Attack", etype="Violence against civilians",
                              a1="Unidentified Armed Group (Nigeria)", a2="Civilians (Nigeria)", lat=10.52, lon=7.44,
                              location="Kaduna", admin1="Kaduna", admin2="Kaduna North")]),
        (report("r4"), [event("r4", "4", 4, day="2024-03-27")]),
        (report("r5"), [event("r5", "5", 2, day="2023-12-30", sub="Armed clash", a1="Al Shabaab",
                              a2="Military Forces of Somalia (2022-)", country="Somalia", lat=2.05, lon=45.32,
                              location="Mogadishu", admin1="Banadir", admin2="Mogadishu")]),
        (report("r6"), [event("r6", "6", 1, day=None)]),
    ]
    store.add_reports(rows, "v1")
    return store


def _dates(store, **f):
    return [e.event_date for e in store.query_events(EventFilter(**f)).events]


def test_filters(filled):
    s = filled
    assert _dates(s) == ["2024-04-02", "2024-03-27", "2024-03-12", "2024-02-10", "2023-12-30", None]
    assert _dates(s, sort="event_date") == [None, "2023-12-30", "2024-02-10", "2024-03-12", "2024-03-27", "2024-04-02"]
    assert _dates(s, country="Somalia") == ["2023-12-30"]
    assert _dates(s, admin1="Borno", since=dt.date(2024, 3, 1)) == ["2024-03-27", "2024-03-12"]
    assert _dates(s, until=dt.date(2024, 2, 10)) == ["2024-02-10", "2023-12-30"]
    assert _dates(s, event_type="Protests") == ["2024-02-10"]
    assert _dates(s, sub_event_type="Attack") == ["2024-04-02"]
    assert _dates(s, actor="shabaab") == ["2023-12-30"]
    assert _dates(s, actor="Military Forces of Nigeria") == ["2024-03-27", "2024-03-12", None]
    assert _dates(s, actor="civilians nigeria") == ["2024-04-02"]
    assert _dates(s, actor="haram") == ["2024-03-27", "2024-03-12", None]
    assert _dates(s, actor="aram") == []  # word starts only
    assert _dates(s, near=(10.6, 7.4, 25)) == ["2024-04-02"]
    assert _dates(s, near=(10.6, 7.4, 5)) == []
    assert _dates(s, bbox=(2.0, 5.0, 8.0, 11.0)) == ["2024-04-02", "2024-02-10"]
    assert _dates(s, min_fatalities=7) == ["2024-04-02", "2024-03-12"]
    assert _dates(s, report_id=s.reports()[0].id) != []
    assert [e.fatalities for e in s.query_events(EventFilter(sort="-fatalities", limit=2)).events] == [12, 7]
    page = s.query_events(EventFilter(limit=2, offset=2), with_total=True)
    assert [e.event_date for e in page.events] == ["2024-03-12", "2024-02-10"] and page.total == 6
    assert s.count_events(EventFilter(country="Nigeria")) == 5
    with pytest.raises(ValueError):
        s.query_events(EventFilter(sort="sideways"))


def test_stats(filled):
    s = filled
    by_month = {r.key: (r.events, r.fatalities) for r in s.stats("month")}
    assert by_month == {"2023-12": (1, 2), "2024-02": (1, 0), "2024-03": (2, 16), "2024-04": (1, 7)}
    weeks = [r.key for r in s.stats("week")]
    assert weeks == ["2023-12-25", "2024-02-05", "2024-03-11", "2024-03-25", "2024-04-01"]  # Mondays
    admin1 = {r.key: r.events for r in s.stats("admin1", EventFilter(country="Nigeria"))}
    assert admin1 == {"Borno": 3, "Lagos": 1, "Kaduna": 1}
    actors = {r.key: (r.events, r.fatalities) for r in s.stats("actor")}
    assert actors["Boko Haram"] == (3, 17) and actors["Al Shabaab"] == (1, 2)
    assert s.stats("country")[0].key == "Nigeria"
    with pytest.raises(StoreError):
        s.stats("planet")


def test_exports_load_back(filled, tmp_path):
    events = list(filled.iter_events())
    assert len(events) == 6 and events[0].event_date is None and events[-1].event_date == "2024-04-02"

    buf = io.StringIO()
    WRITERS["acled-csv"](events, buf)
    rows = list(csv.reader(io.StringIO(buf.getvalue())))
    assert tuple(rows[0]) == ACLED_COLUMNS and len(rows) == 7

    buf = io.StringIO()
    WRITERS["jsonl"](events, buf)
    lines = [json.loads(x) for x in buf.getvalue().splitlines()]
    assert {"fatalities_low", "fatalities_high", "report_ids", "evidence"} <= set(lines[0])

    import pyarrow as pa
    import pyarrow.parquet as pq
    path = tmp_path / "events.parquet"
    with open(path, "wb") as fh:
        WRITERS["parquet"](events, fh)
    table = pq.read_table(path)
    assert table.num_rows == 6
    assert table.schema.field("event_date").type == pa.date32()
    assert table.schema.field("fatalities").type == pa.int32()
    assert table.schema.field("latitude").type == pa.float64()
    assert table.column("event_date").to_pylist()[-1] == dt.date(2024, 4, 2)
    assert table.column("report_ids").to_pylist()[0] and table.column("evidence").to_pylist()[0][0]["sentence"]

    buf = io.StringIO()
    WRITERS["geojson"](events, buf)
    gj = json.loads(buf.getvalue())
    assert gj["type"] == "FeatureCollection" and len(gj["features"]) == 6
    for f in gj["features"]:
        assert f["type"] == "Feature" and set(f) >= {"geometry", "properties"}
        if f["geometry"] is not None:
            lon, lat = f["geometry"]["coordinates"]
            assert f["geometry"]["type"] == "Point" and -180 <= lon <= 180 and -90 <= lat <= 90
            assert (lat, lon) == (f["properties"]["latitude"], f["properties"]["longitude"])

    buf = io.StringIO()
    assert WRITERS["geojson"]([], buf) == 0 and json.loads(buf.getvalue())["features"] == []


def test_reports_listing(filled):
    listed = filled.reports(limit=10)
    assert len(listed) == 6 and all(r.n_events == 1 for r in listed)
    full = filled.get_report(listed[0].id)
    assert full.text and full.extractor_version == "v1"
    assert filled.get_report("missing") is None


# -- schema and errors -----------------------------------------------------------------------------
def test_migrations_create_the_schema_the_models_describe(db_url):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from whimbrel.store.migrate import head_revision, upgrade
    from whimbrel.store.schema import Base
    store = EventStore.open(db_url)
    try:
        assert upgrade(store.engine) is False  # already at head: nothing to do
        with store.engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True})
            assert ctx.get_current_revision() == head_revision()
            diffs = [d for d in compare_metadata(ctx, Base.metadata)]
            if store.dialect == "postgresql":
                # the "newest first" indexes are declared through postgresql_ops, which reflection
                # reads back as expressions: check them by their definition instead
                sorted_ix = {ix.name for ix in Base.metadata.tables["events"].indexes
                             if ix.dialect_options["postgresql"]["ops"]}
                diffs = [d for d in diffs if not (d[0] in ("add_index", "remove_index") and d[1].name in sorted_ix)]
                defs = dict(conn.exec_driver_sql("SELECT indexname, indexdef FROM pg_indexes "
                                                 "WHERE tablename = 'events'").all())
                assert sorted_ix and all("event_date DESC NULLS LAST, pk DESC" in defs[n] for n in sorted_ix), defs
        assert diffs == []
    finally:
        store.close()


def test_an_older_schema_is_upgraded_in_place(db_url):
    """A database made by migration 0001 is upgraded on open, its data kept (0002 copies event dates
    into the actor index)."""
    from sqlalchemy import text

    from whimbrel.store.engine import make_engine, resolve_url
    from whimbrel.store.migrate import current_revision, head_revision, upgrade
    from whimbrel.settings import Settings
    engine = make_engine(resolve_url(db_url, Settings()))
    assert upgrade(engine, "0001")
    now = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO actors (id, name) VALUES (1, 'Boko Haram')"))
        conn.execute(text("INSERT INTO actor_terms (term, actor_id) VALUES ('boko haram', 1), ('haram', 1)"))
        conn.execute(text(
            "INSERT INTO events (pk, id, geo_cell, fatalities_low, fatalities_high, n_reports, corrected, created_at, "
            "updated_at, article_id, event_date, time_precision, event_type, sub_event_type, actor1, assoc_actor_1, "
            "actor2, assoc_actor_2, civilian_targeting, country, iso3, admin1, admin2, location, fatalities, source, "
            "notes, confidence) VALUES (1, 'old', NULL, 3, 3, 1, '[]', :t, :t, 'a', :d, 1, 'Battles', 'Armed clash', "
            "'Boko Haram', '', '', '', '', 'Nigeria', 'NGA', 'Borno', '', 'Gwoza', 3, '', '', 0.5)"),
            {"t": now, "d": dt.date(2024, 3, 12)})
        conn.execute(text("INSERT INTO event_actors (event_pk, actor_id, role) VALUES (1, 1, 'actor1')"))
    engine.dispose()
    store = EventStore.open(db_url)
    try:
        with store.engine.connect() as conn:
            assert current_revision(conn) == head_revision()
            assert conn.execute(text("SELECT event_date FROM event_actors")).scalar() in (dt.date(2024, 3, 12),
                                                                                           "2024-03-12")
        assert [e.event_id for e in store.query_events(EventFilter(actor="boko", since=dt.date(2024, 3, 1))).events] \
            == ["old"]
    finally:
        store.close()


def test_a_locked_sqlite_database_gives_a_clear_error_and_loses_nothing(tmp_path):
    path = tmp_path / "locked.db"
    store = EventStore.open(str(path), lock_timeout=0.3)
    store.add_reports(three_tolls()[:1], "v1")
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreError) as info:
            store.add_reports(three_tolls()[1:], "v1")
        message = str(info.value)
        assert str(path) in message and "locked" in message and "run the command again" in message
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert store.counts().reports == 1  # what was stored is still there
    store.add_reports(three_tolls()[1:], "v1")  # and the work can be finished
    assert store.counts().reports == 3 and _one(store).n_reports == 3
    store.close()


def test_an_unreachable_postgresql_gives_a_clear_error():
    with pytest.raises(StoreError, match="cannot reach the PostgreSQL database") as info:
        EventStore.open("postgresql://whimbrel:secret@127.0.0.1:1/nowhere", lock_timeout=2)
    assert "secret" not in str(info.value) and "127.0.0.1:1/nowhere" in str(info.value)


def test_bad_database_urls():
    with pytest.raises(StoreError, match="neither SQLite nor PostgreSQL"):
        EventStore.open("mysql://x@y/z")


def test_event_keeps_working_when_a_field_is_missing(store):
    bare = replace(event("a", "1", 0), latitude=None, longitude=None, admin2="", location="", country="",
                   actor1="", actor2="", event_date=None)
    store.add_reports([(report("a"), [bare]), (report("b"), [replace(bare, event_id="2", article_id="b")])], "v1")
    assert store.counts().events == 2  # no date and no place: never merged
