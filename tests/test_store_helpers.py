"""Fixtures and builders shared by the store's tests (imported by tests/test_store*.py).

`db_url` runs a test on SQLite and on PostgreSQL. PostgreSQL needs WHIMBREL_TEST_POSTGRES_URL
(.ci/run starts a local server and sets it); without it the PostgreSQL half is skipped with a
message — except in CI (CI=true), where it fails, so CI cannot silently skip PostgreSQL.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest

from whimbrel.models import Event, Evidence, Report

DATA = Path(__file__).resolve().parent / "data" / "store"
PG_ENV = "WHIMBREL_TEST_POSTGRES_URL"
_PIPELINES: dict = {}


def postgres_url() -> str:
    url = os.environ.get(PG_ENV, "").strip()
    if url:
        return url
    if os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}:
        pytest.fail(f"CI is set but {PG_ENV} is not: the store's PostgreSQL tests must run in CI. "
                    ".ci/run starts a local PostgreSQL and exports it; run the suite through .ci/run")
    pytest.skip(f"PostgreSQL not configured: set {PG_ENV}=postgresql://USER@HOST:PORT/DB to run the store's "
                "tests against PostgreSQL too (.ci/run does this)")


@contextmanager
def fresh_postgres_database(url: str):
    """A new, empty database on the test server for one test, dropped afterwards.

    A database per test (rather than one schema reset between tests) means no connection left
    open by an earlier test, its pool or a subprocess can see or lock this test's tables.
    """
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    base = make_url(url)
    if base.drivername in ("postgresql", "postgres"):
        base = base.set(drivername="postgresql+psycopg")
    name = f"whimbrel_t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    with fresh_postgres_database(postgres_url()) as url:
        yield url


@pytest.fixture
def store(db_url):
    from whimbrel.store import EventStore
    s = EventStore.open(db_url)
    yield s
    s.close()


def pipeline():
    """One real Pipeline per test process (loading spaCy and the gazetteer takes seconds)."""
    if "p" not in _PIPELINES:
        from whimbrel.pipeline import Pipeline
        from whimbrel.settings import load_settings
        _PIPELINES["p"] = Pipeline(load_settings())
    return _PIPELINES["p"]


# -- builders --------------------------------------------------------------------------------------
def event(report: str, eid: str, fatalities: int = 0, *, day: str = "2024-03-12", sub: str = "Armed clash",
          etype: str = "Battles", a1: str = "Boko Haram", a2: str = "Military Forces of Nigeria (2023-)",
          lat: float | None = 11.083, lon: float | None = 13.696, location: str = "Gwoza", admin1: str = "Borno",
          admin2: str = "Gwoza", country: str = "Nigeria", precision: int = 1, geo: int = 1,
          source: str = "", sentence: str = "") -> Event:
    return Event(article_id=report, event_id=eid, event_date=day, time_precision=precision, event_type=etype,
                 sub_event_type=sub, actor1=a1, actor2=a2, inter1=2 if a1 else None, inter2=1 if a2 else None,
                 interaction=12, country=country, iso3="NGA" if country == "Nigeria" else "", admin1=admin1,
                 admin2=admin2, location=location, latitude=lat, longitude=lon, geo_precision=geo,
                 fatalities=fatalities, source=source, notes=f"{sub} in {location}.", confidence=0.7,
                 evidence=[Evidence(sentence or f"{report}: {fatalities} killed in {location}.", 0, 10)])


def report(rid: str, text: str | None = None, url: str = "", outlet: str = "", published: str | None = "2024-03-14") -> Report:
    return Report(id=rid, text=text or f"Report {rid}: fighting in Gwoza.", url=url, outlet=outlet,
                  published=dt.date.fromisoformat(published) if published else None, origin=rid)


def three_tolls() -> list[tuple[Report, list[Event]]]:
    """Three reports of one clash with different death tolls (12, at least 10, 15)."""
    return [
        (report("a", url="https://a.example.org/clash", outlet="A"), [event("a", "ea", 12, source="Residents; A")]),
        (report("b", url="https://b.example.org/clash", outlet="B"),
         [event("b", "eb", 10, a1="Military Forces of Nigeria (2023-)", a2="Boko Haram", lat=11.10, lon=13.70,
                source="Officials; B")]),
        (report("c", url="https://c.example.org/clash", outlet="C"), [event("c", "ec", 15, source="C")]),
    ]


TOWNS = ["Gwoza", "Bama", "Dikwa", "Monguno", "Konduga", "Damboa", "Biu", "Mafa", "Ngala", "Marte"]


def clash_reports(n: int, start: dt.date = dt.date(2021, 1, 1)) -> list[dict]:
    """n one-sentence reports, each of a clash on a different day (so none merge)."""
    out = []
    for i in range(n):
        day = start + dt.timedelta(days=i)
        town = TOWNS[i % len(TOWNS)]
        out.append({"id": f"clash-{i:04d}", "url": f"https://news.example.org/clash/{i}", "outlet": "Example News",
                    "published": (day + dt.timedelta(days=1)).isoformat(),
                    "text": f"Boko Haram fighters clashed with Nigerian soldiers in {town} on "
                            f"{day.day} {day:%B} {day.year}, killing {i % 7 + 2} people."})
    return out


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path
