"""Cross-report merging rules, without a database."""
from __future__ import annotations

from dataclasses import replace

import pytest

from whimbrel import dedup
from whimbrel.dedup import best_match, haversine_km, match, pair_events, reconcile

from test_store_helpers import event


def test_same_clash_told_by_two_outlets_matches_with_its_reasons():
    a = event("a", "1", 12)
    b = event("b", "2", 10, a1="Military Forces of Nigeria (2000-)", a2="boko haram", lat=11.10, lon=13.70)
    reason = match(a, b)
    assert reason is not None
    assert reason.date_gap_days == 0
    assert 0 < reason.distance_km < 5
    assert "km apart" in reason.place_basis
    assert reason.sub_event_basis == "same"
    # actor order carries no direction; the regime period and case do not matter
    assert len(reason.actors_matched) == 2
    assert "same day" in reason.describe()


def test_dates_must_fall_within_their_precision():
    a = event("a", "1", day="2024-03-12")
    assert match(a, event("b", "2", day="2024-03-13")) is None  # two days, both known to the day
    assert match(a, event("b", "2", day="2024-03-16", precision=2)) is not None  # a week-precise date
    assert match(a, event("b", "2", day="2024-03-22", precision=2)) is None
    assert match(a, event("b", "2", day="2024-03-30", precision=3)) is not None  # month
    assert match(a, event("b", "2", day=None)) is None


def test_places_within_25_km_or_the_same_admin2():
    a = event("a", "1")
    far = event("b", "2", lat=11.5, lon=13.7, admin2="Bama", location="Bama")  # ~46 km
    assert match(a, far) is None
    same_admin2 = replace(far, admin2="Gwoza")
    assert "same admin2" in match(a, same_admin2).place_basis
    near = event("b", "2", lat=11.25, lon=13.75, admin2="Other", location="Somewhere")  # ~19 km
    assert match(a, near) is not None
    other_country = replace(same_admin2, country="Cameroon")
    assert match(a, other_country) is None


def test_region_only_place_matches_within_its_admin1_and_names_without_coordinates():
    town = event("a", "1")
    region = event("b", "2", lat=11.8, lon=13.1, location="Borno", admin2="", geo=3)
    assert "admin1" in match(town, region).place_basis
    no_coords = event("b", "2", lat=None, lon=None, admin2="")
    assert "same location" in match(replace(town, latitude=None, longitude=None, admin2=""), no_coords).place_basis
    assert match(replace(town, latitude=None, longitude=None, admin2=""),
                 replace(no_coords, location="Bama")) is None


def test_sub_event_types_same_or_compatible():
    shelling = event("a", "1", sub="Shelling/artillery/missile attack", etype="Explosions/Remote violence")
    air = event("b", "2", sub="Air/drone strike", etype="Explosions/Remote violence")
    assert match(shelling, air).sub_event_basis.startswith("compatible")
    protest = event("b", "2", sub="Peaceful protest", etype="Protests")
    assert match(shelling, protest) is None
    assert dedup.sub_types_compatible("Armed clash", "Government regains territory")
    assert dedup.sub_types_compatible("Attack", "Armed clash") is None


def test_actors_must_not_contradict():
    a = event("a", "1", a1="Islamic State (Syria)", a2="Military Forces of Syria (2000-2024)")
    civilians = event("b", "2", a1="Islamic State (Syria)", a2="Civilians (Syria)")
    assert match(a, civilians) is None
    one_side = event("b", "2", a1="Military Forces of Syria (2000-)", a2="")
    assert match(a, one_side).actors_matched == ("Military Forces of Syria (2000-2024)",)
    unknown = event("b", "2", a1="Unidentified Armed Group (Syria)", a2="Military Forces of Syria (2000-2024)")
    assert match(a, unknown) is not None
    rival = event("b", "2", a1="Hayat Tahrir al-Sham", a2="Military Forces of Syria (2000-2024)")
    assert match(a, rival) is None


