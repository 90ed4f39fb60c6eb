"""OWL 2 RL reasoning: three reasoners that give the same closure (``arkg build --reasoner``).

* ``owlrl`` — the reference implementation (pure Python; each fixpoint cycle rescans the graph).
* ``native`` — the default: the OWL 2 RL rules for the constructs the ARKG ontology uses, applied
  semi-naively over per-predicate sets of (subject, object) pairs: cax-sco, cax-eqc, prp-spo1,
  prp-spo2 (property chains of any length), prp-inv1/2, prp-symp, prp-trp, prp-dom, prp-rng,
  prp-eqp, the schema rules scm-cls, scm-op, scm-dp, scm-sco, scm-spo, scm-eqc1/2, scm-eqp1/2,
  scm-dom1/2, scm-rng1/2, and owlrl's conventions: cls-thing, cls-nothing1, prp-ap, eq-ref (every
  IRI and blank node owl:sameAs itself), dt-type1 and the datatype disjointness it states. A graph
  that uses anything else (restrictions, class expressions, keys, disjointness, owl:sameAs
  between distinct nodes, or a functional property with two values, which would need the
  eq-rep rules) falls back to owlrl with a warning: the closure is never silently incomplete.
* ``reasonable`` — the Rust reasoner from PyPI, completed by the native rules: on this ontology
  it applies no property chains (prp-spo2), none of the schema rules, returns blank nodes whose
  label does not start with "N" as IRIs, plain literals typed xsd:string, and types classes,
  properties and list nodes owl:Thing; all of that is repaired here.

``tests/test_reasoners.py`` checks that all three give the same answers to every canned query
(and, on the shipped graph and generated data, the same triples). Wikidata links are annotations
(arkg:wikidata), which the OWL 2 RL rules leave alone, so no local entity is ever merged with a
Wikidata item. Triples with a literal subject (from owlrl's datatype rules) are dropped.
"""

from __future__ import annotations

import warnings
from collections import defaultdict

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.store import Store
from rdflib.namespace import OWL, RDF, RDFS, XSD

REASONERS = ("owlrl", "native", "reasonable")

OWLRL_ANNOTATION_PROPERTIES = (
    RDFS.label, RDFS.comment, RDFS.seeAlso, RDFS.isDefinedBy, OWL.deprecated, OWL.versionInfo,
    OWL.priorVersion, OWL.backwardCompatibleWith, OWL.incompatibleWith,
)


def closure(graph: Graph, reasoner: str = "owlrl", progress=None) -> Graph:
    """Return a new graph: the asserted triples plus their OWL 2 RL consequences.

    ``native`` and ``reasonable`` fall back to owlrl (with a warning) when the graph uses an OWL
    construct outside the native rule set; ``progress`` receives one line per round of rules."""
    if reasoner not in REASONERS:
        raise ValueError(f"unknown reasoner {reasoner!r}; choose from {', '.join(REASONERS)}")
    if reasoner == "owlrl":
        return _owlrl(graph)
    try:
        return _native(graph, progress) if reasoner == "native" else _reasonable(graph, progress)
    except Unsupported as exc:
        warnings.warn(f"{reasoner} reasoner: {exc}; falling back to owlrl", stacklevel=2)
        return _owlrl(graph)


def _owlrl(graph: Graph) -> Graph:
    import owlrl

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


def _plain(term):
    """A literal typed xsd:string as rdflib writes a plain literal."""
    if type(term) is Literal and term.datatype == XSD.string:
        return Literal(str(term))
    return term


