"""Property-based tests: malformed queries, parameters, headers and bodies get a 4xx with a short
plain-text message from ``arkg serve`` — never a 500, never a stack trace."""

from __future__ import annotations

import socket
from urllib.parse import quote

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server_fixtures import arkg_server  # noqa: F401  (fixture)

SETTINGS = settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
WORDS = ["SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "WHERE", "{", "}", "?s", "?p", "?o", "<urn:x>", "FILTER", "(",
         ")", "OPTIONAL", "UNION", "GRAPH", "SERVICE", "INSERT", "DATA", "LIMIT", "1", '"x"', ".", ";", "PREFIX",
         "a:", "BIND", "AS", "VALUES", "*", "COUNT", "GROUP BY", "ORDER BY", "FROM", "\\u0053", "#", "'''"]
query_text = st.one_of(st.text(max_size=300), st.lists(st.sampled_from(WORDS), max_size=25).map(" ".join))
header_text = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=120)


def check(r) -> None:
    assert r.status < 500, (r.status, r.text[:300])
    assert b"Traceback" not in r.body and b'File "' not in r.body
    if r.status >= 400:
        assert r.content_type == "text/plain"
        assert r.text.startswith(f"error {r.status}:") and len(r.text.strip()) > len(f"error {r.status}:")


@SETTINGS
@given(text=query_text, accept=st.one_of(st.none(), header_text))
def test_malformed_queries(arkg_server, text, accept):
    headers = {"Accept": accept} if accept is not None else {}
    check(arkg_server.get("/sparql?query=" + quote(text, safe=""), headers=headers))
    check(arkg_server.request("POST", "/sparql", text.encode("utf-8"),
                              {**headers, "Content-Type": "application/sparql-query"}))


@SETTINGS
@given(params=st.lists(st.tuples(st.sampled_from(["query", "format", "default-graph-uri", "named-graph-uri",
                                                    "update", "output", "x", ""]) | st.text(max_size=10),
                                  st.text(max_size=60)), max_size=6),
       raw=st.text(alphabet="%=&+;?#abcQ0123456789xyz{}\\", max_size=60))
def test_malformed_parameters(arkg_server, params, raw):
    encoded = "&".join(quote(k, safe="") + "=" + quote(v, safe="") for k, v in params)
    for path in ("/sparql", "/canned/visits", "/canned/timeline", "/timeline", "/api/search", "/id/albania", "/query"):
        check(arkg_server.get(f"{path}?{encoded}"))
    check(arkg_server.get(f"/sparql?{raw}"))
    check(arkg_server.request("POST", "/sparql", raw.encode(), {"Content-Type": "application/x-www-form-urlencoded"}))


@SETTINGS
@given(accept=header_text, content_type=header_text, body=st.binary(max_size=200),
       method=st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"]))
def test_malformed_headers_and_bodies(arkg_server, accept, content_type, body, method):
    r = arkg_server.request(method, "/sparql?query=ASK%7B%7D", body, {"Accept": accept, "Content-Type": content_type})
    assert r.status < 500
    if method != "HEAD":
        check(r)
    check(arkg_server.request("POST", "/sparql", body, {"Content-Type": content_type}))
    check(arkg_server.get("/id/albania", headers={"Accept": accept}))


@SETTINGS
@given(path=st.text(max_size=80))
def test_arbitrary_paths(arkg_server, path):
    check(arkg_server.get("/" + quote(path, safe="/?&=%")))


@settings(max_examples=25, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(min_size=1, max_size=300))
def test_garbage_on_the_socket(arkg_server, raw):
    """Whatever bytes arrive, the answer (if any) is a plain 4xx, and the server stays up."""
    with socket.create_connection((arkg_server.host, arkg_server.port), timeout=10) as sock:
        sock.sendall(raw + b"\r\n\r\n")
        sock.shutdown(socket.SHUT_WR)
        data = b""
        try:
            while chunk := sock.recv(65536):
                data += chunk
        except (ConnectionResetError, socket.timeout):
            pass
    if data:
        status_line = data.split(b"\r\n", 1)[0]
        if status_line.startswith(b"HTTP/"):
            assert not status_line.split()[1].startswith(b"5"), status_line
        assert b"Traceback" not in data
    assert arkg_server.get("/sparql?query=ASK%7B%7D").status == 200
