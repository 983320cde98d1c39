"""The same reports give the same events in every process: nothing may depend on Python's
per-process string hashing (set iteration order)."""
from __future__ import annotations

import os
import subprocess
import sys

REPORTS = [
    # With the absorbed trigger families kept in sets, this one's actor2 changed with the seed.
    "A woman was burnt to death by a mob in Nyeri when she allegedly stabbed a neighbour to death.",
    "On 3 May 2024, police fired tear gas at traders protesting in Eldoret and arrested five, "
    "and the traders looted two shops.",
    "On 4 May 2024, gunmen attacked a village near Maiduguri, killing 4 people, abducting 10 and "
    "burning houses; soldiers later retook the area.",
]


def _run(tmp_path, seed: str) -> str:
    env = dict(os.environ, PYTHONHASHSEED=seed)
    out = subprocess.run([sys.executable, "-c", "from whimbrel.cli import main; main()", "extract", str(tmp_path), "--published",
                          "2024-05-08"], capture_output=True, text=True, env=env, check=True)
    return out.stdout


def test_events_do_not_depend_on_the_hash_seed(tmp_path):
    for i, text in enumerate(REPORTS):
        (tmp_path / f"r{i}.txt").write_text(text, encoding="utf-8")
    first = _run(tmp_path, "1")
    assert first.count("\n") >= len(REPORTS)  # every report gave at least one event
    for seed in ("2", "3"):
        assert _run(tmp_path, seed) == first
