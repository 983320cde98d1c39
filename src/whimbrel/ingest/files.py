"""Paths and stdin -> Reports, one Problem for every input that cannot be read; the run goes on.

Formats by extension: text (.txt .text .md), HTML (.html .htm .xhtml), JSONL (.jsonl), JSON
(.json: an object or a list of objects), CSV (.csv: ACLED-style exports or any file with a
`notes` or `text` column) and feeds (.xml .rss .atom). stdin and files with other extensions are
told apart by their content.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import sys
from pathlib import Path
from typing import IO, Iterator

from ..errors import DateError, InputError
from ..models import Problem, Report
from ..settings import Settings
from .feeds import reports_from_feed
from .html import report_from_html
from .text import SNIFF_BYTES, check_not_binary, decode_bytes, parse_iso_date, report_from_text

Item = Report | Problem

KINDS = {".txt": "text", ".text": "text", ".md": "text", ".html": "html", ".htm": "html",
         ".xhtml": "html", ".jsonl": "jsonl", ".json": "json", ".csv": "csv", ".xml": "feed",
         ".rss": "feed", ".atom": "feed"}
_SIZE_SETTING = "WHIMBREL_MAX_REPORT_MEGABYTES"


def read_inputs(paths: list[str], published: dt.date | None, settings: Settings,
                stdin: IO | None = None) -> Iterator[Item]:
    """Every report in `paths` (files, directories, "-" for stdin), in order, or a Problem for it.

    `published`, when given, is every report's publication date, whatever the input says.
    """
    for path in paths:
        if path == "-":
            items = _read_stdin(stdin if stdin is not None else sys.stdin, settings, published)
        elif os.path.isdir(path):
            items = _read_directory(Path(path), settings, published)
        else:
            items = _read_file(Path(path), settings, published)
        for item in items:
            if published is not None and isinstance(item, Report):
                item.published = published
            yield item


def _problem(exc: InputError) -> Problem:
    return Problem(exc.origin, f"{exc.problem}. {exc.remedy}")


def _read_directory(root: Path, settings: Settings, published: dt.date | None) -> Iterator[Item]:
    found = False
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))  # skip .git and the like
        for name in sorted(files):
            if not name.startswith(".") and Path(name).suffix.lower() in KINDS:
                found = True
                yield from _read_file(Path(folder) / name, settings, published)
    if not found:
        yield Problem(str(root), "the directory holds no readable files. Whimbrel reads "
                      + " ".join(sorted(KINDS)) + " files (hidden files are skipped)")


def _limit_bytes(settings: Settings) -> int:
    return int(settings.max_report_megabytes * 1024 * 1024)


def _too_large(origin: str, size: int | None, settings: Settings, what: str = "the file") -> Problem:
    how_big = f"is {size / 1048576:.1f} MB, over" if size is not None else "is over"
    return Problem(origin, f"{what} {how_big} the limit of {settings.max_report_megabytes:g} MB "
                   f"per report. Split it, or raise the limit with the setting {_SIZE_SETTING} "
                   "(max_report_megabytes)")


def _read_file(path: Path, settings: Settings, published: dt.date | None) -> Iterator[Item]:
    origin, kind = str(path), KINDS.get(path.suffix.lower())
    try:
        size = os.stat(path).st_size
        if kind in ("jsonl", "csv"):  # corpora: streamed, the size limit applies per line/row
            with open(path, "rb") as stream:
                check_not_binary(stream.read(SNIFF_BYTES), origin)
                stream.seek(0)
                reader = _read_jsonl if kind == "jsonl" else _read_csv
                yield from reader(stream, origin, path.stem, settings, published)
            return
        if size > _limit_bytes(settings):
            yield _too_large(origin, size, settings)
            return
        data = path.read_bytes()
    except FileNotFoundError:
        yield Problem(origin, "no such file or directory. Check the path")
        return
    except OSError as exc:
        yield Problem(origin, f"the file cannot be read ({exc.strerror or exc}). "
                      "Check that it exists and that you may read it")
        return
    except InputError as exc:
        yield _problem(exc)
        return
    try:
        text = decode_bytes(data, origin)
        yield from _read_document(text, kind or _sniff(text), origin, path.stem, settings, published)
    except InputError as exc:
        yield _problem(exc)


def _read_document(text: str, kind: str, origin: str, stem: str, settings: Settings,
                   published: dt.date | None) -> Iterator[Item]:
    """A whole decoded input of one kind -> its reports. May raise InputError for the whole input."""
    if not text.strip():
        raise InputError(origin, "the input is empty (no text, or whitespace only)",
                         "Give a file that holds the text of an article, or leave it out")
    if kind == "html":
        yield report_from_html(text, stem, published, origin=origin, settings=settings)
    elif kind == "feed":
        yield from reports_from_feed(text, origin, stem, settings)
    elif kind == "jsonl":
        yield from _read_jsonl(io.StringIO(text), origin, stem, settings, published)
    elif kind == "json":
        yield from _read_json(text, origin, stem, settings, published)
    else:
        yield report_from_text(text, stem, published, origin=origin, settings=settings)


def _sniff(text: str) -> str:
    """The kind of an input without a telling extension (stdin, README, report_17), by content."""
    head = text.lstrip("\ufeff \t\r\n")[:2000].lower()
    if head.startswith("{"):
        return "jsonl"
    if head.startswith("["):
        return "json"
    if head.startswith("<"):
        if any(tag in head for tag in ("<rss", "<feed", "<rdf:rdf")):
            return "feed"
        return "html"
    return "text"


def _read_stdin(stream: IO, settings: Settings, published: dt.date | None) -> Iterator[Item]:
    """stdin: JSONL is streamed line by line; anything else is read whole (up to the size limit)."""
    stream = getattr(stream, "buffer", stream)  # bytes when we can get them: same checks as files
    limit = _limit_bytes(settings)
    try:
        first = stream.readline(limit + 1)
        if _sniff(first.decode("utf-8", "replace") if isinstance(first, bytes) else first) == "jsonl":
            yield from _read_jsonl(stream, "stdin", "stdin", settings, published, first=first)
            return
        data = first + stream.read(limit + 1 - len(first))
    except (OSError, UnicodeDecodeError) as exc:
        yield Problem("stdin", f"stdin cannot be read ({exc}). Pipe UTF-8 text, HTML or JSONL into it")
        return
    if len(data) > limit:
        yield _too_large("stdin", None, settings, "the input on stdin")
        return
    try:
        text = decode_bytes(data, "stdin") if isinstance(data, bytes) else data
        yield from _read_document(text, _sniff(text), "stdin", "stdin", settings, published)
    except InputError as exc:
        yield _problem(exc)


def _lines(stream: IO, limit: int, first=None) -> Iterator[tuple[int, str | bytes | None]]:
    """(line number, line) pairs; the line is None when it is longer than `limit` (skipped)."""
    n = 0
    while True:
        line = first if n == 0 and first is not None else stream.readline(limit + 1)
        n += 1
        if not line:
            return
        if len(line) > limit:
            while line and not line.endswith(b"\n" if isinstance(line, bytes) else "\n"):
                line = stream.readline(1 << 20)  # skip the rest of the long line, a MB at a time
            yield n, None
        else:
            yield n, line


def _read_jsonl(stream: IO, name: str, stem: str, settings: Settings,
                published: dt.date | None, first=None) -> Iterator[Item]:
    """One report a line: id, text or html, published, url, title, outlet. Bad lines -> Problems."""
    seen = False
    for n, line in _lines(stream, _limit_bytes(settings), first):
        origin = f"line {n} of {name}"
        if line is None:
            yield _too_large(origin, None, settings, "the line")
            continue
        try:
            if isinstance(line, bytes):
                line = decode_bytes(line, origin)
            if not line.strip():
                continue
            seen = True
            try:
                record = json.loads(line.strip())
            except json.JSONDecodeError as exc:
                what = exc.msg.removesuffix(" at").lower()
                raise InputError(origin, f"the line is not valid JSON ({what} at column {exc.colno})",
                                 'Each line must be one JSON object, e.g. {"id": "r1", "text": "...", '
                                 '"published": "2020-05-01"}') from None
            yield _record(record, origin, f"{stem}-{n}", settings, published)
        except InputError as exc:
            yield _problem(exc)
    if not seen:
        yield Problem(name, "the input is empty (no JSON lines). Give one JSON object a line")


def _read_json(text: str, origin: str, stem: str, settings: Settings,
               published: dt.date | None) -> Iterator[Item]:
    """A .json file: one report object, or a list of them. JSON Lines in a .json file work too."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data":  # several objects, one a line: JSON Lines under another name
            yield from _read_jsonl(io.StringIO(text), origin, stem, settings, published)
            return
        raise InputError(origin, f"the file is not valid JSON ({exc.msg}, line {exc.lineno})",
                         "Give a JSON object or a list of objects with `id` and `text` or `html`") from None
    records = data if isinstance(data, list) else [data]
    for n, record in enumerate(records, 1):
        item_origin = f"item {n} of {origin}" if isinstance(data, list) else origin
        try:
            yield _record(record, item_origin, f"{stem}-{n}" if isinstance(data, list) else stem,
                          settings, published)
        except InputError as exc:
            yield _problem(exc)


