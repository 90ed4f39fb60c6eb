"""Exports re-parse with rdflib (a parser independent of the Oxigraph serialiser that writes
Turtle and N-Triples) into a graph isomorphic to the one exported; they leave out the internal
helpers (arkgi:) and the trivial statements of the closure unless asked for, and nothing else."""

import json

import pyoxigraph as ox
import pytest
from rdflib import Graph

import arkg
from arkg.exporter import triples as stored
from arkg.namespaces import PREFIXES
from rdfcompare import cached_graph, canonical, exported_graph, internal, trivial

INTERNAL = PREFIXES["arkgi"]
OWL, RDF, RDFS, XSD = (PREFIXES[p] for p in ("owl", "rdf", "rdfs", "xsd"))

# Written apart from arkg.visibility, as SPARQL: what an export must leave out.
INTERNAL_PATTERN = """{ ?s ?p ?o FILTER(STRSTARTS(STR(?p), STR(arkgi:)) || STRSTARTS(STR(?s), STR(arkgi:))
    || STRSTARTS(STR(?o), STR(arkgi:)) || ?s = <https://w3id.org/arkg/internal> || ?o = <https://w3id.org/arkg/internal>) }"""
TRIVIAL_PATTERN = """{
  { ?s ?p ?o FILTER(?p IN (owl:sameAs, owl:equivalentClass, owl:equivalentProperty, rdfs:subClassOf,
                           rdfs:subPropertyOf) && ?s = ?o) }
  UNION { ?s ?p ?o FILTER(?p = rdf:type && ?o IN (owl:Thing, rdfs:Resource)) }
  UNION { ?s ?p ?o FILTER(?p = rdfs:subClassOf && (?o = owl:Thing || ?s = owl:Nothing)) }
  UNION { ?s ?p ?o FILTER(?p = rdf:type && isIRI(?s) && (STRSTARTS(STR(?s), STR(owl:)) || STRSTARTS(STR(?s), STR(rdf:))
                          || STRSTARTS(STR(?s), STR(rdfs:)) || STRSTARTS(STR(?s), STR(xsd:)))) }
  UNION { ?s ?p ?o FILTER(?p = owl:disjointWith && STRSTARTS(STR(?s), STR(xsd:)) && STRSTARTS(STR(?o), STR(xsd:))) }
}"""


def _count(pattern: str, inferred: bool) -> int:
    return int(arkg.sparql(f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {pattern} }}",
                           inferred=inferred).values("n")[0])


def _parsed(text: str, fmt=ox.RdfFormat.N_TRIPLES) -> list:
    return [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(text.encode("utf-8"), format=fmt)]


@pytest.mark.parametrize("fmt", ["turtle", "nt", "json-ld"])
@pytest.mark.parametrize("inferred", [False, True])
def test_round_trip_through_rdflib_is_isomorphic(tmp_path, fmt, inferred):
    out = tmp_path / f"export.{fmt}"
    assert arkg.export(fmt, inferred=inferred, destination=out) is None
    back = Graph().parse(out, format=fmt)
    assert canonical(back) == exported_graph(inferred)


@pytest.mark.parametrize("fmt", ["turtle", "nt", "json-ld"])
def test_both_flags_export_the_store_as_built(tmp_path, fmt):
    out = tmp_path / f"export.{fmt}"
    arkg.export(fmt, inferred=True, destination=out, with_internal=True, with_trivial=True)
    assert canonical(Graph().parse(out, format=fmt)) == cached_graph(True)


@pytest.mark.parametrize("inferred", [False, True])
def test_exports_leave_out_internal_helpers_and_trivial_closure_statements(inferred):
    store = list(stored(inferred))
    assert len(internal(store)) > 1000  # the store has them: search keys, locators, most specific types …
    assert len(trivial(store)) > 1000 if inferred else True
    for text in (arkg.export("nt", inferred=inferred), arkg.export("turtle", inferred=inferred)):
        triples = _parsed(text) if text.startswith("<") else _parsed(text, ox.RdfFormat.TURTLE)
        assert not internal(triples) and not trivial(triples)
        assert "arkgi:" not in text and "https://w3id.org/arkg/internal" not in text
    data = json.loads(arkg.export("json-ld", inferred=inferred))
    assert "mostSpecificType" not in json.dumps(data["@graph"]) and "arkgi:" not in json.dumps(data["@graph"])


