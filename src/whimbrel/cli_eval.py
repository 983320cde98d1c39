"""`whimbrel evaluate`: agreement with human coders, inside the product."""
from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from .errors import WhimbrelError
from .evaluate import __doc__ as MATCHING_RULES
from .evaluate import evaluate, read_gold

err = Console(stderr=True)


def _predictions_from_input(input_path: Optional[Path], reports: list[dict]) -> list[dict]:
    from .ingest import read_inputs
    from .models import Problem
    from .pipeline import Pipeline
    from .settings import load_settings

    settings = load_settings()
    if input_path is not None:
        items = read_inputs([str(input_path)], None, settings)
    else:  # an ACLED CSV: its notes are the reports
        stream = io.StringIO("".join(json.dumps(r) + "\n" for r in reports))
        items = read_inputs(["-"], None, settings, stdin=stream)
    out = []
    for item in Pipeline(settings).run(items):
        if isinstance(item, Problem):
            err.print(f"[yellow]skipped[/yellow] {item.origin}: {item.message}")
        else:
            out.append(item.to_dict())
    return out


_SHORT = {"Explosions/Remote violence": "Explosions", "Violence against civilians": "Vs civilians",
          "Strategic developments": "Strategic", "": "(none)"}


def _print(result, console: Console) -> None:
    table = Table(title="Agreement over matched pairs", header_style="bold")
    table.add_column("field")
    table.add_column("agreement", justify="right")
    table.add_column("pairs", justify="right")
    for name, value in result.agreement.items():
        table.add_row(name, f"{value:.3f}", str(result.counts[name]))
    console.print(table)
    console.print(f"detection (type + place within 25 km): recall {result.recall:.3f}, "
                  f"precision {result.precision:.3f}, f1 {result.f1:.3f}; "
                  f"{result.gold_events} gold events in {result.reports} reports, {result.predicted_events} predicted")
    types = sorted({t for row in result.confusion.values() for t in row} | set(result.confusion))
    conf = Table(title="Event types: gold (rows) x predicted (columns)", header_style="bold")
    conf.add_column("gold \\ predicted")
    short = {t: _SHORT.get(t, t) for t in types}
    for t in types:
        conf.add_column(short[t], justify="right")
    for g in sorted(result.confusion):
        conf.add_row(short.get(g, g), *[str(result.confusion[g].get(t, "")) for t in types])
    console.print(conf)
    console.print("[bold]Worst disagreements[/bold]")
    for d in result.worst:
        console.print(f"- {d.report_id}: {', '.join(d.fields)}")
        for f in d.fields:
            key = {"location_25km": "location", "actors": "actor1", "fatalities": "fatalities"}.get(f, f)
            console.print(f"    {f}: predicted {d.predicted.get(key)!r}, gold {d.gold.get(key)!r}")
        for s in d.evidence[:2]:
            console.print(f"    evidence: {s}")


def evaluate_command(
    gold: Path = typer.Option(..., help="Gold events: eval-layout JSONL ({id, events}) or an ACLED CSV export."),
    input: Optional[Path] = typer.Option(None, "--input", help="Reports to extract (JSONL, files, directory)."),
    pred: Optional[Path] = typer.Option(None, "--pred", help="Predictions already extracted (JSONL events)."),
    worst: int = typer.Option(10, help="How many of the worst disagreements to show."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object instead of tables."),
):
    try:
        gold_events, csv_reports = read_gold(gold)
        if pred is not None:
            predictions = [json.loads(l) for l in pred.read_text(encoding="utf-8").splitlines() if l.strip()]
        elif input is not None or csv_reports:
            predictions = _predictions_from_input(input, csv_reports)
        else:
            err.print("[red]error:[/red] give --input (reports to extract) or --pred (extracted events)")
            raise typer.Exit(2)
    except WhimbrelError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2)
    result = evaluate(gold_events, predictions, worst=worst)
    if as_json:
        sys.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
    else:
        _print(result, Console())


evaluate_command.__doc__ = "Score extraction against human-coded events.\n\n" + (MATCHING_RULES or "")


def register(app: typer.Typer) -> None:
    app.command("evaluate")(evaluate_command)
