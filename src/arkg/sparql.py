"""Ad-hoc SPARQL over the same graph: SELECT, ASK, CONSTRUCT and DESCRIBE, with the project's
prefixes (arkg:, arkr:, prov:, skos: …) predeclared. :mod:`arkg.query_policy` refuses updates and
SERVICE calls to endpoints not explicitly allowed: nothing is fetched on a query's behalf.
:func:`serialize` writes any answer in any format, with a row cap, for the CLI and the endpoint.
A DESCRIBE answer shows what users see (:func:`described`, :mod:`arkg.visibility`)."""

from __future__ import annotations

from itertools import islice

import pyoxigraph as ox

from . import query_policy
from .errors import QueryError, UsageError
from .results import from_solutions, page_bounds
from .store import open_store
from .visibility import is_internal, prefixes, shown


def check_service(text: str, allow_service=()) -> None:
    """Refuse updates, and SERVICE unless every endpoint it names is explicitly allowed."""
    query_policy.check(text, allow_service)


def run(text: str, inferred: bool = True, store: ox.Store | None = None, allow_service=(),
        limit: int | None = None, offset: int = 0):
    """Run a query; return a :class:`Result` (SELECT; the page from ``offset``, at most ``limit``
    rows, when asked), a bool (ASK) or a list of triples (paged the same way)."""
    query_policy.check(text, allow_service)  # before the store is even opened
    store = store or open_store(inferred)
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


def described(text: str, answer):
    """The answer as users see it: a DESCRIBE's triples without internal helpers (``arkgi:``) or
    trivial closure statements (:mod:`arkg.visibility`), since the server chose them; any other
    answer as it is (a CONSTRUCT returns what its template asks for, a SELECT what it selects)."""
    if isinstance(answer, (ox.QueryTriples, list)) and query_policy.is_describe(text):
        return shown(answer)
    return answer


class TooManyRows(UsageError):
    """A result longer than the row cap: refused whole rather than cut silently."""


RESULTS_FORMATS = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
                   "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}
GRAPH_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "jsonld": ox.RdfFormat.JSON_LD,
                 "nt": ox.RdfFormat.N_TRIPLES, "rdfxml": ox.RdfFormat.RDF_XML}


class _LineCap:
    """A binary writer that refuses more than ``limit`` lines (TSV escapes newlines in values)."""

    def __init__(self, limit: int):
        self.limit, self.lines, self.parts = limit, 0, []

    def write(self, data) -> int:
        data = bytes(data)
        self.lines += data.count(b"\n")
        if self.lines > self.limit:
            raise TooManyRows("too many rows")
        self.parts.append(data)
        return len(data)

    def flush(self) -> None:
        pass


def serialize(answer, fmt: str, max_rows: int | None = None, hide=()) -> bytes:
    """An answer of :meth:`pyoxigraph.Store.query` in ``fmt`` (a key of RESULTS_FORMATS for SELECT
    and ASK, of GRAPH_FORMATS for CONSTRUCT and DESCRIBE), by pyoxigraph's own serialisers.
    More than ``max_rows`` rows (or triples) raises :class:`TooManyRows`; ``hide`` drops columns."""
    if isinstance(answer, ox.QueryBoolean):
        if fmt in ("csv", "tsv"):  # the CSV/TSV formats define no boolean; a one-cell table is common practice
            return f"_askResult\r\n{'true' if answer else 'false'}\r\n".encode()
        return answer.serialize(format=RESULTS_FORMATS[fmt])
    if isinstance(answer, ox.QuerySolutions):
        if max_rows is None and not hide:
            return answer.serialize(format=RESULTS_FORMATS[fmt])
        # Lossless TSV first, counted line by line, so that an overlong result never sits in memory.
        sink = _LineCap(1 + (max_rows if max_rows is not None else float("inf")))
        try:
            answer.serialize(output=sink, format=ox.QueryResultsFormat.TSV)
        except (TooManyRows, OSError) as exc:
            if sink.lines > sink.limit:
                raise TooManyRows(f"the result has more than {max_rows} rows, the most this service returns; "
                                  "ask for fewer (LIMIT, OFFSET to page, or a more selective pattern)") from None
            raise QueryError(f"query failed: {exc}") from None
        tsv = b"".join(sink.parts)
        if hide:
            lines = tsv.split(b"\n")
            keep = [i for i, name in enumerate(lines[0].split(b"\t")) if name.decode()[1:] not in hide]
            tsv = b"\n".join(b"\t".join(line.split(b"\t")[i] for i in keep) if line else line for line in lines)
        return ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV).serialize(format=RESULTS_FORMATS[fmt])
    triples = list(islice(answer, max_rows + 1)) if max_rows is not None else list(answer)
    if max_rows is not None and len(triples) > max_rows:
        raise TooManyRows(f"the result has more than {max_rows} triples, the most this service returns; "
                          "ask for fewer (LIMIT, or a more selective pattern)")
    if fmt == "nt":
        return ox.serialize(triples, format=GRAPH_FORMATS[fmt])
    internal = any(is_internal(t.subject, t.predicate, t.object) for t in triples)
    return ox.serialize(triples, format=GRAPH_FORMATS[fmt], prefixes=prefixes(internal))


def triples_text(triples, fmt: str = "turtle") -> str:
    return serialize(triples, fmt).decode("utf-8")
