"""Ad-hoc SPARQL over the same graph: SELECT, ASK, CONSTRUCT and DESCRIBE, with the project's
prefixes (arkg:, arkr:, prov:, skos: …) predeclared. Updates are refused, and so are SERVICE calls
to endpoints not explicitly allowed: nothing is fetched on a query's behalf."""

from __future__ import annotations

import re

import pyoxigraph as ox

from .errors import QueryError, UsageError
from .namespaces import PREFIXES
from .results import from_solutions, page_bounds
from .store import open_store

_SERVICE = re.compile(r"\bSERVICE\b", re.IGNORECASE)


def _is_update(text: str) -> bool:
    from rdflib.plugins.sparql import parser as rdflib_parser

    try:
        rdflib_parser.parseUpdate(text)
        return True
    except Exception:
        return False


def service_endpoints(text: str) -> set[str] | None:
    """The endpoints named by SERVICE patterns in the query; None when the query mentions SERVICE
    but cannot be analysed (it is then refused)."""
    if not _SERVICE.search(text):
        return set()
    from pyparsing import ParseException
    from rdflib import URIRef
    from rdflib.plugins.sparql import parser as rdflib_parser

    try:
        parsed = rdflib_parser.parseQuery(text)
    except ParseException:
        return None
    found: set[str] = set()

    def walk(node):
        name = getattr(node, "name", None)
        if name == "ServiceGraphPattern":
            term = node.get("term")
            if not isinstance(term, URIRef):
                found.add("?variable")
            else:
                found.add(str(term))
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, (list, tuple)) or type(node).__name__ == "ParseResults":
            for value in node:
                walk(value)

    walk(parsed)
    return found


def check_service(text: str, allow_service=()) -> None:
    """Refuse SERVICE unless every endpoint it names is explicitly allowed."""
    endpoints = service_endpoints(text)
    if endpoints is None:
        raise UsageError("the query mentions SERVICE but could not be analysed; refused")
    refused = sorted(e for e in endpoints if e not in set(allow_service))
    if refused:
        raise UsageError(
            f"SERVICE is not allowed for {', '.join(refused)}: ARKG never fetches remote data on a "
            "query's behalf unless asked (--allow-service URL, repeatable)")


def run(text: str, inferred: bool = True, store: ox.Store | None = None, allow_service=(),
        limit: int | None = None, offset: int = 0):
    """Run a query; return a :class:`Result` (SELECT; the page from ``offset``, at most ``limit``
    rows, when asked), a bool (ASK) or a list of triples (paged the same way)."""
    check_service(text, allow_service)
    store = store or open_store(inferred)
    try:
        answer = store.query(text, prefixes=PREFIXES)
    except SyntaxError as exc:
        if _is_update(text):
            raise UsageError("updates are refused: the ARKG graph is read-only (use SELECT, ASK, CONSTRUCT or DESCRIBE)") from None
        raise UsageError(f"SPARQL syntax error: {exc}") from None
    except OSError as exc:
        raise QueryError(f"query failed: {exc}") from None
    try:
        if isinstance(answer, ox.QueryBoolean):
            return bool(answer)
        if isinstance(answer, ox.QuerySolutions):
            return from_solutions(answer, limit=limit, offset=offset)
        start, end = page_bounds(limit, offset)
        return list(answer)[start:end]
    except OSError as exc:
        raise QueryError(f"query failed: {exc}") from None


def triples_text(triples, fmt: str = "turtle") -> str:
    rdf_format = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES}[fmt]
    data = ox.serialize(triples, format=rdf_format, prefixes=PREFIXES if fmt == "turtle" else None)
    return data.decode("utf-8")
