"""Exports of the graph (asserted, or with the OWL RL closure) as Turtle, N-Triples, JSON-LD or
QuickStatements, written atomically. Turtle and N-Triples are streamed from the build's on-disk
store by Oxigraph's serialiser; JSON-LD is compacted by rdflib against the published context."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from .atomic import atomic_path
from .namespaces import PREFIXES
from .stores import open_store

FORMATS = {"turtle": "turtle", "ttl": "turtle", "nt": "nt", "n-triples": "nt", "json-ld": "json-ld",
           "quickstatements": "quickstatements"}


def triples(inferred: bool = False, data=None):
    """The triples of the asserted (enriched) or reasoned graph, from the store."""
    store = open_store(inferred, data=data)
    return (q.triple for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph()))


def graph(inferred: bool = True, data=None):
    """The reasoned (or, with ``inferred=False``, the asserted and enriched) graph as an rdflib
    Graph, with the project prefixes."""
    from rdflib import Graph

    from .terms import to_rdflib

    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, replace=True)
    add = g.add
    for t in triples(inferred, data):
        add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
    return g


def serialize(fmt: str, inferred: bool = False, data=None) -> str:
    fmt = FORMATS.get(fmt)
    if fmt is None:
        raise ValueError(f"unknown export format; choose from {', '.join(sorted(FORMATS))}")
    if fmt in ("turtle", "nt"):
        if fmt == "nt":
            return ox.serialize(triples(inferred, data), format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
        return ox.serialize(triples(inferred, data), format=ox.RdfFormat.TURTLE,
                            prefixes=PREFIXES).decode("utf-8")
    if fmt == "quickstatements":
        from .quickstatements import render
        return render(open_store(True, data=data))
    g = graph(inferred, data)
    if fmt == "json-ld":
        from .jsonld import serialize as jsonld_serialize
        return jsonld_serialize(g)
    return g.serialize(format=fmt)


def export(fmt: str = "turtle", inferred: bool = False, destination: Path | None = None, data=None) -> str | None:
    """The graph as turtle, nt, json-ld or quickstatements; written atomically to ``destination``
    if given, else returned as text."""
    text = serialize(fmt, inferred, data)
    if destination is None:
        return text
    with atomic_path(Path(destination)) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return None


def write_nt(path: Path, inferred: bool = True, info=None) -> None:
    """Write the graph of a build as N-Triples to ``path`` (streamed from the store)."""
    store = open_store(inferred, info=info)
    store.dump(output=str(path), format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