def _reasonable(graph: Graph, progress=None) -> Graph:
    """``reasonable``'s closure, repaired and completed by the native rules: its blank nodes come
    back as IRIs (mapped back here), it applies no property chains (prp-spo2), and it types
    classes and properties owl:Thing (dropped, then re-derived by the native rules where owlrl
    derives them)."""
    try:
        import reasonable
    except ImportError:
        from .errors import UsageError
        raise UsageError("the reasonable reasoner is not installed: pip install 'arkg[reasonable]'") from None

    r = reasonable.PyReasoner()
    r.from_graph(graph)
    bnodes = {}
    for s, _, o in graph:
        if isinstance(s, BNode):
            bnodes[str(s)] = s
        if isinstance(o, BNode):
            bnodes[str(o)] = o

    def back(term):
        if type(term) is URIRef:
            return bnodes.get(str(term), term)
        return term

    merged = set(graph)
    for s, p, o in r.reason():
        if isinstance(s, Literal) or isinstance(p, Literal):
            continue
        if o == OWL.Thing and p == RDF.type:
            continue
        merged.add((back(s), p, _plain(back(o))))
    if progress:
        progress(f"reasonable: {len(merged)} triples; completing with the native rules")
    by_p = _saturate(merged, progress)
    return _to_graph(by_p)


OWL_UNSUPPORTED_PREDICATES = {
    OWL.someValuesFrom, OWL.allValuesFrom, OWL.hasValue, OWL.onProperty, OWL.intersectionOf,
    OWL.unionOf, OWL.complementOf, OWL.oneOf, OWL.hasKey, OWL.maxCardinality, OWL.cardinality,
    OWL.minCardinality, OWL.maxQualifiedCardinality, OWL.qualifiedCardinality, OWL.onClass,
    OWL.disjointWith, OWL.propertyDisjointWith, OWL.members, OWL.distinctMembers,
    OWL.differentFrom, OWL.withRestrictions, OWL.onDatatype, OWL.disjointUnionOf,
    OWL.sourceIndividual, OWL.assertionProperty, OWL.targetIndividual, OWL.targetValue,
}
OWL_UNSUPPORTED_TYPES = {
    OWL.Restriction, OWL.AllDisjointClasses, OWL.AllDisjointProperties, OWL.AllDifferent,
    OWL.IrreflexiveProperty, OWL.AsymmetricProperty, OWL.NegativePropertyAssertion,
}
_PROPERTY_TYPES = (OWL.ObjectProperty, OWL.DatatypeProperty)


class Unsupported(Exception):
    """The graph uses an OWL construct the native rule set does not implement."""


