"""The findings of issue 12, each shown fixed against a live ``arkg serve`` on 127.0.0.1.

Clients are told apart by address; behind a local proxy that is X-Forwarded-For, which uvicorn
trusts from 127.0.0.1 — so each test client here sends its own documentation address (RFC 5737).
"""

from __future__ import annotations

import gzip
import http.client
import json
import socket
import threading
import time
from urllib.parse import quote

import pytest
from rdflib import Graph
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from server_fixtures import _shared, arkg_server, strict_server  # noqa: F401  (fixtures)

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?o ?p }"
# About half a second of work on this graph: well inside the strict 2 s limit, even on a busy machine.
MEDIUM = ("SELECT (COUNT(*) AS ?n) WHERE { VALUES ?k { 1 2 } ?a ?b ?c . "
          "?d a <https://w3id.org/arkg/ontology/Person> }")
HUNGRY = "SELECT * { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1"


def client(n: int) -> dict:
    return {"X-Forwarded-For": f"198.51.100.{n}"}


def abandon(server, text: str, n: int, after: float = 0.2, headers_complete: bool = True) -> None:
    """Send a query from client ``n`` and hang up after ``after`` seconds without reading."""
    body = text.encode()
    head = (f"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
            f"X-Forwarded-For: 198.51.100.{n}\r\nContent-Length: {len(body)}\r\n").encode()
    with socket.create_connection((server.host, server.port)) as sock:
        sock.sendall(head + b"\r\n" + body if headers_complete else head)
        time.sleep(after)


def read_responses(sock: socket.socket, count: int) -> list[tuple[int, dict, bytes]]:
    """``count`` HTTP responses read off one connection, in order."""
    fh = sock.makefile("rb")
    out = []
    for _ in range(count):
        status = int(fh.readline().split()[1])
        headers = {}
        while (line := fh.readline().strip()):
            name, _, value = line.decode().partition(":")
            headers[name.strip().lower()] = value.strip()
        out.append((status, headers, fh.read(int(headers.get("content-length", 0)))))
    return out


# 1. Responses never go to the wrong client --------------------------------------------------------


def test_a_body_on_a_get_is_never_read_as_the_next_request(arkg_server):
    smuggled = (b"GET /sparql?query=SELECT%20(%22SMUGGLED%22%20AS%20%3Fx)%20%7B%7D HTTP/1.1\r\n"
                b"Host: x\r\nAccept: text/csv\r\n\r\n")
    first = (b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
             b"Content-Length: " + str(len(smuggled)).encode() + b"\r\n\r\n" + smuggled)
    second = b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\nAccept: application/sparql-results+json\r\n\r\n"
    with socket.create_connection((arkg_server.host, arkg_server.port), timeout=30) as sock:
        sock.sendall(first + second)
        responses = read_responses(sock, 2)
    for status, headers, body in responses:
        assert status == 200 and b"SMUGGLED" not in body
    assert json.loads(responses[1][2]) == {"head": {}, "boolean": True}


# 2. Abandoned queries are cancelled; one client cannot hold every worker ---------------------------


def test_two_abandoned_runaways_leave_a_plain_query_answered(arkg_server):
    hangups = [threading.Thread(target=abandon, args=(arkg_server, RUNAWAY, n)) for n in (1, 2)]
    for t in hangups:
        t.start()
    for t in hangups:
        t.join()
    started = time.monotonic()
    r = arkg_server.sparql("ASK {}", headers=client(3), timeout=30)
    assert r.status == 200 and r.json()["boolean"] is True
    assert time.monotonic() - started < 1.0


def test_one_client_cannot_hold_every_worker(strict_server):
    # strict_server has 2 workers: one client gets one at a time, the other stays free for others.
    runaways = [threading.Thread(target=strict_server.sparql, args=(RUNAWAY,), kwargs={"headers": client(4), "timeout": 60})
                for _ in range(2)]
    for t in runaways:
        t.start()
    time.sleep(0.3)
    started = time.monotonic()
    r = strict_server.sparql("ASK {}", headers=client(5))
    elapsed = time.monotonic() - started
    for t in runaways:
        t.join()
    assert r.status == 200 and elapsed < 1.0


