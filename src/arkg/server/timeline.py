"""Timelines drawn as SVG on the server: any dated rows, over the periods of Albania's relations
with the Soviet Union and Russia.

The periodisation is editorial (it summarises the sources; it is not a fact in the graph), and
each boundary is the earliest day of a dated event in the graph, at the precision its source
gives: alliance from Hoxha's visit to Moscow (July 1947); split from the Bucharest meeting (late
June 1960); isolation from the Soviet break of relations (December 1961); restoration from the
re-establishment of relations (1990); post-2014 from Albania's opposition to the annexation of
Crimea (2014).
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from ..dates import DateError, parse


@dataclass(frozen=True)
class Period:
    key: str
    name: str
    start: float
    end: float
    color: str
    summary: str


def year_of(day: _dt.date) -> float:
    start = _dt.date(day.year, 1, 1)
    return day.year + (day - start).days / 365.25


def _now() -> float:
    return year_of(_dt.date.today())


PERIODS = [
    Period("before", "before 1947", 1900.0, year_of(_dt.date(1947, 7, 1)), "#eeeae2",
           "The Russian Empire and Albanian independence, relations established in 1924, the war."),
    Period("alliance", "alliance", year_of(_dt.date(1947, 7, 1)), year_of(_dt.date(1960, 6, 21)), "#cfe3c8",
           "Communist Albania as the Soviet Union's ally: aid, specialists, the Vlorë base, Comecon and the Warsaw Pact."),
    Period("split", "split", year_of(_dt.date(1960, 6, 21)), year_of(_dt.date(1961, 12, 1)), "#f6d2a8",
           "From the Bucharest meeting to the Soviet break of diplomatic relations."),
    Period("isolation", "isolation", year_of(_dt.date(1961, 12, 1)), year_of(_dt.date(1990, 1, 1)), "#d9d9df",
           "No diplomatic relations; Albania leaves the Warsaw Pact (1968) and turns to China, then to autarky."),
    Period("restoration", "restoration", year_of(_dt.date(1990, 1, 1)), year_of(_dt.date(2014, 1, 1)), "#c7dcef",
           "Relations restored in 1990; the Russian Federation succeeds the Soviet Union."),
    Period("post-2014", "post-2014", year_of(_dt.date(2014, 1, 1)), 2100.0, "#efc6cf",
           "After the annexation of Crimea: sanctions, expulsions, Albania on Russia's list of unfriendly states."),
]


@dataclass
class Item:
    start: float
    end: float
    label: str
    date_text: str
    href: str | None = None
    kind: str = ""
    iri: str = ""


_DAYISH = re.compile(r"^-?\d{4}(-\d{2}(-\d{2})?)?")


def span_of(text: str) -> tuple[float, float] | None:
    """The years a date value covers: an xsd:date, or a stated date at any precision."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        span = parse(text)
    except (DateError, ValueError):
        m = _DAYISH.match(text)
        if not m:
            return None
        try:
            span = parse(m[0])
        except (DateError, ValueError):
            return None
    if span.earliest is None and span.latest is None:
        return None
    first = span.earliest or span.latest
    last = span.latest or span.earliest
    return year_of(first), year_of(last + _dt.timedelta(days=1))


def items_from_rows(columns: list[str], rows: list[dict], link) -> tuple[list[Item], str | None]:
    """Dated items from SPARQL JSON bindings: the date column is the one most of whose values are
    dates (a column named date, start or earliest wins a tie); the label is a column named label,
    else the first other literal; the link is the first IRI column."""
    def value(row, col):
        cell = row.get(col)
        return cell.get("value") if cell else None

    scores = {}
    for col in columns:
        dated = sum(1 for r in rows if value(r, col) and span_of(value(r, col)))
        if dated:
            scores[col] = dated
    if not scores:
        return [], None
    preferred = ["date", "start", "earliest", "when", "from"]
    date_col = max(scores, key=lambda c: (scores[c], -preferred.index(c) if c in preferred else -99))
    literal_cols = [c for c in columns if c != date_col and any(
        (r.get(c) or {}).get("type") in ("literal", "typed-literal") for r in rows)]
    label_col = "label" if "label" in columns else (literal_cols[0] if literal_cols else None)
    iri_cols = [c for c in columns if any((r.get(c) or {}).get("type") == "uri" for r in rows)]
    link_col = "event" if "event" in iri_cols else (iri_cols[0] if iri_cols else None)
    items = []
    for r in rows:
        when = span_of(value(r, date_col) or "")
        if when is None:
            continue
        iri = value(r, link_col) if link_col else None
        label = value(r, label_col) if label_col else None
        items.append(Item(when[0], when[1], label or (iri or value(r, date_col)), value(r, date_col),
                          link(iri) if iri else None))
    return items, date_col


