"""SHACL: the shipped graph conforms, and every rule rejects its bad fixture, naming the node,
the property and the rule. Fixtures live in tests/fixtures/shapes/, one rule each; their header
says which violation they must cause."""

from pathlib import Path

import pytest

import arkg
from arkg import paths
from arkg.validation import shapes_graph, validate
from rdflib import URIRef
from rdflib.namespace import RDF, SH

FIXTURES = sorted((Path(__file__).parent / "fixtures" / "shapes").glob("*.ttl"))


def _header(path: Path) -> dict:
    fields = {}
    for line in path.read_text().splitlines():
        if line.startswith("# ") and ":" in line:
            key, _, value = line[2:].partition(":")
            fields[key.strip()] = value.strip()
    return fields


def test_fixtures_are_found():
    assert len(FIXTURES) >= 20


def test_shipped_graph_conforms():
    report = arkg.validate()
    assert report.conforms, report.text()
    assert len(report.files) == len(paths.input_files()) > 10


# the ontology and the entities the fixtures refer to: enough context, and fast
CORE = [*paths.ontology_files(), paths.graph_dir() / "sources.ttl", *sorted((paths.graph_dir() / "entities").glob("*.ttl"))]


def test_the_core_conforms_without_fixtures():
    report = validate(base=CORE)
    assert report.conforms, report.text()


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_each_rule_rejects_its_fixture(fixture):
    expect = _header(fixture)
    report = validate([fixture], base=CORE)
    assert not report.conforms
    hits = [v for v in report.violations
            if expect["expect"] in v.rule and v.focus.startswith(expect["focus"]) and v.path == expect["path"]]
    assert hits, f"expected {expect} among:\n{report.text()}"
    assert all(v.file == str(fixture) for v in hits)


def test_every_named_shape_has_a_fixture():
    """Every named shape of ours is exercised by at least one rejection fixture."""
    shapes = shapes_graph()
    named = {s for s in shapes.subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef)}
    named |= {s for s in shapes.subjects(RDF.type, SH.PropertyShape) if isinstance(s, URIRef)}
    expected = " ".join(" ".join(_header(f).values()) for f in FIXTURES)
    missing = [str(s) for s in named if str(s).replace("https://w3id.org/arkg/shapes/", "arkgsh:") not in expected]
    assert not missing, missing


def test_validate_command_exit_codes(run_cli, tmp_path):
    code, out, _ = run_cli("validate")
    assert code == 0 and out.startswith("conforms")
    bad = Path(__file__).parent / "fixtures" / "shapes" / "agreement-one-party.ttl"
    code, out, _ = run_cli("validate", str(bad))
    assert code == 1
    assert "arkr:fixture-agreement: arkg:hasParty:" in out and "AgreementShape" in out and str(bad) in out
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix arkr: <https://w3id.org/arkg/id/> .\narkr:a arkr:b arkr:c arkr:d .\n")
    code, out, err = run_cli("validate", str(broken))
    assert code == 2
    assert f"{broken}:2:22:" in err and "Traceback" not in err


def test_compiled_constraint_terms_are_pyoxigraphs_own_form():
    """The SPARQL compiler writes constraint values as pyoxigraph writes N-Triples terms: quotes,
    newlines and backslashes survive, and the term read back is the term in the shapes."""
    import pyoxigraph as ox
    from rdflib import Literal, URIRef
    from rdflib.namespace import XSD

    from arkg.shapes_sparql import _literal, _term
    from arkg.terms import to_rdflib

    store = ox.Store()
    for term in (Literal('say "hi"\n\\ back\r'), Literal("Tiranë", lang="sq"), Literal("1", datatype=XSD.integer),
                 URIRef("https://w3id.org/arkg/ontology/Person")):
        row = next(iter(store.query(f"SELECT ?v WHERE {{ BIND({_term(term)} AS ?v) }}")))
        assert to_rdflib(row["v"]) == term
    pattern = 'a\\d+ "x"'
    row = next(iter(store.query(f"SELECT ?v WHERE {{ BIND({_literal(pattern)} AS ?v) }}")))
    assert row["v"].value == pattern
