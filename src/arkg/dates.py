"""Dates as precise as the source: parse a stated date expression into its bounds.

A stated date keeps the precision of the source ("1961", "1961-12", "late 1960-04", "199X",
"../1978", "1961-10-17/1961-10-31"). ``parse`` returns the earliest and latest calendar days it
allows and its precision; the build adds those to every time span, so queries can sort and
filter without ever turning a year into its first of January.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re
from dataclasses import dataclass
from typing import Optional

__all__ = ["DateError", "LEGEND", "Span", "parse", "param_bound"]

# The notation in examples, one row per kind of date: (examples, meaning). The one legend: the
# help of ``arkg query``, the pages (next to dates) and the README table are made from it, and
# the tests parse every example.
LEGEND: tuple[tuple[tuple[str, ...], str], ...] = (
    (("1961-12-03",), "a day: 3 December 1961"),
    (("1961-12",), "a month: December 1961"),
    (("1961",), "a year"),
    (("195X",), "a decade: the 1950s"),
    (("early 1961-02", "mid 1961-02", "late 1961-02"), "part of a month"),
    (("early 1961", "late 1960"), "part of a year"),
    (("mid 195X",), "part of a decade: the mid-1950s"),
    (("spring 1960", "spring-summer 1960"), "a season"),
    (("1961-10-17/1961-10-31",), "an interval (each end at its own precision)"),
    (("../1978",), "by 1978 (the start is not stated)"),
    (("1961/..",), "from 1961 on (the end is not stated)"),
)


class DateError(ValueError):
    """A stated date expression that does not follow the grammar."""


@dataclass(frozen=True)
class Span:
    stated: str
    earliest: Optional[_dt.date]
    latest: Optional[_dt.date]
    precision: str  # local name of an arkg:DatePrecision individual
    part: Optional[str] = None  # "early", "mid" or "late" for a part of a month, year or decade
    ends: tuple[Optional["Span"], Optional["Span"]] = (None, None)  # an interval's ends (None: open)

    @property
    def start(self) -> str:
        """The stated start (for intervals) or the whole stated date."""
        return self.stated.split("/")[0] if "/" in self.stated else self.stated

    @property
    def end(self) -> str:
        return self.stated.split("/")[1] if "/" in self.stated else self.stated


_YEAR = re.compile(r"^(\d{4})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DECADE = re.compile(r"^(\d{3})X$")
_QUALIFIED = re.compile(r"^(early|mid|late) (.+)$")
_SEASONS = {
    "spring": ((3, 1), (5, 31)),
    "summer": ((6, 1), (8, 31)),
    "autumn": ((9, 1), (11, 30)),
    "winter": ((12, 1), (2, 28)),  # winter of YEAR runs into the next year
}
_SEASON = re.compile(r"^(spring|summer|autumn|winter)(?:-(spring|summer|autumn|winter))? (\d{4})$")


def _last_day(year: int, month: int) -> _dt.date:
    return _dt.date(year, month, calendar.monthrange(year, month)[1])


def _simple(expr: str) -> Span:
    """A date with no interval: day, month, year, decade, season or a qualified one."""
    m = _DAY.match(expr)
    if m:
        try:
            d = _dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError as exc:
            raise DateError(f"{expr!r} is not a calendar day: {exc}") from None
        return Span(expr, d, d, "DayPrecision")
    m = _MONTH.match(expr)
    if m:
        y, mo = int(m[1]), int(m[2])
        if not 1 <= mo <= 12:
            raise DateError(f"{expr!r}: month {mo} is out of range")
        return Span(expr, _dt.date(y, mo, 1), _last_day(y, mo), "MonthPrecision")
    m = _YEAR.match(expr)
    if m:
        y = int(m[1])
        return Span(expr, _dt.date(y, 1, 1), _dt.date(y, 12, 31), "YearPrecision")
    m = _DECADE.match(expr)
    if m:
        y = int(m[1]) * 10
        return Span(expr, _dt.date(y, 1, 1), _dt.date(y + 9, 12, 31), "DecadePrecision")
    m = _SEASON.match(expr)
    if m:
        first, last, y = m[1], m[2] or m[1], int(m[3])
        (sm, sd), _ = _SEASONS[first]
        _, (em, ed) = _SEASONS[last]
        end_year = y + 1 if last == "winter" else y
        end = _last_day(end_year, em) if (em, ed) == (2, 28) else _dt.date(end_year, em, ed)
        return Span(expr, _dt.date(y, sm, sd), end, "SeasonPrecision")
    m = _QUALIFIED.match(expr)
    if m:
        part, inner = m[1], _simple(m[2])
        if inner.precision == "MonthPrecision":
            a, b = inner.earliest, inner.latest
            lo, hi = {"early": (1, 10), "mid": (11, 20), "late": (21, b.day)}[part]
            return Span(expr, a.replace(day=lo), a.replace(day=hi), "PartOfMonthPrecision", part)
        if inner.precision == "YearPrecision":
            y = inner.earliest.year
            lo, hi = {"early": ((1, 1), (4, 30)), "mid": ((5, 1), (8, 31)), "late": ((9, 1), (12, 31))}[part]
            return Span(expr, _dt.date(y, *lo), _dt.date(y, *hi), "PartOfYearPrecision", part)
        if inner.precision == "DecadePrecision":
            y = inner.earliest.year
            lo, hi = {"early": (0, 3), "mid": (3, 7), "late": (7, 9)}[part]
            return Span(expr, _dt.date(y + lo, 1, 1), _dt.date(y + hi, 12, 31), "PartOfDecadePrecision", part)
        raise DateError(f"{expr!r}: '{part}' applies to a month, a year or a decade")
    raise DateError(
        f"{expr!r} is not a stated date: use YYYY, YYYY-MM, YYYY-MM-DD, YYYX, "
        "'early|mid|late <date>', '<season> YYYY', or an interval A/B with '..' for an open end"
    )


def parse(expr: str) -> Span:
    """Parse a stated date expression into a :class:`Span` with its bounds."""
    expr = expr.strip()
    if "/" not in expr:
        return _simple(expr)
    left, _, right = expr.partition("/")
    if "/" in right:
        raise DateError(f"{expr!r}: an interval has exactly one '/'")
    start = None if left in ("", "..") else _simple(left)
    end = None if right in ("", "..") else _simple(right)
    if start is None and end is None:
        raise DateError(f"{expr!r}: an interval needs at least one known end")
    earliest = start.earliest if start else None
    latest = end.latest if end else None
    if earliest and latest and earliest > latest:
        raise DateError(f"{expr!r}: the start is after the end")
    return Span(expr, earliest, latest, "IntervalPrecision", ends=(start, end))


def param_bound(value: str, *, upper: bool) -> _dt.date:
    """A date parameter (``from``/``to``) at any precision, as the day it stands for.

    ``from=1924`` means from 1924-01-01, ``to=1924`` up to 1924-12-31.
    """
    span = parse(value)
    day = span.latest if upper else span.earliest
    if day is None:
        raise DateError(f"{value!r} has no {'end' if upper else 'start'}")
    return day