def _record(record: object, origin: str, fallback_id: str, settings: Settings,
            published: dt.date | None) -> Report:
    """A JSON object {id, text|html, published, url, title, outlet} -> Report (InputError if bad)."""
    if not isinstance(record, dict):
        raise InputError(origin, f"expected a JSON object, found {type(record).__name__}",
                         'Give one object a line, e.g. {"id": "r1", "text": "..."}')
    rid = str(record.get("id") or "").strip() or fallback_id
    text, html = record.get("text"), record.get("html")
    if not (isinstance(text, str) and text.strip()) and not (isinstance(html, str) and html.strip()):
        raise InputError(origin, f"report {rid!r} has no `text` or `html`",
                         "Give the article in a `text` (plain text) or `html` (web page) field")
    date = published or _record_date(record.get("published"), origin)
    fields = {k: str(record.get(k) or "") for k in ("url", "title", "outlet")}
    if isinstance(text, str) and text.strip():
        return report_from_text(text, rid, date, origin=origin, settings=settings, **fields)
    report = report_from_html(html, rid, date, fields["url"], origin=origin, settings=settings)
    report.title, report.outlet = fields["title"] or report.title, fields["outlet"] or report.outlet
    return report


def _record_date(value: object, origin: str) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return parse_iso_date(value)
    except DateError:
        raise InputError(origin, f"the date {value!r} cannot be read",
                         "Give it as YYYY-MM-DD (or an ISO datetime such as 2020-05-01T14:30:00Z), "
                         "or leave it out") from None


