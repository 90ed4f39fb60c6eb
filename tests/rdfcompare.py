"""Graph comparison for tests: canonical N-Quads (RDFC-1.0, computed by pyoxigraph), so two graphs
are isomorphic exactly when their canonical forms are equal."""

import pyoxigraph as ox

from arkg.namespaces import PREFIXES
from arkg.terms import to_oxigraph

INTERNAL, OWL, RDF = PREFIXES["arkgi"], PREFIXES["owl"], PREFIXES["rdf"]


def canonical(triples) -> list[str]:
    """Canonical lines of an iterable of pyoxigraph triples/quads or rdflib (s, p, o) tuples."""
    dataset = ox.Dataset()
    for t in triples:
        if isinstance(t, (ox.Triple, ox.Quad)):
            dataset.add(ox.Quad(t.subject, t.predicate, t.object))
        else:
            s, p, o = (to_oxigraph(x) for x in t)
            dataset.add(ox.Quad(s, p, o))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return sorted(str(q) for q in dataset)


def cached_graph(inferred: bool) -> list[str]:
    """The canonical form of the graph in the build cache."""
    from arkg.exporter import triples

    return canonical(triples(inferred))


def exported_graph(inferred: bool) -> list[str]:
    """The canonical form of what an export of the build holds: the store less what users do not
    see (internal helpers, trivial closure statements: arkg.visibility)."""
    from arkg.exporter import exported

    return canonical(exported(inferred))


def internal(triples) -> list:
    """The triples with a term of the internal module (written apart from arkg.visibility)."""
    return [t for t in triples if any(isinstance(x, ox.NamedNode) and x.value.startswith(INTERNAL.rstrip("/"))
                                      for x in (t.subject, t.predicate, t.object))]


def trivial(triples) -> list:
    """Two kinds of trivial closure statement: reflexive owl:sameAs, and owl:Thing types."""
    return [t for t in triples if (t.predicate.value == OWL + "sameAs" and t.subject == t.object)
            or (t.predicate.value == RDF + "type" and t.object.value == OWL + "Thing")]
