"""Read endpoints: events (the filters of `whimbrel events`, plus a bounding box and text search),
one event with its sources and evidence, reports, stats and exports. All are thin over EventStore."""
from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import replace
from typing import Annotated, Iterator, Literal, Optional

from fastapi import APIRouter, Depends, Query
from fastapi.responses import StreamingResponse

from .. import __version__
from ..export import BINARY_FORMATS, WRITERS
from ..store import SORTS, EventFilter
from ..store.canonical import CORRECTABLE
from ..taxonomy import EVENT_TYPES, SUB_EVENT_TYPES
from .deps import Service, reader, service
from .errors import ApiError
from .schemas import (ConfigOut, CorrectionOut, Error, EventDetailOut, EventOut, EventPageOut, LogEntryOut,
                      ReportOut, SourceOut, StatRowOut, StatsOut)

router = APIRouter(prefix="/api", dependencies=[Depends(reader)],
                   responses={401: {"model": Error, "description": "A token is needed (read_access: token)"},
                              422: {"model": Error, "description": "A parameter is not valid"},
                              503: {"model": Error, "description": "The database is busy or unreachable"}})

EXPORTS = ("acled-csv", "csv", "jsonl", "geojson", "parquet")
_MEDIA = {"acled-csv": ("text/csv; charset=utf-8", "csv"), "csv": ("text/csv; charset=utf-8", "csv"),
          "jsonl": ("application/x-ndjson", "jsonl"), "geojson": ("application/geo+json", "geojson"),
          "parquet": ("application/vnd.apache.parquet", "parquet")}
StatKey = Literal["day", "week", "month", "admin1", "country", "actor", "sub_event_type", "event_type"]


def _numbers(value: Optional[str], name: str, form: str, n: int) -> Optional[tuple[float, ...]]:
    if value is None or value == "":
        return None
    try:
        parts = tuple(float(p) for p in value.split(","))
    except ValueError:
        parts = ()
    if len(parts) != n or any(p != p or p in (float("inf"), float("-inf")) for p in parts):
        raise ApiError(422, f"query parameter {name}: {value[:60]!r} is not {form}")
    return parts


def _bbox(value: Optional[str]) -> Optional[tuple[float, float, float, float]]:
    box = _numbers(value, "bbox", "MIN_LON,MIN_LAT,MAX_LON,MAX_LAT (e.g. 35.5,32.3,42.4,37.3)", 4)
    if box is None:
        return None
    min_lon, min_lat, max_lon, max_lat = box
    if not (-180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90):
        raise ApiError(422, "query parameter bbox: longitudes must be within -180..180 and latitudes within -90..90, "
                            "minimum first (MIN_LON,MIN_LAT,MAX_LON,MAX_LAT)")
    return min_lon, min_lat, max_lon, max_lat


def _near(value: Optional[str]) -> Optional[tuple[float, float, float]]:
    near = _numbers(value, "near", "LAT,LON,KM (e.g. 35.33,40.14,25)", 3)
    if near is None:
        return None
    lat, lon, km = near
    if not (-90 <= lat <= 90 and -180 <= lon <= 180 and 0 < km <= 5000):
        raise ApiError(422, "query parameter near: latitude within -90..90, longitude within -180..180, "
                            "and a distance above 0 and at most 5000 km")
    return lat, lon, km


def event_filter(
    country: Annotated[Optional[str], Query(max_length=100, description="Country, as ACLED spells it")] = None,
    admin1: Annotated[Optional[str], Query(max_length=200, description="First-level admin area")] = None,
    admin2: Annotated[Optional[str], Query(max_length=200)] = None,
    since: Annotated[Optional[dt.date], Query(description="Events on or after this date (YYYY-MM-DD)")] = None,
    until: Annotated[Optional[dt.date], Query(description="Events on or before this date (YYYY-MM-DD)")] = None,
    event_type: Annotated[Optional[str], Query(max_length=60, description="ACLED event type (Battles, ...)")] = None,
    sub_event_type: Annotated[Optional[str], Query(max_length=60, description="ACLED sub-event type")] = None,
    actor: Annotated[Optional[str], Query(max_length=200, description="Words that start words of an actor's name")] = None,
    near: Annotated[Optional[str], Query(max_length=100, description="LAT,LON,KM")] = None,
    bbox: Annotated[Optional[str], Query(max_length=100, description="MIN_LON,MIN_LAT,MAX_LON,MAX_LAT")] = None,
    min_fatalities: Annotated[Optional[int], Query(ge=0, le=1_000_000)] = None,
    q: Annotated[Optional[str], Query(max_length=200, description="Words to find in notes, place, actors, source")] = None,
    report_id: Annotated[Optional[str], Query(max_length=64, description="Events that report is a source of")] = None,
) -> EventFilter:
    return EventFilter(country=country or None, admin1=admin1 or None, admin2=admin2 or None, since=since, until=until,
                       event_type=event_type or None, sub_event_type=sub_event_type or None, actor=actor or None,
                       near=_near(near), bbox=_bbox(bbox), min_fatalities=min_fatalities,
                       report_id=report_id or None, text=(q or "").strip() or None)


Filter = Annotated[EventFilter, Depends(event_filter)]
Svc = Annotated[Service, Depends(service)]


# Public even when reads need a token: it holds no data, and the page must learn that it should ask for one.
public = APIRouter(prefix="/api")


