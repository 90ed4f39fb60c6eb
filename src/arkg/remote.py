"""External engines: upload the reasoned graph to a SPARQL 1.1 Graph Store Protocol server, and run
canned or ad-hoc queries on a SPARQL 1.1 Protocol endpoint (Oxigraph server, Apache Jena Fuseki,
Virtuoso, QLever, GraphDB …) through :mod:`arkg.http_client`, with timeouts; every failure is a
:class:`~arkg.errors.QueryError` with a one-line message.

Parameters of canned queries are resolved with the embedded store (labels, prefixed names, IRIs,
Wikidata IDs), then sent as a ``VALUES`` block of serialised RDF terms at the start of the query's
``WHERE`` group: what the user typed is never pasted into the query text.
"""

from __future__ import annotations

import time
import urllib.parse
from pathlib import Path

import pyoxigraph as ox

from . import query_policy, visibility
from .errors import QueryError, UsageError
from .http_client import check_url, send, with_param
from .results import Result, concat, from_solutions

QUERY_TIMEOUT = 60.0
PUSH_TIMEOUT = 600.0
_SELECT_ACCEPT = "application/sparql-results+json"
_ANY_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8"
# RDF formats read from an endpoint's CONSTRUCT/DESCRIBE answer (pyoxigraph maps media types to them);
# not JSON-LD, whose contexts could name remote documents.
_GRAPH_FORMATS = (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.TURTLE, ox.RdfFormat.N_QUADS, ox.RdfFormat.RDF_XML)


def push(endpoint: str, graph_iri: str | None = None, info=None, timeout: float = PUSH_TIMEOUT) -> str:
    """Replace the default graph (or the named graph ``graph_iri``) at a Graph Store Protocol URL
    with the reasoned graph, as N-Triples (HTTP PUT); return a one-line summary."""
    from .pipeline import build

    check_url(endpoint)
    if graph_iri is not None:
        parts = urllib.parse.urlsplit(graph_iri)
        if not parts.scheme or any(c in graph_iri for c in "<>\"{}|\\^` \n"):
            raise UsageError(f"--graph must be an absolute IRI, not {graph_iri!r}")
        url = with_param(endpoint, "graph=" + urllib.parse.quote(graph_iri, safe=""))
        target = f"graph <{graph_iri}>"
    else:
        url = with_param(endpoint, "default")
        target = "the default graph"
    info = info or build()
    import tempfile

    from .exporter import write_nt

    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="arkg-push-") as tmp:
        path = Path(tmp) / "reasoned.nt"
        write_nt(path, True, info)  # streamed from the store to a file, then from the file
        size = path.stat().st_size
        with open(path, "rb") as body:
            send("PUT", url, body, {"Content-Type": "application/n-triples", "Content-Length": str(size)}, timeout)
    seconds = time.perf_counter() - t0
    return f"pushed {info.total} triples ({size / 1e6:.1f} MB) to {target} at {endpoint} in {seconds:.1f} s"


def _post_query(endpoint: str, text: str, accept: str, timeout: float):
    check_url(endpoint)
    return send("POST", endpoint, text.encode("utf-8"), {
        "Content-Type": "application/sparql-query; charset=utf-8", "Accept": accept}, timeout)


def _parse_results(body: bytes, hidden=frozenset()):
    """An endpoint's SPARQL JSON answer, parsed by pyoxigraph: a :class:`Result` or a bool."""
    try:
        answer = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
    except SyntaxError as exc:
        raise QueryError(f"the endpoint's answer is not SPARQL JSON results: {exc}") from None
    if isinstance(answer, ox.QueryBoolean):
        return bool(answer)
    try:
        return from_solutions(answer, hidden=set(hidden))
    except SyntaxError as exc:
        raise QueryError(f"the endpoint's answer is not SPARQL JSON results: {exc}") from None


def query_endpoint(endpoint: str, name: str, params: dict | None = None,
                   timeout: float = QUERY_TIMEOUT) -> Result:
    """Run the canned query ``name`` on a SPARQL endpoint, with parameters resolved locally."""
    from . import canned
    from .stores import open_store

    check_url(endpoint)
    cq = canned.get(name)
    params = params or {}
    needs_store = any(p.kind in ("entity", "class", "search") for p in cq.params if p.name in params)
    store = open_store(True) if needs_store else ox.Store()
    bound = cq.bind(store, params)
    parts = []
    for run in cq.runs(store, params, bound):  # a search: the local name index ranks, the endpoint describes
        _, body = _post_query(endpoint, query_policy.bind_values(cq.text, run), _SELECT_ACCEPT, timeout)
        part = _parse_results(body, cq.hidden)
        if not isinstance(part, Result):
            raise QueryError(f"the endpoint answered {name!r} with a boolean, not rows")
        parts.append(part)
    return concat(parts)


def sparql_endpoint(endpoint: str, text: str, timeout: float = QUERY_TIMEOUT):
    """Run an ad-hoc SELECT, ASK, CONSTRUCT or DESCRIBE on a SPARQL endpoint: a
    :class:`Result`, a bool, or a list of triples, as :func:`arkg.adhoc.sparql` returns."""
    query_policy.check(text)
    ctype, body = _post_query(endpoint, query_policy.with_prefixes(text), _ANY_ACCEPT, timeout)
    if ctype in ("application/sparql-results+json", "application/json"):
        return _parse_results(body)
    fmt = ox.RdfFormat.from_media_type(ctype)
    if fmt not in _GRAPH_FORMATS:
        raise QueryError(f"the endpoint answered with an unsupported content type {ctype!r}")
    try:  # a DESCRIBE shows what users see, as from the embedded store (a pushed graph has it all)
        return list(visibility.described(text, [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(body, format=fmt)]))
    except SyntaxError as exc:
        raise QueryError(f"the endpoint's {ctype} answer does not parse: {exc}") from None