# Column names, first found wins: ACLED export names, then our own JSONL names.
_CSV_TEXT, _CSV_ID, _CSV_DATE = ("notes", "text"), ("event_id_cnty", "id"), ("event_date", "published")


def _read_csv(stream: IO[bytes], name: str, stem: str, settings: Settings,
              published: dt.date | None) -> Iterator[Item]:
    """An ACLED-style export (or any CSV with a notes/text column): one report a row."""
    try:
        text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
        reader = csv.DictReader(text)
        columns = {c.strip().lower(): c for c in reader.fieldnames or ()}
    except UnicodeDecodeError:
        yield Problem(name, "the file is not UTF-8 text. Convert it first, e.g. "
                      "`iconv -f WINDOWS-1252 -t UTF-8 FILE > FILE.utf8.csv`")
        return
    text_col = next((columns[c] for c in _CSV_TEXT if c in columns), None)
    if text_col is None:
        found = f"its columns are {', '.join(columns.values())}" if columns else "it is empty"
        yield Problem(name, f"the CSV file has no `notes` or `text` column ({found}). Give a header "
                      "row naming the column that holds the report text `notes` or `text`")
        return
    id_col = next((columns[c] for c in _CSV_ID if c in columns), None)
    date_col = next((columns[c] for c in _CSV_DATE if c in columns), None)
    row_no = 1
    try:
        for row_no, row in enumerate(reader, 2):  # row 1 is the header
            origin = f"row {row_no} of {name}"
            try:
                date = published or _csv_date(row.get(date_col) if date_col else None, origin)
                rid = (row.get(id_col) or "").strip() if id_col else ""
                yield report_from_text(row.get(text_col) or "", rid or f"{stem}-{row_no}", date,
                                       origin=origin, settings=settings)
            except InputError as exc:
                yield _problem(exc)
    except (csv.Error, UnicodeDecodeError) as exc:
        yield Problem(f"row {row_no + 1} of {name}", f"the CSV file cannot be read from here on ({exc}). "
                      "Check its quoting and that it is UTF-8, or give the reports as JSONL")


def _csv_date(value: str | None, origin: str) -> dt.date | None:
    """ISO dates, or ACLED's own export form "01 May 2020"."""
    if value and value.strip():
        try:
            return dt.datetime.strptime(value.strip(), "%d %B %Y").date()
        except ValueError:
            pass
    return _record_date(value, origin)
