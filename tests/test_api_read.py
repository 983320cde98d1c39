"""The REST API's read side, in-process (TestClient) over a real SQLite file holding the seed
article: events with filters, paging and sorting, one event with sources and evidence, reports,
stats, exports in every format, and errors a person can act on."""
from __future__ import annotations

import csv
import io
import json

import pytest
from fastapi.testclient import TestClient

from whimbrel.export import ACLED_COLUMNS

from test_service_helpers import seed_db, seed_template  # noqa: F401  (fixtures)
from test_store_helpers import pipeline


@pytest.fixture
def client(seed_db):
    from whimbrel.api import create_app
    from whimbrel.store import EventStore
    store = EventStore.open(str(seed_db))
    with TestClient(create_app(store, extractor=lambda: pipeline().run)) as c:
        c.store = store
        yield c
    store.close()


def events(client, **params):
    r = client.get("/api/events", params={"total": True, **params})
    assert r.status_code == 200, r.text
    return r.json()


def test_events_page_holds_the_seed_articles_events(client):
    page = events(client)
    assert page["total"] == len(page["events"]) >= 5
    assert {"Huwayja Saqer", "Hatla"} <= {e["location"] for e in page["events"]}
    e = page["events"][0]
    for column in ("event_id", "event_date", "sub_event_type", "actor1", "latitude", "fatalities", "n_reports"):
        assert column in e
    dates = [e["event_date"] for e in page["events"] if e["event_date"]]
    assert dates == sorted(dates, reverse=True)  # newest first by default


def test_filters_paging_and_sorting(client):
    everything = events(client)["total"]
    assert 0 < events(client, admin1="Homs")["total"] < everything
    assert events(client, country="Syria")["total"] == everything
    assert events(client, country="Nigeria")["total"] == 0
    battles = events(client, event_type="Battles")
    assert battles["total"] and all(e["event_type"] == "Battles" for e in battles["events"])
    isis = events(client, actor="islamic state")["events"]
    assert isis and all("Islamic State" in (e["actor1"] + e["actor2"]) for e in isis)
    assert events(client, q="hatla")["total"] == len([e for e in events(client)["events"] if e["location"] == "Hatla"])
    assert all(e["fatalities"] >= 5 for e in events(client, min_fatalities=5)["events"])
    # Huwayja Saqer and Deir ez-Zor, not Homs, are in this box
    boxed = events(client, bbox="39,34.5,41.5,36")["events"]
    assert boxed and "Homs" not in {e["admin1"] for e in boxed}
    assert events(client, bbox="0,0,1,1")["total"] == 0
    near = events(client, near="35.34,40.15,30")["events"]
    assert near and all(e["admin1"] == "Deir-ez-Zor" for e in near)
    assert events(client, since="2014-10-08", until="2014-10-08")["total"] < everything
    first, second = events(client, limit=2), events(client, limit=2, offset=2)
    assert len(first["events"]) == 2 and not {e["event_id"] for e in first["events"]} & {e["event_id"] for e in second["events"]}
    by_deaths = [e["fatalities"] for e in events(client, sort="-fatalities")["events"]]
    assert by_deaths == sorted(by_deaths, reverse=True)
    uncounted = client.get("/api/events", params={"limit": 2}).json()
    assert uncounted["total"] is None and uncounted["has_more"] is True
    assert events(client, limit=everything)["has_more"] is False
    capped = events(client, count_cap=2)
    assert capped["total"] == 2 and capped["total_exact"] is False and len(capped["events"]) == everything
    assert events(client)["total_exact"] is True


