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

from . import __version__, query_policy, visibility
from .errors import QueryError, UsageError
from .http_client import check_url, send, with_param
from .results import Result, concat, from_solutions
from .serialisers import GRAPH_FORMATS, RESULTS_FORMATS

QUERY_TIMEOUT = 60.0
PUSH_TIMEOUT = 600.0
_JSON = RESULTS_FORMATS["json"]
_SELECT_ACCEPT = _JSON.media_type
_ANY_ACCEPT = f"{_JSON.media_type}, {GRAPH_FORMATS['nt'].media_type};q=0.9, {GRAPH_FORMATS['turtle'].media_type};q=0.8"
_USER_AGENT = f"arkg/{__version__} (https://w3id.org/arkg)"
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
            send("PUT", url, body, {"Content-Type": GRAPH_FORMATS["nt"].media_type, "Content-Length": str(size)}, timeout)
    seconds = time.perf_counter() - t0
    return f"pushed {info.total} triples ({size / 1e6:.1f} MB) to {target} at {endpoint} in {seconds:.1f} s"


def post_query(endpoint: str, text: str, accept: str = _SELECT_ACCEPT,
               timeout: float = QUERY_TIMEOUT) -> tuple[str, bytes]:
    """Send a query to a SPARQL 1.1 Protocol endpoint (a URL-encoded POST, which every endpoint
    takes, the Wikidata Query Service too); return (content type, body)."""
    check_url(endpoint)
    return send("POST", endpoint, urllib.parse.urlencode({"query": text}).encode("ascii"), {
        "Content-Type": "application/x-www-form-urlencoded", "Accept": accept, "User-Agent": _USER_AGENT}, timeout)


def parse_results(body: bytes, hidden=frozenset()):
    """An endpoint's SPARQL JSON answer, parsed by pyoxigraph: a :class:`Result` or a bool."""
    try:
        answer = ox.parse_query_results(body, format=_JSON)
    except SyntaxError as exc:
        raise QueryError(f"the endpoint's answer is not SPARQL JSON results: {exc}") from None
    if isinstance(answer, ox.QueryBoolean):
        return bool(answer)
    try:
        return from_solutions(answer, hidden=set(hidden))
    except SyntaxError as exc:
        raise QueryError(f"the endpoint's answer is not SPARQL JSON results: {exc}") from None


def select(endpoint: str, text: str, timeout: float = QUERY_TIMEOUT, hidden=frozenset()) -> Result:
    """The rows of a SELECT sent to an endpoint (its text as it is)."""
    _, body = post_query(endpoint, text, _SELECT_ACCEPT, timeout)
    answer = parse_results(body, hidden)
    if not isinstance(answer, Result):
        raise QueryError(f"the endpoint {endpoint} answered with a boolean, not rows")
    return answer


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
    # a search: the local name index ranks the entities, the endpoint describes each
    return concat([select(endpoint, query_policy.bind_values(cq.text, run), timeout, cq.hidden)
                   for run in cq.runs(store, params, bound)])


def sparql_endpoint(endpoint: str, text: str, timeout: float = QUERY_TIMEOUT):
    """Run an ad-hoc SELECT, ASK, CONSTRUCT or DESCRIBE on a SPARQL endpoint: a
    :class:`Result`, a bool, or a list of triples, as :func:`arkg.adhoc.sparql` returns."""
    query_policy.check(text)
    ctype, body = post_query(endpoint, query_policy.with_prefixes(text), _ANY_ACCEPT, timeout)
    if ctype in (_JSON.media_type, "application/json"):
        return parse_results(body)
    fmt = ox.RdfFormat.from_media_type(ctype)
    if fmt not in _GRAPH_FORMATS:
        raise QueryError(f"the endpoint answered with an unsupported content type {ctype!r}")
    try:  # a DESCRIBE shows what users see, as from the embedded store (a pushed graph has it all)
        return list(visibility.described(text, [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(body, format=fmt)]))
    except SyntaxError as exc:
        raise QueryError(f"the endpoint's {ctype} answer does not parse: {exc}") from None
