"""One way to read a calendar day from the values records carry (a date, a datetime, an ISO
string, or nothing). User-typed dates go through ingest.text.parse_iso_date instead, which
explains its refusal to the user."""
from __future__ import annotations

import datetime as dt
from typing import Optional, Union

DayLike = Union[dt.date, dt.datetime, str, None]


def as_day(value: DayLike, *, strict: bool = False) -> Optional[dt.date]:
    """The day of `value`; None for None or "". A string that is not ISO (YYYY-MM-DD, possibly
    followed by a time) raises ValueError when `strict`, else gives None."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        if strict:
            raise
        return None
