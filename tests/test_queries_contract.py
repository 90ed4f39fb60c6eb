"""The canned-query contract: required queries, their parameters and columns, valid SPARQL on
their own, date order, and the -violation checks."""

import shlex

import pytest
from rdflib.plugins.sparql import prepareQuery

import arkg
from arkg import paths
from arkg.dates import parse

REQUIRED = {
    "who-broke-relations": (["state", "kind", "from", "to", "exact"], "breaker other date kind event source"),
    "who-established-relations": (["state", "kind", "from", "to", "exact"], "maker other date kind event source"),
    "relations": (["a", "b", "at", "exact"], "status start end opening closing source"),
    "timeline": (["a", "b", "from", "to", "exact"], "date event label type source aMatch bMatch"),
    "events-of": (["agent"], "date event label role"),
    "visits": (["visitor", "place", "exact"], "visitor place date event placeKind"),
    "memberships": (["member", "organization", "exact"], "member organization start end"),
    "agreements": (["party", "exact"], "agreement label date parties status"),
    "positions": (["person"], "person position start end"),
    "conflicting-claims": ([], "topic claim source otherClaim otherSource"),
    "sources": (["event"], "source locator"),
    "wikidata": (["entity"], "entity label wikidata"),
    "search": (["text"], "entity label type matched"),
}
CATALOG = arkg.queries()
DATE_COLUMN = {"who-broke-relations": "date", "who-established-relations": "date", "timeline": "date",
               "events-of": "date", "visits": "date", "agreements": "date", "relations": "start"}
# queries whose machine formats carry the first and last day each row's date allows
BOUNDED = sorted(set(DATE_COLUMN) - {"events-of"} | {"memberships"})


def test_query_files_are_found():
    files = sorted(paths.queries_dir().glob("*.rq"))
    assert len(files) == len(CATALOG) >= len(REQUIRED)


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_required_query_declares_its_contract(name):
    params, columns = REQUIRED[name]
    q = CATALOG[name]
    assert [p.name for p in q.params] == params
    assert q.columns[: len(columns.split())] == columns.split()
    assert q.title and q.description and q.examples


@pytest.mark.parametrize("name", sorted(CATALOG))
def test_each_file_is_valid_sparql_on_its_own(name):
    prepareQuery(CATALOG[name].text)  # rdflib's parser, independent of the engine we run on


@pytest.mark.parametrize("name", sorted(n for n, q in CATALOG.items() if not any(p.required for p in q.params)
                                        and not n.endswith("-violation")))
def test_unparameterised_run_returns_rows_with_the_declared_columns(name):
    result = arkg.query(name)
    assert len(result) >= 1
    assert result.columns[: len(CATALOG[name].columns)] == CATALOG[name].columns


@pytest.mark.parametrize("name", sorted(DATE_COLUMN))
def test_rows_are_in_date_order(name):
    result = arkg.query(name, **({"agent": "Nikita Khrushchev"} if name == "events-of" else {}))
    starts = []
    for value in result.values(DATE_COLUMN[name]):
        span = parse(value)
        starts.append(span.earliest or span.latest)
    assert starts == sorted(starts)
    assert len(starts) >= 1


@pytest.mark.parametrize("name", BOUNDED)
def test_machine_formats_carry_date_bounds_tables_do_not(name):
    result = arkg.query(name)
    assert {"dateEarliest", "dateLatest"} <= set(result.columns)
    header = result.render("csv").splitlines()[0].split(",")
    assert "dateEarliest" in header and "dateLatest" in header
    assert "dateEarliest" not in result.to_table().splitlines()[0]
    earliest = [r["dateEarliest"] for r in result.dicts() if r["dateEarliest"]]
    if name != "memberships":  # memberships are grouped by member, then in date order
        assert earliest == sorted(earliest)
    for r in result.dicts():
        if r["dateEarliest"] and r["dateLatest"]:
            assert r["dateEarliest"] <= r["dateLatest"]


@pytest.mark.parametrize("name", sorted(n for n in CATALOG if n.endswith("-violation")))
def test_violation_checks_return_no_rows(name):
    assert len(arkg.query(name)) == 0


def test_violation_checks_exist():
    assert sum(n.endswith("-violation") for n in CATALOG) >= 2


def test_dates_keep_their_precision():
    """No year printed as 1 January, no month as its first day."""
    dates = arkg.query("timeline").values("date")
    assert "1961-12" in dates
    assert "1961-12-01" not in dates


@pytest.mark.parametrize("example", [e for q in CATALOG.values() for e in q.examples])
def test_examples_in_headers_run(run_cli, example):
    args = shlex.split(example)
    assert args[0] == "arkg"
    code, out, err = run_cli(*args[1:])
    assert code == 0, err
    assert "row" in out or out.startswith(("{", "breaker", "date"))


def test_the_catalog_is_read_once_and_again_when_a_file_changes(tmp_path):
    """Headers and texts are parsed once per process (a query runs without re-reading every
    file), yet an edited query file is seen at once."""
    import os
    import shutil

    from arkg import canned

    for path in canned.paths.queries_dir().glob("*.rq"):
        shutil.copy(path, tmp_path / path.name)
    first = canned.catalog(tmp_path)
    assert canned.catalog(tmp_path)["visits"] is first["visits"]  # kept, not parsed again
    edited = tmp_path / "visits.rq"
    edited.write_text(edited.read_text().replace("# title: ", "# title: Edited: ", 1))
    os.utime(edited, ns=(edited.stat().st_atime_ns, edited.stat().st_mtime_ns + 10**9))
    again = canned.catalog(tmp_path)
    assert again["visits"].title.startswith("Edited: ") and "Edited: " in again["visits"].text
