"""Stated dates (``arkg:stated``) in words, at the precision the source gives: ``1961-12`` is
"December 1961", ``../1978`` "by 1978", ``195X`` "the 1950s", ``1949-02/..`` "from February 1949
on", ``late 1960-04`` "late April 1960". The notation itself is defined, parsed and explained in
one place, :mod:`arkg.dates`: this module words what :func:`arkg.dates.parse` makes of a date."""

from __future__ import annotations

import calendar

from ..dates import LEGEND as NOTATION
from ..dates import DateError, Span, parse

# The legend the pages show next to dates in the stated notation: arkg.dates.LEGEND, one row per kind.
LEGEND = [(", ".join(examples), meaning) for examples, meaning in NOTATION]


def _words(span: Span) -> str:
    """One date (not an interval) as a reader says it."""
    day, kind = span.earliest, span.precision
    month = f"{calendar.month_name[day.month]} {day.year:04d}"
    if kind == "DayPrecision":
        return f"{day.day} {month}"
    if kind == "MonthPrecision":
        return month
    if kind == "YearPrecision":
        return f"{day.year:04d}"
    if kind == "DecadePrecision":
        return f"the {day.year:04d}s"
    if kind == "PartOfMonthPrecision":
        return f"{span.part} {month}"
    if kind == "PartOfYearPrecision":
        return f"{span.part} {day.year:04d}"
    if kind == "PartOfDecadePrecision":
        return f"the {span.part}-{day.year // 10 * 10:04d}s"
    return span.stated  # a season reads as it is written


def in_words(stated: str | None) -> str:
    """A stated date as a reader says it; text that is not in the notation comes back unchanged."""
    text = (stated or "").strip()
    try:
        span = parse(text)
    except DateError:
        return text
    if span.precision != "IntervalPrecision":
        return _words(span)
    start, end = span.ends
    if start is None:
        return f"by {_words(end)}"
    if end is None:
        return f"from {_words(start)} on"
    return f"{_words(start)} – {_words(end)}"