class _Schema:
    """What the rules need from the TBox, closed under the scm-* rules."""

    def __init__(self, by_p: dict):
        def pairs(p):
            return by_p.get(p, ())

        for p in OWL_UNSUPPORTED_PREDICATES:
            if by_p.get(p):
                raise Unsupported(f"{p} is used")
        types = by_p.get(RDF.type, ())
        self.classes = {OWL.Thing, OWL.Nothing}
        self.properties = set()
        self.transitive, self.symmetric, self.functional, self.inverse_functional = set(), set(), set(), set()
        for s, o in types:
            if o == OWL.Class:
                self.classes.add(s)
            elif o in _PROPERTY_TYPES:
                self.properties.add(s)
            elif o == OWL.TransitiveProperty:
                self.transitive.add(s)
            elif o == OWL.SymmetricProperty:
                self.symmetric.add(s)
            elif o == OWL.FunctionalProperty:
                self.functional.add(s)
            elif o == OWL.InverseFunctionalProperty:
                self.inverse_functional.add(s)
            elif o in OWL_UNSUPPORTED_TYPES:
                raise Unsupported(f"{o} is used")
        sco, spo = defaultdict(set), defaultdict(set)
        for s, o in pairs(RDFS.subClassOf):
            sco[s].add(o)
        for s, o in pairs(RDFS.subPropertyOf):
            spo[s].add(o)
        for c in self.classes:  # scm-cls
            sco[c].update((c, OWL.Thing))
            sco[OWL.Nothing].add(c)
        for p in self.properties:  # scm-op, scm-dp
            spo[p].add(p)
        for a, b in pairs(OWL.equivalentClass):  # scm-eqc1
            sco[a].add(b)
            sco[b].add(a)
        for a, b in pairs(OWL.equivalentProperty):  # scm-eqp1
            spo[a].add(b)
            spo[b].add(a)
        self.sco = _transitive(sco)  # scm-sco
        self.spo = _transitive(spo)  # scm-spo
        self.inverse = defaultdict(set)
        for a, b in pairs(OWL.inverseOf):
            self.inverse[a].add(b)
            self.inverse[b].add(a)
        first = dict(pairs(RDF.first))
        rest = dict(pairs(RDF.rest))
        self.chains = []
        for q, head in pairs(OWL.propertyChainAxiom):
            chain, node, seen = [], head, set()
            while node != RDF.nil:
                if node in seen or node not in first:
                    raise Unsupported(f"malformed property chain of {q}")
                seen.add(node)
                chain.append(first[node])
                node = rest.get(node, RDF.nil)
            if chain:
                self.chains.append((q, chain))
        subs = defaultdict(set)
        for p, supers in self.spo.items():
            for q in supers:
                subs[q].add(p)
        self.domain, self.range = defaultdict(set), defaultdict(set)
        for table, rel in ((self.domain, RDFS.domain), (self.range, RDFS.range)):
            for q, c in pairs(rel):
                reach = {c} | self.sco.get(c, set())  # scm-dom1, scm-rng1
                for p in subs.get(q, set()) | {q}:  # scm-dom2, scm-rng2
                    table[p] |= reach
        # what one derived triple (s p o) leads to, by predicate
        self.up = {p: tuple(q for q in qs if q != p) for p, qs in self.spo.items()}
        self.indexed = set(self.transitive)
        for _, chain in self.chains:
            self.indexed.update(chain)

    def signature(self) -> tuple:
        return (frozenset(self.classes), frozenset(self.properties), frozenset(self.transitive),
                frozenset(self.symmetric), frozenset(self.functional), frozenset(self.inverse_functional),
                tuple(sorted((k, frozenset(v)) for k, v in self.sco.items())),
                tuple(sorted((k, frozenset(v)) for k, v in self.spo.items())),
                tuple(sorted((k, frozenset(v)) for k, v in self.inverse.items())),
                tuple(sorted((q, tuple(c)) for q, c in self.chains)),
                tuple(sorted((k, frozenset(v)) for k, v in self.domain.items())),
                tuple(sorted((k, frozenset(v)) for k, v in self.range.items())))

    def triples(self):
        """The schema-level consequences (scm-*, cls-thing, cls-nothing1, prp-ap)."""
        yield OWL.Thing, RDF.type, OWL.Class
        yield OWL.Nothing, RDF.type, OWL.Class
        for p in OWLRL_ANNOTATION_PROPERTIES:
            yield p, RDF.type, OWL.AnnotationProperty
        for c in self.classes:
            yield c, OWL.equivalentClass, c
        for p in self.properties:
            yield p, OWL.equivalentProperty, p
        for rel, same, closed in ((RDFS.subClassOf, OWL.equivalentClass, self.sco),
                                  (RDFS.subPropertyOf, OWL.equivalentProperty, self.spo)):
            for x, ys in closed.items():
                for y in ys:
                    yield x, rel, y
                    if x in closed.get(y, ()):  # scm-eqc2, scm-eqp2
                        yield x, same, y
        for table, rel in ((self.domain, RDFS.domain), (self.range, RDFS.range)):
            for p, cs in table.items():
                for c in cs:
                    yield p, rel, c


def _native(graph: Graph, progress=None) -> Graph:
    return _to_graph(_saturate(graph, progress))


def _to_graph(by_p: dict) -> Graph:
    for pairs in by_p.values():  # keep literal subjects out
        literal = [pair for pair in pairs if isinstance(pair[0], Literal)]
        pairs.difference_update(literal)
    return Graph(store=PairStore(by_p))