@pytest.mark.parametrize("inferred", [False, True])
def test_exports_leave_out_nothing_else(inferred):
    """The export is the store less what the two SPARQL patterns above (written apart from the
    filter) match: no public statement is lost."""
    whole = _count("{ ?s ?p ?o }", inferred)
    left_out = _count(f"{{ {INTERNAL_PATTERN} UNION {TRIVIAL_PATTERN} }}", inferred)
    assert left_out > 1000
    kept = _parsed(arkg.export("nt", inferred=inferred))
    assert len(kept) == len(set(kept)) == whole - left_out
    assert ox.Triple(ox.NamedNode(PREFIXES["arkr"] + "albania"), ox.NamedNode(RDFS + "label"),
                     ox.Literal("Albania", language="en")) in kept
    if inferred:  # the closure's real work stays: a role implies taking part, a subclass its superclass
        assert ox.Triple(ox.NamedNode(PREFIXES["arkg"] + "Visit"), ox.NamedNode(RDFS + "subClassOf"),
                         ox.NamedNode(PREFIXES["arkg"] + "Event")) in kept
        assert any(t.predicate.value == PREFIXES["arkg"] + "isParticipantOf" for t in kept)


def test_the_flags_bring_back_each_kind_alone(run_cli):
    code, plain, _ = run_cli("export", "--format", "nt", "--inferred")
    code_i, with_internal, _ = run_cli("export", "--format", "nt", "--inferred", "--with-internal")
    code_t, with_trivial, _ = run_cli("export", "--format", "nt", "--inferred", "--with-trivial")
    code_b, both, _ = run_cli("export", "--format", "nt", "--inferred", "--with-internal", "--with-trivial")
    assert code == code_i == code_t == code_b == 0
    plain, with_internal, with_trivial, both = map(_parsed, (plain, with_internal, with_trivial, both))
    assert internal(with_internal) and not trivial(with_internal)
    assert trivial(with_trivial) and not internal(with_trivial)
    assert set(with_internal) - set(plain) == set(internal(with_internal))
    both_kinds = set(both) - set(with_internal) - set(with_trivial)  # e.g. arkgi:locator owl:sameAs itself
    assert both_kinds and both_kinds <= set(internal(both))
    assert set(with_internal) | set(with_trivial) <= set(both)
    assert canonical(both) == cached_graph(True)
    assert any(t.predicate.value == INTERNAL + "mostSpecificType" for t in with_internal)
    assert any(t.predicate.value == OWL + "sameAs" for t in with_trivial)


def test_json_ld_is_compact_with_our_context():
    data = json.loads(arkg.export("json-ld"))
    assert data["@context"]["arkr"] == "https://w3id.org/arkg/id/"
    assert any(node.get("id") == "arkr:albania" and node["label"]["en"] == "Albania" for node in data["@graph"])


def test_turtle_uses_the_project_prefixes():
    text = arkg.export("turtle")
    assert "@prefix arkr: <https://w3id.org/arkg/id/> ." in text and "arkr:albania" in text


def test_export_command_writes_a_file(run_cli, tmp_path):
    out = tmp_path / "g.ttl"
    code, stdout, _ = run_cli("export", "--format", "turtle", "-o", str(out))
    assert code == 0 and stdout == ""
    assert "arkr:albania" in out.read_text()


def test_export_help_documents_the_flags_with_an_example(run_cli):
    code, out, _ = run_cli("export", "--help")
    assert code == 0
    assert "--with-internal" in out and "--with-trivial" in out
    examples = [line.strip() for line in out.split("Examples:", 1)[1].splitlines() if line.strip().startswith("arkg ")]
    assert any("--with-internal" in e and "--with-trivial" in e for e in examples), examples
