"""Exports re-parse into a graph isomorphic to the one exported."""

import json

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

import arkg


@pytest.mark.parametrize("fmt, parse_as", [("turtle", "turtle"), ("nt", "nt"), ("json-ld", "json-ld")])
@pytest.mark.parametrize("inferred", [False, True])
def test_round_trip_is_isomorphic(tmp_path, fmt, parse_as, inferred):
    out = tmp_path / f"export.{fmt}"
    assert arkg.export(fmt, inferred=inferred, destination=out) is None
    back = Graph().parse(out, format=parse_as)
    original = arkg.graph(inferred=inferred)
    assert len(back) == len(original)
    assert isomorphic(back, original)


def test_json_ld_is_compact_with_our_prefixes():
    data = json.loads(arkg.export("json-ld"))
    assert data["@context"]["arkr"] == "https://w3id.org/arkg/id/"
    assert any(node.get("id") == "arkr:albania" and node["label"]["en"] == "Albania" for node in data["@graph"])


def test_export_command_writes_a_file(run_cli, tmp_path):
    out = tmp_path / "g.ttl"
    code, stdout, _ = run_cli("export", "--format", "turtle", "-o", str(out))
    assert code == 0 and stdout == ""
    assert "arkr:albania" in out.read_text()
