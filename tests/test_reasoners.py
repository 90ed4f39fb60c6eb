"""The fast reasoners give the answers of owlrl (the reference), and the canned queries give the same
answers on every query engine ARKG supports (Oxigraph, rdflib's SPARQL engine).

Answers are compared as multisets of rows; a blank node in an answer is compared by its content in
the asserted graph (its predicates and objects), never by its label. GROUP_CONCAT values are
compared as sets of parts: SPARQL leaves the order of the concatenation open.
"""

from __future__ import annotations

import importlib
import shlex
import sys
import warnings
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, Namespace, RDF, RDFS
from rdflib.namespace import OWL

import arkg
from arkg.errors import UsageError
from arkg.reasoning import REASONERS, closure
from arkg.terms import to_oxigraph, to_rdflib

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import generate  # noqa: E402

build = importlib.import_module("arkg.pipeline")
EX = Namespace("urn:ex:")
FAST = [r for r in REASONERS if r != "owlrl"]
CATALOG = arkg.queries()


def _examples(name: str) -> list[dict]:
    """The parameter sets of the query's header examples (``# example: arkg query NAME k=v …``)."""
    runs = []
    for example in CATALOG[name].examples:
        words = shlex.split(example)[3:]
        runs.append(dict(w.split("=", 1) for w in words if "=" in w and not w.startswith("-")))
    return runs


def _runs(extra: dict | None = None) -> list[tuple[str, dict]]:
    """Every canned query with no parameters (unless one is required) and with each example."""
    runs = []
    for name, cq in sorted(CATALOG.items()):
        if not any(p.required for p in cq.params):
            runs.append((name, {}))
        runs += [(name, params) for params in _examples(name)]
        runs += [(name, params) for params in (extra or {}).get(name, [])]
    return runs


def _as_built(graph: Graph) -> Graph:
    """The closure as the build stores it: with arkgi:mostSpecificType computed from it (on a
    copy, so the closures compared triple for triple stay as the reasoners made them)."""
    from arkg.pipeline import add_most_specific_types

    closed = Graph()
    closed += graph
    add_most_specific_types(closed)
    return closed


def _store(graph: Graph) -> ox.Store:
    store = ox.Store()
    store.extend(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in _as_built(graph))
    return store


class Canon:
    """Comparable rows: terms as (kind, value, datatype or language); blank nodes by content."""

    def __init__(self, asserted: Graph):
        self.asserted = asserted

    def term(self, t):
        if t is None:
            return None
        if isinstance(t, (ox.NamedNode, ox.BlankNode, ox.Literal)):
            t = to_rdflib(t)
        if isinstance(t, BNode):
            return ("bnode", frozenset((str(p), "_:" if isinstance(o, BNode) else str(o))
                                       for p, o in self.asserted.predicate_objects(t)))
        if isinstance(t, Literal):
            return ("literal", str(t), t.language or str(t.datatype or ""))
        return ("iri", str(t))

    def rows(self, name: str, columns, rows) -> Counter:
        concat = CATALOG[name].concatenated
        out = Counter()
        for row in rows:
            key = []
            for col in columns:
                value = self.term(row[col])
                if value and col in concat and value[0] == "literal":
                    value = ("concat", frozenset(value[1].split(concat[col])))
                key.append(value)
            out[tuple(key)] += 1
        return out


def _oxigraph_answer(store: ox.Store, name: str, params: dict):
    cq = CATALOG[name]
    solutions = store.query(cq.text, substitutions=cq.bind(store, params))
    columns = [v.value for v in solutions.variables]
    return columns, [{c: s[c] for c in columns} for s in solutions]


def _rdflib_answer(graph: Graph, store: ox.Store, name: str, params: dict):
    cq = CATALOG[name]
    bindings = {str(var.value): to_rdflib(term) for var, term in cq.bind(store, params).items()}
    result = graph.query(cq.text, initBindings=bindings)
    columns = [str(v) for v in result.vars]
    return columns, [{c: row[c] for c in columns} for row in result]


