"""OWL 2 RL reasoning with owlrl (the reference implementation).

The closure is computed over the ontology and the enriched facts; Wikidata links are
annotations (arkg:wikidata), which the OWL 2 RL rules leave alone, so no local entity is ever
merged with a Wikidata item. Triples that RDF cannot serialise (literal subjects, produced by
owlrl's datatype rules) are dropped.
"""

from __future__ import annotations

import owlrl
from rdflib import Graph, Literal

REASONERS = ("owlrl",)


def closure(graph: Graph, reasoner: str = "owlrl") -> Graph:
    """Return a new graph: the asserted triples plus their OWL 2 RL consequences."""
    if reasoner not in REASONERS:
        raise ValueError(f"unknown reasoner {reasoner!r}; choose from {', '.join(REASONERS)}")
    closed = Graph()
    for triple in graph:
        closed.add(triple)
    owlrl.DeductiveClosure(
        owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False
    ).expand(closed)
    for s, p, o in list(closed):
        if isinstance(s, Literal) or isinstance(p, Literal):
            closed.remove((s, p, o))
    return closed
