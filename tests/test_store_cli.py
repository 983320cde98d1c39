"""The store end to end with the real extraction: the seed article ingested twice, three reports
of one clash merged and split from the command line, exports that load back. SQLite and PostgreSQL."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sqlite3

from typer.testing import CliRunner

from whimbrel.cli import app
from whimbrel.export import ACLED_COLUMNS
from whimbrel.ingest import read_inputs
from whimbrel.settings import load_settings
from whimbrel.store import EventFilter, EventStore

from test_store_helpers import DATA, db_url, pipeline  # noqa: F401  (fixture)

GWOZA = DATA / "gwoza-clash.jsonl"
OTHERS = DATA / "other-events.jsonl"


def cli(*args: str, ok: bool = True):
    result = CliRunner().invoke(app, list(args))
    if ok:
        assert result.exit_code == 0, result.output
    return result


def _snapshot(store: EventStore) -> list[dict]:
    return [{k: v for k, v in e.to_dict().items() if k != "evidence"}
            for e in store.query_events(EventFilter(limit=1000, sort="event_date"), with_evidence=False).events]


def test_the_seed_article_ingested_twice_leaves_the_same_events(shared, db_url):
    seed = shared / "seed" / "aawsat-deir-ezzor.txt"
    settings = load_settings()
    p = pipeline()

    def items():
        return read_inputs([str(seed)], dt.date(2014, 10, 9), settings)

    extracted = p.extract_report(next(iter(items())))
    with EventStore.open(db_url) as store:
        first = store.ingest(items(), p.run, version="test")
        assert first.stored == 1 and first.events == len(extracted) >= 7
        before = _snapshot(store)
        counts = store.counts()
        # every event of the article is stored once: events of one report are never merged together
        assert counts.events == counts.report_events == len(extracted) == len(before)
        second = store.ingest(items(), p.run, version="test")
        assert (second.stored, second.skipped, second.events) == (0, 1, 0)
        assert _snapshot(store) == before and store.counts() == counts


def test_three_reports_of_one_clash_merge_and_split_from_the_command_line(db_url, tmp_path):
    out = cli("ingest", str(GWOZA), str(OTHERS), "--db", db_url, "--batch-size", "2")
    assert "6 reports stored" in out.output and "2 merged" in out.output
    again = cli("ingest", str(GWOZA), "--db", db_url)
    assert "0 reports stored, 3 already stored" in again.output

    listed = cli("events", "--db", db_url, "--format", "jsonl", "--since", "2024-03-12", "--until", "2024-03-12")
    rows = [json.loads(x) for x in listed.stdout.splitlines()]
    assert len(rows) == 1, rows
    clash = rows[0]
    assert clash["sub_event_type"] == "Armed clash" and clash["location"] == "Gwoza"
    assert (clash["fatalities"], clash["fatalities_low"], clash["fatalities_high"]) == (10, 10, 15)
    assert clash["n_reports"] == 3 and len(clash["report_ids"]) == 3
    assert len(clash["evidence"]) == 3
    assert "Daily Sentinel" in clash["source"] and "Morning Wire" in clash["source"]

    # the later Gwoza clash, the Lagos protest and the Kaduna attack stay events of their own
    everything = cli("events", "--db", db_url, "--format", "csv")
    assert len(list(csv.DictReader(io.StringIO(everything.stdout)))) == 4
    table = cli("events", "--db", db_url, "--country", "Nigeria", "--min-fatalities", "5")
    assert "10 (10-15)" in table.stdout and "Kaduna" in table.stdout and "Lagos" not in table.stdout
    near = cli("events", "--db", db_url, "--near", "11.08,13.70,25", "--format", "jsonl")
    assert len(near.stdout.splitlines()) == 2
    assert cli("events", "--db", db_url, "--near", "11.08,13.70", ok=False).exit_code == 2

    explained = cli("events", "explain", clash["event_id"], "--db", db_url).stdout
    assert explained.count("merged automatically") == 2 and "range 10-15" in explained
    shown = json.loads(cli("events", "show", clash["event_id"], "--db", db_url).stdout)
    assert sorted(s["fatalities"] for s in shown["sources"]) == [10, 12, 15]

    split = cli("events", "split", clash["event_id"], "--db", db_url, "--by", "tester")
    assert len(split.stdout.split()) == 3
    after = [json.loads(x) for x in cli("events", "--db", db_url, "--format", "jsonl", "--since", "2024-03-12",
                                        "--until", "2024-03-12").stdout.splitlines()]
    assert sorted(e["fatalities"] for e in after) == [10, 12, 15] and all(e["n_reports"] == 1 for e in after)

    cli("events", "merge", *split.stdout.split(), "--db", db_url, "--by", "tester")
    cli("events", "correct", clash["event_id"], "fatalities", "11", "--db", db_url, "--note", "checked")
    fixed = json.loads(cli("events", "show", clash["event_id"], "--db", db_url).stdout)
    assert fixed["fatalities"] == 11 and fixed["corrected"] == ["fatalities"]
    assert cli("events", "split", "0000000000000000", "--db", db_url, ok=False).exit_code == 1

    stats = cli("stats", "--by", "month", "--db", db_url).stdout
    assert "2024-03" in stats and "total" in stats
    assert "Borno" in cli("stats", "--by", "admin1", "--db", db_url, "--format", "csv").stdout
    assert cli("reports", "--db", db_url).exit_code == 0

    # exports load back
    acled = tmp_path / "events.csv"
    cli("export", "--format", "acled-csv", "-o", str(acled), "--db", db_url)
    with open(acled, newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        assert tuple(next(reader)) == ACLED_COLUMNS
        assert len(list(reader)) == 4
    import pyarrow.parquet as pq
    parquet = tmp_path / "events.parquet"
    cli("export", "--format", "parquet", "-o", str(parquet), "--db", db_url)
    table = pq.read_table(parquet)
    assert table.num_rows == 4 and str(table.schema.field("event_date").type) == "date32[day]"
    assert max(table.column("n_reports").to_pylist()) == 3
    gj = tmp_path / "events.geojson"
    cli("export", "--format", "geojson", "-o", str(gj), "--db", db_url, "--country", "Nigeria")
    doc = json.loads(gj.read_text(encoding="utf-8"))
    assert doc["type"] == "FeatureCollection" and len(doc["features"]) == 4
    assert all(f["geometry"]["type"] == "Point" for f in doc["features"])
    lines = cli("export", "--format", "jsonl", "--db", db_url, "--sub-type", "Attack").stdout.splitlines()
    assert [json.loads(x)["location"] for x in lines] == ["Kaduna"]


def test_a_locked_database_stops_ingest_with_a_clear_message(tmp_path):
    path = tmp_path / "busy.db"
    EventStore.open(str(path)).close()
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        result = cli("ingest", str(GWOZA), "--db", str(path), "--lock-timeout", "0.3", ok=False)
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert result.exit_code in (1, 2)
    assert "locked" in result.output and str(path) in result.output.replace("\n", "")
    assert "Traceback" not in result.output


def test_an_unreachable_database_is_named_in_the_error():
    result = cli("events", "--db", "postgresql://nobody@127.0.0.1:1/whimbrel", ok=False)
    assert result.exit_code == 2 and "cannot reach the PostgreSQL database" in result.output
