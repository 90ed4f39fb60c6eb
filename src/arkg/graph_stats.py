"""Figures about the graph: triples, entities by class, events by decade, facts per source, and
statements by origin (which source document, outside evidence, ontology, build-time helpers,
inferred; none may be of unknown origin)."""

from __future__ import annotations

from collections import Counter

import pyoxigraph as ox

from .namespaces import ARKG, ARKGI, ARKR, LABEL_PROPERTIES, OWL, PROV, RDF, SKOS, shorten, sparql_prefixes
from .stores import default_quads

_PREFIX = sparql_prefixes("arkg", "prov")

_BY_CLASS = _PREFIX + """
SELECT ?class (COUNT(DISTINCT ?e) AS ?n) WHERE {
  VALUES ?class { arkg:SovereignState arkg:Person arkg:Organization arkg:Place arkg:Position
                  arkg:Event arkg:Agreement arkg:Tenure arkg:Membership arkg:Claim
                  arkg:SourceDocument arkg:PrimarySource arkg:Citation }
  ?e a ?class .
} GROUP BY ?class ORDER BY ?class"""

_BY_DECADE = _PREFIX + """
SELECT ?decade (COUNT(DISTINCT ?e) AS ?n) WHERE {
  ?e a arkg:Event ; arkg:hasTimeSpan ?s .
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


def _n(term) -> ox.NamedNode:
    return ox.NamedNode(str(term))


RDF_TYPE = _n(RDF.type)
SAME_AS = _n(OWL.sameAs)
# Computed by the build (src/arkg/enrich.py and src/arkg/pipeline.py), not stated by anyone: the
# internal helpers (arkgi:) and the date bounds, which are public terms.
HELPERS = {_n(ARKGI[t]) for t in ("locator", "citationText", "mostSpecificType")} | \
    {_n(ARKG[t]) for t in ("earliest", "latest", "precision")}
# Statements whose origin is outside evidence named in the statement itself.
EVIDENCE = {_n(ARKG[t]) for t in ("wikidata", "wikidataEvidence", "wikidataUnlinkedReason", "labelEvidence")}
LABEL_EVIDENCE = _n(ARKG.labelEvidence)
NAMES = {_n(t) for t in (*LABEL_PROPERTIES, SKOS.hiddenLabel)}
UNKNOWN = "unknown origin"
ORIGIN_ORDER = ["source documents (any)", "outside evidence", "inferred by the reasoner", "ontology and schema",
                "build-time helpers", UNKNOWN]  # after the lines of each source document


def _triples(store: ox.Store) -> set:
    return {(q.subject, q.predicate, q.object) for q in default_quads(store)}


def _paths(triples: set, links: set | None = None):
    """The owner (named node) of every blank node, and a key for each blank node that does not
    depend on its label: the path from its owner (the two stores label blank nodes differently).
    Where a blank node has several parents, the one linked by a predicate in ``links`` (those the
    asserted graph uses), then by a named node, then the first in IRI order, is taken."""
    candidates: dict = {}
    for s, p, o in triples:
        if isinstance(o, ox.BlankNode) and s != o and p != SAME_AS:
            candidates.setdefault(o, []).append((s, p))

    def rank(link):
        s, p = link
        return (links is not None and p not in links, isinstance(s, ox.BlankNode), p.value, str(s))

    parent = {o: min(c, key=rank) for o, c in candidates.items()}
    roots: dict = {}
    for s, p, o in triples:
        if isinstance(s, ox.BlankNode) and s not in parent and not isinstance(o, ox.BlankNode):
            roots.setdefault(s, []).append((p.value, str(o)))
    keys: dict = {}

    def key(node):
        if not isinstance(node, ox.BlankNode):
            return node
        if node not in keys:
            keys[node] = ("cycle",)
            if node in parent:
                s, p = parent[node]
                keys[node] = (key(s), p)
            else:
                keys[node] = ("root", tuple(sorted(roots.get(node, []))))
        return keys[node]

    def owner(node):
        k = key(node)
        while isinstance(k, tuple) and k and k[0] not in ("root", "cycle"):
            k = k[0]
        return k if isinstance(k, ox.NamedNode) else None

    key.links = {p for _, p in parent.values()}
    return key, owner


def _documents(triples: set, owner) -> dict:
    """The source documents behind each named node: the documents its citations name (with the
    archival files they cite); for an entity, the documents of the facts that mention it."""
    docs: dict = {}
    entity, primary = _n(PROV.entity), _n(ARKG.citesPrimarySource)
    citations = {s: o for s, p, o in triples if p == entity and isinstance(s, ox.BlankNode)}
    for citation, document in citations.items():
        docs.setdefault(owner(citation), set()).add(document)
        docs.setdefault(document, set()).add(document)
    for s, p, o in triples:
        if p == primary and s in citations:
            docs.setdefault(o, set()).add(citations[s])
    mentions = [(owner(s), o) for s, p, o in triples
                if isinstance(o, ox.NamedNode) and o.value.startswith(str(ARKR)) and p not in EVIDENCE]
    changed = True
    while changed:  # documents flow from a fact to what it mentions, and on through entities
        changed = False
        for s, o in mentions:
            extra = docs.get(s, set()) - docs.get(o, set())
            if extra:
                docs.setdefault(o, set()).update(extra)
                changed = True
    return docs


def _origin(s, p, o, owner, docs, evidenced) -> tuple[str, ...]:
    """Where one asserted statement comes from: a category, or the documents behind it."""
    node = owner(s) if isinstance(s, ox.BlankNode) else s
    if p in HELPERS or (p == RDF_TYPE and o == _n(ARKG.TimeSpan) and isinstance(s, ox.BlankNode)):
        return ("build-time helpers",)
    if not (isinstance(node, ox.NamedNode) and node.value.startswith(str(ARKR))):
        return ("ontology and schema",)
    if p in EVIDENCE or (p in NAMES and isinstance(o, ox.Literal) and (s, o.value) in evidenced):
        return ("outside evidence",)
    if docs.get(node):
        return tuple(sorted("source document " + shorten(d.value) for d in docs[node]))
    return (UNKNOWN,)


def origins(asserted: ox.Store, reasoned: ox.Store) -> tuple[Counter, list]:
    """The statements of the reasoned graph counted by origin, and the asserted ones of unknown
    origin. A statement backed by several documents counts once under each of them and once in
    "source documents (any)"; the other lines and that total add up to the reasoned graph."""
    stated = _triples(asserted)
    key, owner = _paths(stated)
    docs = _documents(stated, owner)
    evidenced = {(s, o.value.rsplit(": ", 1)[-1]) for s, p, o in stated if p == LABEL_EVIDENCE}
    by_key, unknown = {}, []
    for s, p, o in stated:
        origin = _origin(s, p, o, owner, docs, evidenced)
        by_key[(key(s), p, key(o))] = origin
        if origin == (UNKNOWN,):
            unknown.append((s, p, o))
    closure_key, _ = _paths(_triples(reasoned), key.links)
    counts = Counter({UNKNOWN: 0})
    for q in default_quads(reasoned):
        s, p, o = q.subject, q.predicate, q.object
        origin = by_key.get((closure_key(s), p, closure_key(o)))
        if origin is None:
            origin = ("build-time helpers",) if p in HELPERS else ("inferred by the reasoner",)
        if origin[0].startswith("source document "):
            counts["source documents (any)"] += 1
        counts.update(origin)
    return counts, unknown


def triple_count(store: ox.Store) -> int:
    """Triples in the default graph (the store also names the reasoned graph, for the endpoint)."""
    return int(next(iter(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))["n"].value)


def compute(store: ox.Store, asserted: ox.Store | None = None) -> dict:
    figures = {
        "triples": triple_count(store),
        "entities by class": _pairs(store, _BY_CLASS, "class"),
        "events by decade": _pairs(store, _BY_DECADE, "decade"),
        "facts per source": _pairs(store, _BY_SOURCE, "source"),
    }
    if asserted is not None:
        counts, _ = origins(asserted, store)
        order = lambda item: (ORIGIN_ORDER.index(item[0]) if item[0] in ORIGIN_ORDER else -1, item[0])
        figures["statements by origin"] = dict(sorted(counts.items(), key=order))
    return figures


def render(figures: dict) -> str:
    lines = [f"triples (reasoned graph): {figures['triples']}"]
    for section in ("entities by class", "events by decade", "facts per source", "statements by origin"):
        if section not in figures:
            continue
        lines.append(f"{section}:")
        width = 48 if section == "statements by origin" else 40
        for k, v in figures[section].items():
            lines.append(f"  {k:<{width}} {v:>6}")
    return "\n".join(lines) + "\n"


def stats(data=None) -> dict:
    """Triples, entities by class, events by decade, facts per source and statements by origin, for
    the graph of ``data`` (default ``$ARKG_DATA``, else the shipped graph)."""
    from .stores import open_store

    return compute(open_store(True, data=data), open_store(False, data=data))
