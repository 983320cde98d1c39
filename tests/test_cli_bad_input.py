"""Bad input in one run beside a good report: each gets a message, the good events are written."""
from __future__ import annotations

import json

from typer.testing import CliRunner

from whimbrel.cli import app

GOOD = ("Gunmen attacked a police checkpoint in Maiduguri on Monday, killing three officers, "
        "according to a police spokesman.")


def _bad_inputs(tmp_path):
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "latin1.txt").write_bytes("Des manifestants ont défilé à Liège".encode("latin-1"))
    (tmp_path / "noarticle.html").write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>",
                                             encoding="utf-8")
    with open(tmp_path / "huge.txt", "wb") as f:  # 50 MB, sparse: the size check comes before reading
        f.truncate(50 * 1024 * 1024)
    (tmp_path / "arabic.txt").write_text("اشتباكات عنيفة بين القوات الحكومية ومسلحين في ريف دير الزور يوم الثلاثاء",
                                         encoding="utf-8")
    (tmp_path / "french.txt").write_text("Des affrontements ont eu lieu mardi entre l'armée et des rebelles "
                                         "dans le nord du pays, selon les autorités locales.", encoding="utf-8")


def test_bad_inputs_are_reported_and_the_good_report_is_extracted(tmp_path):
    _bad_inputs(tmp_path)
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["extract", str(tmp_path), "--published", "2024-05-08",
                                      "--format", "jsonl", "-o", str(out)])
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in out.read_text().splitlines()]
    assert events and {e["article_id"] for e in events} == {"good"}
    assert events[0]["fatalities"] == 3 and events[0]["country"] == "Nigeria"
    messages = result.output
    for name in ("empty.txt", "binary.txt", "latin1.txt", "noarticle.html", "huge.txt", "arabic.txt", "french.txt"):
        line = next((l for l in messages.splitlines() if name in l), None)
        assert line is not None, f"no message for {name}:\n{messages}"
    assert "UTF-8" in messages and "English" in messages and "MEGABYTES" in messages.upper()


def test_exit_status_is_nonzero_only_when_nothing_could_be_read(tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(tmp_path / "empty.txt")])
    assert result.exit_code == 1
    assert "empty" in result.output


def test_bad_published_option_says_the_form(tmp_path):
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(tmp_path / "good.txt"), "--published", "last tuesday"])
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output


def test_unknown_country_option_is_refused_and_a_known_one_fills_the_country(tmp_path):
    (tmp_path / "r.txt").write_text("Residents demonstrated against officers of the ministry over "
                                    "school fees.", encoding="utf-8")
    bad = CliRunner().invoke(app, ["extract", str(tmp_path / "r.txt"), "--country", "Narnia"])
    assert bad.exit_code == 2 and "Narnia" in bad.output
    good = CliRunner().invoke(app, ["extract", str(tmp_path / "r.txt"), "--published", "2024-05-08",
                                    "--country", "Kenya"])
    assert good.exit_code == 0 and '"country": "Kenya"' in good.stdout
