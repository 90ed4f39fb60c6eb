"""External engines: push the reasoned graph to a real Oxigraph server (the ``oxigraph`` package from
PyPI, started on 127.0.0.1 with a free port and a temporary store), then check that every canned
query answers over ``--endpoint`` as it does locally."""

from __future__ import annotations

import shlex
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

import arkg
from arkg import query_policy, remote
from arkg.errors import QueryError, UsageError

CATALOG = arkg.queries()


def _oxigraph_binary() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    assert Path(found).exists(), "the oxigraph server (PyPI package 'oxigraph', a test dependency) is missing"
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    port = _free_port()
    location = tmp_path_factory.mktemp("oxigraph-store")
    proc = subprocess.Popen([_oxigraph_binary(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(base + "/query?query=ASK%7B%7D", timeout=1).read()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError("the oxigraph server did not start: " + proc.stderr.read().decode()[-500:])
            time.sleep(0.1)
    yield {"store": base + "/store", "query": base + "/query", "base": base}
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="module")
def pushed(server):
    summary = remote.push(server["store"])
    return summary


def _examples(name):
    runs = []
    for example in CATALOG[name].examples:
        words = shlex.split(example)[3:]
        runs.append(dict(w.split("=", 1) for w in words if "=" in w and not w.startswith("-")))
    return runs


def _runs():
    for name, cq in sorted(CATALOG.items()):
        if not any(p.required for p in cq.params):
            yield name, {}
        for params in _examples(name):
            yield name, params




def _key(result, name=None):
    """Rows as a multiset; blank-node labels are the server's own, so only their kind counts, and
    GROUP_CONCAT values count as sets of parts (SPARQL leaves their order open)."""
    concat = CATALOG[name].concatenated if name else {}

    def term(c, t):
        if t is None:
            return None
        if isinstance(t, ox.BlankNode):
            return "_:"
        if c in concat and isinstance(t, ox.Literal):
            return frozenset(t.value.split(concat[c]))
        return str(t)
    return result.columns, Counter(tuple(term(c, r[c]) for c in result.columns) for r in result.rows)


def test_push_reports_what_it_sent(pushed, server):
    info = arkg.build()
    assert pushed.startswith(f"pushed {info.total} triples")
    count = remote.sparql_endpoint(server["query"], "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert int(count.rows[0]["n"].value) == info.total


def test_every_canned_query_answers_as_locally(pushed, server):
    compared = 0
    for name, params in _runs():
        try:
            local = arkg.query(name, **params)
        except UsageError:
            with pytest.raises(UsageError):
                remote.query_endpoint(server["query"], name, params)
            continue
        there = remote.query_endpoint(server["query"], name, params)
        assert _key(there, name) == _key(local, name), (name, params)
        compared += 1
    assert compared >= len(CATALOG)


def test_parameters_are_bound_as_terms_never_pasted(pushed, server):
    hostile = 'x" } UNION { ?entity ?p ?o } #'
    assert len(remote.query_endpoint(server["query"], "search", {"text": hostile})) == 0
    text = query_policy.bind_values(CATALOG["search"].text, {ox.Variable("text"): ox.Literal(hostile)})
    assert 'VALUES (?text) { ("x\\" } UNION { ?entity ?p ?o } #") }' in text
    with pytest.raises(UsageError):
        remote.query_endpoint(server["query"], "who-broke-relations", {"state": "> } DROP ALL"})
    with pytest.raises(UsageError):
        remote.query_endpoint(server["query"], "visits", {"nobody": "x"})


def test_named_graph_push(server):
    iri = "https://w3id.org/arkg/graph/test"
    summary = remote.push(server["store"], iri)
    assert f"graph <{iri}>" in summary
    ask = remote.sparql_endpoint(server["query"], f"ASK {{ GRAPH <{iri}> {{ ?s a <https://w3id.org/arkg/ontology/SovereignState> }} }}")
    assert ask is True


def test_sparql_select_ask_construct(pushed, server):
    q = "SELECT ?s WHERE { ?s a <https://w3id.org/arkg/ontology/SovereignState> } ORDER BY ?s"
    assert _key(remote.sparql_endpoint(server["query"], q)) == _key(arkg.sparql(q))
    assert remote.sparql_endpoint(server["query"], "ASK { ?s a <https://w3id.org/arkg/ontology/Person> }") is True
    c = "CONSTRUCT { ?s a ?t } WHERE { ?s a ?t FILTER(?t = <https://w3id.org/arkg/ontology/SovereignState>) }"
    there = remote.sparql_endpoint(server["query"], c)
    assert there and set(map(str, there)) == set(map(str, arkg.sparql(c)))


def test_prefix_less_queries_run_on_the_endpoint_as_locally(pushed, server):
    """The project prefixes are predeclared for remote endpoints too (the same queries as
    arkg sparql and the web editor accept), without overriding a prefix the query declares."""
    q = "SELECT ?s ?l WHERE { ?s a arkg:SovereignState ; rdfs:label ?l FILTER(LANG(?l) = \"en\") } ORDER BY ?s"
    assert _key(remote.sparql_endpoint(server["query"], q)) == _key(arkg.sparql(q))
    # the query's own arkg: (here the resources' namespace) wins: with ours, arkg:albania names nothing
    mine = "PREFIX arkg: <https://w3id.org/arkg/id/> ASK { arkg:albania ?p ?o }"
    assert remote.sparql_endpoint(server["query"], mine) is True
    assert remote.sparql_endpoint(server["query"], "ASK { arkg:albania ?p ?o }") is False
    assert query_policy.with_prefixes(mine).count("PREFIX arkg:") == 1
    assert remote.sparql_endpoint(server["query"], "ASK { ?s a arkg:Person }") is True


def test_errors_are_one_line_query_errors(server):
    with pytest.raises(QueryError, match="404|400"):
        remote.sparql_endpoint(server["base"] + "/nowhere", "ASK {}")
    with pytest.raises(QueryError, match="400"):
        remote.sparql_endpoint(server["query"], "SELEKT nonsense")
    with pytest.raises(QueryError, match="cannot reach"):
        remote.sparql_endpoint(f"http://127.0.0.1:{_free_port()}/query", "ASK {}")
    with pytest.raises(UsageError):
        remote.sparql_endpoint("file:///etc/passwd", "ASK {}")
    with pytest.raises(UsageError, match="SERVICE"):
        remote.sparql_endpoint(server["query"], "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")


def test_cli_push_and_query_over_the_endpoint(run_cli, server):
    code, out, err = run_cli("push", "--endpoint", server["store"])
    assert code == 0, err
    assert out.startswith("pushed ")
    code, there, err = run_cli("query", "visits", "--format", "csv", "--endpoint", server["query"])
    assert code == 0, err
    code, here, _ = run_cli("query", "visits", "--format", "csv")
    assert there == here and len(here.splitlines()) >= 1
    code, out, err = run_cli("sparql", "ASK { ?s ?p ?o }", "--endpoint", server["query"])
    assert (code, out.strip()) == (0, "true")
    code, out, err = run_cli("query", "visits", "--endpoint", f"http://127.0.0.1:{_free_port()}/query")
    assert code == 3 and "cannot reach" in err and "Traceback" not in err


def test_endpoint_and_embedded_runs_share_hidden_columns_and_search_runs(monkeypatch):
    """Without a server: an 'endpoint' that evaluates on the embedded store gets the same runs
    (CannedQuery.runs) and hides the same columns (CannedQuery.hidden) as the local runner."""
    store = arkg.store()
    sent = []

    def post(endpoint, text, accept, timeout):
        sent.append(text)
        return "application/sparql-results+json", store.query(text).serialize(format=ox.QueryResultsFormat.JSON)

    monkeypatch.setattr(remote, "post_query", post)
    for name, params in [("search", {"text": "Khrushchev"}), ("search", {"text": "qqqzzzxxx"}),
                         *[(n, p) for n, p in _runs() if any(x.kind == "date" for x in CATALOG[n].params)][:2]]:
        cq = CATALOG[name]
        local = arkg.query(name, **params)
        there = remote.query_endpoint("http://endpoint.invalid/sparql", name, params)
        assert not set(there.columns) & cq.hidden
        assert _key(there, name) == _key(local, name), (name, params)
    assert sent
