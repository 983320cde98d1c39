"""Writers for events: jsonl, csv (our columns), acled-csv (ACLED's export columns), table.

Every writer has the same interface, `write(events, stream)`, and is registered by name in
WRITERS, so a plug-in writer is added the same way as the built-in ones.
"""
from __future__ import annotations

import csv
import json
from typing import Callable, Iterable, Protocol, TextIO

from .days import as_day
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


# -- Parquet and GeoJSON ----------------------------------------------------------------------------
#: Writers whose output is bytes: open their file in binary mode (a text stream's .buffer is used).
BINARY_FORMATS = frozenset({"parquet"})


def _parquet_schema(cls: type):
    """Arrow types for an Event class: ACLED's columns typed (dates as date32, codes as small
    integers, evidence as a list of spans), plus any fields a subclass adds."""
    import dataclasses

    import pyarrow as pa
    fixed = {"event_date": pa.date32(), "time_precision": pa.int8(), "inter1": pa.int8(), "inter2": pa.int8(),
             "interaction": pa.int16(), "geo_precision": pa.int8(), "fatalities": pa.int32(),
             "latitude": pa.float64(), "longitude": pa.float64(), "confidence": pa.float32(),
             "evidence": pa.list_(pa.struct([("sentence", pa.string()), ("start", pa.int32()), ("end", pa.int32())]))}
    by_annotation = {"int": pa.int64(), "Optional[int]": pa.int64(), "float": pa.float64(),
                     "Optional[float]": pa.float64(), "bool": pa.bool_(), "list[str]": pa.list_(pa.string())}
    fields = []
    for f in dataclasses.fields(cls):
        kind = fixed.get(f.name) or by_annotation.get(str(f.type).replace("typing.", ""), pa.string())
        fields.append(pa.field(f.name, kind, nullable=True))
    return pa.schema(fields)


def _parquet_value(name: str, value):
    if name == "event_date":
        return as_day(value, strict=True)
    if name == "evidence":
        return [e.to_dict() if hasattr(e, "to_dict") else e for e in value or []]
    return value


def write_parquet(events: Iterable[Event], stream, rows_per_group: int = 20000) -> int:
    """Events as a Parquet file (pyarrow), one column per field with its proper type."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    sink = getattr(stream, "buffer", stream)
    writer = None
    schema = None
    n = 0
    columns: dict[str, list] = {}

    def flush():
        if schema is not None and columns and columns[schema.names[0]]:
            writer.write_table(pa.table({k: pa.array(v, type=schema.field(k).type) for k, v in columns.items()},
                                        schema=schema))
            for v in columns.values():
                v.clear()

    for e in events:
        if schema is None:
            schema = _parquet_schema(type(e))
            writer = pq.ParquetWriter(sink, schema)
            columns = {name: [] for name in schema.names}
        for name in schema.names:
            columns[name].append(_parquet_value(name, getattr(e, name, None)))
        n += 1
        if n % rows_per_group == 0:
            flush()
    if schema is None:  # no events: still a valid file with the columns
        schema = _parquet_schema(Event)
        writer = pq.ParquetWriter(sink, schema)
    flush()
    writer.close()
    return n


def write_geojson(events: Iterable[Event], stream: TextIO) -> int:
    """A GeoJSON FeatureCollection: one Point feature per event (geometry null when the event has
    no coordinates), every field a property. Written as it goes, so large exports stream."""
    stream.write('{"type": "FeatureCollection", "features": [\n')
    n = 0
    for e in events:
        props = e.to_dict()
        geometry = ({"type": "Point", "coordinates": [e.longitude, e.latitude]}
                    if e.latitude is not None and e.longitude is not None else None)
        feature = {"type": "Feature", "id": e.event_id, "geometry": geometry, "properties": props}
        stream.write((",\n" if n else "") + json.dumps(feature, ensure_ascii=False))
        n += 1
    stream.write("\n]}\n")
    return n


WRITERS.update({"parquet": write_parquet, "geojson": write_geojson})