def test_catch_all_actors_alone_need_the_same_pair():
    attack = dict(sub="Attack", etype="Violence against civilians")
    gunmen = event("a", "1", 1, a1="Unidentified Armed Group (Nigeria)", a2="Civilians (Nigeria)", **attack)
    victims_only = event("b", "2", 1, a1="Civilians (Nigeria)", a2="", **attack)
    assert match(gunmen, victims_only) is None  # civilians in common say too little
    assert match(gunmen, replace(gunmen, article_id="b", event_id="2")) is not None  # the same pair
    protest = dict(sub="Peaceful protest", etype="Protests", a1="Protesters (Nigeria)", a2="")
    assert match(event("a", "1", **protest), event("b", "2", **protest)) is not None
    named = event("b", "2", 1, a1="Boko Haram", a2="Civilians (Nigeria)", **attack)
    assert match(gunmen, named).actors_matched == ("Civilians (Nigeria)",)  # "gunmen" may be Boko Haram


def test_best_match_prefers_the_nearest_candidate():
    new = event("n", "0")
    near = event("x", "near", lat=11.09, lon=13.70)
    farther = event("y", "far", lat=11.20, lon=13.80)
    found = best_match(new, [farther, near, event("z", "other", sub="Peaceful protest", etype="Protests")])
    assert found.candidate.event_id == "near"
    assert best_match(new, []) is None


def test_fatalities_reconciled_conservatively_with_the_range_kept():
    members = [event("a", "1", 12, source="Residents; A"), event("b", "2", 10, source="Officials; B"),
               event("c", "3", 15, source="C; A")]
    rec = reconcile(members)
    assert (rec.event.fatalities, rec.fatalities_low, rec.fatalities_high) == (10, 10, 15)
    assert rec.n_sources == 3
    assert rec.event.source == "Residents; A; Officials; B; C"
    assert "10-15" in rec.fatality_rule and "lowest" in rec.fatality_rule
    assert "Reported by 3 sources" in rec.event.notes
    assert len(rec.event.evidence) == 3


def test_a_source_without_a_figure_does_not_zero_the_toll():
    rec = reconcile([event("a", "1", 0), event("b", "2", 7)])
    assert (rec.event.fatalities, rec.fatalities_low, rec.fatalities_high) == (7, 7, 7)
    assert "give no figure" in rec.fatality_rule
    none = reconcile([event("a", "1", 0), event("b", "2", 0)])
    assert (none.event.fatalities, none.fatalities_low, none.fatalities_high) == (0, 0, 0)


def test_reconcile_takes_place_and_date_from_the_most_precise_member():
    vague = event("a", "1", 5, day="2024-03-14", precision=2, geo=3, location="Borno", lat=11.8, lon=13.1)
    exact = event("b", "2", 6)
    rec = reconcile([vague, exact])
    assert rec.event.location == "Gwoza" and rec.event.event_date == "2024-03-12"
    assert rec.event.time_precision == 1 and rec.representative == 1
    # the sub-event type most sources give wins
    rec = reconcile([event("a", "1", sub="Government regains territory"), event("b", "2"), event("c", "3")])
    assert rec.event.sub_event_type == "Armed clash"
    with pytest.raises(ValueError):
        reconcile([])


def test_pair_events_by_id_then_by_the_merge_rules():
    old = [event("r", "id1", 3), event("r", "id2", 4, day="2024-03-20")]
    new = [event("r", "id2", 5, day="2024-03-20"), event("r", "changed", 3), event("r", "brand-new", 1, day="2024-05-01")]
    pairs, gone, added = pair_events(old, new)
    assert sorted(pairs) == [(0, 1), (1, 0)]
    assert gone == [] and added == [2]
    pairs, gone, added = pair_events(old, [])
    assert pairs == [] and gone == [0, 1] and added == []


def test_haversine():
    assert haversine_km(0, 0, 0, 1) == pytest.approx(111.19, abs=0.1)
    assert haversine_km(None, 0, 0, 0) is None