@pytest.fixture(scope="module")
def shipped():
    loaded = build.assemble()
    reference = closure(loaded.graph, "owlrl")
    fast = {r: closure(loaded.graph, r) for r in FAST}
    return loaded.graph, reference, fast


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """One unit of generated data (bench/generate.py): a renamed copy of the shipped facts plus a
    synthetic block with every kind of fact, whatever the shipped graph holds yet."""
    out = tmp_path_factory.mktemp("generated")
    facts = generate.shipped_facts()
    generate.generate(generate.unit_size(facts) / generate.shipped_size(), out)
    loaded = build.assemble(build.resolve_inputs(out))
    reference = closure(loaded.graph, "owlrl")
    fast = {r: closure(loaded.graph, r) for r in FAST}
    return loaded.graph, reference, fast


SYNTHETIC_PARAMS = {
    "who-broke-relations": [{"state": "Synthetic state A 1"}],
    "events-of": [{"agent": "Person One 1"}, {"agent": "Synthetic state B 1"}],
    "timeline": [{"a": "Synthetic state A 1", "b": "Synthetic state B 1"}, {"from": "1950", "to": "1955"}],
    "visits": [{"visitor": "Person One 1"}],
    "memberships": [{"member": "Synthetic state B 1"}, {"organization": "SO1"}],
    "agreements": [{"party": "Synthetic state A 1"}],
    "positions": [{"person": "Person One 1"}],
    "sources": [{"event": "Relations broken 1"}],
    "search": [{"text": "synthetic state"}],
}


def _compare_reasoners(asserted, reference, fast, extra=None):
    canon = Canon(asserted)
    ref_store = _store(reference)
    stores = {r: _store(g) for r, g in fast.items()}
    compared = nonempty = 0
    for name, params in _runs(extra):
        try:
            columns, rows = _oxigraph_answer(ref_store, name, params)
        except UsageError:  # an example naming an entity this graph does not hold
            for store in stores.values():
                with pytest.raises(UsageError):
                    _oxigraph_answer(store, name, params)
            continue
        want = canon.rows(name, columns, rows)
        for reasoner, store in stores.items():
            got_columns, got_rows = _oxigraph_answer(store, name, params)
            assert got_columns == columns
            assert canon.rows(name, columns, got_rows) == want, (reasoner, name, params)
        compared += 1
        nonempty += bool(rows)
    return compared, nonempty


def test_fast_reasoners_answer_every_canned_query_as_owlrl_does(shipped):
    asserted, reference, fast = shipped
    compared, _ = _compare_reasoners(asserted, reference, fast)
    assert compared >= len(CATALOG) - 2


def test_fast_reasoners_answer_as_owlrl_on_generated_data(synthetic):
    asserted, reference, fast = synthetic
    compared, nonempty = _compare_reasoners(asserted, reference, fast, SYNTHETIC_PARAMS)
    assert nonempty >= 15, "the generated data should give most queries something to return"


@pytest.mark.parametrize("which", ["shipped", "synthetic"])
def test_fast_closures_equal_the_owlrl_closure_triple_for_triple(which, request):
    """Stronger than answers: the same triples (the native rules reproduce owlrl's schema, equality
    and datatype conventions)."""
    _, reference, fast = request.getfixturevalue(which)
    ref = set(reference)
    for reasoner, g in fast.items():
        got = set(g)
        assert got - ref == set(), reasoner
        assert ref - got == set(), reasoner


def test_the_default_reasoner_is_a_fast_one():
    assert build.DEFAULT_REASONER in FAST


