"""Writers for events: jsonl, csv (our columns), acled-csv (ACLED's export columns), table.

Every writer has the same interface, `write(events, stream)`, and is registered by name in
WRITERS, so a plug-in writer is added the same way as the built-in ones.
"""
from __future__ import annotations

import csv
import json
from typing import Callable, Iterable, Protocol, TextIO

from .models import EVENT_COLUMNS, Event

# ACLED's own export header, in its order (columns we cannot fill stay empty).
ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
)
_DISORDER = {"Battles": "Political violence", "Explosions/Remote violence": "Political violence",
             "Violence against civilians": "Political violence", "Protests": "Demonstrations",
             "Riots": "Demonstrations", "Strategic developments": "Strategic developments"}


class Writer(Protocol):
    def __call__(self, events: Iterable[Event], stream: TextIO) -> int: ...


def write_jsonl(events: Iterable[Event], stream: TextIO) -> int:
    n = 0
    for e in events:
        stream.write(json.dumps(e.to_dict(), ensure_ascii=False) + "\n")
        n += 1
    return n


def _flat(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return json.dumps([v.to_dict() if hasattr(v, "to_dict") else v for v in value], ensure_ascii=False)
    return str(value)


def write_csv(events: Iterable[Event], stream: TextIO) -> int:
    w = csv.writer(stream)
    w.writerow(EVENT_COLUMNS)
    n = 0
    for e in events:
        row = e.to_dict()
        w.writerow([_flat(row[c]) if c != "evidence" else _flat(e.evidence) for c in EVENT_COLUMNS])
        n += 1
    return n


def acled_row(e: Event) -> dict[str, str]:
    return {
        "event_id_cnty": e.event_id, "event_date": e.event_date or "",
        "year": (e.event_date or "")[:4], "time_precision": _flat(e.time_precision),
        "disorder_type": _DISORDER.get(e.event_type, ""), "event_type": e.event_type,
        "sub_event_type": e.sub_event_type, "actor1": e.actor1, "assoc_actor_1": e.assoc_actor_1,
        "inter1": _flat(e.inter1), "actor2": e.actor2, "assoc_actor_2": e.assoc_actor_2,
        "inter2": _flat(e.inter2), "interaction": _flat(e.interaction),
        "civilian_targeting": e.civilian_targeting, "iso": e.iso3, "region": "", "country": e.country,
        "admin1": e.admin1, "admin2": e.admin2, "admin3": "", "location": e.location,
        "latitude": _flat(e.latitude), "longitude": _flat(e.longitude),
        "geo_precision": _flat(e.geo_precision), "source": e.source, "source_scale": "",
        "notes": e.notes, "fatalities": str(e.fatalities), "tags": "", "timestamp": "",
    }


def write_acled_csv(events: Iterable[Event], stream: TextIO) -> int:
    w = csv.DictWriter(stream, fieldnames=ACLED_COLUMNS)
    w.writeheader()
    n = 0
    for e in events:
        w.writerow(acled_row(e))
        n += 1
    return n


def write_table(events: Iterable[Event], stream: TextIO) -> int:
    from rich.console import Console
    from rich.table import Table
    table = Table(show_lines=False, header_style="bold")
    for col in ("report", "date", "type", "actor 1", "actor 2", "location", "admin1", "country", "deaths"):
        table.add_column(col, overflow="fold")
    n = 0
    for e in events:
        table.add_row(e.article_id, e.event_date or "", e.sub_event_type, e.actor1, e.actor2,
                      e.location, e.admin1, e.country, str(e.fatalities))
        n += 1
    Console(file=stream, width=max(160, Console().width), force_terminal=False).print(table)
    return n


WRITERS: dict[str, Callable[[Iterable[Event], TextIO], int]] = {
    "jsonl": write_jsonl, "csv": write_csv, "acled-csv": write_acled_csv, "table": write_table,
}
