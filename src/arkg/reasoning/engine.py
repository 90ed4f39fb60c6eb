"""The engine of the reasoners (:mod:`arkg.reasoning`): owlrl as the reference; the native
fixpoint, which applies the rules of :mod:`arkg.reasoning.rules` semi-naively over per-predicate
sets of (subject, object) pairs (:class:`PairStore`); ``reasonable`` completed by those rules;
and the fallback to owlrl when a graph uses what the native rules do not implement."""

from __future__ import annotations

import warnings
from collections import defaultdict

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.store import Store
from rdflib.namespace import OWL, RDF, XSD

from . import rules
from .rules import Unsupported

REASONERS = ("owlrl", "native", "reasonable")


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
        from ..errors import UsageError
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
    """The OWL 2 RL closure restricted to the constructs of :class:`rules.Schema`, as {p: {(s, o)}}:
    the schema closed first, then the instance rules applied semi-naively (each round only to what
    the last one derived) until nothing is new; again while the schema grew."""
    by_p: dict = defaultdict(set)
    for s, p, o in triples:
        by_p[p].add((s, o))
    signature = None
    rounds = 0
    while True:
        schema = rules.Schema(by_p)
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
                rules.apply(schema, p, pairs, new, out_index, in_index)
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
        rules.check_equality(schema, by_p)
    rules.dt_type1(by_p)
    rules.eq_ref(by_p)
    return by_p
