"""Query results: the rows of a SELECT, paged, and a text table for people; the SPARQL results
formats (CSV, TSV, JSON, XML) are written by :mod:`arkg.serialisers`."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from .namespaces import RDFS, shorten

FORMATS = ("table", "csv", "tsv", "json", "xml")
# Sort keys carried by machine formats only: the first and last day a date allows (see arkg.dates).
MACHINE_ONLY = ("dateEarliest", "dateLatest")


@dataclass
class Result:
    """Rows of a SELECT: ``columns`` in order, each row a dict column -> pyoxigraph term.

    A page of a longer answer (``limit``/``offset``) holds the rows from ``offset`` on; ``total``
    counts the rows of the whole answer."""

    columns: list[str]
    rows: list[dict]
    total: int | None = None
    offset: int = 0

    def __post_init__(self):
        if self.total is None:
            self.total = self.offset + len(self.rows)

    @property
    def partial(self) -> bool:
        """True when this is a page, not the whole answer."""
        return self.offset > 0 or len(self.rows) < self.total

    def page_note(self) -> str:
        """E.g. 'rows 1–50 of 812; --limit/--offset for more' (or '(812 rows)' for all of them)."""
        if not self.partial:
            return f"({len(self.rows)} row{'s' if len(self.rows) != 1 else ''})"
        if not self.rows:
            return f"no rows from {self.offset + 1} on; {self.total} in all"
        return (f"rows {self.offset + 1}–{self.offset + len(self.rows)} of {self.total}; "
                f"--limit/--offset for more")

    def page(self, start: int, end: int | None) -> "Result":
        """The rows ``start`` to ``end`` (None: to the last) of this whole answer, as a page that
        counts every row in ``total``; ``start``, ``end`` as :func:`page_bounds` returns them."""
        return Result(self.columns, self.rows[start:end], total=len(self.rows), offset=start)

    def __len__(self) -> int:
        return len(self.rows)

    def values(self, column: str) -> list[str | None]:
        """The plain values (IRI or lexical form) of one column."""
        return [row[column].value if row.get(column) is not None else None for row in self.rows]

    def sort_parts(self, column: str, separator: str) -> None:
        """Sort the parts of a concatenated literal column (e.g. a GROUP_CONCAT of sources)."""
        for row in self.rows:
            term = row.get(column)
            if isinstance(term, ox.Literal) and separator in term.value:
                parts = sorted(term.value.split(separator))
                text = separator.join(parts)
                row[column] = (ox.Literal(text, language=term.language) if term.language
                               else ox.Literal(text, datatype=term.datatype))

    def dicts(self) -> list[dict]:
        """Each row as a dict of plain values, for notebooks and tests."""
        return [{c: (r[c].value if r.get(c) is not None else None) for c in self.columns} for r in self.rows]

    def to_table(self, labels: dict[str, str] | None = None) -> str:
        """A text table; with ``labels`` (IRI -> label), IRIs show as their labels."""
        columns = [c for c in self.columns if c not in MACHINE_ONLY]
        cells = [[_table_value(r.get(c), labels) for c in columns] for r in self.rows]
        widths = [len(c) for c in columns]
        for row in cells:
            widths = [max(w, len(v)) for w, v in zip(widths, row)]
        widths = [min(w, 70) for w in widths]

        def line(values):
            return "  ".join(_clip(v, w).ljust(w) for v, w in zip(values, widths)).rstrip()

        out = [line(columns), line(["-" * w for w in widths])]
        out += [line(row) for row in cells]
        out.append(self.page_note())
        return "\n".join(out) + "\n"

    def iris(self) -> set[str]:
        """Every IRI in the rows, also inside lists of IRIs (for looking up their labels)."""
        found = set()
        for r in self.rows:
            for term in r.values():
                if isinstance(term, ox.NamedNode):
                    found.add(term.value)
                elif isinstance(term, ox.Literal) and "http" in term.value:
                    found.update(w for w in term.value.split(" ") if w.startswith(("http://", "https://")))
        return found

    def render(self, fmt: str, labels: dict[str, str] | None = None) -> str:
        """A table for people (``labels``: IRI -> label, to show instead of IRIs), or the rows in a
        SPARQL results format (csv, tsv, json, xml) by :func:`arkg.serialisers.serialize`."""
        if fmt == "table":
            return self.to_table(labels)
        from .serialisers import serialize

        return serialize(self, fmt).decode("utf-8")


def labels_of(store: ox.Store, iris) -> dict[str, str]:
    """The English label (else any label) of each IRI that has one, for readable tables."""
    label = ox.NamedNode(RDFS.label)
    found = {}
    for iri in iris:
        best = None
        for quad in store.quads_for_pattern(ox.NamedNode(iri), label, None):
            if isinstance(quad.object, ox.Literal) and (best is None or quad.object.language == "en"):
                best = quad.object
                if best.language == "en":
                    break
        if best is not None:
            found[iri] = best.value
    return found


def label_of(store: ox.Store, iri: str) -> str:
    """The English label of an IRI (else any label), or its prefixed name if it has none."""
    return labels_of(store, (iri,)).get(iri) or shorten(iri)


def _table_value(term, labels: dict[str, str] | None = None) -> str:
    labels = labels or {}
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return labels.get(term.value) or shorten(term.value)
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    text = term.value.replace("\n", " ")
    if "http" in text:  # lists of IRIs (e.g. the parties of an agreement) read better prefixed
        words = [labels.get(w) or shorten(w) if w.startswith(("http://", "https://")) else w for w in text.split(" ")]
        text = (", " if labels and all(w.startswith(("http://", "https://")) for w in text.split(" ")) else " ").join(words)
    return text


def _clip(value: str, width: int) -> str:
    return value if len(value) <= width else value[: width - 1] + "…"


def page_bounds(limit: int | None, offset: int | None) -> tuple[int, int | None]:
    """Check a page request; return (offset, end) with end None for 'to the last row'."""
    from .errors import UsageError

    offset = offset or 0
    if offset < 0 or (limit is not None and limit < 0):
        raise UsageError("--limit and --offset must not be negative")
    return offset, (None if limit is None else offset + limit)


def concat(parts: list[Result]) -> Result:
    """The rows of several runs of one query (at least one), one after the other."""
    return Result(parts[0].columns, [row for part in parts for row in part.rows])


def from_solutions(solutions, hidden: set[str] = frozenset(), limit: int | None = None,
                   offset: int = 0) -> Result:
    """The rows of ``solutions`` from ``offset`` on (at most ``limit`` of them); all rows are
    counted, only the page is converted."""
    columns = [v.value for v in solutions.variables if v.value not in hidden]
    start, end = page_bounds(limit, offset)
    rows = []
    total = 0
    for solution in solutions:
        if total >= start and (end is None or total < end):
            rows.append({c: solution[c] for c in columns})
        total += 1
    return Result(columns, rows, total=total, offset=start)
