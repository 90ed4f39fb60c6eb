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

Parameter kinds: ``entity`` (a name, see :mod:`arkg.resolver`), ``from-date`` / ``to-date`` (the
first / last day a date allows), ``date`` (binds ``?name`` to the first day and ``?nameLatest`` to
the last day it allows), ``flag`` (true/false), ``class`` (an ARKG class by name or label, e.g.
``DiplomatExpulsion`` or "economic rupture"), ``text``, and ``search`` (looked up in the name index:
the query runs once per hit, bound to ``?entity``, best hit first).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Iterator

import pyoxigraph as ox

from . import names, paths
from .dates import DateError, param_bound, parse
from .errors import UsageError
from .namespaces import ARKG, OWL, RDFS, XSD, local_name
from .resolver import resolve_in
from .results import Result, concat, from_solutions

PARAM_KINDS = ("entity", "from-date", "to-date", "date", "flag", "class", "text", "search")
XSD_DATE = ox.NamedNode(XSD["date"])
_TRUE, _FALSE = ("true", "yes", "1", "on"), ("false", "no", "0", "off")
_HEADER = re.compile(r"^#\s*(title|description|param|columns|example):\s*(.*)$")
# SPARQL leaves the order inside GROUP_CONCAT open; the runner sorts the parts so that an answer
# reads the same on every run and every engine
_CONCAT = re.compile(r'GROUP_CONCAT\(.*?separator\s*=\s*"([^"]*)"\s*\)+\s*AS\s*\?(\w+)', re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class Param:
    name: str
    kind: str
    required: bool
    help: str
    root: str | None = None  # for kind "class" declared as "class:Rupture": subclasses of arkg:Rupture only


@dataclass
class CannedQuery:
    name: str
    path: Path
    title: str
    description: str
    params: list[Param]
    columns: list[str]
    examples: list[str] = field(default_factory=list)

    @cached_property
    def text(self) -> str:
        """The query's SPARQL, read once (the catalog is rebuilt when a file changes)."""
        return self.path.read_text(encoding="utf-8")

    @property
    def concatenated(self) -> dict[str, str]:
        """Columns made by GROUP_CONCAT, with their separators (their parts come back sorted)."""
        return {column: separator for separator, column in _CONCAT.findall(self.text)}

    def variable(self, param: str) -> str:
        """The variable a parameter binds: ``?<name>Param`` when the query has one (for a
        parameter that is also a column, such as kind=), else ``?<name>``."""
        return param + "Param" if f"?{param}Param" in self.text else param

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
        for param_name, raw in values.items():
            kind = known[param_name].kind
            # a parameter that names a column too (kind=) is bound as ?kindParam if the query uses it
            name = self.variable(param_name)
            if kind == "entity":
                bound[ox.Variable(name)] = resolve_in(store, raw)
            elif kind in ("from-date", "to-date"):
                try:
                    day = param_bound(raw, upper=(kind == "to-date"))
                except DateError as exc:
                    raise UsageError(f"{param_name}={raw!r}: {exc}") from None
                bound[ox.Variable(name)] = ox.Literal(day.isoformat(), datatype=XSD_DATE)
            elif kind == "date":
                try:
                    span = parse(raw.strip())
                except DateError as exc:
                    raise UsageError(f"{param_name}={raw!r}: {exc}") from None
                if span.earliest is not None:
                    bound[ox.Variable(name)] = ox.Literal(span.earliest.isoformat(), datatype=XSD_DATE)
                if span.latest is not None:
                    bound[ox.Variable(name + "Latest")] = ox.Literal(span.latest.isoformat(), datatype=XSD_DATE)
            elif kind == "flag":
                if raw.strip().lower() not in _TRUE + _FALSE:
                    raise UsageError(f"{param_name}={raw!r}: want true or false")
                bound[ox.Variable(name)] = ox.Literal(raw.strip().lower() in _TRUE)
            elif kind == "class":
                bound[ox.Variable(name)] = resolve_class(store, raw, known[param_name].root)
            elif kind == "search":
                bound[ox.Variable(name)] = ox.Literal(names.plain(raw))
            else:
                bound[ox.Variable(name)] = ox.Literal(raw)
        return bound

    @property
    def hidden(self) -> set[str]:
        """Variables that parameters bind but that are not columns: a parameter that is not a
        column, ``?<name>Param`` for one that is, and ``?<name>Latest`` of a date."""
        return ({p.name for p in self.params} - set(self.columns)) | {
            self.variable(p.name) for p in self.params if self.variable(p.name) != p.name} | {
            p.name + "Latest" for p in self.params if p.kind == "date"}

    def _searched(self, values: dict[str, str]) -> str | None:
        """The text of the search parameter, if the query has one and it is given."""
        return next((values[p.name] for p in self.params if p.kind == "search" and p.name in values), None)

    def runs(self, store: ox.Store, values: dict[str, str], bound: dict) -> Iterator[dict]:
        """The substitutions of each run of the query, for the embedded store and for an endpoint
        alike: ``bound`` (see :meth:`bind`) once; for a search, once per hit of the name index,
        best first, with ``?entity`` and ``?matched`` bound (no hit: one run that matches nothing)."""
        text = self._searched(values)
        if text is None:
            yield bound
            return
        hits = names.index_for(store).search(text)
        for hit in hits:
            yield {**bound, ox.Variable("entity"): ox.NamedNode(hit.entity),
                   ox.Variable("matched"): ox.Literal(hit.label)}
        if not hits:
            yield {**bound, ox.Variable("entity"): ox.NamedNode("urn:arkg:none")}

    def run(self, store: ox.Store, values: dict[str, str] | None = None, limit: int | None = None,
            offset: int = 0, answers: Path | None = None) -> Result:
        """The answer, or the page of it from ``offset`` (at most ``limit`` rows); the result's
        ``total`` counts every row. With ``answers`` (a directory beside the store, see
        :mod:`arkg.answers`), a slow answer is kept there and later pages are read from it."""
        from .results import page_bounds

        values = values or {}
        substitutions = self.bind(store, values)
        hidden = self.hidden
        start, end = page_bounds(limit, offset)
        text = self.text
        if self._searched(values) is not None:
            # the name index ranks the entities; the query describes each, best first
            whole = concat([from_solutions(store.query(text, substitutions=run), hidden=hidden)
                            for run in self.runs(store, values, substitutions)])
            return self._sorted(whole).page(start, end)
        if answers is None:
            solutions = store.query(text, substitutions=substitutions)
            return self._sorted(from_solutions(solutions, hidden=hidden, limit=limit, offset=offset))
        from . import answers as kept

        path = answers / f"{self.name}-{kept.key(text, substitutions)}.jsonl"
        hit = kept.read(path, start, end)
        if hit is not None:
            return hit
        t0 = time.perf_counter()
        whole = self._sorted(from_solutions(store.query(text, substitutions=substitutions), hidden=hidden))
        if time.perf_counter() - t0 > kept.KEEP_AFTER_SECONDS:
            kept.write(path, whole)
        return whole.page(start, end)

    def _sorted(self, result: Result) -> Result:
        for column, separator in self.concatenated.items():
            result.sort_parts(column, separator)
        return result


_CLASSES = f"""
SELECT ?c ?label ?root WHERE {{
  ?c a <{OWL["Class"]}> ; <{RDFS["label"]}> ?label ;
     <{RDFS["subClassOf"]}> ?root .
  FILTER(STRSTARTS(STR(?c), "{ARKG}"))
}}"""


def _spaced(name: str) -> str:
    """A CamelCase name in words: 'DiplomatExpulsion' is 'Diplomat Expulsion'."""
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name)


