"""The service's request and response models. Responses mirror the store's records
(whimbrel.store.records) field by field: written out, so that the OpenAPI document is an explicit
contract that an internal change cannot alter unnoticed; tests/test_api_contract.py keeps the two
in step. Requests are validated here, so a bad value is refused with a message before anything
is written."""
from __future__ import annotations

import datetime as dt
from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..store import SORTS

Sort = Literal[SORTS]  # type: ignore[valid-type]


class Error(BaseModel):
    error: str = Field(description="A short code: not_found, unauthorized, invalid, conflict, unavailable")
    message: str = Field(description="What was wrong and what to do about it")
    details: list[dict[str, Any]] = Field(default_factory=list)


# -- events ----------------------------------------------------------------------------------------
class EvidenceOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    sentence: str
    start: int
    end: int


class EventOut(BaseModel):
    """An event with ACLED's column names, plus what merging reports adds."""
    model_config = ConfigDict(from_attributes=True)
    event_id: str
    article_id: str
    event_date: Optional[str]
    time_precision: int
    event_type: str
    sub_event_type: str
    actor1: str
    assoc_actor_1: str
    inter1: Optional[int]
    actor2: str
    assoc_actor_2: str
    inter2: Optional[int]
    interaction: Optional[int]
    civilian_targeting: str
    country: str
    iso3: str
    admin1: str
    admin2: str
    location: str
    latitude: Optional[float]
    longitude: Optional[float]
    geo_precision: Optional[int]
    fatalities: int
    source: str
    notes: str
    confidence: float
    evidence: list[EvidenceOut] = Field(default_factory=list)
    fatalities_low: int = 0
    fatalities_high: int = 0
    n_reports: int = 1
    report_ids: list[str] = Field(default_factory=list)
    corrected: list[str] = Field(default_factory=list, description="Fields an analyst set")


class EventPageOut(BaseModel):
    events: list[EventOut]
    limit: int
    offset: int
    has_more: bool = Field(description="Another page follows (offset + limit)")
    total: Optional[int] = Field(None, description="Events the filter selects (when total=true), up to count_cap")
    total_exact: bool = Field(True, description="False when more than `total` events match (counting stopped)")


class ReportOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
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
    text: Optional[str] = Field(None, description="The report's text (one report only); evidence spans index it")


class SourceOut(BaseModel):
    """One report's version of the event and how it was linked to it."""
    report: ReportOut
    event: EventOut
    link_rule: str = Field(description="founded | auto | analyst | split")
    reason: Optional[dict[str, Any]]
    linked_by: str
    linked_at: dt.datetime


class CorrectionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    field: str
    value: Any
    previous: Any
    who: str
    at: dt.datetime
    note: str
    cleared: bool


class LogEntryOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    action: str
    who: str
    at: dt.datetime
    detail: dict[str, Any]


class EventDetailOut(BaseModel):
    event: EventOut
    sources: list[SourceOut]
    corrections: list[CorrectionOut]
    history: list[LogEntryOut]
    fatality_rule: str


class StatRowOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    key: str
    events: int
    fatalities: int


class StatsOut(BaseModel):
    by: str
    rows: list[StatRowOut]


class ConfigOut(BaseModel):
    """What the page needs to know about this deployment."""
    read_access: str
    map_tiles: str
    map_tiles_attribution: str
    event_types: list[str]
    sub_event_types: list[str]
    sorts: list[str]
    export_formats: list[str]
    correctable_fields: list[str]
    version: str


# -- writes ----------------------------------------------------------------------------------------
class ReportIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: Optional[str] = Field(None, max_length=10_000_000, description="The article's text")
    html: Optional[str] = Field(None, max_length=10_000_000, description="The article's web page")
    id: Optional[str] = Field(None, max_length=200, description="Your id for it (article_id); default: a hash")
    url: str = Field("", max_length=2000, description="Where it was published (not fetched)")
    title: str = Field("", max_length=1000)
    outlet: str = Field("", max_length=200)
    published: Optional[dt.date] = Field(None, description="Publication date: relative dates are read against it")

    @model_validator(mode="after")
    def _one_body(self) -> "ReportIn":
        if (self.text is None) == (self.html is None):
            raise ValueError("give the report as exactly one of `text` or `html`")
        return self


