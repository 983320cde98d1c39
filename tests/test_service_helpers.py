"""Fixtures shared by the service's tests (tests/test_api_*.py, tests/test_web_*.py): a store holding
the seed article (extracted once per session with the real pipeline, then copied per test), an
in-process client over it with a token, and a real `whimbrel serve` on a free port."""
from __future__ import annotations

import datetime as dt
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from test_store_helpers import pipeline

SEED_PUBLISHED = dt.date(2014, 10, 9)


def seed_store(path: Path, shared: Path) -> Path:
    """A SQLite store at `path` with the seed article extracted and stored."""
    from whimbrel.ingest import read_inputs
    from whimbrel.settings import load_settings
    from whimbrel.store import EventStore
    with EventStore.open(str(path)) as store:
        result = store.ingest(read_inputs([str(shared / "seed" / "aawsat-deir-ezzor.txt")], SEED_PUBLISHED,
                                          load_settings()), pipeline().run, version="test")
        assert result.stored == 1 and result.events >= 5, result
    return path


@pytest.fixture(scope="session")
def seed_template(tmp_path_factory, shared) -> Path:
    return seed_store(tmp_path_factory.mktemp("seed") / "seed.db", shared)


@pytest.fixture
def seed_db(seed_template, tmp_path) -> Path:
    """A private copy of the seed store: a test may write to it."""
    path = tmp_path / "store.db"
    shutil.copy(seed_template, path)
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`whimbrel serve` in a child process on 127.0.0.1 and a free port; stopped by stop()."""

    def __init__(self, db: Path, *extra: str):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = db.with_suffix(".serve.log")
        env = {**os.environ, "WHIMBREL_SETTINGS": str(db.with_suffix(".none.yaml"))}
        self.proc = subprocess.Popen([sys.executable, "-m", "whimbrel.cli", "serve", "--db", str(db), "--host",
                                      "127.0.0.1", "--port", str(self.port), *extra],
                                     stdout=open(self.log, "w"), stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"whimbrel serve exited: {self.log.read_text()}")
            try:
                if httpx.get(self.url + "api/config", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"whimbrel serve did not answer in 60 s: {self.log.read_text()}")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