def resolve_class(store: ox.Store, text: str, root: str | None = None) -> ox.NamedNode:
    """An ARKG class (a subclass of ``arkg:<root>`` if given) from its name (DiplomatExpulsion,
    arkg:DiplomatExpulsion) or its label ("expulsion of diplomats", "economic rupture"), any case:
    an exact name first, else the one name starting with the text, else the one containing it."""
    want = names.fold(_spaced(text.strip().removeprefix("arkg:")))
    if not want:
        raise UsageError("a class parameter cannot be empty")
    found: dict[str, set[str]] = {}
    subs = {}
    if root:
        subs = {ox.Variable("root"): ox.NamedNode(ARKG + root)}
    for s in store.query(_CLASSES, substitutions=subs):
        local = local_name(s["c"].value)
        keys = {names.fold(_spaced(local)), names.fold(s["label"].value)}
        found[s["c"].value] = keys
    # "sanctions", "recalls": a plural names the class of its singular
    singular = " ".join(w[:-1] if w.endswith("s") and len(w) > 3 else w for w in want.split())
    for form in dict.fromkeys((want, singular)):
        exact = sorted(c for c, keys in found.items() if form in keys)
        start = sorted(c for c, keys in found.items() if any(k.startswith(form) for k in keys))
        partial = sorted(c for c, keys in found.items() if any(form in k for k in keys))
        for hits in (exact, start, partial):
            if len(hits) == 1:
                return ox.NamedNode(hits[0])
        if partial:
            break
    options = partial or sorted(found)
    listed = ", ".join(local_name(c) for c in options[:40])
    if partial:
        raise UsageError(f"{text!r} names several classes: {listed}")
    raise UsageError(f"no class matches {text!r}; classes: {listed}")


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
        kind, _, root = parts[1].partition(":") if len(parts) > 1 else ("", "", "")
        if len(parts) != 4 or kind not in PARAM_KINDS or parts[2] not in ("required", "optional") \
                or (root and kind != "class"):
            raise ValueError(f"{path}: bad param line {spec!r}: want 'name | kind | required|optional | help'")
        params.append(Param(parts[0], kind, parts[2] == "required", parts[3], root or None))
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