# 3. The limit counts execution, not the wait for a worker --------------------------------------


def test_waiting_for_a_worker_does_not_count_against_the_limit(strict_server):
    runaways = [threading.Thread(target=strict_server.sparql, args=(RUNAWAY,), kwargs={"headers": client(n), "timeout": 60})
                for n in (6, 7)]
    for t in runaways:
        t.start()
    time.sleep(0.2)  # both slots are taken now, for the whole 2 s limit
    started = time.monotonic()
    r = strict_server.sparql(MEDIUM, headers=client(8), timeout=60)
    elapsed = time.monotonic() - started
    for t in runaways:
        t.join()
    assert r.status == 200, r.text
    assert int(r.json()["results"]["bindings"][0]["n"]["value"]) > 0
    assert elapsed > 2.0  # waiting plus running took longer than the limit, and the query was not stopped


# 4. Memory is bounded per worker --------------------------------------------------------------


@pytest.fixture(scope="module")
def small_memory_server(session_cache):
    return _shared("small-memory", "--max-memory", "400", "--timeout", "20")


def test_a_memory_hungry_query_gets_an_error_while_others_are_served(small_memory_server):
    outcome = {}
    hungry = threading.Thread(target=lambda: outcome.update(r=small_memory_server.sparql(HUNGRY, headers=client(9),
                                                                                        timeout=60)))
    hungry.start()
    served = []
    while hungry.is_alive():
        served.append(small_memory_server.sparql("ASK { ?s ?p ?o }", headers=client(10)).status)
        time.sleep(0.1)
    assert served and set(served) == {200}
    r = outcome["r"]
    assert r.status == 503 and "memory" in r.text and "400 MiB" in r.text and r.content_type == "text/plain"
    for _ in range(3):  # the pool replaced the worker
        assert small_memory_server.sparql("ASK {}", headers=client(9)).status == 200


# 5. CORS headers on every answer, errors included -------------------------------------------------

ORIGIN = {"Origin": "http://elsewhere.example"}