def _ticks(lo: float, hi: float) -> list[int]:
    span = hi - lo
    step = next(s for s in (1, 2, 5, 10, 20, 25, 50, 100) if span / s <= 14)
    first = int(lo // step * step)
    return [y for y in range(first, int(hi) + step, step) if lo <= y <= hi]


def render(items: list[Item], *, periods: bool = True, lo: float | None = None, hi: float | None = None,
           width: int = 1100, max_lanes: int = 400, title: str = "timeline") -> dict | None:
    """The geometry of an SVG timeline (drawn by the ``timeline`` macro of templates/macros.html):
    period bands behind, one marker per item (a bar when it lasts), labels in lanes so they never
    overlap; as many lanes as it takes for every item to carry its label (``max_lanes`` only
    bounds a pathological input: an item beyond it keeps its marker, tooltip and table row)."""
    if not items:
        return None
    lo = min(i.start for i in items) if lo is None else lo
    hi = max(i.end for i in items) if hi is None else hi
    window = (lo, hi)  # what was asked for; the axis adds a margin on each side
    pad = max(0.5, (hi - lo) * 0.03)
    lo, hi = lo - pad, hi + pad
    left, right = 20, width - 20
    scale = (right - left) / (hi - lo)

    def x(year: float) -> float:
        return left + (min(max(year, lo), hi) - lo) * scale

    band_top, lane_top, lane_h = 8, 44, 17
    lane_spans: list[list[tuple[float, float]]] = []
    placed = []
    for item in sorted(items, key=lambda i: (i.start, i.end)):
        x0, x1 = x(item.start), max(x(item.end), x(item.start) + 3)
        text = item.label if len(item.label) <= 46 else item.label[:45] + "…"
        width_text = 6.2 * len(text)
        left_side = x1 + 6 + width_text > right
        extent = (x0 - 6 - width_text, x1) if left_side else (x0, x1 + 6 + width_text)
        lane = next((n for n, spans in enumerate(lane_spans)
                     if all(extent[1] + 8 < a or extent[0] > b + 8 for a, b in spans)), None)
        if lane is None and len(lane_spans) < max_lanes:
            lane_spans.append([])
            lane = len(lane_spans) - 1
        if lane is not None:
            lane_spans[lane].append(extent)
        placed.append((item, x0, x1, lane, text, left_side))
    overflow_y = lane_top + max(1, len(lane_spans)) * lane_h + 6
    axis_y = overflow_y + 14
    marks = [{"x0": x0, "x1": x1, "y": lane_top + lane * lane_h + 8 if lane is not None else overflow_y,
              "href": item.href, "tip": f"{item.date_text} — {item.label}", "text": text if lane is not None else "",
              "tx": x0 - 6 if end else x1 + 6, "anchor": "end" if end else "start"}
             for item, x0, x1, lane, text, end in placed]
    bands = [{"key": p.key, "name": p.name, "summary": p.summary, "color": p.color, "x0": x(p.start), "x1": x(p.end)}
             for p in PERIODS if periods and not (p.end < lo or p.start > hi)]
    return {"width": width, "height": axis_y + 24, "title": title, "band_top": band_top, "lane_top": lane_top,
            "lo": lo, "hi": hi, "window": window,  # the axis's end years, and the window asked for (zoom by mouse)
            "axis_y": axis_y, "left": left, "right": right, "periods": bands, "marks": marks,
            "ticks": [(year, x(year)) for year in _ticks(lo, hi)]}
