"""What users see of the graph: the one place that decides which statements the exports
(``arkg export``), DESCRIBE answers (``arkg sparql`` and the endpoint) and the entity pages of
the server (HTML and RDF) show.

The stores hold everything the build made, because queries need it. Two kinds of statement are
left out of those views unless asked for:

* **internal** — a statement with a term of the internal module (``arkgi:``,
  ``ontology/internal.ttl``, or the module itself): citation locators and texts,
  most specific types, seed files. They serve the canned queries and the pages, are not part of
  the public model, and may change in any release. Asked for with ``with_internal``
  (``arkg export --with-internal``).
* **trivial** — a statement that every OWL 2 RL closure holds whatever the data, so it tells
  nothing about ARKG and a reasoner restores it at once: a node ``owl:sameAs`` itself (eq-ref),
  a class or property equivalent to or a sub-class/sub-property of itself (scm-cls, scm-op,
  scm-dp), a type ``owl:Thing`` or ``rdfs:Resource``, ``rdfs:subClassOf owl:Thing`` and
  ``owl:Nothing rdfs:subClassOf`` any class (scm-cls), the type of a term of OWL, RDF, RDFS or
  XSD itself (cls-thing, cls-nothing1, prp-ap, dt-type1) and the disjointness of XSD datatypes.
  Asked for with ``with_trivial`` (``arkg export --with-trivial``).

SELECT and ASK see the whole store (the canned queries use the helpers; ``?x a owl:Thing``
answers as OWL 2 RL says), and so does CONSTRUCT, whose template the user writes. ``arkg push``
sends the store as built, so that the canned queries run on the server it fills. The reasoners'
differential tests compare whole closures, before any of this.

The functions take pyoxigraph terms.
"""

from __future__ import annotations

from typing import Iterable, Iterator

import pyoxigraph as ox

from .namespaces import INTERNAL_IRI, OWL, PREFIXES, RDF, RDFS

INTERNAL_NAMESPACE = PREFIXES["arkgi"]

_TYPE = str(RDF.type)
_SUBCLASS = str(RDFS.subClassOf)
_THING, _NOTHING = str(OWL.Thing), str(OWL.Nothing)
_REFLEXIVE = {str(OWL.sameAs), str(OWL.equivalentClass), str(OWL.equivalentProperty), _SUBCLASS,
              str(RDFS.subPropertyOf)}
_TRIVIAL_TYPES = {_THING, str(RDFS.Resource)}
_STANDARD = tuple(PREFIXES[p] for p in ("owl", "rdf", "rdfs", "xsd"))
_DISJOINT = str(OWL.disjointWith)


def is_internal_term(term) -> bool:
    """A term of the internal module (``arkgi:…``), or the module's own IRI."""
    return isinstance(term, ox.NamedNode) and (term.value.startswith(INTERNAL_NAMESPACE) or term.value == INTERNAL_IRI)


def is_internal(s, p, o) -> bool:
    return is_internal_term(p) or is_internal_term(s) or is_internal_term(o)


def is_trivial(s, p, o) -> bool:
    """A statement every OWL 2 RL closure holds whatever the data (see the module)."""
    predicate = p.value
    if predicate in _REFLEXIVE and s == o:
        return True
    if not isinstance(o, ox.NamedNode):
        return False
    if predicate == _TYPE:
        return o.value in _TRIVIAL_TYPES or (isinstance(s, ox.NamedNode) and s.value.startswith(_STANDARD))
    if predicate == _SUBCLASS:
        return o.value == _THING or (isinstance(s, ox.NamedNode) and s.value == _NOTHING)
    if predicate == _DISJOINT:
        return isinstance(s, ox.NamedNode) and s.value.startswith(PREFIXES["xsd"]) and o.value.startswith(PREFIXES["xsd"])
    return False


def hidden(s, p, o, with_internal: bool = False, with_trivial: bool = False) -> bool:
    """Whether users do not see the statement (s, p, o) unless they ask for that kind."""
    return (not with_internal and is_internal(s, p, o)) or (not with_trivial and is_trivial(s, p, o))


def prefixes(with_internal: bool = False) -> dict[str, str]:
    """The prefixes a Turtle or JSON-LD view declares: ``arkgi:`` only where internal terms may occur."""
    return PREFIXES if with_internal else {k: v for k, v in PREFIXES.items() if v != INTERNAL_NAMESPACE}


def described(text: str, answer):
    """The answer as users see it: a DESCRIBE's triples without internal helpers (``arkgi:``) or
    trivial closure statements, since the server chose them; any other answer as it is (a
    CONSTRUCT returns what its template asks for, a SELECT what it selects)."""
    from .query_policy import is_describe

    if isinstance(answer, (ox.QueryTriples, list)) and is_describe(text):
        return shown(answer)
    return answer


def shown(triples: Iterable, with_internal: bool = False, with_trivial: bool = False) -> Iterator:
    """The triples (or quads) users see, in the order given."""
    if with_internal and with_trivial:
        yield from triples
        return
    for t in triples:
        if not hidden(t.subject, t.predicate, t.object, with_internal, with_trivial):
            yield t