class PairStore(Store):
    """A compact rdflib store for a closure: one set of (subject, object) pairs per predicate,
    sharing the term objects of the input. A closure of a million triples takes a fraction of the
    memory of rdflib's default store; lookups with the predicate (or the whole triple) bound are
    direct, others scan. It is a full rdflib Graph backend (add, remove, triples, len,
    namespaces), not context-aware."""

    context_aware = False
    formula_aware = False
    transaction_aware = False
    graph_aware = False

    def __init__(self, by_p: dict | None = None):
        super().__init__()
        self._by_p = defaultdict(set, by_p or {})
        self._prefixes: dict = {}
        self._namespaces: dict = {}

    def add(self, triple, context=None, quoted=False):
        s, p, o = triple
        self._by_p[p].add((s, o))
        super().add(triple, context, quoted)

    def remove(self, pattern, context=None):
        for (s, p, o), _ in list(self.triples(pattern)):
            self._by_p[p].discard((s, o))

    def triples(self, pattern, context=None):
        s, p, o = pattern
        if p is not None and not isinstance(p, URIRef) and not isinstance(p, BNode):
            raise NotImplementedError("property paths are not supported by PairStore")
        predicates = (p,) if p is not None else tuple(self._by_p)
        for pred in predicates:
            pairs = self._by_p.get(pred)
            if not pairs:
                continue
            if s is not None and o is not None:
                if (s, o) in pairs:
                    yield (s, pred, o), iter(())
                continue
            for ss, oo in tuple(pairs):  # a snapshot: the caller may add or remove
                if (s is None or ss == s) and (o is None or oo == o):
                    yield (ss, pred, oo), iter(())

    def __len__(self, context=None):
        return sum(len(pairs) for pairs in self._by_p.values())

    def contexts(self, triple=None):
        return iter(())

    def bind(self, prefix, namespace, override=True):
        if not override and prefix in self._namespaces:
            return
        old = self._namespaces.pop(prefix, None)
        if old is not None:
            self._prefixes.pop(old, None)
        self._namespaces[prefix] = namespace
        self._prefixes[namespace] = prefix

    def namespace(self, prefix):
        return self._namespaces.get(prefix)

    def prefix(self, namespace):
        return self._prefixes.get(namespace)

    def namespaces(self):
        yield from self._namespaces.items()


def _saturate(triples, progress=None) -> dict:
    """The OWL 2 RL closure restricted to the constructs of :class:`_Schema`, as {p: {(s, o)}}."""
    by_p: dict = defaultdict(set)
    for s, p, o in triples:
        by_p[p].add((s, o))
    signature = None
    rounds = 0
    while True:
        schema = _Schema(by_p)
        if schema.signature() == signature:
            break
        signature = schema.signature()
        for s, p, o in schema.triples():
            if (s, o) not in by_p[p]:
                by_p[p].add((s, o))
        # the first round takes every triple as new; later ones only what the last derived
        delta = dict(by_p)  # read only during a round; the sets are merged after it
        out_index = {p: defaultdict(set) for p in schema.indexed}
        in_index = {p: defaultdict(set) for p in schema.indexed}
        for p in schema.indexed:
            for s, o in by_p.get(p, ()):
                out_index[p][s].add(o)
                in_index[p][o].add(s)
        while delta:
            rounds += 1
            if progress:
                progress(f"native reasoner round {rounds}: {sum(map(len, delta.values()))} new triples")
            new = defaultdict(set)
            for p, pairs in delta.items():
                _apply(schema, p, pairs, new, out_index, in_index)
            delta = {}
            for p, pairs in new.items():
                have = by_p[p]
                fresh = pairs - have
                if not fresh:
                    continue
                have |= fresh
                delta[p] = fresh
                if p in schema.indexed:
                    oi, ii = out_index[p], in_index[p]
                    for s, o in fresh:
                        oi[s].add(o)
                        ii[o].add(s)
        _check_equality(schema, by_p)
    _datatypes(by_p)
    # eq-ref: every IRI and blank node is the same as itself
    nodes = set()
    for p, pairs in by_p.items():
        if pairs:
            nodes.add(p)
        for s, o in pairs:
            nodes.add(s)
            nodes.add(o)
    same = by_p[OWL.sameAs]
    same.update((x, x) for x in nodes if isinstance(x, (URIRef, BNode)))
    same.add((OWL.sameAs, OWL.sameAs))
    return by_p