def test_errors_carry_cors_headers(strict_server):
    answers = [
        strict_server.get("/sparql?query=ASK%20%7B", headers=ORIGIN),  # 400
        strict_server.get("/sparql?query=" + quote("CLEAR ALL"), headers=ORIGIN),  # 403
        strict_server.get("/nowhere", headers=ORIGIN),  # 404
        strict_server.sparql("ASK {}", accept="image/png", headers=ORIGIN),  # 406
        strict_server.request("POST", "/sparql", "ASK {}" + " " * 5000,
                              {"Content-Type": "application/sparql-query", **ORIGIN}),  # 413
        strict_server.sparql("SELECT * { ?s ?p ?o }", headers=ORIGIN),  # 422
        strict_server.sparql("ASK {}", headers=ORIGIN),  # 200
    ]
    assert [r.status for r in answers] == [400, 403, 404, 406, 413, 422, 200]
    for r in answers:
        assert r.headers["Access-Control-Allow-Origin"] == "*"
        exposed = {h.strip().lower() for h in r.headers["Access-Control-Expose-Headers"].split(",")}
        assert {"x-arkg-max-rows", "retry-after"} <= exposed
    preflight = strict_server.request("OPTIONS", "/sparql", headers={
        **ORIGIN, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"})
    assert preflight.status == 200 and "POST" in preflight.headers["Access-Control-Allow-Methods"]


# 6. Truncation is never silent ---------------------------------------------------------------------


def test_sparqlwrapper_sees_an_overlong_result_as_an_error(strict_server):
    wrapper = SPARQLWrapper(strict_server.url + "/sparql")
    wrapper.setQuery("SELECT ?s WHERE { ?s ?p ?o }")
    wrapper.setReturnFormat(JSON)
    with pytest.raises((SPARQLWrapperException, OSError)) as caught:
        wrapper.query().convert()
    assert "422" in str(caught.value) or getattr(caught.value, "code", None) == 422


def test_sparqlstore_iterating_all_triples_gets_an_error_not_a_part(strict_server):
    graph = Graph(store=SPARQLStore(strict_server.url + "/sparql"))
    with pytest.raises((ValueError, OSError)):  # rdflib turns any HTTP error into a ValueError
        list(graph.triples((None, None, None)))
    r = strict_server.get("/sparql?query=" + quote("SELECT ?s ?p ?o WHERE { ?s ?p ?o }"))
    assert r.status == 422  # what SPARQLStore was told
    assert len(list(graph.query("SELECT ?s WHERE { ?s ?p ?o } LIMIT 5"))) == 5


# 7. The smaller findings ---------------------------------------------------------------------------


def test_gzip_when_the_client_accepts_it(arkg_server):
    conn = http.client.HTTPConnection(arkg_server.host, arkg_server.port, timeout=60)
    conn.request("POST", "/sparql", body=b"SELECT * WHERE { ?s ?p ?o } LIMIT 5000", headers={
        "Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json",
        "Accept-Encoding": "gzip"})
    resp = conn.getresponse()
    raw = resp.read()
    conn.close()
    assert resp.status == 200 and resp.getheader("Content-Encoding") == "gzip"
    data = json.loads(gzip.decompress(raw))
    assert len(data["results"]["bindings"]) == 5000
    assert len(raw) * 4 < len(gzip.decompress(raw))
    plain = arkg_server.sparql("SELECT * WHERE { ?s ?p ?o } LIMIT 5000")
    assert plain.headers.get("Content-Encoding") is None and len(plain.json()["results"]["bindings"]) == 5000


def test_chunked_request_bodies_are_accepted(arkg_server):
    conn = http.client.HTTPConnection(arkg_server.host, arkg_server.port, timeout=30)
    conn.request("POST", "/sparql", body=iter([b"ASK { <https://w3id.org/arkg/id/albania> ", b"?p ?o }"]),
                 headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
                 encode_chunked=True)
    resp = conn.getresponse()
    assert resp.status == 200 and json.loads(resp.read())["boolean"] is True
    conn.close()


def test_chunked_bodies_are_capped_too(strict_server):
    conn = http.client.HTTPConnection(strict_server.host, strict_server.port, timeout=30)
    conn.request("POST", "/sparql", body=iter([b"ASK {}", b" " * 5000]),
                 headers={"Content-Type": "application/sparql-query"}, encode_chunked=True)
    resp = conn.getresponse()
    assert resp.status == 413 and b"4096" in resp.read()
    conn.close()


def test_update_after_a_prefix_and_a_comment_is_a_403(arkg_server):
    text = "PREFIX ex: <http://example.org/> # a comment\nINSERT { ex:a ex:b ?o } WHERE { ?s ?p ?o }"
    for r in (arkg_server.sparql(text), arkg_server.get("/sparql?query=" + quote(text))):
        assert r.status == 403 and "read-only" in r.text


def test_prefixless_queries_work_over_http_as_on_the_command_line(arkg_server):
    import arkg

    text = "ASK { arkr:albania arkg:isMemberOfOrganization arkr:warsaw-pact }"
    r = arkg_server.get("/sparql?query=" + quote(text))
    assert r.status == 200 and r.json()["boolean"] is arkg.sparql(text) is True


def test_the_service_description_claims_no_update_feature(arkg_server):
    text = arkg_server.get("/sparql", headers={"Accept": "text/turtle"}).text
    assert "sparql-service-description" in text and "EmptyGraphs" not in text and "Update" not in text


def test_a_client_leaving_mid_headers_is_not_executed_nor_logged(strict_server):
    hangups = [threading.Thread(target=abandon, args=(strict_server, RUNAWAY, n),
                                kwargs={"headers_complete": False, "after": 0.1}) for n in (11, 12)]
    for t in hangups:
        t.start()
    for t in hangups:
        t.join()
    time.sleep(0.2)
    # Had either been executed, both workers would be busy for 2 s.
    started = time.monotonic()
    assert strict_server.sparql("ASK {}", headers=client(13)).status == 200
    assert time.monotonic() - started < 1.0
    with open(strict_server.log_path, encoding="utf-8", errors="replace") as fh:
        log = fh.read()
    assert "Traceback" not in log and "BrokenPipe" not in log
