"""Exports of the graph (asserted, or with the OWL RL closure) as Turtle, N-Triples, JSON-LD or
QuickStatements, written atomically. Turtle and N-Triples are streamed from the build cache by
Oxigraph's serialiser; JSON-LD is compacted by rdflib against the published context."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from .atomic import atomic_path
from .build import build
from .namespaces import PREFIXES

FORMATS = {"turtle": "turtle", "ttl": "turtle", "nt": "nt", "n-triples": "nt", "json-ld": "json-ld",
           "quickstatements": "quickstatements"}


def graph(inferred: bool = False):
    """The asserted (enriched) or reasoned graph as an rdflib Graph, with the project prefixes."""
    from rdflib import Graph

    info = build()
    path = info.reasoned_path if inferred else info.asserted_path
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, replace=True)
    from .terms import to_rdflib

    add = g.add
    for q in ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES):
        add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
    return g


def serialize(fmt: str, inferred: bool = False) -> str:
    fmt = FORMATS.get(fmt)
    if fmt is None:
        raise ValueError(f"unknown export format; choose from {', '.join(sorted(FORMATS))}")
    if fmt in ("turtle", "nt"):
        info = build()
        path = info.reasoned_path if inferred else info.asserted_path
        triples = (q.triple for q in ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES))
        if fmt == "nt":
            return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
        return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES).decode("utf-8")
    if fmt == "quickstatements":
        from .quickstatements import render
        from .store import open_store
        return render(open_store(True))
    g = graph(inferred)
    if fmt == "json-ld":
        from .jsonld import serialize as jsonld_serialize
        return jsonld_serialize(g)
    return g.serialize(format=fmt)


def export(fmt: str, inferred: bool = False, destination: Path | None = None) -> str | None:
    """Serialise; write atomically to ``destination`` if given, else return the text."""
    text = serialize(fmt, inferred)
    if destination is None:
        return text
    with atomic_path(Path(destination)) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return None
