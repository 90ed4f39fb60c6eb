"""Exports re-parse with rdflib (a parser independent of the Oxigraph serialiser that writes
Turtle and N-Triples) into a graph isomorphic to the one exported."""

import json

import pytest
from rdflib import Graph

import arkg
from rdfcompare import cached_graph, canonical


@pytest.mark.parametrize("fmt", ["turtle", "nt", "json-ld"])
@pytest.mark.parametrize("inferred", [False, True])
def test_round_trip_through_rdflib_is_isomorphic(tmp_path, fmt, inferred):
    out = tmp_path / f"export.{fmt}"
    assert arkg.export(fmt, inferred=inferred, destination=out) is None
    back = Graph().parse(out, format=fmt)
    assert canonical(back) == cached_graph(inferred)


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
