"""Ad-hoc SPARQL over the same graph: SELECT, ASK, CONSTRUCT and DESCRIBE. Updates are refused,
and so are SERVICE calls: nothing is fetched on a query's behalf."""

from __future__ import annotations

import re

import pyoxigraph as ox
from rdflib.plugins.sparql import parser as rdflib_parser
from pyparsing import ParseException

from .errors import QueryError, UsageError
from .results import Result, from_solutions
from .store import open_store

_SERVICE = re.compile(r"\bSERVICE\b", re.IGNORECASE)


def _is_update(text: str) -> bool:
    try:
        rdflib_parser.parseUpdate(text)
        return True
    except Exception:
        return False


def _uses_service(text: str) -> bool:
    """True if the parsed query contains a SERVICE pattern (not just the word in a string)."""
    if not _SERVICE.search(text):
        return False
    try:
        parsed = rdflib_parser.parseQuery(text)
    except ParseException:
        return True
    return "ServiceGraphPattern" in repr(parsed)


def run(text: str, inferred: bool = True, store: ox.Store | None = None, allow_service=()):
    """Run a query; return a :class:`Result` (SELECT), a bool (ASK) or a list of triples."""
    if _uses_service(text) and not allow_service:
        raise UsageError("SERVICE is not allowed: ARKG never fetches remote data on a query's behalf "
                         "(use --allow-service URL to permit one endpoint)")
    store = store or open_store(inferred)
    try:
        answer = store.query(text)
    except SyntaxError as exc:
        if _is_update(text):
            raise UsageError("updates are refused: the ARKG graph is read-only (use SELECT, ASK, CONSTRUCT or DESCRIBE)") from None
        raise UsageError(f"SPARQL syntax error: {exc}") from None
    except OSError as exc:
        raise QueryError(f"query failed: {exc}") from None
    if isinstance(answer, ox.QueryBoolean):
        return bool(answer)
    if isinstance(answer, ox.QuerySolutions):
        return from_solutions(answer)
    return list(answer)


def triples_text(triples, fmt: str = "turtle") -> str:
    rdf_format = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES}[fmt]
    data = ox.serialize(triples, format=rdf_format)
    return data.decode("utf-8")
