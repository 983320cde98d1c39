import datetime as dt

import pytest

import whimbrel
from whimbrel.extract.dates import find_dates

PUB = dt.date(2014, 10, 9)  # a Thursday


def first(text, published=PUB):
    found = find_dates(text, published)
    assert found, f"no date found in {text!r}"
    return found[0]


def test_absolute_dates_in_both_orders():
    later = dt.date(2020, 6, 1)
    assert first("On 9 March 2020, fighting broke out", later).ref.date == dt.date(2020, 3, 9)
    assert first("on March 9, 2020 the army said", later).ref.date == dt.date(2020, 3, 9)
    assert first("On 2020-05-01 police arrested", later).ref.date == dt.date(2020, 5, 1)


def test_an_absolute_date_after_publication_is_clipped_to_it():
    d = first("On 9 March 2020, fighting broke out")
    assert d.ref.date == PUB and d.ref.precision >= 2


def test_day_and_month_without_year_takes_the_latest_past_year():
    assert first("clashes on 12 October killed five").ref.date == dt.date(2013, 10, 12)
    assert first("clashes on 2 October killed five").ref.date == dt.date(2014, 10, 2)


def test_weekdays_resolve_to_the_latest_such_day_not_after_publication():
    assert first("clashes on Tuesday").ref.date == dt.date(2014, 10, 7)
    assert first("on Wednesday").ref.date == dt.date(2014, 10, 8)
    assert first("late on Thursday").ref.date == dt.date(2014, 10, 9)
    evening = first("on Tuesday evening")
    assert evening.ref.date == dt.date(2014, 10, 7) and evening.ref.precision == 1


def test_spans_have_week_or_month_precision_and_are_marked():
    past = first("over the past two days")
    assert past.is_span and past.ref.precision == 2
    assert dt.date(2014, 10, 7) <= past.ref.date <= PUB
    week = first("this week")
    assert week.is_span and week.ref.precision == 2 and week.ref.date <= PUB
    month = first("last month")
    assert month.ref.precision == 3 and month.ref.date.month == 9


def test_never_after_publication():
    for text in ("on Friday", "on 30 October", "this week", "today", "over the past few days"):
        d = first(text)
        assert d.ref.date is None or d.ref.date <= PUB, text


def test_relative_dates_without_publication_date_stay_unresolved():
    d = first("on Tuesday", published=None)
    assert d.ref.date is None and d.ref.resolved is False
    assert first("on 9 March 2020", published=None).ref.date == dt.date(2020, 3, 9)


def test_may_the_verb_is_not_a_date():
    assert find_dates("the fighting may 5 times escalate", PUB) == []


def test_one_reader_for_the_days_records_carry():
    from whimbrel.days import as_day
    assert as_day("2020-05-01T10:00:00Z") == dt.date(2020, 5, 1)
    assert as_day(dt.datetime(2020, 5, 1, 23, 59)) == dt.date(2020, 5, 1)
    assert as_day("") is None and as_day(None) is None
    assert as_day("1 May 2020") is None  # records hold ISO days; anything else is no day
    with pytest.raises(ValueError):
        as_day("1 May 2020", strict=True)  # data files must be right: say so


def test_a_lead_date_a_year_off_its_publication_is_a_slip_not_history():
    got = whimbrel.extract("On 2 June 2023, in Temuco, Araucania, taxi drivers protested against fuel "
                           "prices.", published="2024-06-03")
    assert [(e.sub_event_type, e.event_date) for e in got] == [("Peaceful protest", "2024-06-02")]
    assert "year off" in got[0].notes
    # Months away from the publication's day it is history the report recalls.
    got = whimbrel.extract("On 2 March 2023, in Temuco, Araucania, taxi drivers protested against fuel "
                           "prices.", published="2024-06-03")
    assert got == []


def test_the_end_of_a_span_round_publication_keeps_the_publications_year():
    found = find_dates("Around 6 October 2014 (from 6 - 12 October), residents blocked roads.",
                       dt.date(2014, 10, 9))
    assert {d.ref.date.year for d in found} == {2014}
    # A day and month alone, after publication, is still last year's.
    assert first("clashes on 12 October killed five").ref.date == dt.date(2013, 10, 12)
