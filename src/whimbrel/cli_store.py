"""Store commands: ingest, reextract, events (show, explain, split, merge, correct), stats, export,
reports. Thin: options become an EventFilter and calls of whimbrel.store.EventStore."""
from __future__ import annotations

import csv
import datetime as dt
import getpass
import json
import os
import sys
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated, Iterator, List, Optional

import typer
from rich.console import Console
from rich.table import Table

from .errors import WhimbrelError

err = Console(stderr=True)

Db = Annotated[Optional[str], typer.Option(
    "--db", envvar="WHIMBREL_DB", help="Database: a SQLite file or URL, or postgresql://USER@HOST:PORT/DB "
    "(default: whimbrel.db in the data folder).")]
SettingsFile = Annotated[Optional[Path], typer.Option("--settings", help="A settings YAML file.")]
LockTimeout = Annotated[float, typer.Option("--lock-timeout", help="Seconds to wait for a database another "
                                            "process is writing before giving up.")]
Who = Annotated[Optional[str], typer.Option("--by", help="Who does this (default: your user name).")]
Output = Annotated[Optional[Path], typer.Option("--output", "-o", help="Write here instead of standard output.")]

Country = Annotated[Optional[str], typer.Option(help="Country, as ACLED spells it (Nigeria, Syria).")]
Admin1 = Annotated[Optional[str], typer.Option(help="First-level admin area (state, province).")]
Since = Annotated[Optional[str], typer.Option(help="Events on or after this date (YYYY-MM-DD).")]
Until = Annotated[Optional[str], typer.Option(help="Events on or before this date (YYYY-MM-DD).")]
EventType = Annotated[Optional[str], typer.Option("--type", help="ACLED event type (Battles, Protests, ...).")]
SubType = Annotated[Optional[str], typer.Option("--sub-type", help="ACLED sub-event type (Armed clash, ...).")]
ActorOpt = Annotated[Optional[str], typer.Option("--actor", help="Actor: words that start words of its name "
                                                 "(\"shabaab\", \"islamic state\").")]
Near = Annotated[Optional[str], typer.Option("--near", help="LAT,LON,KM: events within KM of a point.")]
Bbox = Annotated[Optional[str], typer.Option("--bbox", help="MIN_LON,MIN_LAT,MAX_LON,MAX_LAT.")]
MinFatalities = Annotated[Optional[int], typer.Option("--min-fatalities", help="At least this many killed.")]


