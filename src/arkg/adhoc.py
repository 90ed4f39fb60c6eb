"""Ad-hoc SPARQL over the same graph: SELECT, ASK, CONSTRUCT and DESCRIBE, with the project's
prefixes (arkg:, arkr:, prov:, skos: …) predeclared. :mod:`arkg.query_policy` refuses updates and
SERVICE calls to endpoints not explicitly allowed: nothing is fetched on a query's behalf.
Answers are written by :mod:`arkg.serialisers`."""

from __future__ import annotations

import pyoxigraph as ox

from . import query_policy
from .errors import QueryError
from .results import from_solutions, page_bounds
from .stores import open_store
from .visibility import described


def sparql(text: str, inferred: bool = True, allow_service: tuple[str, ...] = (), limit: int | None = None,
           offset: int = 0, data=None, store: ox.Store | None = None):
    """Run an ad-hoc SELECT/ASK/CONSTRUCT/DESCRIBE on the reasoned (or asserted) graph of ``data``
    (default ``$ARKG_DATA``, else the shipped graph), or on ``store``. Updates are refused, and so
    is SERVICE unless its endpoint is in ``allow_service``. Returns a :class:`~arkg.results.Result`
    for SELECT (the page from ``offset``, at most ``limit`` rows, when asked), a bool for ASK, or a
    list of triples (paged the same way; a DESCRIBE's as users see them, see :mod:`arkg.visibility`)."""
    query_policy.check(text, allow_service)  # before the store is even opened
    store = store or open_store(inferred, data=data)
    try:
        answer = query_policy.execute(store, text, allow_service)
    except OSError as exc:
        raise QueryError(f"query failed: {exc}") from None
    try:
        if isinstance(answer, ox.QueryBoolean):
            return bool(answer)
        if isinstance(answer, ox.QuerySolutions):
            return from_solutions(answer, limit=limit, offset=offset)
        start, end = page_bounds(limit, offset)
        return list(described(text, answer))[start:end]
    except OSError as exc:
        raise QueryError(f"query failed: {exc}") from None
