"""Real SPARQL clients against ``arkg serve``: SPARQLWrapper and rdflib's SPARQLStore get the same
answers as ``arkg.query`` for canned queries."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, N3, RDFXML, TURTLE, XML, SPARQLWrapper

import arkg
from server_fixtures import arkg_server  # noqa: F401  (fixture)

# Every canned query that runs without parameters (the graph grows; some may still be empty).
CANNED = sorted(n for n, q in arkg.queries().items() if not any(p.required for p in q.params))


def expected(name: str) -> list[dict]:
    return arkg.query(name).dicts()


def in_sorted_parts(name: str, rows: list[dict]) -> list[dict]:
    """Rows with their GROUP_CONCAT columns' parts sorted, as ``arkg.query`` returns them (SPARQL
    leaves the order of a concatenation open, so a raw query may list the parts in any order)."""
    separators = arkg.queries()[name].concatenated
    return [{c: (separators[c].join(sorted(v.split(separators[c]))) if c in separators and v else v)
             for c, v in row.items()} for row in rows]


def test_enough_canned_queries_have_rows_to_compare():
    assert sum(1 for n in CANNED if expected(n)) >= 3


@pytest.mark.parametrize("name", CANNED)
def test_sparqlwrapper_json_matches_arkg_query(arkg_server, name):
    want = expected(name)
    columns = arkg.queries()[name].columns
    client = SPARQLWrapper(arkg_server.url + "/sparql")
    client.setQuery(arkg.queries()[name].text)
    client.setReturnFormat(JSON)
    data = client.query().convert()
    got = [{c: (b[c]["value"] if c in b else None) for c in columns} for b in data["results"]["bindings"]]
    assert in_sorted_parts(name, got) == [{c: r[c] for c in columns} for r in want]


@pytest.mark.parametrize("name", ["visits", "positions"])
def test_sparqlwrapper_xml_and_post(arkg_server, name):
    want = expected(name)
    assert want
    client = SPARQLWrapper(arkg_server.url + "/sparql")
    client.setQuery(arkg.queries()[name].text)
    client.setMethod("POST")
    client.setReturnFormat(XML)
    doc = client.query().convert()
    ns = "http://www.w3.org/2005/sparql-results#"
    assert len(doc.getElementsByTagNameNS(ns, "result")) == len(want)


def test_sparqlwrapper_csv_and_graph_formats(arkg_server):
    client = SPARQLWrapper(arkg_server.url + "/sparql")
    client.setQuery(arkg.queries()["visits"].text)
    client.setReturnFormat(CSV)
    text = client.query().convert().decode("utf-8")
    assert len(text.strip().splitlines()) == len(expected("visits")) + 1
    construct = ("PREFIX arkg: <https://w3id.org/arkg/ontology/> "
                 "CONSTRUCT { ?e a arkg:Visit } WHERE { ?e a arkg:Visit }")
    n = len(arkg.sparql(construct))
    for fmt in (TURTLE, RDFXML, N3):
        client = SPARQLWrapper(arkg_server.url + "/sparql")
        client.setQuery(construct)
        client.setReturnFormat(fmt)
        result = client.query().convert()
        graph = result if isinstance(result, Graph) else Graph().parse(data=result, format="turtle")
        assert len(graph) == n > 0


def _plain(term):
    return None if term is None else str(term)


@pytest.mark.parametrize("name", CANNED)
def test_rdflib_sparqlstore_matches_arkg_query(arkg_server, name):
    want = expected(name)
    columns = arkg.queries()[name].columns
    store = SPARQLStore(arkg_server.url + "/sparql")
    graph = Graph(store=store)
    rows = list(graph.query(arkg.queries()[name].text))
    got = [{c: _plain(row[c]) for c in columns} for row in rows]
    assert in_sorted_parts(name, got) == [{c: r[c] for c in columns} for r in want]
    store.close()


def test_rdflib_sparqlstore_ask_and_construct(arkg_server):
    graph = Graph(store=SPARQLStore(arkg_server.url + "/sparql"))
    assert graph.query("ASK { <https://w3id.org/arkg/id/albania> ?p ?o }").askAnswer is True
    assert graph.query("ASK { <https://w3id.org/arkg/id/no-such-thing> ?p ?o }").askAnswer is False
    triples = graph.query("CONSTRUCT { <https://w3id.org/arkg/id/albania> ?p ?o } "
                          "WHERE { <https://w3id.org/arkg/id/albania> ?p ?o }").graph
    assert (URIRef("https://w3id.org/arkg/id/albania"), URIRef("http://www.w3.org/2000/01/rdf-schema#label"),
            Literal("Albania", lang="en")) in triples


def test_canned_endpoint_with_parameters_matches_arkg_query(arkg_server):
    want = arkg.query("visits", visitor="Enver Hoxha").dicts()
    r = arkg_server.get("/canned/visits", {"visitor": "Enver Hoxha"})
    assert r.status == 200
    got = [{c: (b[c]["value"] if c in b else None) for c in r.json()["head"]["vars"]}
           for b in r.json()["results"]["bindings"]]
    assert got == want and want
    csv_text = arkg_server.get("/canned/visits", {"visitor": "Enver Hoxha", "format": "csv"}).text
    assert len(csv_text.strip().splitlines()) == len(want) + 1
