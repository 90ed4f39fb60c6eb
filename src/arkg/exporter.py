"""Exports of the graph (asserted, or with the OWL RL closure) as Turtle, N-Triples, JSON-LD or
QuickStatements, written atomically. Turtle and N-Triples are streamed from the build's on-disk
store by Oxigraph's serialiser; JSON-LD is compacted by rdflib against the published context.

An export shows what users see (:mod:`arkg.visibility`): no internal statements (``arkgi:``) and
no trivial closure statements (``x owl:sameAs x``, ``x a owl:Thing`` …) unless asked for with
``with_internal`` / ``with_trivial``; both together give the store as built."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from .atomic import atomic_path
from .stores import default_quads, open_store
from .visibility import prefixes, shown

FORMATS = {"turtle": "turtle", "ttl": "turtle", "nt": "nt", "n-triples": "nt", "json-ld": "json-ld", "jsonld": "json-ld",
           "quickstatements": "quickstatements"}


def triples(inferred: bool = False, data=None):
    """The triples of the asserted (enriched) or reasoned graph, from the store: all of them."""
    store = open_store(inferred, data=data)
    return (q.triple for q in default_quads(store))


def exported(inferred: bool = False, data=None, with_internal: bool = False, with_trivial: bool = False):
    """The triples an export holds: those of :func:`triples` that users see (:mod:`arkg.visibility`)."""
    return shown(triples(inferred, data), with_internal, with_trivial)


def graph(inferred: bool = True, data=None, with_internal: bool = True, with_trivial: bool = True):
    """The reasoned (or, with ``inferred=False``, the asserted and enriched) graph as an rdflib
    Graph, with the project prefixes: the whole store, or what users see of it
    (``with_internal=False``, ``with_trivial=False``)."""
    from rdflib import Graph

    from .terms import to_rdflib

    g = Graph()
    for prefix, ns in prefixes(with_internal).items():
        g.bind(prefix, ns, replace=True)
    add = g.add
    for t in exported(inferred, data, with_internal, with_trivial):
        add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
    return g


def serialize(fmt: str, inferred: bool = False, data=None, with_internal: bool = False,
              with_trivial: bool = False) -> str:
    fmt = FORMATS.get(fmt)
    if fmt is None:
        raise ValueError(f"unknown export format; choose from {', '.join(sorted(FORMATS))}")
    if fmt in ("turtle", "nt"):
        chosen = exported(inferred, data, with_internal, with_trivial)
        if fmt == "nt":
            return ox.serialize(chosen, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
        return ox.serialize(chosen, format=ox.RdfFormat.TURTLE, prefixes=prefixes(with_internal)).decode("utf-8")
    if fmt == "quickstatements":
        from .quickstatements import render
        return render(open_store(True, data=data))
    g = graph(inferred, data, with_internal, with_trivial)
    if fmt == "json-ld":
        from .jsonld import serialize as jsonld_serialize
        return jsonld_serialize(g)
    return g.serialize(format=fmt)


def export(fmt: str = "turtle", inferred: bool = False, destination: Path | None = None, data=None,
           with_internal: bool = False, with_trivial: bool = False) -> str | None:
    """The graph as turtle, nt, json-ld or quickstatements; written atomically to ``destination``
    if given, else returned as text. Internal helpers (``arkgi:``) and trivial closure statements
    (``x owl:sameAs x``, ``x a owl:Thing`` …) are left out unless ``with_internal`` /
    ``with_trivial`` (:mod:`arkg.visibility`)."""
    text = serialize(fmt, inferred, data, with_internal, with_trivial)
    if destination is None:
        return text
    with atomic_path(Path(destination)) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return None


def write_nt(path: Path, inferred: bool = True, info=None) -> None:
    """Write the graph of a build as N-Triples to ``path``, streamed from the store: all of it,
    internal helpers included (``arkg push``: the canned queries then run on the server it fills)."""
    store = open_store(inferred, info=info)
    store.dump(output=str(path), format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