class ListFormat(str, Enum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"


class ExportFormat(str, Enum):
    acled_csv = "acled-csv"
    jsonl = "jsonl"
    parquet = "parquet"
    geojson = "geojson"
    csv = "csv"


class StatBy(str, Enum):
    day = "day"
    week = "week"
    month = "month"
    admin1 = "admin1"
    country = "country"
    actor = "actor"
    sub_type = "sub-type"
    type = "type"


def _fail(message: str, code: int = 2):
    err.print(f"[red]error:[/red] {message}")
    raise typer.Exit(code)


def _who(by: Optional[str]) -> str:
    if by:
        return by
    try:
        return getpass.getuser()
    except Exception:  # no user name in some containers
        return os.environ.get("USER", "analyst")


def _date(value: Optional[str], option: str) -> Optional[dt.date]:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        _fail(f"{option} {value!r} is not a date; give it as YYYY-MM-DD")


def _numbers(value: Optional[str], option: str, n: int, form: str) -> Optional[tuple]:
    if not value:
        return None
    try:
        parts = tuple(float(p) for p in value.split(","))
    except ValueError:
        parts = ()
    if len(parts) != n:
        _fail(f"{option} {value!r} is not {form}; for example {option} "
              + ("11.08,13.69,25" if n == 3 else "12.5,10.0,15.0,14.0"))
    return parts


def _filter(country, admin1, since, until, event_type, sub_type, actor, near, bbox, min_fatalities,
            limit: int = 100, offset: int = 0, sort: str = "-event_date"):
    from .store import SORTS, EventFilter
    if sort not in SORTS:
        _fail(f"--sort {sort!r} is not one of {', '.join(SORTS)}")
    return EventFilter(country=country, admin1=admin1, since=_date(since, "--since"), until=_date(until, "--until"),
                       event_type=event_type, sub_event_type=sub_type, actor=actor,
                       near=_numbers(near, "--near", 3, "LAT,LON,KM"),
                       bbox=_numbers(bbox, "--bbox", 4, "MIN_LON,MIN_LAT,MAX_LON,MAX_LAT"),
                       min_fatalities=min_fatalities, limit=limit, offset=offset, sort=sort)


@contextmanager
def _store(db: Optional[str], settings_file: Optional[Path] = None, lock_timeout: float = 15.0) -> Iterator:
    from .settings import load_settings
    from .store import EventStore
    try:
        settings = load_settings(settings_file)
        store = EventStore.open(db, settings, lock_timeout=lock_timeout)
    except WhimbrelError as e:
        _fail(str(e))
    try:
        yield store
    except WhimbrelError as e:
        _fail(str(e), 1)
    finally:
        store.close()


@contextmanager
def _out(output: Optional[Path], binary: bool = False):
    if output is None:
        yield sys.stdout
        return
    try:
        stream = open(output, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8", "newline": ""}))
    except OSError as e:
        _fail(f"cannot write {output} ({e.strerror})")
    with stream:
        yield stream


# -- ingest ----------------------------------------------------------------------------------------
def _estimate(paths: List[str]) -> Optional[int]:
    """Roughly how many reports the inputs hold (for the progress bar); None when unknown."""
    from .ingest.files import KINDS
    total = 0
    for p in paths:
        path = Path(p)
        if p == "-":
            return None
        files = [path] if path.is_file() else [f for f in sorted(path.rglob("*")) if f.is_file()
                                                and f.suffix.lower() in KINDS] if path.is_dir() else []
        for f in files:
            if f.suffix.lower() in (".jsonl", ".csv"):
                try:
                    with open(f, "rb") as fh:
                        total += sum(1 for line in fh if line.strip()) - (f.suffix.lower() == ".csv")
                except OSError:
                    total += 1
            else:
                total += 1
    return total or None


def _progress():
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    return Progress(TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(),
                    TextColumn("{task.fields[detail]}"), TimeElapsedColumn(), console=err,
                    disable=not err.is_terminal, transient=False)


def _summary(result, where: str) -> str:
    parts = [f"{result.stored} reports stored", f"{result.skipped} already stored"]
    if result.failed:
        parts.append(f"{result.failed} failed extraction (not stored; a new run tries them again)")
    return (", ".join(parts) + f"; {result.events} events, {result.merged} merged into events of other reports; "
            f"database {where}")


def ingest(
    paths: List[str] = typer.Argument(..., help="Reports: text/HTML files, directories, JSONL/CSV/feed files, or -."),
    db: Db = None,
    published: Optional[str] = typer.Option(None, help="Publication date YYYY-MM-DD for every report."),
    batch_size: int = typer.Option(50, "--batch-size", help="Reports per transaction."),
    lock_timeout: LockTimeout = 15.0,
    settings_file: SettingsFile = None,
):
    """Extract events from reports and store them; the same event from several reports becomes one.

    Reports already stored (same URL or same text) are skipped before extraction, so a run that
    was stopped can simply be started again."""
    import whimbrel
    from . import _as_date
    from .ingest import read_inputs

    try:
        day = _as_date(published)
    except (WhimbrelError, ValueError):
        _fail(f"--published {published!r} is not a date; give it as YYYY-MM-DD")
    state: dict = {"pipeline": None, "result": None, "problems": 0}
    with _store(db, settings_file, lock_timeout) as store:
        settings = whimbrel.load_settings(settings_file)

        def extract(batch):
            if state["pipeline"] is None:
                from .pipeline import Pipeline
                state["pipeline"] = Pipeline(settings)
            return state["pipeline"].run(batch)

        total = _estimate(list(paths))
        bar = _progress()
        task = bar.add_task("ingest", total=total, detail="")

        def progress(result):
            state["result"] = result
            for p in result.problems[state["problems"]:]:
                bar.console.print(f"[yellow]skipped[/yellow] {p.origin}: {p.message}")
            state["problems"] = len(result.problems)
            bar.update(task, completed=result.read + len(result.problems) - result.failed,
                       detail=f"{result.stored} stored, {result.skipped} already, {result.events} events")

        try:
            with bar:
                result = store.ingest(read_inputs(list(paths), day, settings), extract,
                                      version=whimbrel.__version__, batch_size=batch_size, progress=progress)
        except WhimbrelError as e:
            done = state["result"]
            kept = f" {done.stored} reports of this run were stored before it and are kept." if done else ""
            _fail(f"{e}.{kept}", 1)
        for p in result.problems[state["problems"]:]:
            err.print(f"[yellow]skipped[/yellow] {p.origin}: {p.message}")
        err.print(_summary(result, store.where))
    if result.read == 0:
        raise typer.Exit(1)


def reextract(
    db: Db = None,
    all_reports: bool = typer.Option(False, "--all", help="Every report, not only those extracted by an older version."),
    batch_size: int = typer.Option(50, "--batch-size", help="Reports per transaction."),
    lock_timeout: LockTimeout = 15.0,
    settings_file: SettingsFile = None,
):
    """Extract stored reports again with this version; links, merges and corrections are kept."""
    import whimbrel
    from .pipeline import Pipeline
    with _store(db, settings_file, lock_timeout) as store:
        todo = store.outdated_reports(whimbrel.__version__, force=all_reports)
        if not todo:
            err.print(f"every report was extracted by version {whimbrel.__version__}; use --all to extract again")
            return
        pipeline = Pipeline(whimbrel.load_settings(settings_file))
        result = store.reextract(pipeline.run, whimbrel.__version__, force=all_reports, batch_size=batch_size)
        for p in result.problems:
            err.print(f"[yellow]skipped[/yellow] {p.origin}: {p.message}")
        err.print(f"{result.stored} reports extracted again ({result.failed} failed): {result.events} events")


# -- events ----------------------------------------------------------------------------------------
events_app = typer.Typer(help="List, show, explain, split, merge and correct stored events.", add_completion=False)

_EXTRA = ("fatalities_low", "fatalities_high", "n_reports", "report_ids", "corrected")


def _write_events(events, fmt: ListFormat, stream) -> int:
    from .export import WRITERS
    from .models import EVENT_COLUMNS
    if fmt == ListFormat.jsonl:
        return WRITERS["jsonl"](events, stream)
    if fmt == ListFormat.csv:
        w = csv.writer(stream)
        w.writerow(EVENT_COLUMNS + _EXTRA)
        n = 0
        for e in events:
            row = e.to_dict()
            w.writerow([json.dumps(row[c], ensure_ascii=False) if isinstance(row[c], list)
                        else "" if row[c] is None else row[c] for c in EVENT_COLUMNS + _EXTRA])
            n += 1
        return n
    table = Table(header_style="bold")
    for col in ("id", "date", "type", "actor 1", "actor 2", "location", "admin1", "country", "deaths", "sources"):
        table.add_column(col, overflow="fold")
    n = 0
    for e in events:
        deaths = str(e.fatalities) + (f" ({e.fatalities_low}-{e.fatalities_high})"
                                      if e.fatalities_low != e.fatalities_high else "")
        table.add_row(e.event_id, e.event_date or "", e.sub_event_type, e.actor1, e.actor2, e.location, e.admin1,
                      e.country, deaths, str(e.n_reports))
        n += 1
    Console(file=stream, width=max(160, Console().width), force_terminal=False).print(table)
    return n


@events_app.callback(invoke_without_command=True)
def events(
    ctx: typer.Context,
    db: Db = None,
    country: Country = None, admin1: Admin1 = None, since: Since = None, until: Until = None,
    event_type: EventType = None, sub_type: SubType = None, actor: ActorOpt = None, near: Near = None,
    bbox: Bbox = None, min_fatalities: MinFatalities = None,
    format: ListFormat = typer.Option(ListFormat.table, "--format", "-f", help="Output format."),
    limit: int = typer.Option(100, help="At most this many events."),
    offset: int = typer.Option(0, help="Skip this many events first."),
    sort: str = typer.Option("-event_date", help="-event_date, event_date, -fatalities, fatalities, -updated_at."),
    output: Output = None,
):
    """List stored events (each real-world event once), newest first."""
    if ctx.invoked_subcommand:
        return
    f = _filter(country, admin1, since, until, event_type, sub_type, actor, near, bbox, min_fatalities,
                limit, offset, sort)
    with _store(db) as store:
        from .store.queries import COUNT_CAP
        page = store.query_events(f, with_total=True, with_evidence=format != ListFormat.table, count_cap=COUNT_CAP)
        with _out(output) as stream:
            _write_events(page.events, format, stream)
        total = f"{page.total}" if page.total_exact else f"more than {page.total}"
        err.print(f"{len(page.events)} of {total} events" + (f" (from {offset + 1})" if offset else ""))


@events_app.command("show")
def events_show(event_id: str = typer.Argument(..., help="Event id."), db: Db = None):
    """One event with its sources and the sentences behind it."""
    with _store(db) as store:
        detail = store.get_event(event_id)
        if detail is None:
            store.explain(event_id)  # raises the not-found error, saying where a merged event went
        e = detail.event
        typer.echo(json.dumps({**e.to_dict(), "sources": [
            {"report_id": m.report.id, "url": m.report.url, "outlet": m.report.outlet,
             "published": m.report.published.isoformat() if m.report.published else None,
             "member_event_id": m.event.event_id, "fatalities": m.event.fatalities, "link": m.link_rule,
             "reason": m.reason.to_dict() if m.reason else None,
             "evidence": [ev.to_dict() for ev in m.event.evidence]} for m in detail.members],
            "fatality_rule": detail.fatality_rule}, ensure_ascii=False, indent=2))


@events_app.command("explain")
def events_explain(event_id: str = typer.Argument(..., help="Event id."), db: Db = None):
    """Which reports an event was merged from, on what evidence, and how its figures were chosen."""
    with _store(db) as store:
        typer.echo(str(store.explain(event_id)))


@events_app.command("split")
def events_split(event_id: str = typer.Argument(..., help="Event id."), db: Db = None, by: Who = None,
                 note: str = typer.Option("", help="Why.")):
    """Undo a merge: one event per source report again, never merged back automatically."""
    with _store(db) as store:
        ids = store.split(event_id, _who(by), note)
        err.print(f"event {event_id} split into {len(ids)} events: {', '.join(ids)}")
        typer.echo("\n".join(ids))


@events_app.command("merge")
def events_merge(event_ids: List[str] = typer.Argument(..., help="Two or more event ids; the first is kept."),
                 db: Db = None, by: Who = None, note: str = typer.Option("", help="Why.")):
    """Merge events an analyst knows to be one (the first id is kept)."""
    with _store(db) as store:
        kept = store.merge(event_ids, _who(by), note)
        err.print(f"merged {len(set(event_ids))} events into {kept}")
        typer.echo(kept)


@events_app.command("correct")
def events_correct(event_id: str = typer.Argument(..., help="Event id."),
                   field: str = typer.Argument(..., help="Field to set (fatalities, location, actor1, ...)."),
                   value: Optional[str] = typer.Argument(None, help="New value; leave out with --clear."),
                   clear: bool = typer.Option(False, "--clear", help="Withdraw the correction of this field."),
                   db: Db = None, by: Who = None, note: str = typer.Option("", help="Why.")):
    """Correct a field of an event; the correction survives new sources and re-extraction."""
    if value is None and not clear:
        _fail("give the new value, or --clear to withdraw the field's correction")
    with _store(db) as store:
        e = store.correct(event_id, field, None if clear else value, _who(by), note)
        err.print(f"event {event_id}: {field} is now {getattr(e, field)!r}")


# -- stats, export, reports ------------------------------------------------------------------------
def stats(
    by: StatBy = typer.Option(StatBy.month, "--by", help="Group by day, week, month, admin1, country, actor, sub-type, type."),
    db: Db = None,
    country: Country = None, admin1: Admin1 = None, since: Since = None, until: Until = None,
    event_type: EventType = None, sub_type: SubType = None, actor: ActorOpt = None, near: Near = None,
    bbox: Bbox = None, min_fatalities: MinFatalities = None,
    format: ListFormat = typer.Option(ListFormat.table, "--format", "-f", help="Output format."),
    output: Output = None,
):
    """Events and fatalities by day, week, month, admin1, country, actor or type, as a table."""
    f = _filter(country, admin1, since, until, event_type, sub_type, actor, near, bbox, min_fatalities)
    key = {"sub-type": "sub_event_type", "type": "event_type"}.get(by.value, by.value)
    with _store(db) as store:
        rows = store.stats(key, f)
    with _out(output) as stream:
        if format == ListFormat.jsonl:
            for r in rows:
                stream.write(json.dumps({key: r.key, "events": r.events, "fatalities": r.fatalities},
                                        ensure_ascii=False) + "\n")
        elif format == ListFormat.csv:
            w = csv.writer(stream)
            w.writerow([key, "events", "fatalities"])
            w.writerows([r.key, r.events, r.fatalities] for r in rows)
        else:
            table = Table(header_style="bold")
            table.add_column(key)
            table.add_column("events", justify="right")
            table.add_column("fatalities", justify="right")
            for r in rows:
                table.add_row(r.key or "(none)", str(r.events), str(r.fatalities))
            if key != "actor":  # an event has two actors: per-actor rows do not add up
                table.add_row("total", str(sum(r.events for r in rows)), str(sum(r.fatalities for r in rows)),
                              style="bold")
            Console(file=stream, width=max(100, Console().width), force_terminal=False).print(table)


def export(
    format: ExportFormat = typer.Option(..., "--format", "-f", help="acled-csv, jsonl, parquet, geojson or csv."),
    output: Output = None,
    db: Db = None,
    country: Country = None, admin1: Admin1 = None, since: Since = None, until: Until = None,
    event_type: EventType = None, sub_type: SubType = None, actor: ActorOpt = None, near: Near = None,
    bbox: Bbox = None, min_fatalities: MinFatalities = None,
):
    """Export stored events, oldest first: ACLED CSV (ACLED's columns), JSONL, Parquet or GeoJSON."""
    from .export import BINARY_FORMATS, WRITERS
    f = _filter(country, admin1, since, until, event_type, sub_type, actor, near, bbox, min_fatalities)
    binary = format.value in BINARY_FORMATS
    if binary and output is None and sys.stdout.isatty():
        _fail("Parquet is binary: give a file with -o FILE.parquet")
    with _store(db) as store, _out(output, binary) as stream:
        n = WRITERS[format.value](store.iter_events(f, with_evidence=format.value != "acled-csv"), stream)
    err.print(f"{n} events exported" + (f" to {output}" if output else ""))


def reports(db: Db = None, limit: int = typer.Option(50, help="At most this many."),
            offset: int = typer.Option(0, help="Skip this many first.")):
    """Stored reports, newest first."""
    with _store(db) as store:
        rows = store.reports(limit, offset)
        counts = store.counts()
    table = Table(header_style="bold")
    for col in ("id", "article", "outlet", "published", "events", "ingested", "url"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(r.id, r.article_id, r.outlet, r.published.isoformat() if r.published else "", str(r.n_events),
                      f"{r.ingested_at:%Y-%m-%d %H:%M}", r.url)
    Console(width=max(140, Console().width)).print(table)
    err.print(f"{counts.reports} reports, {counts.report_events} report events, {counts.events} events")


def register(app: typer.Typer) -> None:
    app.command()(ingest)
    app.command()(reextract)
    app.add_typer(events_app, name="events")
    app.command()(stats)
    app.command()(export)
    app.command()(reports)
