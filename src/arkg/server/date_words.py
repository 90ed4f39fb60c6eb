"""Stated dates (``arkg:stated``) in words, at the precision the source gives: ``1961-12`` is
"December 1961", ``../1978`` "by 1978", ``195X`` "the 1950s", ``1949-02/..`` "from February 1949
on", ``late 1960-04`` "late April 1960". The notation itself is defined in :mod:`arkg.dates`."""

from __future__ import annotations

import calendar
import re

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_DECADE = re.compile(r"^(\d{3})X$")
_QUALIFIED = re.compile(r"^(early|mid|late) (.+)$")

# The legend the pages show next to dates in the stated notation.
LEGEND = [
    ("1961-12-03", "a day: 3 December 1961"),
    ("1961-12", "a month: December 1961"),
    ("1961", "a year"),
    ("195X", "a decade: the 1950s"),
    ("early 1960-04, mid 195X, late 1961", "a part of a month, a decade or a year"),
    ("spring 1960", "a season"),
    ("1960-11-10/1960-11-11", "from one date to another"),
    ("../1978", "by 1978 (the start is not stated)"),
    ("1961/..", "from 1961 on (the end is not stated)"),
]


def _simple(text: str) -> str:
    m = _DAY.match(text)
    if m and 1 <= int(m[2]) <= 12:
        return f"{int(m[3])} {calendar.month_name[int(m[2])]} {m[1]}"
    m = _MONTH.match(text)
    if m and 1 <= int(m[2]) <= 12:
        return f"{calendar.month_name[int(m[2])]} {m[1]}"
    m = _DECADE.match(text)
    if m:
        return f"the {m[1]}0s"
    m = _QUALIFIED.match(text)
    if m:
        inner = _simple(m[2])
        return f"the {m[1]}-{inner[4:]}" if inner.startswith("the ") else f"{m[1]} {inner}"
    return text


def in_words(stated: str | None) -> str:
    """A stated date as a reader says it; text that is not in the notation comes back unchanged."""
    text = (stated or "").strip()
    if "/" not in text:
        return _simple(text)
    left, _, right = text.partition("/")
    if left in ("", ".."):
        return f"by {_simple(right)}"
    if right in ("", ".."):
        return f"from {_simple(left)} on"
    return f"{_simple(left)} – {_simple(right)}"
