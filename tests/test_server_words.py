"""Dates in words on the pages, search ranking, and the labels service of results tables."""

from __future__ import annotations

import pytest

import arkg
from arkg.dates import DateError, parse
from arkg.server.date_words import LEGEND, in_words
from server_fixtures import arkg_server  # noqa: F401  (fixture)


@pytest.mark.parametrize("stated,words", [
    ("1961-12", "December 1961"), ("1961-12-03", "3 December 1961"), ("1961", "1961"), ("195X", "the 1950s"),
    ("../1978", "by 1978"), ("1949-02/..", "from February 1949 on"), ("late 1960-04", "late April 1960"),
    ("mid 195X", "the mid-1950s"), ("1960-11-10/1960-11-11", "10 November 1960 – 11 November 1960"),
    ("spring 1960", "spring 1960")])
def test_stated_dates_in_words(stated, words):
    parse(stated)  # every example is in the notation
    assert in_words(stated) == words


def test_the_legend_examples_are_in_the_notation():
    for codes, _ in LEGEND:
        for code in codes.split(", "):
            parse(code)


def test_the_pages_show_the_one_legend_and_word_every_example():
    """The legend is arkg.dates.LEGEND; each example is read by dates.parse and worded, and a
    meaning that gives the words ("a month: December 1961") gives what in_words says."""
    from arkg.dates import LEGEND as NOTATION

    assert LEGEND == [(", ".join(examples), meaning) for examples, meaning in NOTATION]
    for examples, meaning in NOTATION:
        for example in examples:
            assert in_words(example)
            if ": " in meaning and len(examples) == 1:
                assert in_words(example) == meaning.split(": ", 1)[1], example


@pytest.mark.parametrize("text", ["1961-02-30", "early 1961-02-03", "1962/1961", "../x", "mid spring 1960", "1961-13"])
def test_what_dates_parse_refuses_is_not_worded(text):
    """Words come from dates.parse: text it refuses comes back as it is."""
    with pytest.raises(DateError):
        parse(text)
    assert in_words(text) == text


def test_prefixless_queries_over_http(arkg_server):
    r = arkg_server.get("/sparql", params={"query": "ASK { arkr:albania arkg:isMemberOfOrganization arkr:warsaw-pact }"},
                        headers={"Accept": "application/sparql-results+json"})
    assert r.status == 200 and r.json()["boolean"] == arkg.sparql("ASK { arkr:albania arkg:isMemberOfOrganization arkr:warsaw-pact }")


def test_a_syntax_error_over_http_names_line_and_column(arkg_server):
    r = arkg_server.sparql('SELECT ?v WHERE {\n  ?v a arkg:Visit .\n  FILTR(?v)\n}')
    assert r.status == 400
    assert r.text.startswith("error 400: SPARQL syntax error at line 3, column 3: unexpected 'FILTR'")


def test_labels_and_date_bounds_for_results_tables(arkg_server):
    r = arkg_server.request("POST", "/api/labels", body='["https://w3id.org/arkg/id/albania", "../1978", "x"]',
                            headers={"Content-Type": "application/json"})
    found = r.json()
    assert found["https://w3id.org/arkg/id/albania"]["label"] == "Albania"
    assert found["https://w3id.org/arkg/id/albania"]["type"]
    assert found["../1978"] == {"earliest": None, "latest": "1978-12-31", "words": "by 1978"}
    assert "x" not in found
    assert arkg_server.request("POST", "/api/labels", body="{").status == 400


def test_search_ranks_exact_and_prefix_names_and_agents_first(arkg_server):
    found = arkg_server.get("/api/search", params={"q": "Alb"}).json()
    assert found[0]["iri"] == "https://w3id.org/arkg/id/albania"
    found = arkg_server.get("/api/search", params={"q": "Khrushchev"}).json()
    people = {r["p"] for r in arkg.sparql('SELECT ?p WHERE { ?p a arkg:Person ; rdfs:label ?l '
                                          'FILTER(CONTAINS(?l, "Khrushchev")) }').dicts()}
    assert found[0]["iri"] in people


@pytest.mark.parametrize("text", ["Hrushov", "Khruschev", "Tiranë", "PLA"])
def test_pages_search_ranks_as_the_search_query_does(arkg_server, text):
    """One engine: the autocomplete finds spellings and transliterations as `arkg query search`
    does, in the same order (the page also lists names the query leaves out, such as classes)."""
    page = [f["iri"] for f in arkg_server.get("/api/search", params={"q": text}).json()]
    query = [r["entity"] for r in arkg.query("search", text=text).dicts()]
    assert query and page and page[0] == query[0]
    shown = set(page) & set(query)
    assert [i for i in page if i in shown] == [i for i in query if i in shown]