class SubmitIn(BaseModel):
    """Reports to extract and store: texts and pages given inline, and URLs to fetch."""
    model_config = ConfigDict(extra="forbid")
    reports: list[ReportIn] = Field(default_factory=list, max_length=1000)
    urls: list[str] = Field(default_factory=list, max_length=1000,
                            description="http(s) URLs of articles, fetched by the server")
    published: Optional[dt.date] = Field(None, description="Publication date for reports that give none")

    @model_validator(mode="after")
    def _something(self) -> "SubmitIn":
        if not self.reports and not self.urls:
            raise ValueError("give at least one report (`reports`) or URL (`urls`)")
        for u in self.urls:
            if not u.lower().startswith(("http://", "https://")) or len(u) > 2000:
                raise ValueError(f"URL {u[:100]!r} is not an http(s) URL of at most 2000 characters")
        return self


class ItemError(BaseModel):
    item: str = Field(description="The report or URL, as submitted")
    message: str


class JobOut(BaseModel):
    id: str
    status: Literal["queued", "running", "done", "failed"]
    submitted_by: str
    created_at: dt.datetime
    started_at: Optional[dt.datetime]
    finished_at: Optional[dt.datetime]
    total: int = Field(description="Reports and URLs submitted")
    done: int = Field(description="Of which finished (stored, already stored, or failed)")
    progress: float = Field(description="done / total, 0 to 1")
    stored: int
    skipped: int = Field(description="Already in the store (same URL or same text)")
    failed: int
    events: int
    merged: int
    report_ids: list[str]
    event_ids: list[str] = Field(description="Canonical events created or updated")
    errors: list[ItemError]
    message: str = ""


class CorrectionIn(BaseModel):
    """Fields to correct, with their new values; null withdraws a field's earlier correction.
    Corrections are kept with who made them and when, and survive new sources and re-extraction."""
    model_config = ConfigDict(extra="forbid")
    event_date: Optional[dt.date] = None
    time_precision: Optional[int] = Field(None, ge=1, le=3)
    event_type: Optional[str] = Field(None, max_length=60)
    sub_event_type: Optional[str] = Field(None, max_length=60)
    actor1: Optional[str] = Field(None, max_length=300)
    assoc_actor_1: Optional[str] = Field(None, max_length=300)
    inter1: Optional[int] = Field(None, ge=0, le=8)
    actor2: Optional[str] = Field(None, max_length=300)
    assoc_actor_2: Optional[str] = Field(None, max_length=300)
    inter2: Optional[int] = Field(None, ge=0, le=8)
    interaction: Optional[int] = Field(None, ge=0, le=99)
    civilian_targeting: Optional[str] = Field(None, max_length=40)
    country: Optional[str] = Field(None, max_length=100)
    iso3: Optional[str] = Field(None, max_length=3)
    admin1: Optional[str] = Field(None, max_length=200)
    admin2: Optional[str] = Field(None, max_length=200)
    location: Optional[str] = Field(None, max_length=200)
    latitude: Optional[float] = Field(None, ge=-90, le=90)
    longitude: Optional[float] = Field(None, ge=-180, le=180)
    geo_precision: Optional[int] = Field(None, ge=1, le=3)
    fatalities: Optional[int] = Field(None, ge=0, le=1_000_000)
    source: Optional[str] = Field(None, max_length=2000)
    notes: Optional[str] = Field(None, max_length=20000)
    confidence: Optional[float] = Field(None, ge=0, le=1)
    note: str = Field("", max_length=2000, description="Why (kept with the correction)")

    def changes(self) -> dict[str, Any]:
        """The fields the request set (explicit nulls included), in the order of the model."""
        out = {}
        for name in type(self).model_fields:
            if name != "note" and name in self.model_fields_set:
                v = getattr(self, name)
                out[name] = v.isoformat() if isinstance(v, dt.date) else v
        return out


class MergeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    event_ids: list[str] = Field(min_length=2, max_length=100, description="The first one is kept")
    note: str = Field("", max_length=2000)


class SplitIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    note: str = Field("", max_length=2000)


class MergeOut(BaseModel):
    event_id: str
    event: EventOut


class SplitOut(BaseModel):
    event_ids: list[str]