def test_one_event_with_its_sources_and_evidence_sentences(client):
    e = next(e for e in events(client)["events"] if e["location"] == "Huwayja Saqer" and e["fatalities"] == 10)
    d = client.get(f"/api/events/{e['event_id']}").json()
    assert d["event"]["event_id"] == e["event_id"] and d["fatality_rule"]
    (source,) = d["sources"]
    report = client.get(f"/api/reports/{source['report']['id']}").json()
    assert "Huwayja Saqer" in report["text"]
    spans = source["event"]["evidence"]
    assert spans and all(report["text"][s["start"]:s["end"]] == s["sentence"] for s in spans)
    assert any("five ISIS fighters and five government soldiers" in s["sentence"] for s in spans)


def test_reports_and_stats(client):
    (r,) = client.get("/api/reports").json()
    assert r["article_id"] == "aawsat-deir-ezzor" and r["text"] is None and r["published"] == "2014-10-09"
    total = events(client)["total"]
    for by in ("day", "week", "month", "admin1", "country", "event_type", "sub_event_type"):
        rows = client.get("/api/stats", params={"by": by}).json()["rows"]
        if by in ("day", "week", "month"):
            assert rows == sorted(rows, key=lambda x: x["key"])
        assert sum(x["events"] for x in rows) <= total
    admin1 = {x["key"]: x for x in client.get("/api/stats", params={"by": "admin1"}).json()["rows"]}
    assert admin1["Deir-ez-Zor"]["fatalities"] >= 20
    actors = {x["key"] for x in client.get("/api/stats", params={"by": "actor"}).json()["rows"]}
    assert "Islamic State (Syria)" in actors


def test_exports_in_every_format(client):
    total = events(client)["total"]
    r = client.get("/api/export", params={"format": "acled-csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert tuple(rows[0].keys()) == ACLED_COLUMNS and len(rows) == total
    assert len(list(csv.DictReader(io.StringIO(client.get("/api/export?format=csv").text)))) == total
    lines = client.get("/api/export?format=jsonl").text.splitlines()
    assert len(lines) == total and json.loads(lines[0])["evidence"]
    geo = client.get("/api/export?format=geojson").json()
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) == total
    import pyarrow.parquet as pq
    table = pq.read_table(io.BytesIO(client.get("/api/export?format=parquet").content))
    assert table.num_rows == total and "event_date" in table.column_names
    assert client.get("/api/export", params={"format": "jsonl", "admin1": "Homs"}).text.count("\n") < total


@pytest.mark.parametrize("url, says", [
    ("/api/events?since=last%20week", "since"),
    ("/api/events?bbox=1,2,3", "MIN_LON,MIN_LAT,MAX_LON,MAX_LAT"),
    ("/api/events?bbox=10,0,5,1", "minimum first"),
    ("/api/events?near=1,2", "LAT,LON,KM"),
    ("/api/events?sort=random", "sort"),
    ("/api/events?limit=-1", "limit"),
    ("/api/stats?by=galaxy", "by"),
    ("/api/export?format=xlsx", "format"),
])
def test_bad_parameters_get_a_message_naming_them(client, url, says):
    r = client.get(url)
    assert r.status_code == 422
    body = r.json()
    assert body["error"] == "invalid" and says in body["message"]


def test_missing_things_are_json_404s(client):
    for url in ("/api/events/0000000000000000", "/api/reports/nope", "/api/jobs/nope", "/api/nothing"):
        r = client.get(url)
        assert r.status_code == 404 and r.json()["error"] == "not_found" and r.json()["message"], url


def test_page_docs_and_openapi_are_served(client):
    page = client.get("/")
    assert page.status_code == 200 and "leaflet.js" in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert client.get("/static/vendor/leaflet.js").status_code == 200
    assert client.get("/static/vendor/leaflet.markercluster.js").status_code == 200
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/static/vendor/swagger/swagger-ui-bundle.js" in docs.text
    spec = client.get("/openapi.json").json()
    assert {"/api/events", "/api/events/{event_id}", "/api/reports", "/api/stats", "/api/export",
            "/api/jobs/{job_id}", "/api/events/merge", "/api/events/{event_id}/split"} <= set(spec["paths"])
