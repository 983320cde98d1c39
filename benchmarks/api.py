"""The REST service's speed: requests/s and latency of GET /api/events over 1,000,000 events.

    python benchmarks/api.py [--events 1000000] [--requests 40] [--clients 4] [--db PATH] [--reload]

1. --events synthetic canonical events are bulk-loaded into a SQLite store with the store
   benchmark's loader (benchmarks/store.py: plausible countries, admin areas, actors, dates; indexes
   rebuilt and ANALYZE run after the load). The file is kept (default /tmp/whimbrel-bench/api.db)
   and reused by later runs with the same --events unless --reload is given.
2. `whimbrel serve` runs on a free port of 127.0.0.1 (uvicorn, one process, as deployed).
3. Latency: one client sends --requests filtered requests of each kind — a page of 100 events,
   newest first, as the API answers by default (has_more, no count) — and p50/p95 are printed per
   kind and overall (target: p95 under 150 ms); then the same with total=true, as the map page
   asks (counting stops at count_cap, 1000).
4. Throughput: --clients concurrent clients send the same mix for a fixed number of requests;
   requests/s and p95 under that load are printed.

All traffic stays on 127.0.0.1 and every loop is bounded. A report to read, never a timed test.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def log(msg: str) -> None:
    print(msg, flush=True)


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def load(db: Path, n: int, reload: bool) -> None:
    from whimbrel.store import EventStore
    if db.exists() and not reload:
        with EventStore.open(str(db)) as store:
            have = store.counts().events
        if have == n:
            log(f"reusing {db} ({have:,} events); --reload to build it again")
            return
    try:
        from store import bulk_load  # benchmarks/store.py: the store's own synthetic loader
    except ImportError as e:
        sys.exit(f"benchmarks/store.py is needed to generate the events ({e})")
    log(f"loading {n:,} synthetic events into {db} ...")
    seconds = bulk_load("sqlite", f"sqlite:///{db}", n)
    log(f"  loaded in {seconds:.0f} s")


def kinds(rng: random.Random) -> dict:
    """Query parameters of the filters people use on the page and the API, a page of 100 each."""
    from store import COUNTRIES, DAYS, START, SUB_TYPES, World
    world = World(random.Random(5))
    countries = list(COUNTRIES)

    def day() -> dt.date:
        return START + dt.timedelta(days=rng.randrange(DAYS - 400))

    def span(days: int) -> dict:
        d = day()
        return {"since": d.isoformat(), "until": (d + dt.timedelta(days=days)).isoformat()}

    def box(size: float) -> str:
        t = rng.choice(world.towns)
        return f"{t[6] - size:.3f},{t[5] - size:.3f},{t[6] + size:.3f},{t[5] + size:.3f}"

    return {
        "country + month": lambda: {"country": rng.choice(countries), **span(30)},
        "admin1": lambda: {"admin1": rng.choice(world.towns)[2]},
        "type + country": lambda: {"event_type": rng.choice(SUB_TYPES)[1], "country": rng.choice(countries)},
        "actor + year": lambda: {"actor": rng.choice(["liberation front", "militia", "protesters", "police"]), **span(365)},
        "bbox 2x2 + year (map view)": lambda: {"bbox": box(1.0), **span(365)},
        "min fatalities + country": lambda: {"country": rng.choice(countries), "min_fatalities": rng.choice([10, 25, 50])},
        "week, nothing else": lambda: span(7),
        "text + country + quarter": lambda: {"q": rng.choice(["town 3", "militia", "clash"]),
                                             "country": rng.choice(countries), **span(91)},
        "sorted by fatalities, country": lambda: {"country": rng.choice(countries), "sort": "-fatalities"},
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([sys.executable, "-m", "whimbrel.cli", "serve", "--db", str(db), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"whimbrel serve exited: {proc.stderr.read().decode()}")
        try:
            httpx.get(url + "/api/config", timeout=1)
            return proc, url
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.terminate()
    sys.exit("whimbrel serve did not start in 60 s")


def timed(client: httpx.Client, params: dict) -> tuple[float, int]:
    t0 = time.perf_counter()
    r = client.get("/api/events", params={"limit": 100, **params})
    ms = (time.perf_counter() - t0) * 1000
    if r.status_code != 200:
        raise SystemExit(f"GET /api/events {params} answered {r.status_code}: {r.text[:300]}")
    return ms, len(r.json()["events"])


def latency(url: str, per_kind: int, total: bool) -> list[float]:
    rng = random.Random(11)
    ks = kinds(rng)
    all_ms: list[float] = []
    extra = {"total": "true"} if total else {}
    with httpx.Client(base_url=url, timeout=60) as client:
        for make in ks.values():  # warm up, as a running service is
            for _ in range(2):
                timed(client, {**make(), **extra})
        log("latency, one client, a page of 100 newest first" +
            (", counted (total=true, counting stops at 1000):" if total else " (the default: has_more, no count):"))
        for kind, make in ks.items():
            ms, rows = [], []
            for _ in range(per_kind):
                t, n = timed(client, {**make(), **extra})
                ms.append(t)
                rows.append(n)
            all_ms += ms
            log(f"  {kind:<30} p50 {pct(ms, 50):7.1f} ms   p95 {pct(ms, 95):7.1f} ms   (rows median {int(statistics.median(rows))})")
    log(f"  {'all':<30} p50 {pct(all_ms, 50):7.1f} ms   p95 {pct(all_ms, 95):7.1f} ms   ({len(all_ms)} requests; target p95 < 150 ms)")
    return all_ms


def throughput(url: str, clients: int, requests: int) -> None:
    ms_all: list[float] = []
    lock = threading.Lock()
    per_client = max(1, requests // clients)

    def run(seed: int) -> None:
        rng = random.Random(seed)
        ks = list(kinds(rng).values())
        mine = []
        with httpx.Client(base_url=url, timeout=60) as client:
            for i in range(per_client):
                mine.append(timed(client, ks[i % len(ks)]())[0])
        with lock:
            ms_all.extend(mine)

    threads = [threading.Thread(target=run, args=(100 + i,)) for i in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - t0
    log(f"throughput, {clients} concurrent clients, {len(ms_all)} requests of the same mix:")
    log(f"  {len(ms_all) / seconds:7.1f} requests/s   p50 {pct(ms_all, 50):7.1f} ms   p95 {pct(ms_all, 95):7.1f} ms")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--requests", type=int, default=40, help="requests of each kind for the latency run")
    ap.add_argument("--clients", type=int, default=4, help="concurrent clients for the throughput run")
    ap.add_argument("--db", default="/tmp/whimbrel-bench/api.db")
    ap.add_argument("--reload", action="store_true", help="build the database again even if it exists")
    args = ap.parse_args()
    db = Path(args.db).resolve()
    db.parent.mkdir(parents=True, exist_ok=True)
    load(db, args.events, args.reload)
    os.environ.setdefault("WHIMBREL_SETTINGS", str(db.with_suffix(".no-settings.yaml")))
    proc, url = start_server(db)
    try:
        log(f"whimbrel serve at {url}, {args.events:,} events")
        latency(url, args.requests, total=False)
        latency(url, max(5, args.requests // 2), total=True)
        throughput(url, args.clients, args.requests * len(kinds(random.Random(0))))
    finally:
        proc.terminate()
        proc.wait(10)


if __name__ == "__main__":
    main()
