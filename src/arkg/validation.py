"""SHACL validation of the facts (``ontology/shapes/data.ttl``) and of the ontology itself
(``ontology/shapes/ontology.ttl``), over the asserted graph after enrichment.

Two engines give the same report: ``pyshacl``, the reference, and ``sparql``, the shapes compiled
to SPARQL and run on Oxigraph (:mod:`arkg.shapes_sparql`), which is the default (``auto``) above
:data:`AUTO_THRESHOLD_BYTES` of input and for contributions. A contribution (``arkg validate
FILE``) is validated against the built graph in proportion to its size: only the nodes it
mentions (and the nodes whose ``sh:node`` constraints reach them) are focus nodes, with their
neighbourhood in the built graph as context.

Each violation names the focus node, the property (result path), the rule (the shape and the
SHACL constraint) and the file the node comes from. Stated dates that do not parse are reported
as violations of the rule ``arkg:stated date grammar``.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import pyoxigraph as ox
from rdflib import BNode, Graph, RDF, URIRef
from rdflib.namespace import SH

from . import paths
from .enrich import enrich
from .errors import InputError, UsageError
from .loader import load
from .namespaces import ARKG, shorten
from .terms import to_oxigraph, to_rdflib


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str
    message: str
    rule: str
    file: str
    value: str = ""

    def __str__(self) -> str:
        where = f"{self.file}: " if self.file else ""
        value = f" (value: {self.value})" if self.value else ""
        return f"{where}{self.focus}: {self.path}: {self.message}{value} [rule: {self.rule}]"


@dataclass
class Report:
    violations: list[Violation] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)

    @property
    def conforms(self) -> bool:
        return not self.violations

    def text(self) -> str:
        if self.conforms:
            return f"conforms: {len(self.files)} files, no violations\n"
        lines = [str(v) for v in self.violations]
        lines.append(f"{len(self.violations)} violation(s) in {len(self.files)} files")
        return "\n".join(lines) + "\n"


ENGINES = ("auto", "pyshacl", "sparql")
AUTO_THRESHOLD_BYTES = 3_000_000  # larger inputs (≈ 40 k triples and more) use the sparql engine


def shapes_graph(files=None) -> Graph:
    """The SHACL shapes (``files``, by default the shipped ones) in one graph, read as every input
    is (:mod:`arkg.loader`): a syntax error names the file, line and column (exit code 2)."""
    from .dataset import shipped

    files = list(shipped().shapes) if files is None else list(files)
    if not files:
        raise FileNotFoundError(f"no SHACL shapes found in {paths.shapes_dir()}")
    return load(files).graph


def _name(node) -> str:
    if isinstance(node, URIRef):
        return shorten(str(node))
    if isinstance(node, BNode):
        return f"_:{node}"
    return str(node) if node is not None else ""


def _owner(parent, node):
    """The named node a blank node hangs from (a time span's event, a citation's fact)."""
    seen = set()
    while isinstance(node, BNode) and node not in seen:
        seen.add(node)
        up = parent(node)
        if up is None:
            break
        node = up
    return node


def _describe(parent, origin, node) -> tuple[str, str]:
    owner = _owner(parent, node)
    focus = _name(node) if owner == node else f"{_name(owner)} > {_name(node)}"
    where = origin(node) or origin(owner)
    return focus, str(where) if where else ""


def _rule_name(shapes: Graph, shape) -> str:
    """A named shape, or the named node shape that holds an anonymous property shape."""
    if isinstance(shape, URIRef):
        return _name(shape)
    parent = next(iter(shapes.subjects(SH.property, shape)), None)
    if parent is None:
        parent = next(iter(shapes.subjects(SH.sparql, shape)), None)
    path = shapes.value(shape, SH.path)
    inner = f" > {_name(path)}" if path is not None else ""
    return (_name(parent) if parent is not None else "anonymous shape") + inner


def _violation(shapes, parent, origin, focus_node, path, shape, component, value, message) -> Violation:
    focus, where = _describe(parent, origin, focus_node)
    rule = _rule_name(shapes, shape)
    rule += f" / {_name(component)}" if component is not None else ""
    return Violation(focus, _name(path) if path is not None else "(node)", str(message or "violation"),
                     rule, where, _name(value) if value is not None else "")


def _graph_parent(graph: Graph):
    return lambda node: next(iter(graph.subjects(None, node)), None)


def _store_parent(store: ox.Store):
    def parent(node):
        for q in store.quads_for_pattern(None, None, to_oxigraph(node), ox.DefaultGraph()):
            return to_rdflib(q.subject)
        return None
    return parent


def _date_problems(graph: Graph, problems, parent, origin) -> list[Violation]:
    out = []
    for node, message in problems:
        focus, where = _describe(parent, origin, node)
        out.append(Violation(focus, "arkg:stated", message, "arkg:stated date grammar", where,
                             str(graph.value(node, ARKG.stated))))
    return out


def _pyshacl(graph: Graph, shapes: Graph, parent, origin) -> list[Violation]:
    import pyshacl

    conforms, results, _ = pyshacl.validate(
        graph, shacl_graph=shapes, inference="none", advanced=False, js=False,
        allow_warnings=True,
    )
    out = []
    if not conforms:
        for result in results.subjects(RDF.type, SH.ValidationResult):
            out.append(_violation(
                shapes, parent, origin, results.value(result, SH.focusNode), results.value(result, SH.resultPath),
                results.value(result, SH.sourceShape), results.value(result, SH.sourceConstraintComponent),
                results.value(result, SH.value), results.value(result, SH.resultMessage)))
    return out


def _sparql(store: ox.Store, shapes: Graph, parent, origin, focus_filter=None, results=None) -> list[Violation]:
    from .shapes_sparql import compile_shapes, run

    if results is None:
        results = run(compile_shapes(shapes), store, focus_filter)
    out = []
    for r in results:
        out.append(_violation(
            shapes, parent, origin, to_rdflib(r.focus),
            to_rdflib(r.path) if isinstance(r.path, (ox.NamedNode, ox.BlankNode, ox.Literal)) else r.path,
            r.shape, r.component, None if r.value is None else to_rdflib(r.value), r.message))
    return out


def _memory_store(*graphs) -> ox.Store:
    from .pipeline import _triples

    store = ox.Store()
    memo: dict = {}
    for graph in graphs:
        store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object) for t in _triples(graph, memo))
    return store


def _finish(report: Report) -> Report:
    report.violations = sorted(set(report.violations), key=lambda v: (v.file, v.focus, v.path, v.rule, v.value))
    return report


def prepare(files: list[Path]):
    """Load the files (remembering where each node comes from) and enrich them: (loaded, date
    problems), ready for :func:`validate_prepared` with either engine."""
    loaded = load(files)
    return loaded, enrich(loaded.graph)


def validate_files(files: list[Path], shapes: Graph, engine: str) -> Report:
    """Load the files, enrich, and validate."""
    return validate_prepared(prepare(files), files, shapes, engine)


def validate_prepared(prepared, files: list[Path], shapes: Graph, engine: str) -> Report:
    loaded, problems = prepared
    graph = loaded.graph
    report = Report(files=list(files))
    parent, origin = _graph_parent(graph), loaded.origins.get
    report.violations += _date_problems(graph, problems, parent, origin)
    if engine == "pyshacl":
        report.violations += _pyshacl(graph, shapes, parent, origin)
    else:
        report.violations += _sparql(_memory_store(graph), shapes, parent, origin)
    return _finish(report)


def _choose(engine: str, files: list[Path]) -> str:
    if engine not in ENGINES:
        raise UsageError(f"unknown validation engine {engine!r}; choose from {', '.join(ENGINES)}")
    if engine != "auto":
        return engine
    size = sum(f.stat().st_size for f in files if f.exists())
    return "sparql" if size > AUTO_THRESHOLD_BYTES else "pyshacl"


def _compilable(shapes: Graph) -> bool:
    from .shapes_sparql import Unsupported, compile_shapes

    try:
        compile_shapes(shapes)
        return True
    except Unsupported as exc:
        warnings.warn(f"the sparql validation engine cannot compile these shapes ({exc}); using pySHACL",
                      stacklevel=3)
        return False


def _origins_by_parsing(files: list[Path], wanted: set) -> dict:
    """Which file each of ``wanted`` (IRIs) comes from: a parse, no graph built."""
    from .loader import _FORMATS

    found = {}
    for path in files:
        fmt = _FORMATS.get(path.suffix)
        if fmt is None:
            continue
        for q in ox.parse(path=str(path), format=fmt):
            s = q.subject
            if isinstance(s, ox.NamedNode) and s.value in wanted and s.value not in found:
                found[s.value] = path
    return found


def _validate_built(dataset, shapes: Graph) -> Report | None:
    """The whole built graph, validated on its own store; None if it does not build (a bad
    stated date, reported by the file-by-file path)."""
    from .pipeline import build
    from .stores import open_store

    try:
        info = build(data=dataset.root) if dataset.root else build()
    except InputError:
        return None
    store = open_store(False, info=info)
    report = Report(files=list(dataset.files))
    from .shapes_sparql import compile_shapes, run

    results = run(compile_shapes(shapes), store)
    parent = _store_parent(store)
    origins: dict = {}
    if results:  # name the files: parse once more, only to find where the nodes come from
        wanted = {str(_owner(parent, to_rdflib(r.focus))) for r in results}
        origins = _origins_by_parsing(list(dataset.files), wanted)
    report.violations = _sparql(store, shapes, parent,
                                lambda n: origins.get(str(n)) if isinstance(n, URIRef) else None, results=results)
    return _finish(report)


def _context(base: ox.Store, contribution: Graph, node_paths: set) -> tuple[ox.Store, set]:
    """The contribution plus its neighbourhood in the built graph: the triples of every node it
    mentions (and of the blank nodes they lead to), the types of their values, the class and
    property hierarchy, and the nodes that reach a contributed subject by a ``sh:node`` path.
    Returns the store and the focus nodes to report on."""
    from rdflib.namespace import RDFS

    default = ox.DefaultGraph()
    mentioned = set()
    for s, p, o in contribution:
        for t in (s, o):
            if isinstance(t, (URIRef, BNode)):
                mentioned.add(t)
    focus = set(mentioned)
    subjects = {s for s in contribution.subjects() if isinstance(s, URIRef)}
    for p in node_paths:  # nodes whose sh:node constraint reaches a contributed subject
        for s in subjects:
            for q in base.quads_for_pattern(None, ox.NamedNode(str(p)), ox.NamedNode(str(s)), default):
                focus.add(to_rdflib(q.subject))
    quads = []
    seen = set()
    todo = [to_oxigraph(n) for n in focus if isinstance(n, URIRef)]
    typed = set()
    rdf_type = ox.NamedNode(str(RDF.type))
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for q in base.quads_for_pattern(node, None, None, default):
            quads.append(q)
            if isinstance(q.object, ox.BlankNode):
                todo.append(q.object)
            elif isinstance(q.object, ox.NamedNode) and q.object not in typed:
                typed.add(q.object)
                quads.extend(base.quads_for_pattern(q.object, rdf_type, None, default))
    for n in mentioned:
        if isinstance(n, URIRef) and to_oxigraph(n) not in typed:
            quads.extend(base.quads_for_pattern(to_oxigraph(n), rdf_type, None, default))
    for p in (RDFS.subClassOf, RDFS.subPropertyOf):
        quads.extend(base.quads_for_pattern(None, ox.NamedNode(str(p)), None, default))
    store = _memory_store(contribution)
    store.bulk_extend(quads)
    return store, {to_oxigraph(n) for n in focus}


def _node_paths(shapes: Graph) -> set:
    """The predicates of property shapes with a sh:node constraint."""
    return {shapes.value(ps, SH.path) for ps in shapes.subjects(SH.node, None)
            if isinstance(shapes.value(ps, SH.path), URIRef)}


def validate_contribution(extra: list[Path], dataset, shapes: Graph) -> Report | None:
    """The extra files against the built graph of ``dataset``, in proportion to their size;
    None when the built graph is not available (it does not build)."""
    from .pipeline import build
    from .stores import open_store

    try:
        info = build(data=dataset.root) if dataset.root else build()
    except InputError:
        return None
    base = open_store(False, info=info)
    loaded = load(extra)
    graph = loaded.graph
    report = Report(files=[*dataset.files, *extra])
    parent = _graph_parent(graph)
    report.violations += _date_problems(graph, enrich(graph), parent, loaded.origins.get)
    store, focus = _context(base, graph, _node_paths(shapes))
    store_parent = _store_parent(store)

    def origin(node):
        return loaded.origins.get(node)

    contributed_bnodes = {to_oxigraph(n) for n in graph.all_nodes() if isinstance(n, BNode)}
    report.violations += _sparql(store, shapes, store_parent, origin,
                                 focus_filter=lambda n: n in focus or n in contributed_bnodes)
    return _finish(report)


def validate(extra_files: Iterable[Path] = (), data=None, engine: str = "auto", *,
             base: Iterable[Path] | None = None) -> Report:
    """Validate the shipped ontology and facts (or ``data``'s, or the ``base`` files), plus any
    extra files (a contribution), with ``engine``: pyshacl, sparql, or auto (see the module)."""
    from .dataset import current

    extra = [Path(f) for f in extra_files]
    for f in extra:
        if not f.is_file():
            raise InputError(f"{f}: no such file")
    if base is not None:
        files = [*map(Path, base), *extra]
        dataset_shapes = None
    else:
        dataset = current(data)
        files = [*dataset.files, *extra]
        dataset_shapes = list(dataset.shapes)
    shapes = shapes_graph(dataset_shapes)
    chosen = "sparql" if (engine == "auto" and extra and base is None) else _choose(engine, files)
    if chosen == "sparql" and not _compilable(shapes):
        chosen = "pyshacl"
    if chosen == "sparql" and base is None:
        report = (validate_contribution(extra, dataset, shapes) if extra else _validate_built(dataset, shapes))
        if report is not None:
            return report
    return validate_files(files, shapes, chosen)
