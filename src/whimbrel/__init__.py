"""Whimbrel: ACLED-style conflict events from news reports, every field backed by its sentence.

    >>> import whimbrel
    >>> events = whimbrel.extract("Gunmen killed three villagers in Kaduna on Monday.", published="2024-05-08")
"""
from __future__ import annotations

import datetime as dt

# The extract/ subpackage is imported first: importing a submodule binds its name on this
# package, and the public function extract() defined below must win that name.
from . import extract as _extract_stage  # noqa: F401
from .errors import InputError, WhimbrelError
from .models import (EVENT_COLUMNS, Actor, ActorRef, DateRef, Event, Evidence, ExtractionResult,
                     FatalityCount, Mention, Place, Problem, Report, Toponym)
from .settings import Settings, load_settings

__all__ = [
    "extract", "extract_reports", "Pipeline", "Settings", "load_settings",
    "Report", "Event", "Evidence", "Mention", "Actor", "ActorRef", "Place", "Toponym", "DateRef",
    "FatalityCount", "Problem", "ExtractionResult", "EVENT_COLUMNS", "WhimbrelError", "InputError",
]
__version__ = "0.1.0"


def __getattr__(name):
    # Pipeline pulls in spaCy; import it only when asked for.
    if name == "Pipeline":
        from .pipeline import Pipeline
        return Pipeline
    raise AttributeError(name)


def _as_date(published) -> dt.date | None:
    """A publication date given as a date, an ISO string or None; DateError says what was wrong."""
    if published is None or isinstance(published, dt.date):
        return published
    from .ingest.text import parse_iso_date
    return parse_iso_date(published)


def extract(text: str, published: str | dt.date | None = None, *, id: str = "report", url: str = "",
            outlet: str = "", title: str = "", pipeline=None) -> list[Event]:
    """The events one report describes. Raises InputError for empty, binary or non-English text."""
    from .ingest import report_from_text
    pipeline = pipeline or _default_pipeline()
    report = report_from_text(text, id=id, published=_as_date(published), url=url, title=title,
                              outlet=outlet, origin=id, settings=pipeline.settings)
    return pipeline.extract_report(report)


def extract_reports(reports, pipeline=None) -> ExtractionResult:
    """Events for many Reports (or Problems passed through), collected with the problems met."""
    pipeline = pipeline or _default_pipeline()
    result = ExtractionResult()
    for item in pipeline.run(reports):
        if isinstance(item, Problem):
            result.problems.append(item)
        else:
            result.events.append(item)
    return result


_PIPELINES: dict = {}


def _default_pipeline():
    """One Pipeline per process for the default settings: loading spaCy and the gazetteer is slow."""
    from .pipeline import Pipeline
    if "default" not in _PIPELINES:
        _PIPELINES["default"] = Pipeline(load_settings())
    return _PIPELINES["default"]