@pytest.mark.parametrize("reasoner", REASONERS)
def test_rules_on_tiny_graphs(reasoner):
    def closed(*triples):
        g = Graph()
        for t in triples:
            g.add(t)
        return closure(g, reasoner)

    chain = BNode(), BNode(), BNode()
    g = closed((EX.r, OWL.propertyChainAxiom, chain[0]),
               (chain[0], RDF.first, EX.p), (chain[0], RDF.rest, chain[1]),
               (chain[1], RDF.first, EX.q), (chain[1], RDF.rest, chain[2]),
               (chain[2], RDF.first, EX.s), (chain[2], RDF.rest, RDF.nil),
               (EX.a, EX.p, EX.b), (EX.b, EX.q, EX.c), (EX.c, EX.s, EX.d))
    assert (EX.a, EX.r, EX.d) in g  # prp-spo2, chain of three
    g = closed((EX.p, OWL.inverseOf, EX.q), (EX.q, RDFS.subPropertyOf, EX.t),
               (EX.t, RDFS.domain, EX.C), (EX.C, RDFS.subClassOf, EX.D), (EX.a, EX.p, EX.b))
    assert (EX.b, EX.t, EX.a) in g  # prp-inv then prp-spo1
    assert (EX.b, RDF.type, EX.D) in g  # prp-dom then cax-sco
    assert (EX.q, RDFS.domain, EX.D) in g  # scm-dom1, scm-dom2
    g = closed((EX.p, RDF.type, OWL.TransitiveProperty), (EX.p, RDF.type, OWL.SymmetricProperty),
               (EX.a, EX.p, EX.b), (EX.b, EX.p, EX.c))
    assert (EX.c, EX.p, EX.a) in g and (EX.a, EX.p, EX.a) in g  # prp-trp with prp-symp
    g = closed((EX.p, RDFS.range, EX.C), (EX.a, EX.p, Literal("x")))
    assert not any(isinstance(s, Literal) for s, _, _ in g)


@pytest.mark.parametrize("reasoner", FAST)
def test_unsupported_constructs_fall_back_to_owlrl(reasoner):
    """owl:someValuesFrom is outside the native rule set: the answer is owlrl's, with a warning."""
    g = Graph()
    restriction = BNode()
    for t in ((restriction, RDF.type, OWL.Restriction), (restriction, OWL.onProperty, EX.p),
              (restriction, OWL.someValuesFrom, EX.C), (EX.D, OWL.equivalentClass, restriction),
              (EX.a, EX.p, EX.b), (EX.b, RDF.type, EX.C)):
        g.add(t)
    with pytest.warns(UserWarning, match="falling back to owlrl"):
        got = closure(g, reasoner)
    assert (EX.a, RDF.type, EX.D) in got  # cls-svf1, which only owlrl applies
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert set(got) == set(closure(g, "owlrl"))


def test_build_cli_accepts_every_reasoner(run_cli, tmp_path):
    code, out, err = run_cli("build", "--help")
    assert code == 0
    for name in REASONERS:
        assert name in out
    code, out, err = run_cli("build", "--reasoner", "bogus")
    assert code == 2


# rdflib's engine evaluates the sub-selects of relations without the outer bindings and takes
# minutes on it (Oxigraph: about 15 ms); the reasoner comparisons above still run it on Oxigraph.
RDFLIB_TOO_SLOW = {"relations"}


def test_canned_queries_agree_on_oxigraph_and_rdflib(shipped, synthetic):
    """Same reasoned graph, two engines: Oxigraph with substitutions (as canned.py binds), rdflib's
    SPARQL engine with initBindings."""
    checked = 0
    for (asserted, reference, _), extra in ((shipped, None), (synthetic, SYNTHETIC_PARAMS)):
        canon = Canon(asserted)
        built = _as_built(reference)
        store = _store(reference)
        for name, params in _runs(extra):
            if name in RDFLIB_TOO_SLOW:
                continue
            try:
                columns, rows = _oxigraph_answer(store, name, params)
            except UsageError:
                continue
            rdf_columns, rdf_rows = _rdflib_answer(built, store, name, params)
            assert rdf_columns == columns, name
            assert canon.rows(name, columns, rdf_rows) == canon.rows(name, columns, rows), (name, params)
            checked += 1
    assert checked >= 2 * (len(CATALOG) - len(RDFLIB_TOO_SLOW))
