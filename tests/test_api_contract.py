"""The service's response models are written out field by field, so the OpenAPI document is an
explicit contract; these checks keep them in step with the store's records they mirror."""
from __future__ import annotations

import dataclasses

from whimbrel.api import schemas
from whimbrel.store import records
from whimbrel.store.canonical import CORRECTABLE


def names(record) -> set[str]:
    return {f.name for f in dataclasses.fields(record)}


def test_every_stored_event_field_is_served_and_nothing_else():
    assert set(schemas.EventOut.model_fields) == names(records.StoredEvent)


def test_reports_and_statistics_are_served_as_stored():
    assert set(schemas.ReportOut.model_fields) == names(records.StoredReport)
    assert set(schemas.StatRowOut.model_fields) == names(records.StatRow)
    # Corrections and history are served without their event id (the URL names the event).
    assert set(schemas.CorrectionOut.model_fields) == names(records.Correction) - {"event_id"}
    assert set(schemas.LogEntryOut.model_fields) == names(records.LogEntry) - {"event_id"}


def test_a_correction_request_takes_exactly_the_correctable_fields():
    assert set(schemas.CorrectionIn.model_fields) - {"note"} == set(CORRECTABLE)
