"""What the service adds to the store's queries (on SQLite and PostgreSQL): the text filter of the
page's search box and per-day stats for its timeline."""
from __future__ import annotations

from whimbrel.store import EventFilter

from test_store_helpers import db_url, event, report, store  # noqa: F401  (fixtures)


def _fill(store):
    store.add_reports([
        (report("a", "Boko Haram attacked Gwoza."), [event("a", "e1", 3, day="2024-03-12")]),
        (report("b", "Protest in Lagos."), [event("b", "e2", 0, day="2024-03-13", sub="Peaceful protest",
                                                  etype="Protests", a1="Protesters (Nigeria)", a2="",
                                                  location="Lagos 100%_town", admin1="Lagos", admin2="Ikeja",
                                                  lat=6.45, lon=3.4)]),
        (report("c", "Clash near Gwoza again."), [event("c", "e3", 2, day="2024-03-19", lat=11.9, lon=12.1,
                                                        location="Bama", admin2="Bama")]),
    ], "v1")


def test_text_filter_needs_every_word_in_any_field_any_case(store):
    _fill(store)
    assert {e.location for e in store.query_events(EventFilter(text="protesters")).events} == {"Lagos 100%_town"}
    assert {e.location for e in store.query_events(EventFilter(text="BOKO gwoza")).events} == {"Gwoza"}
    assert {e.location for e in store.query_events(EventFilter(text="boko")).events} == {"Gwoza", "Bama"}
    # LIKE wildcards in the query are literal characters
    assert {e.location for e in store.query_events(EventFilter(text="100%_")).events} == {"Lagos 100%_town"}
    assert store.query_events(EventFilter(text="%")).events[0].location == "Lagos 100%_town"
    assert store.count_events(EventFilter(text="nowhere-at-all")) == 0


def test_stats_by_day(store):
    _fill(store)
    rows = store.stats("day", EventFilter())
    assert [(r.key, r.events, r.fatalities) for r in rows] == [("2024-03-12", 1, 3), ("2024-03-13", 1, 0),
                                                               ("2024-03-19", 1, 2)]
    assert [r.key for r in store.stats("day", EventFilter(text="boko"))] == ["2024-03-12", "2024-03-19"]


def test_ingest_result_names_the_reports_and_events_it_stored(store):
    result = store.ingest([report("a", "Text a."), report("b", "Text b.")],
                          lambda batch: [event(r.id, "e-" + r.id, 1) for r in batch], version="v1")
    assert len(result.report_ids) == 2 and result.stored == 2
    assert sorted(result.canonical_ids) == sorted(e.event_id for e in store.query_events().events)
