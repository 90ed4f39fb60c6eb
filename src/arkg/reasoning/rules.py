"""The OWL 2 RL rules of the native reasoner, each named by its rule ID as in the OWL 2 RL profile
(and owlrl): the schema rules (scm-*, cls-thing, cls-nothing1, prp-ap) close the TBox in
:class:`Schema`; the instance rules are one function each, tagged with their IDs (:func:`rule`)
and applied by the engine (:mod:`arkg.reasoning.engine`) to the pairs a round derived; eq-ref and
dt-type1 are added once the fixpoint is reached.

Every rule reads the closed :class:`Schema` and the ``pairs`` (subject, object) newly derived for
predicate ``p``, and adds what follows to ``new`` ({predicate: set of pairs}); the rules that join
two triples (prp-trp, prp-spo2) look the other one up in ``out_index``/``in_index`` ({predicate:
{subject: objects}} and {predicate: {object: subjects}}).
"""

from __future__ import annotations

from collections import defaultdict

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

OWLRL_ANNOTATION_PROPERTIES = (
    RDFS.label, RDFS.comment, RDFS.seeAlso, RDFS.isDefinedBy, OWL.deprecated, OWL.versionInfo,
    OWL.priorVersion, OWL.backwardCompatibleWith, OWL.incompatibleWith,
)

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


def rule(*ids: str):
    """Tag a rule function with the OWL 2 RL rule IDs it implements."""
    def tag(function):
        function.rule_ids = ids
        return function
    return tag


# --- the schema rules ------------------------------------------------------------------------

class Schema:
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
        self.sco = transitive(sco)  # scm-sco
        self.spo = transitive(spo)  # scm-spo
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


def transitive(pairs: dict) -> dict:
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


# --- the instance rules ----------------------------------------------------------------------

@rule("cax-sco", "cax-eqc1", "cax-eqc2")
def cax_sco(schema: Schema, p, pairs: set, new: dict, out_index: dict, in_index: dict) -> None:
    """x a c, c ⊑ d  →  x a d (equivalent classes are subclasses both ways, scm-eqc1)."""
    sco = schema.sco
    target = new[RDF.type]
    for s, c in pairs:
        for d in sco.get(c, ()):
            if d != c:
                target.add((s, d))


@rule("prp-spo1", "prp-eqp1", "prp-eqp2")
def prp_spo1(schema: Schema, p, pairs: set, new: dict, out_index: dict, in_index: dict) -> None:
    """x p y, p ⊑ q  →  x q y."""
    for q in schema.up.get(p, ()):
        new[q] |= pairs


@rule("prp-inv1", "prp-inv2")
def prp_inv(schema: Schema, p, pairs: set, new: dict, out_index: dict, in_index: dict) -> None:
    """x p y, p inverseOf q (either way)  →  y q x."""
    for q in schema.inverse.get(p, ()):
        new[q].update((o, s) for s, o in pairs if not isinstance(o, Literal))


@rule("prp-symp")
def prp_symp(schema: Schema, p, pairs: set, new: dict, out_index: dict, in_index: dict) -> None:
    """x p y, p symmetric  →  y p x."""
    if p in schema.symmetric:
        new[p].update((o, s) for s, o in pairs if not isinstance(o, Literal))


@rule("prp-dom")
def prp_dom(schema: Schema, p, pairs: set, new: dict, out_index: dict, in_index: dict) -> None:
    """x p y, p domain c  →  x a c."""
    cs = schema.domain.get(p)
    if cs:
        target = new[RDF.type]
        for s, _ in pairs:
            for c in cs:
                target.add((s, c))


@rule("prp-rng")
def prp_rng(schema: Schema, p, pairs: set, new: dict, out_index: dict, in_index: dict) -> None:
    """x p y, p range c  →  y a c (for a node y, not a literal)."""
    cs = schema.range.get(p)
    if cs:
        target = new[RDF.type]
        for _, o in pairs:
            if not isinstance(o, Literal):
                for c in cs:
                    target.add((o, c))


@rule("prp-trp")
def prp_trp(schema: Schema, p, pairs: set, new: dict, out_index: dict, in_index: dict) -> None:
    """x p y, y p z, p transitive  →  x p z (each new pair joined on either side)."""
    if p in schema.transitive:
        target = new[p]
        oi, ii = out_index[p], in_index[p]
        for x, y in pairs:
            for z in oi.get(y, ()):
                target.add((x, z))
            for w in ii.get(x, ()):
                target.add((w, y))


@rule("prp-spo2")
def prp_spo2(schema: Schema, p, pairs: set, new: dict, out_index: dict, in_index: dict) -> None:
    """x0 p1 x1 … x(n-1) pn xn, q propertyChainAxiom (p1 … pn)  →  x0 q xn (a new pair for any
    link of the chain, joined with the links before and after it)."""
    for q, chain in schema.chains:
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


# The rules for a new rdf:type pair, and for a new pair of any other predicate.
TYPE_RULES = (cax_sco,)
PROPERTY_RULES = (prp_spo1, prp_inv, prp_symp, prp_dom, prp_rng, prp_trp, prp_spo2)


def apply(schema: Schema, p, pairs: set, new: dict, out_index: dict, in_index: dict) -> None:
    """Every instance rule that a set of new pairs of predicate ``p`` triggers."""
    for function in TYPE_RULES if p == RDF.type else PROPERTY_RULES:
        function(schema, p, pairs, new, out_index, in_index)


# --- the rules owlrl applies, and the limits of this rule set ---------------------------------

@rule("eq-ref")
def eq_ref(by_p: dict) -> None:
    """Every IRI and blank node (subject, predicate or object) is owl:sameAs itself."""
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


def check_equality(schema: Schema, by_p: dict) -> None:
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


@rule("dt-type1")
def dt_type1(by_p: dict) -> None:
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
