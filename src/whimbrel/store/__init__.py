"""The event store: reports and their events in SQLite (default) or PostgreSQL, the same event
from many reports merged into one canonical event, queries, stats and exports.

    from whimbrel.store import EventStore, EventFilter
    with EventStore.open(None, settings) as store:
        store.ingest(read_inputs(paths, None, settings), pipeline.run, version=whimbrel.__version__)
        for e in store.query_events(EventFilter(country="Nigeria", min_fatalities=5)).events: ...
"""
from .records import (BatchResult, Correction, EventDetail, EventFilter, EventPage, Explanation, IngestResult,
                      LogEntry, MemberEvent, StatRow, StoredEvent, StoredReport, SORTS, STAT_KEYS)
from .repository import EventNotFound, EventStore, StoreCounts, extract_batch
from .engine import resolve_url, default_url

__all__ = ["EventStore", "EventFilter", "EventPage", "StoredEvent", "StoredReport", "EventDetail", "MemberEvent",
           "Correction", "LogEntry", "Explanation", "StatRow", "BatchResult", "IngestResult", "StoreCounts",
           "EventNotFound", "extract_batch", "resolve_url", "default_url", "SORTS", "STAT_KEYS"]
