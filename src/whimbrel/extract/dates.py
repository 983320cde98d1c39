"""Finds date expressions in a sentence and resolves them against the publication date.

Absolute dates ("9 March 2020", "March 9"), weekdays ("on Tuesday", "Tuesday evening"),
"yesterday", "last night", and spans ("this week", "over the past two days", "last month").
A resolved date is never after the publication date. Without a publication date, relative
expressions stay unresolved (DateRef.resolved False) and say so.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..models import DateRef

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
WEEKDAYS = {d: i for i, d in enumerate(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "ten": 10,
                "couple of": 2, "few": 3, "several": 4, "48": 2, "24": 1}

_M = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("dmy", re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _M + r"(?:,?\s+(?P<year>(?:19|20)\d{2}))?\b", re.I)),
    ("mdy", re.compile(r"\b" + _M + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<year>(?:19|20)\d{2}))?\b", re.I)),
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<mon>\d{2})-(?P<day>\d{2})\b")),
    ("my", re.compile(r"\b(?:in\s+|early\s+|late\s+|mid-?)?" + _M + r"\s+(?P<year>(?:19|20)\d{2})\b", re.I)),
    ("weekday", re.compile(r"\b(?:(?P<rel>last|this|on|early|late)\s+)?(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?:\s+(?:morning|afternoon|evening|night))?\b", re.I)),
    ("yesterday", re.compile(r"\byesterday\b|\blast night\b", re.I)),
    ("today", re.compile(r"\btoday\b|\bthis morning\b|\bthis afternoon\b|\btonight\b|\bearlier today\b", re.I)),
    ("past_days", re.compile(r"\b(?:over|in|during)\s+the\s+(?:past|last)\s+(?P<n>two|three|four|five|six|seven|ten|couple of|few|several|48|24|\d+)\s+(?:days|hours)\b|\bin recent days\b", re.I)),
    ("week", re.compile(r"\b(?P<which>this|last|past|earlier this|previous)\s+week\b", re.I)),
    ("month", re.compile(r"\b(?P<which>this|last|past|earlier this|previous)\s+month\b", re.I)),
]


@dataclass(frozen=True)
class DateMatch:
    ref: DateRef
    start: int  # character offsets in the text searched
    end: int
    is_span: bool  # covers several days ("over the past two days", "this week")


SPAN_END_DAYS = 14  # a yearless span end this soon after publication is in the publication's year


def _year_for(month: int, day: int, published: dt.date | None, span_end: bool = False) -> int | None:
    """A day and month with no year: the latest such date not after publication; as the end of
    a span, a few days after it ("Around 1 May 2020 (from 1 - 6 May)": 6 May of that year, not
    of the year before)."""
    if not published:
        return None
    year = published.year
    try:
        if (dt.date(year, month, day) - published).days > (SPAN_END_DAYS if span_end else 0):
            year -= 1
    except ValueError:
        return None
    return year


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _resolve(kind: str, m: re.Match, published: dt.date | None) -> tuple[DateRef | None, bool]:
    text = m.group(0)
    unresolved = DateRef(None, 1, text, resolved=False)
    if kind in {"dmy", "mdy"}:
        month = MONTHS[m.group("month").lower()[:3]]
        day = int(m.group("day"))
        span_end = bool(re.search(r"(?:[-–]|\bto|\band)\s*$", m.string[max(0, m.start() - 8):m.start()]))
        year = int(m.group("year")) if m.group("year") else _year_for(month, day, published, span_end)
        if year is None:
            return unresolved, False
        d = _safe_date(year, month, day)
        return (DateRef(d, 1, text) if d else None), False
    if kind == "iso":
        d = _safe_date(int(m.group("year")), int(m.group("mon")), int(m.group("day")))
        return (DateRef(d, 1, text) if d else None), False
    if kind == "my":
        month = MONTHS[m.group("month").lower()[:3]]
        return DateRef(dt.date(int(m.group("year")), month, 1), 3, text), True
    if published is None:
        return unresolved, kind in {"past_days", "week", "month"}
    if kind == "weekday":
        target = WEEKDAYS[m.group("wd").lower()]
        back = (published.weekday() - target) % 7
        if (m.group("rel") or "").lower() == "last" and back == 0:
            back = 7
        return DateRef(published - dt.timedelta(days=back), 1, text), False
    if kind == "yesterday":
        return DateRef(published - dt.timedelta(days=1), 1, text), False
    if kind == "today":
        return DateRef(published, 1, text), False
    if kind == "past_days":
        n_text = (m.groupdict().get("n") or "few").lower()
        n = NUMBER_WORDS.get(n_text) or (int(n_text) if n_text.isdigit() else 3)
        if "hour" in text.lower():
            n = max(1, n // 24) if n_text.isdigit() else n
        # The span ends at publication; its middle stands for it, coded to the week.
        return DateRef(published - dt.timedelta(days=max(1, n // 2)), 2, text), True
    if kind == "week":
        which = m.group("which").lower()
        if which in {"last", "previous"}:
            return DateRef(published - dt.timedelta(days=published.weekday() + 4), 2, text), True
        return DateRef(published - dt.timedelta(days=min(published.weekday(), 2)), 2, text), True
    if kind == "month":
        which = m.group("which").lower()
        first = published.replace(day=1)
        if which in {"last", "previous"}:
            prev_end = first - dt.timedelta(days=1)
            return DateRef(prev_end.replace(day=15), 3, text), True
        return DateRef(published - dt.timedelta(days=(published.day - 1) // 2), 3, text), True
    return None, False


def find_dates(text: str, published: dt.date | None, offset: int = 0) -> list[DateMatch]:
    """Every date expression in `text`, resolved; overlapping matches keep the first pattern's."""
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            if kind == "mdy" and m.group("month").lower() == "may" and not m.group("year"):
                continue  # "may 5" is more often a modal verb and a number than a date
            ref, is_span = _resolve(kind, m, published)
            if ref is None:
                continue
            if ref.date and published and ref.date > published:
                # Never into the future: a date after publication is a misreading; clip it.
                ref = DateRef(published, max(ref.precision, 2), ref.text)
            taken.append((m.start(), m.end()))
            found.append(DateMatch(ref, offset + m.start(), offset + m.end(), is_span))
    found.sort(key=lambda d: d.start)
    return found


SLIP_DAYS = 7  # a lead date this close to publication, but for its year, is a typing slip


def year_slip(ref: DateRef, report_text: str, published: dt.date | None) -> DateRef | None:
    """The lead date with the publication's year, when the written year is a slip: "On 29 April
    2019, ..." opening a report published on 29 April 2020. Only the report's opening date,
    written with a year one or two off, whose day and month are within a week before
    publication; otherwise None (a date long past is history the report recalls)."""
    if ref.date is None or published is None or not re.search(r"\b\d{4}\b", ref.text):
        return None
    if ref.text not in report_text.lstrip()[:60] or not 0 < published.year - ref.date.year <= 2:
        return None
    same_year = _safe_date(published.year, ref.date.month, ref.date.day)
    if same_year is None or not 0 <= (published - same_year).days <= SLIP_DAYS:
        return None
    return DateRef(same_year, ref.precision, ref.text)
