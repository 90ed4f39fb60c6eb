"""Canned queries: one ``.rq`` file each in ``queries/``, the file name is the query's name.

A header of ``#`` comments declares the title, description, parameters and result columns::

    # title: Who broke relations with whom
    # description: ...
    # param: state | entity | optional | a state that broke relations or whose relations were broken
    # columns: breaker other date event source
    # example: arkg query who-broke-relations state=Albania

Parameters are bound as RDF terms (never pasted into the query text). Each file is valid SPARQL
on its own: with no parameter bound it returns the unfiltered answer. A file whose name ends in
``-violation`` is a check that must return no rows.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from . import paths
from .dates import DateError, param_bound
from .errors import UsageError
from .resolve import resolve
from .results import Result, from_solutions
from .text import search_key

PARAM_KINDS = ("entity", "from-date", "to-date", "text", "search")
_HEADER = re.compile(r"^#\s*(title|description|param|columns|example):\s*(.*)$")
# SPARQL leaves the order inside GROUP_CONCAT open; the runner sorts the parts so that an answer
# reads the same on every run and every engine
_CONCAT = re.compile(r'GROUP_CONCAT\(.*?separator\s*=\s*"([^"]*)"\s*\)\s*AS\s*\?(\w+)', re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class Param:
    name: str
    kind: str
    required: bool
    help: str


@dataclass
class CannedQuery:
    name: str
    path: Path
    title: str
    description: str
    params: list[Param]
    columns: list[str]
    examples: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")

    @property
    def concatenated(self) -> dict[str, str]:
        """Columns made by GROUP_CONCAT, with their separators (their parts come back sorted)."""
        return {column: separator for separator, column in _CONCAT.findall(self.text)}

    def bind(self, store: ox.Store, values: dict[str, str]) -> dict:
        known = {p.name: p for p in self.params}
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise UsageError(
                f"query {self.name!r} has no parameter {', '.join(unknown)}; "
                f"its parameters: {', '.join(known) or '(none)'}"
            )
        missing = [p.name for p in self.params if p.required and p.name not in values]
        if missing:
            raise UsageError(f"query {self.name!r} needs {', '.join(missing)}=VALUE")
        bound = {}
        for name, raw in values.items():
            kind = known[name].kind
            if kind == "entity":
                bound[ox.Variable(name)] = resolve(store, raw)
            elif kind in ("from-date", "to-date"):
                try:
                    day = param_bound(raw, upper=(kind == "to-date"))
                except DateError as exc:
                    raise UsageError(f"{name}={raw!r}: {exc}") from None
                bound[ox.Variable(name)] = ox.Literal(
                    day.isoformat(), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))
            elif kind == "search":
                bound[ox.Variable(name)] = ox.Literal(search_key(raw))
            else:
                bound[ox.Variable(name)] = ox.Literal(raw)
        return bound

    def run(self, store: ox.Store, values: dict[str, str] | None = None, limit: int | None = None,
            offset: int = 0, answers: Path | None = None) -> Result:
        """The answer, or the page of it from ``offset`` (at most ``limit`` rows); the result's
        ``total`` counts every row. With ``answers`` (a directory beside the store, see
        :mod:`arkg.answers`), a slow answer is kept there and later pages are read from it."""
        substitutions = self.bind(store, values or {})
        hidden = {p.name for p in self.params} - set(self.columns)
        text = self.text
        if answers is None:
            solutions = store.query(text, substitutions=substitutions)
            return self._sorted(from_solutions(solutions, hidden=hidden, limit=limit, offset=offset))
        from . import answers as kept
        from .results import page_bounds

        start, end = page_bounds(limit, offset)
        path = answers / f"{self.name}-{kept.key(text, substitutions)}.jsonl"
        hit = kept.read(path, start, end)
        if hit is not None:
            return hit
        t0 = time.perf_counter()
        whole = self._sorted(from_solutions(store.query(text, substitutions=substitutions), hidden=hidden))
        if time.perf_counter() - t0 > kept.KEEP_AFTER_SECONDS:
            kept.write(path, whole)
        return Result(whole.columns, whole.rows[start:end], total=whole.total, offset=start)

    def _sorted(self, result: Result) -> Result:
        for column, separator in self.concatenated.items():
            result.sort_parts(column, separator)
        return result


def parse_header(path: Path) -> CannedQuery:
    fields: dict[str, list[str]] = {"title": [], "description": [], "param": [], "columns": [], "example": []}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        m = _HEADER.match(line)
        if m:
            fields[m[1]].append(m[2].strip())
    params = []
    for spec in fields["param"]:
        parts = [p.strip() for p in spec.split("|")]
        if len(parts) != 4 or parts[1] not in PARAM_KINDS or parts[2] not in ("required", "optional"):
            raise ValueError(f"{path}: bad param line {spec!r}: want 'name | kind | required|optional | help'")
        params.append(Param(parts[0], parts[1], parts[2] == "required", parts[3]))
    if not fields["title"] or not fields["columns"]:
        raise ValueError(f"{path}: header needs '# title:' and '# columns:'")
    return CannedQuery(
        name=path.stem,
        path=path,
        title=fields["title"][0],
        description=" ".join(fields["description"]),
        params=params,
        columns=fields["columns"][0].split(),
        examples=fields["example"],
    )


def catalog(directory: Path | None = None) -> dict[str, CannedQuery]:
    directory = directory or paths.queries_dir()
    found = {p.stem: parse_header(p) for p in sorted(directory.glob("*.rq"))}
    if not found:
        raise FileNotFoundError(f"no canned queries found in {directory}")
    return found


def get(name: str) -> CannedQuery:
    queries = catalog()
    if name not in queries:
        raise UsageError(f"no canned query {name!r}; available: {', '.join(sorted(queries))}")
    return queries[name]
