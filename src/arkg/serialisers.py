"""Answers in files: every SELECT/ASK result and every graph, in every format the CLI and the
endpoint offer, goes through :func:`serialize`, which uses pyoxigraph's own result and RDF
serialisers and enforces the row cap (a longer answer is refused whole, never cut)."""

from __future__ import annotations

from itertools import islice

import pyoxigraph as ox

from .errors import QueryError, UsageError
from .results import Result
from .visibility import is_internal, prefixes


class TooManyRows(UsageError):
    """A result longer than the row cap: refused whole rather than cut silently."""


RESULTS_FORMATS = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
                   "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}
GRAPH_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "jsonld": ox.RdfFormat.JSON_LD,
                 "nt": ox.RdfFormat.N_TRIPLES, "rdfxml": ox.RdfFormat.RDF_XML}


def format_names(formats: dict) -> list[list[str]]:
    """[key, display name] of each format (pyoxigraph's names: "Turtle", "SPARQL Results in JSON" …),
    for the pages and their script."""
    return [[key, fmt.name] for key, fmt in formats.items()]


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


def solutions(result: Result) -> ox.QuerySolutions:
    """The rows of a :class:`~arkg.results.Result` as pyoxigraph solutions, for its serialisers
    (through SPARQL TSV, which writes every term losslessly in its N-Triples form)."""
    lines = ["\t".join("?" + c for c in result.columns)]
    lines += ["\t".join("" if row.get(c) is None else str(row[c]) for c in result.columns) for row in result.rows]
    return ox.parse_query_results(("\n".join(lines) + "\n").encode("utf-8"), format=ox.QueryResultsFormat.TSV)


def boolean(value: bool) -> ox.QueryBoolean:
    """An ASK answer as a pyoxigraph boolean result."""
    return ox.parse_query_results(b'{"head":{},"boolean":%s}' % (b"true" if value else b"false"),
                                  format=ox.QueryResultsFormat.JSON)


def serialize(answer, fmt: str, max_rows: int | None = None, hide=()) -> bytes:
    """An answer in ``fmt`` (a key of RESULTS_FORMATS for SELECT and ASK, of GRAPH_FORMATS for
    CONSTRUCT and DESCRIBE), by pyoxigraph's own serialisers. The answer is what
    :meth:`pyoxigraph.Store.query` returns, or what the library returns (a
    :class:`~arkg.results.Result`, a bool, a list of triples). More than ``max_rows`` rows (or
    triples) raises :class:`TooManyRows`; ``hide`` drops columns."""
    if isinstance(answer, bool):
        answer = boolean(answer)
    elif isinstance(answer, Result):
        answer = solutions(answer)
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
    if fmt == "jsonld":  # the one JSON-LD writer: compacted against the published context, as exports are
        from .jsonld import compact

        return compact(triples).encode("utf-8")
    internal = any(is_internal(t.subject, t.predicate, t.object) for t in triples)
    return ox.serialize(triples, format=GRAPH_FORMATS[fmt], prefixes=prefixes(internal))
