"""Typed records the store takes and returns (the REST service uses the same ones)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Optional

from ..dedup import MergeReason
from ..models import Event, Problem

#: Orders query_events accepts; "-" means descending. Events without a date come last when
#: sorting by date descending, first when ascending, on SQLite and PostgreSQL alike.
SORTS = ("-event_date", "event_date", "-fatalities", "fatalities", "-updated_at")
STAT_KEYS = ("day", "week", "month", "admin1", "country", "actor", "sub_event_type", "event_type")


@dataclass(slots=True)
class StoredEvent(Event):
    """A canonical event: an Event (event_id is the canonical id) plus what merging adds."""

    fatalities_low: int = 0
    fatalities_high: int = 0
    n_reports: int = 1
    report_ids: list[str] = field(default_factory=list)
    corrected: list[str] = field(default_factory=list)  # fields an analyst set


@dataclass(frozen=True, slots=True)
class EventFilter:
    """What query_events, stats and exports select, and (for queries) how to page and sort.

    country, admin1, admin2, event_type, sub_event_type: exact values, as ACLED spells them.
    actor: words that start a word of an actor's name, any case ("shabaab", "islamic state").
    near: (lat, lon, km). bbox: (min_lon, min_lat, max_lon, max_lat), GeoJSON order.
    since / until: event dates, both inclusive. report_id: events that report is a source of.
    text: words that must each appear (any case) in the notes, place, actors or source.
    """

    country: Optional[str] = None
    admin1: Optional[str] = None
    admin2: Optional[str] = None
    since: Optional[dt.date] = None
    until: Optional[dt.date] = None
    event_type: Optional[str] = None
    sub_event_type: Optional[str] = None
    actor: Optional[str] = None
    near: Optional[tuple[float, float, float]] = None
    bbox: Optional[tuple[float, float, float, float]] = None
    min_fatalities: Optional[int] = None
    report_id: Optional[str] = None
    text: Optional[str] = None
    limit: int = 100
    offset: int = 0
    sort: str = "-event_date"


@dataclass(slots=True)
class EventPage:
    events: list[StoredEvent]
    limit: int
    offset: int
    total: Optional[int] = None  # counted only when asked for, up to a cap
    total_exact: bool = True  # False: there are more than `total` events


@dataclass(slots=True)
class StoredReport:
    id: str
    url: str
    article_id: str
    title: str
    outlet: str
    published: Optional[dt.date]
    origin: str
    n_events: int
    extractor_version: str
    ingested_at: dt.datetime
    text: Optional[str] = None  # only from get_report


@dataclass(slots=True)
class MemberEvent:
    """One report's version of a canonical event, and why it is linked to it."""

    key: str
    report: StoredReport
    event: Event  # as extracted from that report (event_id is the pipeline's)
    link_rule: str  # founded | auto | analyst | split
    reason: Optional[MergeReason]
    linked_by: str
    linked_at: dt.datetime


@dataclass(slots=True)
class Correction:
    event_id: str
    field: str
    value: Any  # None: the correction was withdrawn and the extracted value is back
    previous: Any
    who: str
    at: dt.datetime
    note: str = ""
    cleared: bool = False


@dataclass(slots=True)
class LogEntry:
    event_id: str
    action: str
    who: str
    at: dt.datetime
    detail: dict


@dataclass(slots=True)
class EventDetail:
    event: StoredEvent
    members: list[MemberEvent]
    corrections: list[Correction]
    history: list[LogEntry]
    fatality_rule: str


@dataclass(slots=True)
class Explanation:
    """Why a canonical event is what it is: its sources, how each was linked, the figures."""

    event_id: str
    detail: EventDetail
    lines: list[str]

    def __str__(self) -> str:
        return "\n".join(self.lines)


@dataclass(slots=True)
class StatRow:
    key: str
    events: int
    fatalities: int


@dataclass(slots=True)
class BatchResult:
    stored: list[str] = field(default_factory=list)  # report ids stored by this batch
    skipped: int = 0  # already in the store
    events: int = 0  # report events stored
    merged: int = 0  # of which joined an existing canonical event
    canonical_ids: list[str] = field(default_factory=list)  # canonical events created or touched


@dataclass(slots=True)
class IngestResult:
    read: int = 0  # reports read from the inputs
    stored: int = 0
    skipped: int = 0  # already stored (same URL or same text)
    failed: int = 0  # extraction failed: not stored, a rerun tries again
    events: int = 0
    merged: int = 0
    batches: int = 0
    problems: list[Problem] = field(default_factory=list)
    report_ids: list[str] = field(default_factory=list)  # reports stored by this run
    canonical_ids: list[str] = field(default_factory=list)  # canonical events it created or touched

    def add(self, batch: BatchResult) -> None:
        self.report_ids += batch.stored
        self.canonical_ids += [i for i in batch.canonical_ids if i not in self.canonical_ids]
        self.stored += len(batch.stored)
        self.skipped += batch.skipped
        self.events += batch.events
        self.merged += batch.merged
        self.batches += 1
