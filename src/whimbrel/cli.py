"""The command line: thin, it turns options into calls of the public API."""
from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console

from .errors import WhimbrelError

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Whimbrel: ACLED-style conflict events from news reports.")
err = Console(stderr=True)


@app.callback()
def _root():
    """Whimbrel: ACLED-style conflict events from news reports."""


class Format(str, Enum):
    jsonl = "jsonl"
    csv = "csv"
    acled_csv = "acled-csv"
    table = "table"


@app.command()
def extract(
    paths: List[str] = typer.Argument(..., help="Text or HTML files, directories, JSONL/CSV/feed files, or - for stdin."),
    published: Optional[str] = typer.Option(None, help="Publication date YYYY-MM-DD for every report (overrides the reports' own)."),
    format: Format = typer.Option(Format.jsonl, "--format", "-f", help="Output format."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write here instead of standard output."),
    settings_file: Optional[Path] = typer.Option(None, "--settings", help="A settings YAML file."),
    country: Optional[str] = typer.Option(None, "--country", help="The country the reports cover, for those that name no country or place of their own (setting default_country)."),
):
    """Extract events from reports, one event a line with ACLED column names."""
    from . import _as_date
    from .export import WRITERS
    from .ingest import read_inputs
    from .models import Problem
    from .pipeline import Pipeline
    from .settings import load_settings

    try:
        settings = load_settings(settings_file)
        if country is not None:
            settings = settings.replace(default_country=country)
        day = _as_date(published)
    except WhimbrelError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2)
    except ValueError:
        err.print(f"[red]error:[/red] --published {published!r} is not a date; give it as YYYY-MM-DD")
        raise typer.Exit(2)
    try:
        pipeline = Pipeline(settings)
    except WhimbrelError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2)

    counts = {"reports": 0, "problems": 0}

    def items():
        for item in read_inputs(list(paths), day, settings):
            if isinstance(item, Problem):
                counts["problems"] += 1
                err.print(f"[yellow]skipped[/yellow] {item.origin}: {item.message}")
            else:
                counts["reports"] += 1
            yield item

    def events():
        for item in pipeline.run(items()):
            if isinstance(item, Problem):
                counts["problems"] += 1
                err.print(f"[yellow]skipped[/yellow] {item.origin}: {item.message}")
            else:
                yield item

    stream = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        n = WRITERS[format.value](events(), stream)
    finally:
        if output:
            stream.close()
    err.print(f"{n} events from {counts['reports']} reports"
              + (f"; {counts['problems']} inputs skipped (see above)" if counts["problems"] else ""))
    if counts["reports"] == 0:
        raise typer.Exit(1)


# Command groups that live in their own modules register themselves here, so that each area
# (store, gazetteer, service) keeps its commands beside its code. A module that is missing is
# skipped: the extract command does not depend on them.
_COMMAND_MODULES = ("whimbrel.cli_store", "whimbrel.cli_geo", "whimbrel.cli_eval", "whimbrel.cli_serve")


def _register_commands() -> None:
    import importlib
    for name in _COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        module.register(app)


_register_commands()


def main():
    app()


if __name__ == "__main__":
    main()
