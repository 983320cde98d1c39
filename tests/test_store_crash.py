"""A `whimbrel ingest` of 300 reports killed with SIGKILL part-way, then started again: every report
stored once, every event once, nothing lost. SQLite and PostgreSQL."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from whimbrel.store import EventFilter, EventStore

from test_store_helpers import clash_reports, db_url, write_jsonl  # noqa: F401  (fixture)

N = 300
BATCH = 10


def _ingest(path, url) -> list[str]:
    return [sys.executable, "-m", "whimbrel.cli", "ingest", str(path), "--db", url, "--batch-size", str(BATCH)]


@pytest.mark.slow
def test_a_killed_ingest_finishes_on_the_next_run_with_no_duplicate_and_nothing_lost(db_url, tmp_path):
    source = write_jsonl(tmp_path / "reports.jsonl", clash_reports(N))
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    store = EventStore.open(db_url)
    try:
        proc = subprocess.Popen(_ingest(source, db_url), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        deadline = time.monotonic() + 180
        stored_at_kill = 0
        while time.monotonic() < deadline and proc.poll() is None:
            stored_at_kill = store.counts().reports
            if stored_at_kill >= 3 * BATCH:  # a few batches committed: kill it mid-run
                os.kill(proc.pid, signal.SIGKILL)
                break
            time.sleep(0.01)
        proc.wait(timeout=60)
        stderr = proc.stderr.read().decode()
        proc.stderr.close()
        assert proc.returncode == -signal.SIGKILL, f"the ingest ended before it was killed: {stderr}"
        partial = store.counts()
        assert BATCH <= partial.reports < N
        assert partial.reports % BATCH == 0  # whole batches only: each commits in one transaction
        assert partial.report_events == partial.events == partial.reports

        rerun = subprocess.run(_ingest(source, db_url), capture_output=True, text=True, env=env, timeout=300)
        assert rerun.returncode == 0, rerun.stderr
        assert f"{N - partial.reports} reports stored, {partial.reports} already stored" in " ".join(rerun.stderr.split())

        final = store.counts()
        assert (final.reports, final.report_events, final.events) == (N, N, N)
        articles = sorted(r.article_id for r in store.reports(limit=N + 10))
        assert articles == [f"clash-{i:04d}" for i in range(N)]
        events = store.query_events(EventFilter(limit=N + 10)).events
        assert len({e.event_date for e in events}) == N and all(e.n_reports == 1 for e in events)
        assert sum(e.fatalities for e in events) == sum(i % 7 + 2 for i in range(N))
    finally:
        store.close()
