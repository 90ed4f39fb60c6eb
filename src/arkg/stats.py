"""Figures about the graph: triples, entities by class, events by decade, facts per source."""

from __future__ import annotations

import pyoxigraph as ox

from .namespaces import shorten

_PREFIX = "PREFIX arkg: <https://w3id.org/arkg/ontology/>\nPREFIX prov: <http://www.w3.org/ns/prov#>\n"

_BY_CLASS = _PREFIX + """
SELECT ?class (COUNT(DISTINCT ?e) AS ?n) WHERE {
  VALUES ?class { arkg:SovereignState arkg:Person arkg:Organization arkg:Place arkg:Position
                  arkg:Event arkg:Agreement arkg:Tenure arkg:Membership arkg:Claim
                  arkg:SourceDocument arkg:PrimarySource arkg:Citation }
  ?e a ?class .
} GROUP BY ?class ORDER BY ?class"""

_BY_DECADE = _PREFIX + """
SELECT ?decade (COUNT(DISTINCT ?e) AS ?n) WHERE {
  ?e a arkg:Event ; arkg:timeSpan ?s .
  OPTIONAL { ?s arkg:earliest ?start } OPTIONAL { ?s arkg:latest ?end }
  BIND(COALESCE(?start, ?end) AS ?d)
  BIND(CONCAT(SUBSTR(STR(?d), 1, 3), "0s") AS ?decade)
} GROUP BY ?decade ORDER BY ?decade"""

_BY_SOURCE = _PREFIX + """
SELECT ?source (COUNT(DISTINCT ?fact) AS ?n) WHERE {
  ?fact prov:qualifiedDerivation/prov:entity ?source .
} GROUP BY ?source ORDER BY ?source"""


def _pairs(store: ox.Store, query: str, key: str) -> dict[str, int]:
    return {shorten(s[key].value) if isinstance(s[key], ox.NamedNode) else s[key].value: int(s["n"].value)
            for s in store.query(query)}


def triple_count(store: ox.Store) -> int:
    """Triples in the default graph (the store also names the reasoned graph, for the endpoint)."""
    return int(next(iter(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))["n"].value)


def compute(store: ox.Store) -> dict:
    return {
        "triples": triple_count(store),
        "entities by class": _pairs(store, _BY_CLASS, "class"),
        "events by decade": _pairs(store, _BY_DECADE, "decade"),
        "facts per source": _pairs(store, _BY_SOURCE, "source"),
    }


def render(figures: dict) -> str:
    lines = [f"triples (reasoned graph): {figures['triples']}"]
    for section in ("entities by class", "events by decade", "facts per source"):
        lines.append(f"{section}:")
        for k, v in figures[section].items():
            lines.append(f"  {k:<40} {v:>6}")
    return "\n".join(lines) + "\n"
