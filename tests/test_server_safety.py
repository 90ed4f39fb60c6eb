"""``arkg serve`` is read-only, offline and bounded, shown against the live server."""

from __future__ import annotations

import socket
import threading
import time
from urllib.parse import quote

import pytest

from server_fixtures import arkg_server, strict_server  # noqa: F401  (fixtures)

PATHOLOGICAL = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?o ?p }"
SIMPLE = "SELECT ?l WHERE { <https://w3id.org/arkg/id/albania> <http://www.w3.org/2000/01/rdf-schema#label> ?l }"


def triple_count(server) -> int:
    r = server.sparql("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


class Listener:
    """A TCP listener on 127.0.0.1 that records every connection made to it."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.hits = 0
        self.stop = False
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        while not self.stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.hits += 1
            conn.close()

    def close(self):
        self.stop = True
        self.thread.join()
        self.sock.close()


@pytest.fixture
def listener():
    lst = Listener()
    yield lst
    lst.close()


@pytest.mark.parametrize("update", [
    "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "CLEAR DEFAULT",
    "DROP ALL",
    "PREFIX ex: <http://example.org/> # a comment\nINSERT { ex:a ex:b ?o } WHERE { ?s ?p ?o }",
    "WITH <http://example.org/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
])
def test_updates_are_refused_every_way(arkg_server, update):
    before = triple_count(arkg_server)
    attempts = [
        arkg_server.get(f"/sparql?query={quote(update)}"),
        arkg_server.get(f"/sparql?update={quote(update)}"),
        arkg_server.request("POST", "/sparql", f"update={quote(update)}", {"Content-Type": "application/x-www-form-urlencoded"}),
        arkg_server.request("POST", "/sparql", f"query={quote(update)}", {"Content-Type": "application/x-www-form-urlencoded"}),
        arkg_server.request("POST", "/sparql", update, {"Content-Type": "application/sparql-update"}),
        arkg_server.request("POST", "/sparql", update, {"Content-Type": "application/sparql-query"}),
    ]
    for r in attempts:
        assert 400 <= r.status < 500, (r.status, r.text)
        assert "Traceback" not in r.text
    assert any("read-only" in r.text for r in attempts)
    assert triple_count(arkg_server) == before


def test_service_load_and_remote_graphs_never_make_a_request(arkg_server, listener):
    url = listener.url
    refused = [
        f"SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
        f"select * where {{ service silent <{url}/sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ VALUES ?x {{ <{url}/sparql> }} SERVICE ?x {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SERVICE <{url}/q> {{ ?s ?p ?o }} }} }} }}",
        f"PREFIX s: <{url}/> SELECT * WHERE {{ OPTIONAL {{ SeRvIcE s:q {{ ?s ?p ?o }} }} }}",
        f"PREFIX s: <{url}/#> SELECT * WHERE {{ SERVICE s:q {{ ?s ?p ?o }} }}",  # "#" in an IRI is no comment
        f"LOAD <{url}/data.ttl>",
        f"LOAD SILENT <{url}/data.ttl> INTO GRAPH <http://example.org/g>",
    ]
    for text in refused:
        for r in (arkg_server.sparql(text), arkg_server.get(f"/sparql?query={quote(text)}")):
            assert 400 <= r.status < 500, (text, r.status, r.text)
    answered = [
        f"ASK FROM <{url}/data.ttl> {{ ?s ?p ?o }}",
        f"SELECT * FROM NAMED <{url}/data.ttl> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        f"DESCRIBE <{url}/thing>",
        f"CONSTRUCT {{ ?s ?p ?o }} FROM <{url}/x.ttl> WHERE {{ ?s ?p ?o }}",
        "SELECT ?service WHERE { BIND('SERVICE <http://x>' AS ?service) }",  # the word in a string is fine
    ]
    for text in answered:
        r = arkg_server.sparql(text, accept="application/sparql-results+json, text/turtle;q=0.5")
        assert r.status == 200, (text, r.text)
    r = arkg_server.get(f"/sparql?query=ASK%7B?s%20?p%20?o%7D&default-graph-uri={quote(url + '/g.ttl', safe='')}"
                        f"&named-graph-uri={quote(url + '/n.ttl', safe='')}")
    assert r.status == 200 and r.json()["boolean"] is False  # an unknown graph is an empty graph
    time.sleep(1.0)
    assert listener.hits == 0


OTHER_CLIENT = {"X-Forwarded-For": "203.0.113.7"}  # uvicorn trusts it from 127.0.0.1, as behind a local proxy


def test_pathological_query_gets_503_and_never_blocks_a_simple_one(strict_server):
    outcome = {}

    def slow():
        started = time.monotonic()
        outcome["response"] = strict_server.sparql(PATHOLOGICAL, timeout=60)
        outcome["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=slow)
    thread.start()
    time.sleep(0.3)
    simple_times = []
    while thread.is_alive() and len(simple_times) < 3:
        started = time.monotonic()
        r = strict_server.sparql(SIMPLE, headers=OTHER_CLIENT)
        simple_times.append(time.monotonic() - started)
        assert r.status == 200 and r.json()["results"]["bindings"]
        time.sleep(0.2)
    assert thread.is_alive(), "the pathological query finished too soon to show anything"
    thread.join(30)
    assert max(simple_times) < 1.0
    slow_response = outcome["response"]
    assert slow_response.status == 503
    assert "2 s" in slow_response.text and "stopped" in slow_response.text
    assert slow_response.content_type == "text/plain"
    assert outcome["seconds"] < 2 + 3  # timeout + slack
    # the worker was freed: the server keeps answering, and a second runaway is stopped too
    assert strict_server.sparql(SIMPLE).status == 200
    started = time.monotonic()
    assert strict_server.sparql(PATHOLOGICAL, timeout=60).status == 503
    assert time.monotonic() - started < 5
    for _ in range(10):
        assert strict_server.sparql(SIMPLE).status == 200


def test_results_over_the_row_cap_are_refused_not_cut(strict_server):
    r = strict_server.sparql("SELECT ?s WHERE { ?s ?p ?o } LIMIT 50")
    assert r.status == 422 and "more than 5 rows" in r.text and r.content_type == "text/plain"
    r = strict_server.sparql("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 50", accept="application/n-triples")
    assert r.status == 422 and "more than 5 triples" in r.text
    for accept in ("application/sparql-results+json", "application/sparql-results+xml", "text/csv", "text/tab-separated-values"):
        exact = strict_server.sparql("SELECT ?s WHERE { ?s ?p ?o } LIMIT 5", accept=accept)
        assert exact.status == 200 and exact.headers["X-ARKG-Max-Rows"] == "5"
    small = strict_server.sparql("SELECT ?s WHERE { ?s ?p ?o } LIMIT 3")
    assert len(small.json()["results"]["bindings"]) == 3


def test_request_size_is_capped(strict_server):
    big = "ASK { }" + " " * 5000
    r = strict_server.request("POST", "/sparql", big, {"Content-Type": "application/sparql-query"})
    assert r.status == 413 and "limit is 4096" in r.text
    r = strict_server.get("/sparql?query=" + quote(big))
    assert r.status == 413
    ok = strict_server.request("POST", "/sparql", "ASK { }" + " " * 3000, {"Content-Type": "application/sparql-query"})
    assert ok.status == 200


def test_errors_are_short_plain_text(arkg_server):
    for r in (arkg_server.sparql("SELECT * WHERE { ?s ?p }"),
              arkg_server.get("/canned/no-such-query"),
              arkg_server.get("/canned/visits?visitor=Nobody%20At%20All"),
              arkg_server.get("/nowhere"),
              arkg_server.request("DELETE", "/sparql")):
        assert 400 <= r.status < 500
        assert r.content_type == "text/plain"
        assert "Traceback" not in r.text and 'File "' not in r.text
        assert len(r.text) < 2000