@public.get("/config", response_model=ConfigOut, summary="What the page needs to know about this deployment")
def config(svc: Svc) -> ConfigOut:
    s = svc.settings
    return ConfigOut(read_access=s.read_access, map_tiles=s.map_tiles, map_tiles_attribution=s.map_tiles_attribution,
                     event_types=list(EVENT_TYPES), sub_event_types=list(SUB_EVENT_TYPES), sorts=list(SORTS),
                     export_formats=list(EXPORTS), correctable_fields=list(CORRECTABLE), version=__version__)


@router.get("/events", response_model=EventPageOut, summary="Events, filtered, sorted and paged")
def list_events(
    svc: Svc, f: Filter,
    limit: Annotated[int, Query(ge=0, le=5000, description="Events per page")] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    sort: Annotated[Literal[SORTS], Query(description="'-' means descending")] = "-event_date",  # type: ignore[valid-type]
    total: Annotated[bool, Query(description=(
        "Count the events the filter selects (up to count_cap). Off by default: has_more already says "
        "whether another page follows, at no cost"))] = False,
    count_cap: Annotated[int, Query(ge=1, le=100_000_000, description=(
        "Counting stops here (total_exact is then false): an exact count of a broad filter over millions "
        "of events takes seconds"))] = 10_000,
    evidence: Annotated[bool, Query(description="Include the evidence sentences")] = False,
) -> EventPageOut:
    # One row more than asked for tells whether another page follows, without counting.
    page = svc.store.query_events(replace(f, limit=limit + 1, offset=offset, sort=sort), with_total=total,
                                  with_evidence=evidence, count_cap=count_cap)
    return EventPageOut(events=[EventOut.model_validate(e) for e in page.events[:limit]], limit=limit,
                        offset=offset, has_more=len(page.events) > limit, total=page.total,
                        total_exact=page.total_exact)


@router.get("/events/{event_id}", response_model=EventDetailOut,
            responses={404: {"model": Error, "description": "No such event (the message says if it was merged)"}},
            summary="One event with its source reports, evidence, corrections and history")
def get_event(event_id: str, svc: Svc) -> EventDetailOut:
    detail = svc.store.get_event(event_id)
    if detail is None:
        svc.store.explain(event_id)  # raises EventNotFound, saying where a merged event went
        raise ApiError(404, f"no event {event_id}")
    sources = [SourceOut(report=ReportOut.model_validate(m.report), event=EventOut.model_validate(m.event),
                         link_rule=m.link_rule, reason=m.reason.to_dict() if m.reason else None,
                         linked_by=m.linked_by, linked_at=m.linked_at) for m in detail.members]
    return EventDetailOut(event=EventOut.model_validate(detail.event), sources=sources,
                          corrections=[CorrectionOut.model_validate(c) for c in detail.corrections],
                          history=[LogEntryOut.model_validate(h) for h in detail.history],
                          fatality_rule=detail.fatality_rule)


@router.get("/reports", response_model=list[ReportOut], summary="Stored reports, newest first (without text)")
def list_reports(svc: Svc, limit: Annotated[int, Query(ge=1, le=1000)] = 50,
                 offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0) -> list[ReportOut]:
    return [ReportOut.model_validate(r) for r in svc.store.reports(limit, offset)]


@router.get("/reports/{report_id}", response_model=ReportOut, responses={404: {"model": Error}},
            summary="One report with its text (the evidence spans of its events index this text)")
def get_report(report_id: str, svc: Svc) -> ReportOut:
    r = svc.store.get_report(report_id)
    if r is None:
        raise ApiError(404, f"no report {report_id}; list reports with GET /api/reports")
    return ReportOut.model_validate(r)


@router.get("/stats", response_model=StatsOut, summary="Events and fatalities by day, week, month, admin1, actor...")
def stats(svc: Svc, f: Filter, by: Annotated[StatKey, Query(description="Grouping")] = "week") -> StatsOut:
    return StatsOut(by=by, rows=[StatRowOut.model_validate(r) for r in svc.store.stats(by, f)])


@router.get("/export", summary="Every event the filter selects, oldest first, as a file",
            response_class=StreamingResponse,
            responses={200: {"description": "The file", "content": {m: {} for m, _ in _MEDIA.values()}}})
def export(svc: Svc, f: Filter,
           format: Annotated[Literal[EXPORTS], Query(description="File format")] = "acled-csv",  # type: ignore[valid-type]
           ) -> StreamingResponse:
    media, ext = _MEDIA[format]
    binary = format in BINARY_FORMATS
    # Written to a spooled file first: the writers write to a stream, and a database error then
    # becomes a proper error response instead of a truncated download.
    spool = (tempfile.SpooledTemporaryFile(max_size=16_000_000, mode="w+b") if binary else
             tempfile.SpooledTemporaryFile(max_size=16_000_000, mode="w+", encoding="utf-8", newline=""))
    WRITERS[format](svc.store.iter_events(f, with_evidence=format != "acled-csv"), spool)
    spool.seek(0)

    def chunks() -> Iterator[bytes]:
        try:
            while True:
                block = spool.read(1 << 16)
                if not block:
                    return
                yield block if binary else block.encode("utf-8")
        finally:
            spool.close()

    name = f"whimbrel-events-{dt.date.today().isoformat()}.{ext}"
    return StreamingResponse(chunks(), media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})
