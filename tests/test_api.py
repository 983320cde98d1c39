"""The Python API: whimbrel.extract returns typed events with evidence."""
from __future__ import annotations

import datetime as dt

import pytest

import whimbrel
from whimbrel import Event, InputError

REPORT = ("Protesters gathered outside parliament in Nairobi on Tuesday to denounce new taxes. "
          "Police fired tear gas to disperse them and arrested 12 demonstrators, witnesses said.")


def test_extract_returns_typed_events_with_evidence():
    events = whimbrel.extract(REPORT, published="2024-06-27")
    assert events and all(isinstance(e, Event) for e in events)
    protest = events[0]
    assert protest.sub_event_type == "Protest with intervention"
    assert protest.event_date == "2024-06-25"
    assert protest.actor1.startswith("Protesters") and protest.country == "Kenya"
    assert protest.evidence and REPORT[protest.evidence[0].start:protest.evidence[0].end] == protest.evidence[0].sentence


def test_report_without_any_date_is_extracted_and_says_so():
    events = whimbrel.extract("Gunmen killed two farmers near Jos on Monday.", published=None)
    assert len(events) == 1
    assert events[0].fatalities == 2 and events[0].event_date is None
    assert "date" in events[0].notes.lower()


def test_published_as_date_object():
    events = whimbrel.extract("Gunmen killed two farmers near Jos on Monday.", published=dt.date(2024, 5, 8))
    assert events[0].event_date == "2024-05-06"


def test_negated_and_threatened_events_are_not_coded():
    text = ("The rebels threatened to attack Goma next week. The army denied that soldiers had shelled "
            "the camp, and no clashes were reported on Sunday.")
    assert whimbrel.extract(text, published="2024-05-08") == []


def test_empty_text_is_a_clear_error():
    with pytest.raises(InputError, match="empty"):
        whimbrel.extract("   ")
