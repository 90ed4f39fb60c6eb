"""Query results and their formats: a table for people, CSV, TSV and SPARQL 1.1 JSON."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

import pyoxigraph as ox

from .namespaces import shorten
from .terms import sparql_json_term

FORMATS = ("table", "csv", "tsv", "json")


@dataclass
class Result:
    """Rows of a SELECT: ``columns`` in order, each row a dict column -> pyoxigraph term."""

    columns: list[str]
    rows: list[dict]

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

    def to_json(self) -> str:
        bindings = [
            {c: sparql_json_term(r[c]) for c in self.columns if r.get(c) is not None}
            for r in self.rows
        ]
        return json.dumps({"head": {"vars": self.columns}, "results": {"bindings": bindings}},
                          ensure_ascii=False, indent=1)

    def to_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(self.columns)
        for r in self.rows:
            writer.writerow(["" if r.get(c) is None else _csv_value(r[c]) for c in self.columns])
        return out.getvalue()

    def to_tsv(self) -> str:
        lines = ["\t".join("?" + c for c in self.columns)]
        for r in self.rows:
            lines.append("\t".join("" if r.get(c) is None else str(r[c]) for c in self.columns))
        return "\n".join(lines) + "\n"

    def to_table(self) -> str:
        cells = [[_table_value(r.get(c)) for c in self.columns] for r in self.rows]
        widths = [len(c) for c in self.columns]
        for row in cells:
            widths = [max(w, len(v)) for w, v in zip(widths, row)]
        widths = [min(w, 70) for w in widths]

        def line(values):
            return "  ".join(_clip(v, w).ljust(w) for v, w in zip(values, widths)).rstrip()

        out = [line(self.columns), line(["-" * w for w in widths])]
        out += [line(row) for row in cells]
        out.append(f"({len(self.rows)} row{'s' if len(self.rows) != 1 else ''})")
        return "\n".join(out) + "\n"

    def render(self, fmt: str) -> str:
        return {"table": self.to_table, "csv": self.to_csv, "tsv": self.to_tsv,
                "json": self.to_json}[fmt]()


def _csv_value(term) -> str:
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    return term.value


def _table_value(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return shorten(term.value)
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    text = term.value.replace("\n", " ")
    if "http" in text:  # lists of IRIs (e.g. the parties of an agreement) read better prefixed
        text = " ".join(shorten(word) if word.startswith(("http://", "https://")) else word for word in text.split(" "))
    return text


def _clip(value: str, width: int) -> str:
    return value if len(value) <= width else value[: width - 1] + "…"


def from_solutions(solutions, hidden: set[str] = frozenset()) -> Result:
    columns = [v.value for v in solutions.variables if v.value not in hidden]
    rows = []
    for solution in solutions:
        rows.append({c: solution[c] for c in columns})
    return Result(columns, rows)
