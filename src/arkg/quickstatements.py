"""Wikidata QuickStatements (version 1 syntax) for what Wikidata could take from ARKG:
diplomatic-relation statements (P530) between linked states, with start time (P580) and end
time (P582) qualifiers from the establishment, break and restoration events, and a reference
naming the source document (S1476, title). Only dates at day, month or year precision become
Wikidata time values (precision 11, 10, 9); other dates are left out rather than distorted."""

from __future__ import annotations

import re
from collections import defaultdict

import pyoxigraph as ox

from .dates import parse
from .namespaces import local_name, sparql_prefixes

# The ontology decides which events open and which close diplomatic relations (as the relations query).
_EVENTS = "\n" + sparql_prefixes("arkg", "dcterms") + """SELECT ?event ?opens ?qa ?qb ?stated ?title WHERE {
  { ?event a arkg:RelationsOpening BIND(true AS ?opens) } UNION { ?event a arkg:RelationsClosing BIND(false AS ?opens) }
  ?event arkg:hasParticipant ?a , ?b ; arkg:hasTimeSpan/arkg:stated ?stated .
  ?a a arkg:SovereignState ; arkg:wikidata ?qa .
  ?b a arkg:SovereignState ; arkg:wikidata ?qb .
  FILTER(STR(?qa) < STR(?qb))
  ?event arkg:statedIn/dcterms:title ?title .
}"""

_PRECISION = {"DayPrecision": 11, "MonthPrecision": 10, "YearPrecision": 9}
TIME = re.compile(r"^\+\d{4}-\d{2}-\d{2}T00:00:00Z/(9|10|11)$")


def time_value(stated: str) -> str | None:
    """A Wikidata time value for a date at day, month or year precision, else None."""
    span = parse(stated)
    precision = _PRECISION.get(span.precision)
    if precision is None:
        return None
    d = span.earliest
    month = f"{d.month:02d}" if precision >= 10 else "00"
    day = f"{d.day:02d}" if precision == 11 else "00"
    return f"+{d.year:04d}-{month}-{day}T00:00:00Z/{precision}"


def _qid(iri: str) -> str:
    return local_name(iri)


def statements(store: ox.Store) -> list[str]:
    by_pair: dict[tuple, dict] = defaultdict(dict)
    for s in store.query(_EVENTS):
        key = (_qid(s["qa"].value), _qid(s["qb"].value))
        event = by_pair[key].setdefault(s["event"].value, {"opens": s["opens"].value == "true",
                                                           "stated": s["stated"].value, "titles": set()})
        event["titles"].add(s["title"].value)
    lines = []
    for (qa, qb), events in sorted(by_pair.items()):
        ordered = sorted(events.values(), key=lambda e: parse(e["stated"]).earliest or parse(e["stated"]).latest)
        periods, current = [], None
        for e in ordered:
            if e["opens"]:
                current = {"start": e, "end": None}
                periods.append(current)
            elif current is not None and current["end"] is None:
                current["end"] = e
        for period in periods:
            qualifiers = []
            start = time_value(period["start"]["stated"])
            if start:
                qualifiers += ["P580", start]
            titles = set(period["start"]["titles"])
            if period["end"] is not None:
                end = time_value(period["end"]["stated"])
                if end:
                    qualifiers += ["P582", end]
                titles |= period["end"]["titles"]
            for subject, value in ((qa, qb), (qb, qa)):
                for title in sorted(titles):
                    ref = ["S1476", 'en:"' + title.replace('"', "'") + '"']
                    lines.append("\t".join([subject, "P530", value, *qualifiers, *ref]))
    return lines


def render(store: ox.Store) -> str:
    return "".join(line + "\n" for line in statements(store))
