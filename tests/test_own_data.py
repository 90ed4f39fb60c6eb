"""Your own data: ``--data DIR`` (or ARKG_DATA) on every command, mirrored by the library, over a
generated graph ten times the shipped one; answers paged with --limit/--offset."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import arkg
from arkg.cli import main
from arkg import paths

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import generate  # noqa: E402

FACTOR = 10  # times the shipped input, in triples


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """A generated graph (bench/generate.py) ten times the shipped size, built once with --data."""
    out = tmp_path_factory.mktemp("own-data") / "big-graph"
    generate.generate(FACTOR, out)
    result = CliRunner().invoke(main, ["build", "--data", str(out)])
    assert result.exit_code == 0, result.output
    return out


def _labels_away(text: str) -> str:
    return re.sub(r"_:[0-9A-Za-z]+", "_:b", text)


def cli(*args, env=None):
    return CliRunner().invoke(main, list(args), env=env)


def test_the_build_of_own_data_is_its_own(big):
    mine, shipped = arkg.build(data=big), arkg.build()
    assert mine.key != shipped.key
    assert mine.asserted > 5 * shipped.asserted
    result = cli("build", "--data", str(big))
    assert result.exit_code == 0 and "up to date (cached)" in result.output and mine.key in result.output


def test_a_canned_query_answers_the_same_through_the_cli_and_the_library(big):
    result = cli("query", "timeline", "--data", str(big), "--format", "json")
    assert result.exit_code == 0, result.output
    bindings = json.loads(result.output)["results"]["bindings"]
    library = arkg.query("timeline", data=big)
    assert len(bindings) == len(library) == library.total > 1000  # machine formats: every row
    assert [b["event"]["value"] for b in bindings] == library.values("event")
    # the generated events are there, not the shipped graph's alone
    assert any(e.endswith("-g7") for e in library.values("event"))
    # ARKG_DATA does what --data does
    via_env = cli("query", "timeline", "--format", "json", env={"ARKG_DATA": str(big)})
    assert via_env.exit_code == 0 and json.loads(via_env.output) == json.loads(result.output)


def test_the_validation_report_is_the_same_through_the_cli_and_the_library(big):
    report = arkg.validate(data=big)
    result = cli("validate", "--data", str(big))
    assert report.conforms, report.text()  # the generator writes facts the shapes accept
    assert result.exit_code == 0
    assert result.output == report.text()
    # a contribution to it with a rule broken: the same report both ways, exit 1
    bad = Path(__file__).parent / "fixtures" / "shapes" / "agreement-one-party.ttl"
    contribution = arkg.validate([bad], data=big)
    result = cli("validate", str(bad), "--data", str(big))
    assert result.exit_code == 1 and not contribution.conforms
    # each parse names blank nodes afresh: the same report, up to those labels
    assert _labels_away(result.output) == _labels_away(contribution.text())
    assert all(v.file == str(bad) for v in contribution.violations)
    assert len(report.files) == len(list(big.glob("*.ttl"))) + len(paths.ontology_files())  # the facts and the shipped ontology modules


def test_table_output_shows_a_page_and_says_how_many_rows_there_are(big):
    total = arkg.query("timeline", data=big).total
    result = cli("query", "timeline", "--data", str(big))
    assert result.exit_code == 0
    assert f"rows 1–50 of {total}; --limit/--offset for more" in result.output
    assert len(result.output.strip().splitlines()) == 2 + 50 + 1  # header, rule, page, note
    page = cli("query", "timeline", "--data", str(big), "--limit", "5", "--offset", "10", "--format", "csv")
    library = arkg.query("timeline", data=big, limit=5, offset=10)
    assert library.total == total and len(library) == 5
    rows = page.output.strip().splitlines()[1:]
    assert [r.split(",")[1] for r in rows] == library.values("event")
    assert library.values("event") == arkg.query("timeline", data=big).values("event")[10:15]


def test_sparql_pages_too(big):
    text = "SELECT ?e WHERE { ?e a arkg:Event } ORDER BY ?e"
    whole = arkg.sparql(text, data=big)
    page = arkg.sparql(text, data=big, limit=3, offset=2)
    assert page.total == whole.total == len(whole) and page.values("e") == whole.values("e")[2:5]
    result = cli("sparql", text, "--data", str(big), "--limit", "3", "--offset", "2")
    assert result.exit_code == 0 and f"rows 3–5 of {whole.total}" in result.output


def test_stats_and_export_read_the_own_data(big):
    figures = arkg.stats(data=big)
    assert figures["triples"] == arkg.build(data=big).total
    result = cli("stats", "--data", str(big), "--format", "json")
    assert json.loads(result.output) == figures
    whole = cli("export", "--data", str(big), "--format", "nt", "--with-internal", "--with-trivial")
    assert whole.exit_code == 0 and len(whole.output.splitlines()) == arkg.build(data=big).asserted
    nt = cli("export", "--data", str(big), "--format", "nt")  # without the build's internal helpers
    assert nt.exit_code == 0 and 0 < len(nt.output.splitlines()) < arkg.build(data=big).asserted
    assert "/arkg/internal/" not in nt.output and "/arkg/internal/mostSpecificType" in whole.output


def test_a_directory_with_its_own_ontology(tmp_path):
    from arkg import paths

    data = tmp_path / "mine"
    (data / "ontology").mkdir(parents=True)
    (data / "ontology" / "arkg.ttl").write_text(paths.ontology_file().read_text())
    (data / "facts.ttl").write_text(
        (paths.graph_dir() / "sources.ttl").read_text())
    from arkg.dataset import from_directory
    ds = from_directory(data)
    assert ds.files[0] == data / "ontology" / "arkg.ttl" and data / "facts.ttl" in ds.files
    assert not any("ontology" in f.parts[-2] for f in ds.files[1:])
    assert ds.shapes == tuple(sorted(paths.shapes_dir().glob("*.ttl")))  # none of its own: ours


def test_bad_data_directories_are_usage_errors(tmp_path):
    result = cli("query", "timeline", "--data", str(tmp_path / "nowhere"))
    assert result.exit_code == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    result = cli("build", "--data", str(empty))
    assert result.exit_code == 2 and "no .ttl or .nt files" in result.output
    result = cli("query", "timeline", "--limit", "-1")
    assert result.exit_code == 2


def test_a_syntax_error_in_own_shapes_names_file_line_and_column(tmp_path):
    """Shapes are read like every other input: a broken shapes file of a data directory is an
    input error (exit 2) naming its place, not an internal error."""
    data = tmp_path / "mine"
    (data / "ontology" / "shapes").mkdir(parents=True)
    for module in paths.ontology_files():
        (data / "ontology" / module.name).write_text(module.read_text())
    shapes = data / "ontology" / "shapes" / "data.ttl"
    good = (paths.shapes_dir() / "data.ttl").read_text()
    shapes.write_text(good + '\n<https://example.org/s> a <https://example.org/C> ;\n  "no predicate" .\n')
    (data / "facts.ttl").write_text((paths.graph_dir() / "sources.ttl").read_text())
    result = cli("validate", "--data", str(data))
    line = good.count("\n") + 3
    assert result.exit_code == 2, result.output
    assert re.search(rf"{re.escape(str(shapes))}:{line}:\d+: syntax error", result.output), result.output
