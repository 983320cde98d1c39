"""The seed article (read from ../shared, never copied here) scored as issue 2 requires."""
from __future__ import annotations

import html
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from whimbrel.cli import app

FLOORS = {"required_found": 1.0, "sub_event_type": 0.85, "event_date": 0.85, "fatalities": 1.0,
          "actors": 0.85, "source": 0.75, "forbidden_ok": 1.0}


def _score(shared: Path, pred: Path) -> dict:
    out = subprocess.run([sys.executable, str(shared / "tools" / "score.py"), "--seed",
                          str(shared / "seed" / "aawsat-deir-ezzor.gold.json"), "--pred", str(pred)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.splitlines()[0])


def _extract(path: Path, out: Path, *extra: str) -> None:
    result = CliRunner().invoke(app, ["extract", str(path), "--published", "2014-10-09", "--format", "jsonl",
                                      "-o", str(out), *extra])
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def seed_events(shared, tmp_path_factory):
    out = tmp_path_factory.mktemp("seed") / "seed.jsonl"
    _extract(shared / "seed" / "aawsat-deir-ezzor.txt", out)
    return out


def test_seed_article_meets_the_floors(shared, seed_events):
    scores = _score(shared, seed_events)
    short = {k: scores.get(k) for k, floor in FLOORS.items() if scores.get(k, 0) < floor}
    assert not short, f"below the floors: {short}; all scores: {scores}"
    assert scores["spurious_events"] <= 2, scores


def test_every_field_has_evidence_from_the_report(shared, seed_events):
    text = (shared / "seed" / "aawsat-deir-ezzor.txt").read_text(encoding="utf-8")
    for line in seed_events.read_text().splitlines():
        event = json.loads(line)
        assert event["evidence"], event
        for ev in event["evidence"]:
            assert text[ev["start"]:ev["end"]] == ev["sentence"]
        assert event["event_date"] <= "2014-10-09"


def _page(article: str) -> str:
    paragraphs = [p for p in article.splitlines() if p.strip() and "pingback" not in p.lower()]
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html><html lang="en"><head><title>Clashes in the east | Test Outlet</title>
<meta property="og:site_name" content="Test Outlet"></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/opinion">Opinion</a></li>
<li><a href="/sport">Sport</a></li></ul></nav>
<main><article><h1>Clashes in the east</h1>{body}</article></main>
<div class="share">Share this: Facebook Twitter Email</div>
<section id="comments"><h2>Comments</h2>
<div class="comment"><p>A reader: Clashes between the army and rebels killed 300 people in Aleppo on Monday, I heard.</p></div>
<div class="comment"><p>Another reader: nonsense, stop spreading rumours.</p></div></section>
<div class="trackbacks"><h3>Trackbacks/Pingbacks</h3><ul><li><a href="https://blog.example/x">A blog: Syria round-up</a></li></ul></div>
<footer>Copyright Test Outlet. All rights reserved.</footer></body></html>"""


def test_the_article_inside_a_cluttered_page_gives_the_same_events(shared, seed_events, tmp_path):
    article = (shared / "seed" / "aawsat-deir-ezzor.txt").read_text(encoding="utf-8")
    page = tmp_path / "seed-page.html"
    page.write_text(_page(article), encoding="utf-8")
    out = tmp_path / "page.jsonl"
    _extract(page, out)
    key = lambda e: (e["event_date"], e["sub_event_type"], e["location"], e["actor1"], e["fatalities"])
    from_text = sorted(key(json.loads(l)) for l in seed_events.read_text().splitlines())
    from_page = sorted(key(json.loads(l)) for l in out.read_text().splitlines())
    assert from_page == from_text
    assert "Aleppo" not in out.read_text() and "pingback" not in out.read_text().lower()
    assert _score(shared, out)["forbidden_ok"] == 1.0
