"""SPARQL 1.1 Protocol conformance of ``arkg serve``, against the live server.

One test per entry of the W3C protocol test manifest (sparql/sparql11/protocol/manifest.ttl in
w3c/rdf-tests), each written here from the entry's description. Our store holds one graph (the
reasoned ARKG graph: the default graph, also named <https://w3id.org/arkg/graph>), so the dataset
tests select that graph where the suite loads its data1/data2/data3 graphs, and ask about ARKG
entities where the suite asks about those files; each also checks that an unknown graph name
selects an empty graph (the protocol parameters select graphs of the store, nothing is fetched).
The update entries presuppose a writable store: a read-only endpoint must refuse them (4xx) and
keep its data unchanged, which is what we test under their names.

Then: every results and graph format, Accept with q-values, 406, the ``format`` parameter and the
service description.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from urllib.parse import quote

import pyoxigraph as ox
import pytest

from server_fixtures import arkg_server  # noqa: F401  (fixture)

G = "https://w3id.org/arkg/graph"
K = "http://kasei.us/2009/09/sparql/data/"
A, SU, RF = ("https://w3id.org/arkg/id/albania", "https://w3id.org/arkg/id/soviet-union",
             "https://w3id.org/arkg/id/russian-federation")
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
DIRECT = {"Content-Type": "application/sparql-query"}
UPDATE = {"Content-Type": "application/sparql-update"}
BOOLEAN_TYPES = {"application/sparql-results+xml", "application/sparql-results+json"}
TABULAR_TYPES = BOOLEAN_TYPES | {"text/csv", "text/tab-separated-values"}
RDF_TYPES = {"text/turtle", "application/rdf+xml", "application/n-triples", "application/ld+json"}


def q(text: str) -> str:
    return quote(text, safe="")


def boolean_of(resp) -> bool:
    assert resp.content_type in BOOLEAN_TYPES, resp.headers
    if resp.content_type.endswith("json"):
        return resp.json()["boolean"]
    root = ET.fromstring(resp.body)
    return root.find("{http://www.w3.org/2005/sparql-results#}boolean").text == "true"


def count_triples(server) -> int:
    resp = server.sparql("SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }")
    return int(resp.json()["results"]["bindings"][0]["n"]["value"])


# --- query entries ---------------------------------------------------------------------------

ASK_TWO = f"ASK {{ <{A}> a ?type . <{SU}> a ?type . }}"
ASK_NAMED = f"ASK {{ GRAPH ?g1 {{ <{A}> a ?type }} GRAPH ?g2 {{ <{SU}> a ?type }} }}"
ASK_FULL = f"ASK {{\n  <{RF}> a ?type\n  GRAPH ?g1 {{ <{A}> a ?type }}\n  GRAPH ?g2 {{ <{SU}> a ?type }}\n}}"


def test_query_post_form(arkg_server):
    r = arkg_server.request("POST", f"/sparql/?default-graph-uri={q(K + 'data0.rdf')}", "query=ASK%20%7B%7D", FORM)
    assert r.status == 200 and boolean_of(r) is True


def test_query_dataset_default_graphs_get(arkg_server):
    r = arkg_server.get(f"/sparql/?query={q(ASK_TWO)}&default-graph-uri={q(G)}&default-graph-uri={q(K + 'data2.rdf')}")
    assert r.status == 200 and boolean_of(r) is True
    unknown = arkg_server.get(f"/sparql/?query={q(ASK_TWO)}&default-graph-uri={q(K + 'data1.rdf')}")
    assert unknown.status == 200 and boolean_of(unknown) is False


def test_query_dataset_default_graphs_post(arkg_server):
    r = arkg_server.request("POST", f"/sparql/?default-graph-uri={q(K + 'data1.rdf')}&default-graph-uri={q(G)}",
                            ASK_TWO, DIRECT)
    assert r.status == 200 and boolean_of(r) is True
    unknown = arkg_server.request("POST", f"/sparql/?default-graph-uri={q(K + 'data1.rdf')}", ASK_TWO, DIRECT)
    assert boolean_of(unknown) is False


def test_query_dataset_named_graphs_post(arkg_server):
    r = arkg_server.request("POST", f"/sparql/?named-graph-uri={q(G)}&named-graph-uri={q(K + 'data2.rdf')}",
                            ASK_NAMED, DIRECT)
    assert r.status == 200 and boolean_of(r) is True
    unknown = arkg_server.request("POST", f"/sparql/?named-graph-uri={q(K + 'data1.rdf')}", ASK_NAMED, DIRECT)
    assert boolean_of(unknown) is False


def test_query_dataset_named_graphs_get(arkg_server):
    r = arkg_server.get(f"/sparql/?query={q(ASK_NAMED)}&named-graph-uri={q(G)}&named-graph-uri={q(K + 'data2.rdf')}")
    assert r.status == 200 and boolean_of(r) is True
    # named graphs only: the default graph of that dataset is empty
    r2 = arkg_server.get(f"/sparql/?query={q(ASK_TWO)}&named-graph-uri={q(G)}")
    assert boolean_of(r2) is False


def test_query_dataset_full(arkg_server):
    r = arkg_server.request("POST", f"/sparql/?default-graph-uri={q(G)}&named-graph-uri={q(G)}"
                            f"&named-graph-uri={q(K + 'data2.rdf')}", ASK_FULL, DIRECT)
    assert r.status == 200 and boolean_of(r) is True
    r2 = arkg_server.request("POST", f"/sparql/?default-graph-uri={q(K + 'data3.rdf')}&named-graph-uri={q(G)}",
                             ASK_FULL, DIRECT)
    assert boolean_of(r2) is False


def test_query_multiple_dataset(arkg_server):
    """The protocol's dataset wins over the query's FROM."""
    text = f"ASK FROM <{K}data3.rdf> {{ GRAPH ?g1 {{ <{A}> a ?type }} GRAPH ?g2 {{ <{SU}> a ?type }} }}"
    r = arkg_server.request("POST", f"/sparql/?named-graph-uri={q(G)}", text, DIRECT)
    assert r.status == 200 and boolean_of(r) is True
    without = arkg_server.request("POST", "/sparql/", text, DIRECT)
    assert boolean_of(without) is False  # FROM alone leaves no named graphs


def test_query_get(arkg_server):
    r = arkg_server.get(f"/sparql/?query=ASK%20%7B%7D&default-graph-uri={q(K + 'data0.rdf')}")
    assert r.status == 200 and boolean_of(r) is True


def test_query_content_type_select(arkg_server):
    r = arkg_server.request("POST", f"/sparql/?default-graph-uri={q(K + 'data0.rdf')}", "SELECT (1 AS ?value) {}", DIRECT)
    assert r.status == 200 and r.content_type in TABULAR_TYPES
    assert r.json()["results"]["bindings"][0]["value"]["value"] == "1"


def test_query_content_type_ask(arkg_server):
    r = arkg_server.request("POST", f"/sparql/?default-graph-uri={q(K + 'data0.rdf')}", "ASK {}", DIRECT)
    assert r.status == 200 and r.content_type in BOOLEAN_TYPES


def test_query_content_type_describe(arkg_server):
    r = arkg_server.request("POST", f"/sparql/?default-graph-uri={q(K + 'data0.rdf')}", "DESCRIBE <http://example.org/>", DIRECT)
    assert r.status == 200 and r.content_type in RDF_TYPES
    ox.parse(r.body, format=ox.RdfFormat.from_media_type(r.content_type))


def test_query_content_type_construct(arkg_server):
    r = arkg_server.request("POST", f"/sparql/?default-graph-uri={q(K + 'data0.rdf')}", "CONSTRUCT { <s> <p> 1 } WHERE {}", DIRECT)
    assert r.status == 200 and r.content_type in RDF_TYPES
    triples = list(ox.parse(r.body, format=ox.RdfFormat.from_media_type(r.content_type)))
    assert len(triples) == 1 and triples[0].object.value == "1"
    assert triples[0].subject.value.endswith("/s")  # resolved against the endpoint's base IRI


def test_query_post_direct(arkg_server):
    r = arkg_server.request("POST", "/sparql/", "ASK {}", DIRECT)
    assert r.status == 200 and boolean_of(r) is True


# --- update entries: refused by a read-only endpoint ---------------------------------------------

UPDATE_ENTRIES = {
    "update_dataset_default_graph": (f"/sparql/?using-graph-uri={q(K + 'data1.rdf')}", UPDATE,
        f"CLEAR ALL ;\nINSERT DATA {{ GRAPH <{K}data1.rdf> {{ <{K}data1.rdf> a <http://xmlns.com/foaf/0.1/Document> }} }}"),
    "update_dataset_default_graphs": (f"/sparql/?using-graph-uri={q(K + 'data1.rdf')}&using-graph-uri={q(K + 'data2.rdf')}",
        UPDATE, "DROP ALL ; INSERT DATA { <http://example.org/x> a <http://example.org/Y> }"),
    "update_dataset_named_graphs": (f"/sparql/?using-named-graph-uri={q(K + 'data1.rdf')}", UPDATE,
        "DROP ALL ; INSERT { GRAPH <http://example.org/t/> { ?s a ?c } } WHERE { GRAPH ?g { ?s a ?c } }"),
    "update_dataset_full": (f"/sparql/?using-graph-uri={q(K + 'data1.rdf')}&using-named-graph-uri={q(K + 'data2.rdf')}",
        UPDATE, "DROP ALL"),
    "update_post_form": ("/sparql/", FORM, "update=CLEAR+ALL"),
    "update_post_direct": ("/sparql/", UPDATE, "CLEAR ALL"),
    "update_base_uri": ("/sparql/", UPDATE, "CLEAR GRAPH <http://example.org/protocol-base-test/> ;\n"
                        "INSERT DATA { GRAPH <http://example.org/protocol-base-test/> { <http://example.org/s> <http://example.org/p> <test> } }"),
}


@pytest.mark.parametrize("entry", sorted(UPDATE_ENTRIES))
def test_update_entries_are_refused_read_only(arkg_server, entry):
    before = count_triples(arkg_server)
    path, headers, body = UPDATE_ENTRIES[entry]
    r = arkg_server.request("POST", path, body, headers)
    assert 400 <= r.status < 500 and "read-only" in r.text
    assert count_triples(arkg_server) == before


# --- negative entries ------------------------------------------------------------------------

NEGATIVE = {
    "bad_query_method": ("PUT", f"/sparql/?query=ASK%20%7B%7D&default-graph-uri={q(K + 'data0.rdf')}", FORM, b""),
    "bad_multiple_queries": ("GET", "/sparql/?query=ASK%20%7B%7D&query=SELECT%20%2A%20%7B%7D", {}, None),
    "bad_query_wrong_media_type": ("POST", "/sparql/", {"Content-Type": "text/plain"}, b"ASK {}"),
    "bad_query_missing_form_type": ("POST", "/sparql/", {}, b"query=ASK%20%7B%7D"),
    "bad_query_missing_direct_type": ("POST", "/sparql/", {}, b"ASK {}"),
    "bad_query_non_utf8": ("POST", "/sparql/", {"Content-Type": "application/sparql-query; charset=UTF-16"},
                           "ASK {}".encode("utf-16")),
    "bad_query_syntax": ("GET", "/sparql/?query=ASK%20%7B", {}, None),
    "bad_update_get": ("GET", "/sparql/?update=CLEAR%20ALL", {}, None),
    "bad_multiple_updates": ("POST", "/sparql/", FORM, b"update=CLEAR%20NAMED&update=CLEAR%20DEFAULT"),
    "bad_update_wrong_media_type": ("POST", "/sparql/", {"Content-Type": "text/plain"}, b"CLEAR NAMED"),
    "bad_update_missing_form_type": ("POST", "/sparql/", {}, b"update=CLEAR%20NAMED"),
    "bad_update_non_utf8": ("POST", "/sparql/", {"Content-Type": "application/sparql-update; charset=UTF-16"},
                            "CLEAR NAMED".encode("utf-16")),
    "bad_update_syntax": ("POST", "/sparql/", FORM, b"update=CLEAR%20XYZ"),
    "bad_update_dataset_conflict": ("POST", "/sparql/?using-named-graph-uri=http%3A%2F%2Fexample%2Fpeople", UPDATE,
                                    b"PREFIX foaf: <http://xmlns.com/foaf/0.1/>\nWITH <http://example/addresses>\n"
                                    b"DELETE { ?p foaf:givenName 'Bill' } INSERT { ?p foaf:givenName 'William' }\n"
                                    b"WHERE { ?p foaf:givenName 'Bill' }"),
}


@pytest.mark.parametrize("entry", sorted(NEGATIVE))
def test_negative_entries(arkg_server, entry):
    method, path, headers, body = NEGATIVE[entry]
    r = arkg_server.request(method, path, body, headers)
    assert 400 <= r.status < 500, (r.status, r.text)
    assert r.content_type == "text/plain" and r.text.startswith(f"error {r.status}:")


# --- formats and negotiation -------------------------------------------------------------------

SELECT = ("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?e ?l WHERE { ?e rdfs:label ?l "
          "FILTER(?e = <https://w3id.org/arkg/id/albania>) } ORDER BY ?l")
CONSTRUCT = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(?s = <https://w3id.org/arkg/id/albania>) }"


def _labels_via(resp) -> list[str]:
    if resp.content_type == "application/sparql-results+json":
        return [b["l"]["value"] for b in resp.json()["results"]["bindings"]]
    if resp.content_type == "application/sparql-results+xml":
        ns = "{http://www.w3.org/2005/sparql-results#}"
        return [b.find(f"{ns}literal").text for b in ET.fromstring(resp.body).iter(f"{ns}binding")
                if b.get("name") == "l"]
    if resp.content_type == "text/csv":
        rows = list(csv.DictReader(io.StringIO(resp.text)))
        return [r["l"] for r in rows]
    if resp.content_type == "text/tab-separated-values":
        lines = resp.text.rstrip("\n").split("\n")
        assert lines[0] == "?e\t?l"
        return [ox.Literal(json.loads(line.split("\t")[1].rsplit("@", 1)[0])).value for line in lines[1:]]
    raise AssertionError(resp.content_type)


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "application/sparql-results+xml",
                                    "text/csv", "text/tab-separated-values"])
def test_select_in_every_results_format(arkg_server, accept):
    expected = sorted({"Albania", "Shqipëria", "Албания"} & set(_labels_via(arkg_server.sparql(SELECT))))
    assert len(expected) >= 2  # the graph has Albania's name in several languages
    r = arkg_server.sparql(SELECT, accept=accept)
    assert r.status == 200 and r.content_type == accept
    assert set(expected) <= set(_labels_via(r))


@pytest.mark.parametrize("accept", sorted(RDF_TYPES))
def test_construct_in_every_graph_format(arkg_server, accept):
    reference = list(ox.parse(arkg_server.sparql(CONSTRUCT, accept="application/n-triples").body,
                              format=ox.RdfFormat.N_TRIPLES))
    r = arkg_server.sparql(CONSTRUCT, accept=accept)
    assert r.status == 200 and r.content_type == accept
    parsed = list(ox.parse(r.body, format=ox.RdfFormat.from_media_type(accept)))
    assert len(parsed) == len(reference) > 5


@pytest.mark.parametrize("fmt,media", [("json", "application/sparql-results+json"), ("xml", "application/sparql-results+xml"),
                                       ("csv", "text/csv"), ("tsv", "text/tab-separated-values")])
def test_format_parameter_for_results(arkg_server, fmt, media):
    r = arkg_server.get("/sparql", {"query": SELECT, "format": fmt}, headers={"Accept": "image/png"})
    assert r.status == 200 and r.content_type == media


@pytest.mark.parametrize("fmt,media", [("turtle", "text/turtle"), ("jsonld", "application/ld+json"),
                                       ("nt", "application/n-triples"), ("rdfxml", "application/rdf+xml"),
                                       ("xml", "application/rdf+xml"), ("json", "application/ld+json")])
def test_format_parameter_for_graphs(arkg_server, fmt, media):
    r = arkg_server.get("/sparql", {"query": CONSTRUCT, "format": fmt})
    assert r.status == 200 and r.content_type == media


def test_accept_q_values_pick_the_preferred_format(arkg_server):
    r = arkg_server.sparql(SELECT, accept="application/sparql-results+json;q=0.2, text/csv;q=0.9, */*;q=0.1")
    assert r.content_type == "text/csv"
    r = arkg_server.sparql(SELECT, accept="text/*;q=0.5, text/tab-separated-values")
    assert r.content_type == "text/tab-separated-values"
    r = arkg_server.sparql(CONSTRUCT, accept="application/rdf+xml;q=0.4, application/n-triples;q=0.8")
    assert r.content_type == "application/n-triples"
    r = arkg_server.sparql(SELECT, accept="application/sparql-results+json;q=0, */*")
    assert r.content_type != "application/sparql-results+json"


def test_406_when_nothing_fits(arkg_server):
    r = arkg_server.sparql(SELECT, accept="image/png")
    assert r.status == 406 and "available" in r.text
    r = arkg_server.sparql(SELECT, accept="text/turtle")  # a graph format for a SELECT
    assert r.status == 406
    r = arkg_server.sparql(CONSTRUCT, accept="text/csv")
    assert r.status == 406


def test_unknown_format_parameter_is_a_400(arkg_server):
    r = arkg_server.get("/sparql", {"query": SELECT, "format": "pdf"})
    assert r.status == 400 and "unknown format" in r.text


def test_service_description(arkg_server):
    r = arkg_server.get("/sparql", headers={"Accept": "text/turtle"})
    assert r.status == 200 and r.content_type == "text/turtle"
    store = ox.Store()
    store.load(r.body, format=ox.RdfFormat.TURTLE)
    sd = "http://www.w3.org/ns/sparql-service-description#"
    endpoint = ox.NamedNode(arkg_server.url + "/sparql")
    assert list(store.quads_for_pattern(endpoint, ox.NamedNode(sd + "endpoint"), endpoint))
    assert list(store.quads_for_pattern(endpoint, ox.NamedNode(sd + "supportedLanguage"), ox.NamedNode(sd + "SPARQL11Query")))
    assert list(store.quads_for_pattern(None, ox.NamedNode(sd + "name"), ox.NamedNode(G)))
    assert not list(store.quads_for_pattern(None, None, ox.NamedNode(sd + "SPARQL11Update")))
    jsonld = arkg_server.get("/sparql", headers={"Accept": "application/ld+json"})
    assert jsonld.status == 200 and jsonld.content_type == "application/ld+json"
    html = arkg_server.get("/sparql", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert html.content_type == "text/html" and "/query" in html.text
