"""The two validation engines give the same report: pySHACL (the reference) and the shapes compiled
to SPARQL on Oxigraph (arkg.shapes_sparql), on every rejection fixture, on generated data with
violations mixed in, and for a contribution validated against the built graph."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest

from arkg import paths
from arkg.errors import UsageError
from arkg.validation import prepare, shapes_graph, validate, validate_prepared

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import generate  # noqa: E402

FIXTURES = sorted((Path(__file__).parent / "fixtures" / "shapes").glob("*.ttl"))
CORE = [paths.ontology_file(), paths.graph_dir() / "sources.ttl", *sorted((paths.graph_dir() / "entities").glob("*.ttl"))]


def _labels_away(report) -> list[str]:
    """The report's lines with blank node labels (new at every parse) made neutral."""
    return sorted(re.sub(r"_:[0-9A-Za-z]+", "_:b", str(v)) for v in report.violations)


@pytest.fixture(scope="module")
def shapes():
    return shapes_graph()


@pytest.fixture(scope="module")
def core_data(tmp_path_factory):
    """The core files as a data directory (the shipped ontology and shapes), built once."""
    root = tmp_path_factory.mktemp("core") / "data"
    (root / "entities").mkdir(parents=True)
    shutil.copy(paths.graph_dir() / "sources.ttl", root)
    for f in (paths.graph_dir() / "entities").glob("*.ttl"):
        shutil.copy(f, root / "entities")
    return root


def test_there_are_24_fixtures():
    assert len(FIXTURES) >= 24


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_both_engines_and_the_contribution_path_agree(fixture, shapes, core_data):
    files = [*CORE, fixture]
    prepared = prepare(files)
    reference = validate_prepared(prepared, files, shapes, "pyshacl")
    compiled = validate_prepared(prepared, files, shapes, "sparql")
    assert not reference.conforms
    assert compiled.violations == reference.violations  # same graph, so even blank node labels agree
    # the contribution against the built core graph: only the nodes it touches are checked
    contribution = validate([fixture], data=core_data, engine="sparql")
    assert _labels_away(contribution) == _labels_away(reference)
    # each violation is attributed to the contribution; a detail about an outside term (the value
    # of a failed sh:node, e.g. sem:Event) has no file, since no file says anything about it
    for v in contribution.violations:
        if v.rule != "arkg:stated date grammar":
            assert v.file == str(fixture) or (not v.file and not v.focus.startswith(("arkg:", "arkr:"))), v


@pytest.fixture(scope="module")
def generated_with_violations(tmp_path_factory):
    """One unit of generated data (every kind of fact) plus every fixture, renamed apart: many
    violations of every rule, among thousands of conforming nodes."""
    out = tmp_path_factory.mktemp("generated")
    facts = generate.shipped_facts()
    generate.generate(generate.unit_size(facts) / generate.shipped_size(), out)
    for i, fixture in enumerate(FIXTURES):
        text = fixture.read_text().replace("arkr:fixture-", f"arkr:fixture{i}-")
        (out / f"bad-{i:02d}.ttl").write_text(text)
    return out


def test_both_engines_agree_on_generated_data_with_violations(generated_with_violations, shapes):
    from arkg.dataset import from_directory

    files = list(from_directory(generated_with_violations).files)
    prepared = prepare(files)
    reference = validate_prepared(prepared, files, shapes, "pyshacl")
    compiled = validate_prepared(prepared, files, shapes, "sparql")
    assert len(reference.violations) >= len(FIXTURES)
    assert compiled.violations == reference.violations


def test_the_compiled_engine_finds_the_shipped_graph_conforming():
    """(pySHACL's verdict on it is tests/test_shapes.py::test_shipped_graph_conforms.)"""
    compiled = validate(engine="sparql")
    assert compiled.conforms, compiled.text()
    assert compiled.files == list(paths.input_files())


def test_an_unknown_engine_is_a_usage_error():
    with pytest.raises(UsageError):
        validate(engine="fastest")


def test_shapes_the_compiler_does_not_know_fall_back_to_pyshacl(tmp_path):
    from rdflib import Graph

    from arkg.shapes_sparql import Unsupported, compile_shapes

    g = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <urn:ex:> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ;
            sh:property [ sh:path ( ex:p ex:q ) ; sh:minCount 1 ; sh:message "m" ] .""", format="turtle")
    with pytest.raises(Unsupported):
        compile_shapes(g)
