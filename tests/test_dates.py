"""Dates as precise as the source: each kind of stated date and the bounds that follow."""

import datetime as dt

import pytest

from arkg.dates import DateError, param_bound, parse

D = dt.date

CASES = [
    # stated, earliest, latest, precision
    ("1961-12-03", D(1961, 12, 3), D(1961, 12, 3), "DayPrecision"),
    ("1961-12", D(1961, 12, 1), D(1961, 12, 31), "MonthPrecision"),
    ("1960-02", D(1960, 2, 1), D(1960, 2, 29), "MonthPrecision"),  # leap year
    ("1968", D(1968, 1, 1), D(1968, 12, 31), "YearPrecision"),
    ("late 1960-04", D(1960, 4, 21), D(1960, 4, 30), "PartOfMonthPrecision"),
    ("early 1960-06", D(1960, 6, 1), D(1960, 6, 10), "PartOfMonthPrecision"),
    ("mid 2022-02", D(2022, 2, 11), D(2022, 2, 20), "PartOfMonthPrecision"),
    ("../1978", None, D(1978, 12, 31), "IntervalPrecision"),  # "by 1978"
    ("199X", D(1990, 1, 1), D(1999, 12, 31), "DecadePrecision"),  # "in the 1990s"
    ("mid 195X", D(1953, 1, 1), D(1957, 12, 31), "PartOfDecadePrecision"),  # "mid-1950s"
    ("1961-04-23/1961-04-28", D(1961, 4, 23), D(1961, 4, 28), "IntervalPrecision"),  # within five days of
    ("1961-10-17/1961-10-31", D(1961, 10, 17), D(1961, 10, 31), "IntervalPrecision"),
    ("1949-02/..", D(1949, 2, 1), None, "IntervalPrecision"),
    ("1949/1968", D(1949, 1, 1), D(1968, 12, 31), "IntervalPrecision"),
    ("spring 1960", D(1960, 3, 1), D(1960, 5, 31), "SeasonPrecision"),
    ("spring-summer 1960", D(1960, 3, 1), D(1960, 8, 31), "SeasonPrecision"),
    ("late 1960", D(1960, 9, 1), D(1960, 12, 31), "PartOfYearPrecision"),
]


@pytest.mark.parametrize("stated, earliest, latest, precision", CASES)
def test_bounds_follow_from_the_stated_date(stated, earliest, latest, precision):
    span = parse(stated)
    assert (span.earliest, span.latest, span.precision) == (earliest, latest, precision)
    assert span.stated == stated  # the date as stated is kept, never rewritten


@pytest.mark.parametrize("bad", ["1961-13", "1961-02-30", "late 1961-02-03", "1961/1960", "../..", "sometime", "19611"])
def test_bad_dates_are_rejected_with_a_reason(bad):
    with pytest.raises(DateError) as err:
        parse(bad)
    assert repr(bad.split("/")[0]) in str(err.value) or repr(bad) in str(err.value)


def test_a_year_parameter_means_the_whole_year():
    assert param_bound("1924", upper=False) == D(1924, 1, 1)
    assert param_bound("1924", upper=True) == D(1924, 12, 31)
    assert param_bound("1961-10", upper=True) == D(1961, 10, 31)


def test_the_parse_keeps_the_parts_that_words_need():
    assert parse("late 1960-04").part == "late" and parse("1960-04").part is None
    start, end = parse("mid 195X/1961-02").ends
    assert (start.precision, start.part, end.precision) == ("PartOfDecadePrecision", "mid", "MonthPrecision")
    assert parse("../1978").ends[0] is None and parse("1961/..").ends[1] is None


def test_the_notation_is_written_down_only_here():
    """One home for the grammar: no other source file (Python, script, template) carries a
    pattern of the stated notation; they ask arkg.dates (or the server, which does)."""
    from pathlib import Path

    import arkg

    package = Path(arkg.__file__).parent
    marks = (r"\d{3}X", "early|mid|late", "spring|summer", "summer|autumn", "(?:early", "(early")
    copies = []
    for path in package.rglob("*"):
        if path.suffix not in (".py", ".js", ".html") or path == package / "dates.py":
            continue
        text = path.read_text(encoding="utf-8")
        copies += [f"{path.relative_to(package)}: {mark}" for mark in marks if mark in text]
    assert not copies
