"""`whimbrel evaluate`: matching, agreement, confusion, worst cases; JSONL and ACLED CSV gold."""
from __future__ import annotations

import csv
import json

from typer.testing import CliRunner

from whimbrel.cli import app
from whimbrel.evaluate import evaluate, match, names_agree

GOLD = {"r1": [{"event_date": "2024-05-06", "event_type": "Battles", "sub_event_type": "Armed clash",
                "actor1": "Military Forces of Nigeria (2023-)", "actor2": "Unidentified Armed Group (Nigeria)",
                "country": "Nigeria", "admin1": "Borno", "location": "Maiduguri", "latitude": 11.85,
                "longitude": 13.16, "fatalities": 4}],
        "r2": [{"event_date": "2024-05-07", "event_type": "Protests", "sub_event_type": "Peaceful protest",
                "actor1": "Protesters (Kenya)", "country": "Kenya", "admin1": "Nairobi", "location": "Nairobi",
                "latitude": -1.29, "longitude": 36.82, "fatalities": 0}]}


def test_names_agree_ignores_periods_and_case():
    assert names_agree("Military Forces of Nigeria (2015-2023)", "military forces of nigeria")
    assert not names_agree("Protesters (Kenya)", "Rioters (Kenya)")


def test_agreement_and_confusion():
    preds = [dict(GOLD["r1"][0], article_id="r1", fatalities=3, latitude=11.9, longitude=13.1),
             dict(GOLD["r2"][0], article_id="r2", event_type="Riots", sub_event_type="Violent demonstration")]
    result = evaluate(GOLD, preds)
    assert result.agreement["fatalities"] == 0.5
    assert result.agreement["location_25km"] == 1.0
    assert result.agreement["event_type"] == 0.5
    assert result.confusion["Protests"] == {"Riots": 1}
    assert {d.report_id for d in result.worst} == {"r1", "r2"}


def test_unmatched_predictions_lower_precision():
    preds = [dict(GOLD["r1"][0], article_id="r1"),
             {"article_id": "r1", "event_type": "Riots", "sub_event_type": "Mob violence", "latitude": 0.0,
              "longitude": 0.0}]
    result = evaluate(GOLD, preds)
    assert result.recall == 0.5 and result.precision == 0.5
    assert len(match(preds, GOLD["r1"])) == 1


def test_command_extracts_and_scores_with_json(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(json.dumps({"id": k, "events": v}) for k, v in GOLD.items()) + "\n")
    reports = tmp_path / "in.jsonl"
    reports.write_text(
        json.dumps({"id": "r1", "published": "2024-05-06",
                    "text": "On 6 May 2024, soldiers clashed with gunmen in Maiduguri, Borno, killing four soldiers."}) + "\n" +
        json.dumps({"id": "r2", "published": "2024-05-07",
                    "text": "On 7 May 2024, hundreds of teachers protested peacefully in Nairobi over unpaid salaries."}) + "\n")
    result = CliRunner().invoke(app, ["evaluate", "--gold", str(gold), "--input", str(reports), "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output.strip().splitlines()[-1])
    assert out["agreement"]["event_type"] == 1.0
    assert out["agreement"]["fatalities"] == 1.0
    assert out["detection"]["recall"] == 1.0


def test_acled_csv_gold_uses_notes_as_text(tmp_path):
    path = tmp_path / "export.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=["event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1",
                                          "actor2", "country", "admin1", "location", "latitude", "longitude",
                                          "fatalities", "notes"])
        w.writeheader()
        w.writerow({"event_id_cnty": "KEN1", "event_date": "07 May 2024", "event_type": "Protests",
                    "sub_event_type": "Peaceful protest", "actor1": "Protesters (Kenya)", "actor2": "",
                    "country": "Kenya", "admin1": "Nairobi", "location": "Nairobi", "latitude": "-1.29",
                    "longitude": "36.82", "fatalities": "0",
                    "notes": "On 7 May 2024, traders protested in Nairobi against new market fees."})
    result = CliRunner().invoke(app, ["evaluate", "--gold", str(path), "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output.strip().splitlines()[-1])
    assert out["agreement"]["sub_event_type"] == 1.0 and out["agreement"]["event_date"] == 1.0


def test_help_documents_the_matching_rules():
    result = CliRunner().invoke(app, ["evaluate", "--help"])
    assert "best first" in result.output and "25 km" in result.output
