"""The event store's speed on SQLite and PostgreSQL: ingest rate and filtered-query latency.

    python benchmarks/store.py [--postgres URL] [--events 1000000] [--reports 500] [--queries 30]

1. Ingest: the first --reports reports of ../shared/eval/dev/acled-dev.input.jsonl (or generated
   one-sentence reports when ../shared is missing) go through `EventStore.ingest` with the real
   pipeline (reports/s end to end), then the same extracted events through `add_reports` alone
   (reports/s of the store itself).
2. Queries: --events synthetic canonical events (with one source report each, their actors and the
   actor index) are generated straight into the database in bulk (indexes dropped during the load,
   rebuilt after it, then ANALYZE), and filtered queries — the kinds `whimbrel events` runs — are
   timed through `EventStore.query_events` (a page of 100, newest first). Prints p50/p95 per kind
   and overall; target p95 < 100 ms.

SQLite goes to --sqlite (default /tmp/whimbrel-bench/store.db, recreated). PostgreSQL needs
--postgres URL or WHIMBREL_BENCH_POSTGRES_URL: its public schema is DROPPED and recreated, so give
a database that holds nothing else. A report to read, never a timed test.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEV = HERE.parent.parent / "shared" / "eval" / "dev" / "acled-dev.input.jsonl"

COUNTRIES = {  # name: (iso3, lat range, lon range)
    "Nigeria": ("NGA", (4.5, 13.5), (3.0, 14.5)), "Syria": ("SYR", (32.5, 37.0), (36.0, 42.0)),
    "Somalia": ("SOM", (-1.5, 11.5), (41.0, 51.0)), "Sudan": ("SDN", (9.0, 22.0), (22.0, 37.0)),
    "Yemen": ("YEM", (12.5, 18.5), (42.5, 52.0)), "Afghanistan": ("AFG", (29.5, 38.0), (61.0, 71.0)),
    "Mexico": ("MEX", (15.0, 32.0), (-117.0, -87.0)), "Ukraine": ("UKR", (45.0, 52.0), (23.0, 40.0)),
    "Myanmar": ("MMR", (10.0, 28.0), (92.5, 101.0)), "Mali": ("MLI", (10.5, 24.5), (-12.0, 4.0)),
    "Pakistan": ("PAK", (24.5, 36.5), (61.0, 77.0)), "Colombia": ("COL", (-4.0, 12.0), (-79.0, -67.0)),
    "Democratic Republic of Congo": ("COD", (-13.0, 5.0), (12.5, 31.0)), "India": ("IND", (8.0, 34.0), (68.0, 97.0)),
}
SUB_TYPES = [("Armed clash", "Battles", 28), ("Peaceful protest", "Protests", 28), ("Attack", "Violence against civilians", 12),
             ("Shelling/artillery/missile attack", "Explosions/Remote violence", 9),
             ("Violent demonstration", "Riots", 4), ("Mob violence", "Riots", 4),
             ("Air/drone strike", "Explosions/Remote violence", 3), ("Remote explosive/landmine/IED", "Explosions/Remote violence", 3),
             ("Protest with intervention", "Protests", 2), ("Abduction/forced disappearance", "Violence against civilians", 1),
             ("Looting/property destruction", "Strategic developments", 2), ("Change to group/activity", "Strategic developments", 1),
             ("Arrests", "Strategic developments", 1), ("Government regains territory", "Battles", 1)]
START, DAYS = dt.date(2016, 1, 1), 3650


def log(msg: str) -> None:
    print(msg, flush=True)


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


# -- ingest --------------------------------------------------------------------------------------
def load_reports(n: int, settings):
    from whimbrel.ingest import read_inputs
    from whimbrel.models import Report
    if DEV.is_file():
        out = []
        for r in read_inputs([str(DEV)], None, settings):
            if isinstance(r, Report):
                out.append(r)
            if len(out) >= n:
                break
        return out, f"{DEV.name} (first {len(out)})"
    towns = ["Gwoza", "Bama", "Dikwa", "Monguno", "Konduga", "Damboa", "Biu", "Mafa", "Ngala", "Marte"]
    out = []
    for i in range(n):
        day = START + dt.timedelta(days=i)
        out.append(Report(id=f"gen-{i}", url=f"https://bench.example.org/{i}", published=day + dt.timedelta(days=1),
                          text=f"Boko Haram fighters clashed with Nigerian soldiers in {towns[i % 10]} on "
                               f"{day.day} {day:%B} {day.year}, killing {i % 7 + 2} people."))
    return out, f"{n} generated one-sentence reports"


def bench_ingest(name: str, url: str, reports, pipeline, extracted) -> None:
    from whimbrel.store import EventStore
    with EventStore.open(url) as store:
        t0 = time.perf_counter()
        result = store.ingest(reports, pipeline.run, version="bench", batch_size=50)
        whole = time.perf_counter() - t0
    reset(name, url)
    with EventStore.open(url) as store:
        t0 = time.perf_counter()
        for k in range(0, len(extracted), 50):
            store.add_reports(extracted[k:k + 50], "bench")
        alone = time.perf_counter() - t0
        counts = store.counts()
    reset(name, url)
    log(f"  {name:<10} ingest with extraction {len(reports) / whole:7.1f} reports/s   store alone "
        f"{len(extracted) / alone:7.1f} reports/s   ({result.stored} reports, {counts.report_events} report events, "
        f"{counts.events} events after merging)")


# -- synthetic events ----------------------------------------------------------------------------
class World:
    """Towns, admin areas and actors per country, to generate plausible events from."""

    def __init__(self, rng: random.Random):
        self.towns = []  # (country, iso3, admin1, admin2, town, lat, lon)
        self.actors: dict[str, list[tuple[str, int]]] = {}
        for country, (iso3, (la0, la1), (lo0, lo1)) in COUNTRIES.items():
            for a1 in range(12):
                for a2 in range(6):
                    for t in range(3):
                        self.towns.append((country, iso3, f"{country} Region {a1 + 1}", f"District {a1 + 1}-{a2 + 1}",
                                           f"Town {a1 + 1}-{a2 + 1}-{t + 1}", round(rng.uniform(la0, la1), 5),
                                           round(rng.uniform(lo0, lo1), 5)))
            self.actors[country] = [(f"Military Forces of {country} (2000-)", 1), (f"Police Forces of {country} (2000-)", 1),
                                    (f"Civilians ({country})", 7), (f"Protesters ({country})", 6), (f"Rioters ({country})", 5),
                                    (f"Unidentified Armed Group ({country})", 3)] + \
                                   [(f"{w} Liberation Front ({country})", 2) for w in ("Northern", "Eastern", "Popular")] + \
                                   [(f"{w} Militia ({country})", 4) for w in ("Hill", "River", "Clan")]
        self.weights = [w for _, _, w in SUB_TYPES]


def synthetic_rows(n: int, seed: int = 5):
    """(event row, actor names, report row, member row) tuples for n synthetic canonical events."""
    from whimbrel.store.keys import geo_cell
    rng = random.Random(seed)
    world = World(rng)
    now = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    for i in range(n):
        country, iso3, admin1, admin2, town, lat, lon = rng.choice(world.towns)
        lat, lon = round(lat + rng.uniform(-0.05, 0.05), 5), round(lon + rng.uniform(-0.05, 0.05), 5)
        sub, etype, _ = rng.choices(SUB_TYPES, world.weights)[0]
        actors = world.actors[country]
        a1, i1 = rng.choice(actors)
        a2, i2 = rng.choice(actors) if rng.random() < 0.8 else ("", None)
        deaths = 0 if rng.random() < 0.55 else min(400, int(rng.expovariate(1 / 6)) + 1)
        day = START + dt.timedelta(days=rng.randrange(DAYS))
        eid = f"{i:016x}"
        event = dict(pk=i + 1, id=eid, article_id=f"r{i}", event_date=day, time_precision=1, event_type=etype,
                     sub_event_type=sub, actor1=a1, assoc_actor_1="", inter1=i1, actor2=a2, assoc_actor_2="", inter2=i2,
                     interaction=None, civilian_targeting="", country=country, iso3=iso3, admin1=admin1, admin2=admin2,
                     location=town, latitude=lat, longitude=lon, geo_precision=1, geo_cell=geo_cell(lat, lon),
                     fatalities=deaths, fatalities_low=deaths, fatalities_high=deaths, n_reports=1, corrected="[]",
                     source="Bench Wire", notes=f"On {day}, {sub.lower()} in {town}.", confidence=0.7,
                     created_at=now, updated_at=now)
        rid = f"{i:020x}"
        report = dict(id=rid, url=f"https://bench.example.org/{i}", url_key=f"{i:040x}", text_hash=f"{i:040x}",
                      article_id=f"r{i}", title="", outlet="Bench Wire", published=day, origin="bench",
                      text=f"Synthetic report {i}.", n_events=1, extractor_version="bench", ingested_at=now,
                      extracted_at=now)
        member = {k: v for k, v in event.items() if k in MEMBER_EVENT_COLS}
        member.update(pk=i + 1, key=eid, report_id=rid, event_id=eid, canonical_pk=i + 1, evidence="[]",
                      extractor_version="bench", link_rule="founded", link_reason="{}", linked_by="", linked_at=now)
        yield event, (a1, a2), report, member


MEMBER_EVENT_COLS = ("article_id", "event_date", "time_precision", "event_type", "sub_event_type", "actor1",
                     "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
                     "civilian_targeting", "country", "iso3", "admin1", "admin2", "location", "latitude",
                     "longitude", "geo_precision", "fatalities", "source", "notes", "confidence")


def reset(name: str, url: str) -> None:
    if name == "sqlite":
        path = Path(url.split("///", 1)[1])
        for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            p.unlink(missing_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        return
    from sqlalchemy import create_engine, text
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def bulk_load(name: str, url: str, n: int) -> float:
    """n synthetic events into a fresh store; returns the seconds it took."""
    from sqlalchemy import text
    from whimbrel.store import EventStore
    from whimbrel.store.canonical import ActorIds
    from whimbrel.store.schema import event_actors, events, members, reports
    reset(name, url)
    store = EventStore.open(url)
    t0 = time.perf_counter()
    tables = (reports, events, members, event_actors)
    with store.engine.begin() as conn:  # drop the secondary indexes for the load
        for t in tables:
            for ix in t.indexes:
                ix.drop(conn)
    actor_ids = ActorIds()
    with store.engine.connect() as conn:
        conn = conn.execution_options(whimbrel_write=True)
        with conn.begin():
            world = World(random.Random(5))
            for country in world.actors:
                for actor, _ in world.actors[country]:
                    actor_ids.get(conn, actor)
    actor_ids.commit()
    ids = actor_ids.known
    cols = {t.name: [c.name for c in t.columns] for t in tables}
    chunk: dict[str, list] = {t.name: [] for t in tables}
    raw = store.engine.raw_connection()
    try:
        cur = raw.cursor()
        if name == "sqlite":
            cur.execute("PRAGMA synchronous = OFF")
            cur.execute("BEGIN")

        def flush():
            for t in tables:
                rows = chunk[t.name]
                if not rows:
                    continue
                c = cols[t.name]
                if name == "sqlite":
                    cur.executemany(f"INSERT INTO {t.name} ({', '.join(c)}) VALUES ({', '.join('?' * len(c))})",
                                    [[_sqlite_value(r[k]) for k in c] for r in rows])
                else:
                    with cur.copy(f"COPY {t.name} ({', '.join(c)}) FROM STDIN") as copy:
                        for r in rows:
                            copy.write_row([r[k] for k in c])
                rows.clear()

        for i, (event, (a1, a2), report, member) in enumerate(synthetic_rows(n), 1):
            chunk["reports"].append(report)
            chunk["events"].append(event)
            chunk["report_events"].append(member)
            chunk["event_actors"].append({"event_pk": event["pk"], "actor_id": ids[a1], "role": "actor1",
                                          "event_date": event["event_date"]})
            if a2:
                chunk["event_actors"].append({"event_pk": event["pk"], "actor_id": ids[a2], "role": "actor2",
                                              "event_date": event["event_date"]})
            if i % 50000 == 0:
                flush()
                if i % 250000 == 0:
                    log(f"    {i} events loaded ({time.perf_counter() - t0:.0f} s)")
        flush()
        raw.commit()
    finally:
        raw.close()
    with store.engine.connect() as conn:
        conn = conn.execution_options(whimbrel_write=True)
        with conn.begin():
            for t in tables:
                for ix in t.indexes:
                    ix.create(conn)
            if name == "postgresql":
                conn.execute(text("SELECT setval(pg_get_serial_sequence('events', 'pk'), :n)"), {"n": n})
                conn.execute(text("SELECT setval(pg_get_serial_sequence('report_events', 'pk'), :n)"), {"n": n})
        if name == "sqlite":
            conn.exec_driver_sql("ANALYZE")
            conn.commit()
        else:
            conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM ANALYZE")
    store.close()
    return time.perf_counter() - t0


def loaded(url: str) -> int:
    from whimbrel.store import EventStore
    try:
        with EventStore.open(url) as store:
            return store.counts().events
    except Exception as e:  # not there, or not readable: load afresh
        log(f"  (cannot reuse {url}: {e})")
        return -1


def _sqlite_value(v):
    if isinstance(v, dt.datetime):  # as SQLAlchemy stores it
        return v.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(v, dt.date):
        return v.isoformat()
    return v


# -- queries -------------------------------------------------------------------------------------
def query_kinds(rng: random.Random):
    from whimbrel.store import EventFilter
    world = World(random.Random(5))
    countries = list(COUNTRIES)

    def day():
        return START + dt.timedelta(days=rng.randrange(DAYS - 400))

    def town():
        return rng.choice(world.towns)

    return {
        "country + month": lambda: EventFilter(country=rng.choice(countries), since=(d := day()),
                                               until=d + dt.timedelta(days=30)),
        "admin1": lambda: EventFilter(admin1=town()[2]),
        "sub-type + quarter": lambda: EventFilter(sub_event_type=rng.choice(SUB_TYPES)[0], since=(d := day()),
                                                  until=d + dt.timedelta(days=91)),
        "type + country": lambda: EventFilter(event_type=rng.choice(SUB_TYPES)[1], country=rng.choice(countries)),
        "actor + year": lambda: EventFilter(actor=rng.choice(["liberation front", "military forces of " +
                                                              rng.choice(countries).lower(), "militia", "protesters",
                                                              "river militia", "police"]),
                                            since=(d := day()), until=d + dt.timedelta(days=365)),
        "near 50 km": lambda: (lambda t: EventFilter(near=(t[5], t[6], 50)))(town()),
        "min fatalities + country": lambda: EventFilter(country=rng.choice(countries), min_fatalities=rng.choice([10, 25, 50])),
        "bbox 2x2 + year": lambda: EventFilter(bbox=(lambda t: (t[6] - 1, t[5] - 1, t[6] + 1, t[5] + 1))(town()),
                                               since=(d := day()), until=d + dt.timedelta(days=365)),
        "combined": lambda: EventFilter(country=(t := town())[0], admin1=t[2], sub_event_type="Armed clash",
                                        min_fatalities=1, since=day()),
        "week, no other filter": lambda: EventFilter(since=(d := day()), until=d + dt.timedelta(days=7)),
    }


def bench_queries(name: str, url: str, per_kind: int, with_total: bool) -> list[float]:
    from whimbrel.store import EventStore
    from whimbrel.store.queries import COUNT_CAP
    rng = random.Random(11)
    kinds = query_kinds(rng)
    all_ms: list[float] = []
    with EventStore.open(url) as store:
        for _ in range(3):  # warm the caches a little, as a running service would be
            for make in kinds.values():
                store.query_events(make())
        log(f"  {name}: page of 100, newest first" + (f" + total (counted up to {COUNT_CAP:,})" if with_total else ""))
        for kind, make in kinds.items():
            ms, sizes = [], []
            for _ in range(per_kind):
                f = make()
                t0 = time.perf_counter()
                page = store.query_events(f, with_total=with_total, count_cap=COUNT_CAP)
                ms.append((time.perf_counter() - t0) * 1000)
                sizes.append(page.total if with_total else len(page.events))
            all_ms += ms
            log(f"    {kind:<26} p50 {pct(ms, 50):7.1f} ms   p95 {pct(ms, 95):7.1f} ms   "
                f"({'matches' if with_total else 'rows'} median {int(statistics.median(sizes))})")
    log(f"    {'all':<26} p50 {pct(all_ms, 50):7.1f} ms   p95 {pct(all_ms, 95):7.1f} ms   "
        f"({len(all_ms)} queries; target p95 < 100 ms)")
    return all_ms


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--events", type=int, default=1_000_000, help="synthetic events for the query benchmark")
    ap.add_argument("--reports", type=int, default=500, help="reports for the ingest benchmark (0: skip)")
    ap.add_argument("--queries", type=int, default=30, help="queries of each kind")
    ap.add_argument("--sqlite", default="/tmp/whimbrel-bench/store.db")
    ap.add_argument("--postgres", default=os.environ.get("WHIMBREL_BENCH_POSTGRES_URL", ""))
    ap.add_argument("--only", choices=["sqlite", "postgresql"], help="one database only")
    ap.add_argument("--reuse", action="store_true",
                    help="query the events a previous run loaded when the database holds --events of them")
    args = ap.parse_args()

    targets = []
    if args.only != "postgresql":
        targets.append(("sqlite", f"sqlite:///{Path(args.sqlite).resolve()}"))
    if args.only != "sqlite":
        if args.postgres:
            targets.append(("postgresql", args.postgres))
        else:
            log("PostgreSQL skipped: give --postgres URL or WHIMBREL_BENCH_POSTGRES_URL (its schema is recreated)")
    if not targets:
        sys.exit("nothing to benchmark")

    if args.reports:
        from whimbrel.models import Problem
        from whimbrel.pipeline import Pipeline
        from whimbrel.settings import load_settings
        settings = load_settings()
        pipeline = Pipeline(settings)
        reports, what = load_reports(args.reports, settings)
        events: dict[str, list] = {r.id: [] for r in reports}
        t0 = time.perf_counter()
        for item in pipeline.run(reports):
            if not isinstance(item, Problem):
                events[item.article_id].append(item)
        extraction = time.perf_counter() - t0
        extracted = [(r, events[r.id]) for r in reports]
        log(f"ingest: {what}; extraction alone {len(reports) / extraction:.1f} reports/s")
        for name, url in targets:
            reset(name, url)
            bench_ingest(name, url, reports, pipeline, extracted)

    if args.events:
        log(f"queries over {args.events:,} synthetic events")
        for name, url in targets:
            if args.reuse and loaded(url) == args.events:
                log(f"  {name}: reusing the {args.events:,} events already loaded")
            else:
                seconds = bulk_load(name, url, args.events)
                log(f"  {name}: loaded in {seconds:.0f} s (indexes rebuilt, statistics gathered)")
            bench_queries(name, url, args.queries, with_total=False)
            bench_queries(name, url, max(5, args.queries // 3), with_total=True)


if __name__ == "__main__":
    main()
