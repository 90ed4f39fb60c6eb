"""External engines: upload the reasoned graph to a SPARQL 1.1 Graph Store Protocol server, and run
canned or ad-hoc queries on a SPARQL 1.1 Protocol endpoint (Oxigraph server, Apache Jena Fuseki,
Virtuoso, QLever, GraphDB …) through :mod:`arkg.http_client`, with timeouts; every failure is a
:class:`~arkg.errors.QueryError` with a one-line message.

Parameters of canned queries are resolved with the embedded store (labels, prefixed names, IRIs,
Wikidata IDs), then sent as a ``VALUES`` block of serialised RDF terms at the start of the query's
``WHERE`` group: what the user typed is never pasted into the query text.
"""

from __future__ import annotations

import json
import re
import time
import urllib.parse
from pathlib import Path

import pyoxigraph as ox

from .errors import QueryError, UsageError
from .http_client import check_url, send, with_param
from .results import Result

QUERY_TIMEOUT = 60.0
PUSH_TIMEOUT = 600.0
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
_SELECT_ACCEPT = "application/sparql-results+json"
_ANY_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8"
_GRAPH_FORMATS = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}


def push(endpoint: str, graph_iri: str | None = None, info=None, timeout: float = PUSH_TIMEOUT) -> str:
    """Replace the default graph (or the named graph ``graph_iri``) at a Graph Store Protocol URL
    with the reasoned graph, as N-Triples (HTTP PUT); return a one-line summary."""
    from .build import build

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

    from .export import write_nt

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


def _term(value: dict):
    kind = value.get("type")
    if kind == "uri":
        return ox.NamedNode(value["value"])
    if kind == "bnode":
        return ox.BlankNode(value["value"])
    if kind in ("literal", "typed-literal"):
        if value.get("xml:lang"):
            return ox.Literal(value["value"], language=value["xml:lang"])
        if value.get("datatype"):
            return ox.Literal(value["value"], datatype=ox.NamedNode(value["datatype"]))
        return ox.Literal(value["value"])
    raise QueryError(f"unexpected term in the endpoint's answer: {value!r}")


def _parse_json(body: bytes, hidden=frozenset()):
    try:
        data = json.loads(body)
    except ValueError as exc:
        raise QueryError(f"the endpoint's answer is not SPARQL JSON results: {exc}") from None
    if "boolean" in data:
        return bool(data["boolean"])
    try:
        columns = [v for v in data["head"]["vars"] if v not in hidden]
        rows = [{c: (_term(b[c]) if c in b else None) for c in columns} for b in data["results"]["bindings"]]
    except (KeyError, TypeError) as exc:
        raise QueryError(f"the endpoint's answer is not SPARQL JSON results (missing {exc})") from None
    return Result(columns, rows)


def bind_values(text: str, bound: dict) -> str:
    """The query with a VALUES block binding each variable to its RDF term, placed at the start of
    the first WHERE group (so FILTERs in the query see it, as with pre-bound variables)."""
    if not bound:
        return text
    lines = text.splitlines(keepends=True)
    offset = 0
    for line in lines:  # skip the comment header, which may say "where"
        if not line.lstrip().startswith("#") and line.strip():
            break
        offset += len(line)
    m = _WHERE.search(text, offset)
    if m is None:
        raise QueryError("cannot bind parameters: the query has no WHERE { … } group")
    names = " ".join(str(v) for v in bound)
    values = " ".join(str(t) for t in bound.values())
    block = f"\n  VALUES ({names}) {{ ({values}) }}\n"
    return text[: m.end()] + block + text[m.end():]


def query_endpoint(endpoint: str, name: str, params: dict | None = None,
                   timeout: float = QUERY_TIMEOUT) -> Result:
    """Run the canned query ``name`` on a SPARQL endpoint, with parameters resolved locally."""
    from . import canned
    from .store import open_store

    check_url(endpoint)
    cq = canned.get(name)
    params = params or {}
    needs_store = any(p.kind in ("entity", "class", "search") for p in cq.params if p.name in params)
    store = open_store(True) if needs_store else ox.Store()
    bound = cq.bind(store, params)
    hidden = ({p.name for p in cq.params} - set(cq.columns)) | {
        cq.variable(p.name) for p in cq.params if cq.variable(p.name) != p.name} | {
        p.name + "Latest" for p in cq.params if p.kind == "date"}
    searched = [p.name for p in cq.params if p.kind == "search" and p.name in params]
    if searched:  # the local name index ranks the entities; the endpoint describes each
        from .names import index_for
        runs = [{**bound, ox.Variable("entity"): ox.NamedNode(h.entity), ox.Variable("matched"): ox.Literal(h.label)}
                for h in index_for(store).search(params[searched[0]])]
    else:
        runs = [bound]
    answer = None
    for run in runs:
        _, body = _post_query(endpoint, bind_values(cq.text, run), _SELECT_ACCEPT, timeout)
        part = _parse_json(body, hidden)
        if not isinstance(part, Result):
            raise QueryError(f"the endpoint answered {name!r} with a boolean, not rows")
        if answer is None:
            answer = part
        else:
            answer.rows.extend(part.rows)
    return answer if answer is not None else Result([c for c in cq.columns], [])


def sparql_endpoint(endpoint: str, text: str, timeout: float = QUERY_TIMEOUT):
    """Run an ad-hoc SELECT, ASK, CONSTRUCT or DESCRIBE on a SPARQL endpoint: a
    :class:`Result`, a bool, or a list of triples, as :func:`arkg.sparql.run` returns."""
    from .sparql import check_service, described

    check_service(text)
    ctype, body = _post_query(endpoint, text, _ANY_ACCEPT, timeout)
    if ctype in ("application/sparql-results+json", "application/json"):
        return _parse_json(body)
    fmt = _GRAPH_FORMATS.get(ctype)
    if fmt is None:
        raise QueryError(f"the endpoint answered with an unsupported content type {ctype!r}")
    try:  # a DESCRIBE shows what users see, as from the embedded store (a pushed graph has it all)
        return list(described(text, [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(body, format=fmt)]))
    except SyntaxError as exc:
        raise QueryError(f"the endpoint's {ctype} answer does not parse: {exc}") from None