def _apply(schema: _Schema, p, pairs: set, new: dict, out_index: dict, in_index: dict) -> None:
    if p == RDF.type:
        sco = schema.sco
        target = new[RDF.type]
        for s, c in pairs:
            for d in sco.get(c, ()):  # cax-sco
                if d != c:
                    target.add((s, d))
        return
    for q in schema.up.get(p, ()):  # prp-spo1
        new[q] |= pairs
    for q in schema.inverse.get(p, ()):  # prp-inv1, prp-inv2
        new[q].update((o, s) for s, o in pairs if not isinstance(o, Literal))
    if p in schema.symmetric:  # prp-symp
        new[p].update((o, s) for s, o in pairs if not isinstance(o, Literal))
    cs = schema.domain.get(p)
    if cs:  # prp-dom
        target = new[RDF.type]
        for s, _ in pairs:
            for c in cs:
                target.add((s, c))
    cs = schema.range.get(p)
    if cs:  # prp-rng
        target = new[RDF.type]
        for _, o in pairs:
            if not isinstance(o, Literal):
                for c in cs:
                    target.add((o, c))
    if p in schema.transitive:  # prp-trp
        target = new[p]
        oi, ii = out_index[p], in_index[p]
        for x, y in pairs:
            for z in oi.get(y, ()):
                target.add((x, z))
            for w in ii.get(x, ()):
                target.add((w, y))
    for q, chain in schema.chains:  # prp-spo2
        for i, link in enumerate(chain):
            if link != p:
                continue
            target = new[q]
            for x, y in pairs:
                lefts = {x}
                for j in range(i - 1, -1, -1):
                    ii = in_index[chain[j]]
                    lefts = {w for v in lefts for w in ii.get(v, ())}
                    if not lefts:
                        break
                rights = {y}
                for j in range(i + 1, len(chain)):
                    oi = out_index[chain[j]]
                    rights = {z for v in rights for z in oi.get(v, ())}
                    if not rights:
                        break
                for a in lefts:
                    for b in rights:
                        target.add((a, b))


def _check_equality(schema: _Schema, by_p: dict) -> None:
    """owl:sameAs between distinct nodes (asserted, or from prp-fp / prp-ifp) would need the
    eq-rep-* rules: refuse, so the caller falls back to owlrl."""
    for s, o in by_p.get(OWL.sameAs, ()):
        if s != o:
            raise Unsupported("owl:sameAs between distinct nodes")
    for p in schema.functional:
        seen = {}
        for s, o in by_p.get(p, ()):
            if seen.setdefault(s, o) != o:
                raise Unsupported(f"{p} is functional and {s} has several values")
    for p in schema.inverse_functional:
        seen = {}
        for s, o in by_p.get(p, ()):
            if seen.setdefault(o, s) != s:
                raise Unsupported(f"{p} is inverse-functional and {o} has several subjects")


def _transitive(pairs: dict) -> dict:
    """The transitive closure of a relation given as {x: set of y}."""
    out = {}
    for start in pairs:
        seen = set()
        stack = list(pairs[start])
        while stack:
            y = stack.pop()
            if y in seen:
                continue
            seen.add(y)
            stack.extend(pairs.get(y, ()))
        out[start] = seen
    return out


def _datatypes(by_p: dict) -> None:
    """owlrl's dt-type1 and datatype disjointness, as it applies them (in place): every OWL 2 RL
    datatype is an rdfs:Datatype, and the datatypes the literals use are pairwise disjoint where
    OWL says so. Added after the rules: they have no consequence for the facts."""
    from owlrl.OWLRL import OWLRL_Datatypes_Disjointness
    from owlrl.XsdDatatypes import OWL_Datatype_Subsumptions, OWL_RL_Datatypes

    known = set(OWL_RL_Datatypes)
    used = set()
    for pairs in by_p.values():
        for _, o in pairs:
            if type(o) is Literal and o.datatype in known:
                used.add(o.datatype)
    for _, o in by_p.get(RDF.type, ()):
        if o in known:
            used.add(o)
    for dt in list(used):
        used.update(OWL_Datatype_Subsumptions.get(dt, ()))
    types = by_p[RDF.type]
    types.update((dt, RDFS.Datatype) for dt in OWL_RL_Datatypes)
    types.update((dt, RDFS.Datatype) for dt in used)
    for left, rel, right in OWLRL_Datatypes_Disjointness:
        if left in used and right in used:
            by_p[rel].add((left, right))
