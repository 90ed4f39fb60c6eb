"""The CLI contract: every command has --help with an example; usage errors exit 2 with a
message and no traceback; formats are what they say."""

import csv
import io
import json

import pytest

COMMANDS = ["queries", "query", "sparql", "validate", "build", "export", "stats", "serve", "push", "link"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(run_cli, command):
    code, out, err = run_cli(command, "--help")
    assert code == 0, err
    assert "Example" in out and f"arkg {command}" in out


def test_top_level_help_and_version(run_cli):
    code, out, _ = run_cli("--help")
    assert code == 0 and all(c in out for c in COMMANDS)
    import arkg
    code, out, _ = run_cli("--version")
    assert code == 0 and arkg.__version__ in out


def test_top_level_help_lists_the_documented_exit_codes(run_cli):
    from arkg.errors import EXIT_CODES

    code, out, _ = run_cli("--help")
    assert code == 0 and "Exit codes:" in out
    for number, meaning in EXIT_CODES:
        assert f"  {number}  {meaning.replace('`', '')[:40]}" in out


def test_the_entry_point_runs_in_a_real_process(run_cli_process):
    """The other CLI tests run in process; this one runs ``python -m arkg`` for real."""
    code, out, err = run_cli_process("query", "who-broke-relations", "--format", "csv")
    assert code == 0, err
    assert out.startswith("breaker,other,") and out.count("\n") >= 2
    code, out, err = run_cli_process("query", "visits", "visitor=Nobody Atall")
    assert code == 2 and "no entity matches" in err and "Traceback" not in err


def test_queries_lists_titles_and_parameters(run_cli):
    code, out, _ = run_cli("queries")
    assert code == 0
    assert "who-broke-relations  —  Who broke relations with whom" in out
    assert "a=<entity> (optional)" in out and "from=<from-date> (optional)" in out
    assert "agent=<entity> (required)" in out


@pytest.mark.parametrize("args, message", [
    (["query", "no-such-query"], "no canned query 'no-such-query'"),
    (["query", "visits", "nobody=1"], "has no parameter nobody"),
    (["query", "visits", "visitor=Nobody Atall"], "no entity matches 'Nobody Atall'"),
    (["query", "events-of"], "needs agent=VALUE"),
    (["query", "timeline", "from=someday"], "from='someday'"),
    (["query", "visits", "visitor"], "not NAME=VALUE"),
    (["sparql", "INSERT DATA { <urn:a> <urn:b> <urn:c> }"], "updates are refused"),
    (["sparql", "SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }"], "SERVICE is not allowed"),
    # a "#" inside an IRI before it on the same line is not a comment that hides SERVICE
    (["sparql", "PREFIX owl: <http://www.w3.org/2002/07/owl#> SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql> "
                "{ ?s ?p ?o } }"], "SERVICE is not allowed"),
    (["sparql", "SELEC nonsense"], "SPARQL syntax error"),
])
def test_usage_errors_exit_2_with_a_message(run_cli, args, message):
    code, out, err = run_cli(*args)
    assert code == 2
    assert message in err
    assert "Traceback" not in err


def test_formats(run_cli):
    code, out, _ = run_cli("query", "who-broke-relations", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["head"]["vars"][:6] == ["breaker", "other", "date", "kind", "event", "source"]
    assert {"dateEarliest", "dateLatest"} <= set(data["head"]["vars"])
    assert data["results"]["bindings"][0]["breaker"]["type"] == "uri"
    code, out, _ = run_cli("query", "who-broke-relations", "--format", "csv")
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0][:6] == ["breaker", "other", "date", "kind", "event", "source"] and len(rows) >= 2
    code, out, _ = run_cli("query", "who-broke-relations", "--format", "tsv")
    assert out.splitlines()[0].split("\t")[:2] == ["?breaker", "?other"]
    assert out.splitlines()[1].startswith("<https://w3id.org/arkg/id/")
    code, out, _ = run_cli("query", "who-broke-relations")
    assert "Soviet Union" in out and "1961-12" in out and "arkr:soviet-union" not in out
    assert "break of diplomatic relations" in out and "dateEarliest" not in out
    code, out, _ = run_cli("query", "who-broke-relations", "--iris")
    assert "arkr:soviet-union" in out and "arkg:BreakOfRelations" in out


def test_machine_formats_are_the_endpoints_serialisations(run_cli):
    """The CLI writes SPARQL results and graphs with the same serialisers as the endpoint, so each
    format reads back with a standard parser to the same answer."""
    import pyoxigraph as ox

    code, table, _ = run_cli("query", "who-broke-relations", "--format", "tsv")
    rows = {fmt: ox.parse_query_results(run_cli("query", "who-broke-relations", "--format", fmt)[1].encode(),
                                        format=getattr(ox.QueryResultsFormat, fmt.upper()))
            for fmt in ("json", "xml", "tsv")}
    as_text = {fmt: sorted(tuple(str(s[v]) for v in answer.variables) for s in answer) for fmt, answer in rows.items()}
    assert as_text["json"] == as_text["xml"] == as_text["tsv"] and len(as_text["json"]) == len(table.splitlines()) - 1
    code, out, _ = run_cli("sparql", "ASK { arkr:albania a arkg:SovereignState }", "--format", "xml")
    assert code == 0 and bool(ox.parse_query_results(out.encode(), format=ox.QueryResultsFormat.XML)) is True
    describe = "DESCRIBE arkr:enver-hoxha"
    turtle = set(ox.parse(run_cli("sparql", describe, "--format", "turtle")[1].encode(), format=ox.RdfFormat.TURTLE))
    jsonld = set(ox.parse(run_cli("sparql", describe, "--format", "jsonld")[1].encode(), format=ox.RdfFormat.JSON_LD))
    assert turtle and turtle == jsonld
    code, _, err = run_cli("sparql", "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "--format", "jsonld")
    assert code == 2 and "CONSTRUCT and DESCRIBE" in err


def test_zero_rows_is_success(run_cli):
    code, out, _ = run_cli("query", "timeline", "from=1800", "to=1801")
    assert code == 0 and "(0 rows)" in out


def test_sparql_kinds(run_cli):
    code, out, _ = run_cli("sparql", "ASK { ?s a <https://w3id.org/arkg/ontology/SovereignState> }")
    assert code == 0 and out.strip() == "true"
    code, out, _ = run_cli("sparql", "-", "--format", "csv",
                           input="SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert code == 0 and int(out.splitlines()[1]) > 1000
    code, out, _ = run_cli("sparql", "CONSTRUCT { ?s a ?t } WHERE { ?s a ?t } LIMIT 3", "--format", "nt")
    assert code == 0 and len(out.strip().splitlines()) == 3 and out.strip().endswith(".")
    code, out, _ = run_cli("sparql", "SELECT ?p WHERE { <https://w3id.org/arkg/id/enver-hoxha> ?p ?o }", "--no-inference", "--format", "csv")
    no_inf = set(out.splitlines())
    code, out, _ = run_cli("sparql", "SELECT ?p WHERE { <https://w3id.org/arkg/id/enver-hoxha> ?p ?o }", "--format", "csv")
    assert "https://w3id.org/arkg/ontology/isParticipantOf" in out
    assert "https://w3id.org/arkg/ontology/isParticipantOf" not in no_inf


def test_sparql_from_file(run_cli, tmp_path):
    f = tmp_path / "q.rq"
    f.write_text("SELECT ?s WHERE { ?s a <https://w3id.org/arkg/ontology/SovereignState> } ORDER BY ?s")
    code, out, _ = run_cli("sparql", "-f", str(f), "--format", "csv")
    assert code == 0 and "https://w3id.org/arkg/id/albania" in out


def test_sparql_has_the_project_prefixes_predeclared(run_cli):
    code, out, err = run_cli("sparql", "ASK { arkr:albania arkg:isMemberOfOrganization arkr:comecon }")
    assert code == 0, err
    assert out.strip() == "true"


def test_query_help_shows_every_row_of_the_date_legend(run_cli):
    from arkg.dates import LEGEND

    code, out, _ = run_cli("query", "--help")
    assert code == 0
    lines = out.splitlines()
    for examples, meaning in LEGEND:
        assert any(", ".join(examples) in line and line.rstrip().endswith(meaning) for line in lines), examples