_CATALOGS: dict[Path, tuple] = {}


def catalog(directory: Path | None = None) -> dict[str, CannedQuery]:
    """The canned queries by name (``queries/*.rq``, or the ``.rq`` files of ``directory``)."""
    directory = directory or paths.queries_dir()
    files = sorted(directory.glob("*.rq"))
    stamp = tuple((p.name, st.st_mtime_ns, st.st_size) for p, st in ((p, p.stat()) for p in files))
    kept = _CATALOGS.get(directory)
    if kept is None or kept[0] != stamp:  # parsed once per process, again only if a file changed
        kept = _CATALOGS[directory] = (stamp, {p.stem: parse_header(p) for p in files})
    if not kept[1]:
        raise FileNotFoundError(f"no canned queries found in {directory}")
    return dict(kept[1])


def get(name: str) -> CannedQuery:
    """The canned query ``name``; :class:`UsageError` lists the available ones otherwise."""
    queries = catalog()
    if name not in queries:
        raise UsageError(f"no canned query {name!r}; available: {', '.join(sorted(queries))}")
    return queries[name]


def query(name: str, inferred: bool = True, limit: int | None = None, offset: int = 0, data=None,
          **params: str) -> Result:
    """Run a canned query with its parameters, e.g. ``query("visits", visitor="Enver Hoxha")``, on
    the reasoned (or asserted) graph of ``data`` (default ``$ARKG_DATA``, else the shipped graph).
    ``limit`` and ``offset`` page through the rows; the result's ``total`` counts them all."""
    from .pipeline import build
    from .stores import open_store

    info = build(data=data)
    answers = info.directory / "answers" / ("reasoned" if inferred else "asserted")
    return get(name).run(open_store(inferred, info=info), params, limit=limit, offset=offset, answers=answers)
