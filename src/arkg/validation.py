"""SHACL validation of the facts (``ontology/shapes/data.ttl``) and of the ontology itself
(``ontology/shapes/ontology.ttl``) with pySHACL, over the asserted graph after enrichment.

Each violation names the focus node, the property (result path), the rule (the shape and the
SHACL constraint) and the file the node comes from. Stated dates that do not parse are reported
as violations of the rule ``arkg:stated date grammar``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import pyshacl
from rdflib import BNode, Graph, RDF, URIRef
from rdflib.namespace import SH

from . import paths
from .enrich import enrich
from .loader import load
from .namespaces import shorten


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


def shapes_graph() -> Graph:
    shapes = Graph()
    files = sorted(paths.shapes_dir().glob("*.ttl"))
    if not files:
        raise FileNotFoundError(f"no SHACL shapes found in {paths.shapes_dir()}")
    for f in files:
        shapes.parse(f, format="turtle")
    return shapes


def _name(node) -> str:
    if isinstance(node, URIRef):
        return shorten(str(node))
    if isinstance(node, BNode):
        return f"_:{node}"
    return str(node) if node is not None else ""


def _owner(graph: Graph, node, origins: dict):
    """The named node a blank node hangs from (a time span's event, a citation's fact)."""
    seen = set()
    while isinstance(node, BNode) and node not in seen:
        seen.add(node)
        parent = next(iter(graph.subjects(None, node)), None)
        if parent is None:
            break
        node = parent
    return node


def _describe(graph: Graph, node, origins: dict) -> tuple[str, str]:
    owner = _owner(graph, node, origins)
    focus = _name(node) if owner == node else f"{_name(owner)} > {_name(node)}"
    origin = origins.get(node) or origins.get(owner)
    return focus, str(origin) if origin else ""


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


def validate(extra_files: Iterable[Path] = (), base: Iterable[Path] | None = None) -> Report:
    """Validate the shipped ontology and facts (or the ``base`` files), plus any extra files."""
    files = [*(paths.input_files() if base is None else map(Path, base)), *map(Path, extra_files)]
    loaded = load(files)
    graph = loaded.graph
    report = Report(files=files)
    for node, message in enrich(graph):
        focus, origin = _describe(graph, node, loaded.origins)
        report.violations.append(Violation(focus, "arkg:stated", message, "arkg:stated date grammar", origin,
                                           str(graph.value(node, URIRef("https://w3id.org/arkg/ontology/stated")))))
    shapes = shapes_graph()
    conforms, results, _ = pyshacl.validate(
        graph, shacl_graph=shapes, inference="none", advanced=False, js=False,
        allow_warnings=True,
    )
    if not conforms:
        for result in results.subjects(RDF.type, SH.ValidationResult):
            focus_node = results.value(result, SH.focusNode)
            focus, origin = _describe(graph, focus_node, loaded.origins)
            path = results.value(result, SH.resultPath)
            shape = results.value(result, SH.sourceShape)
            component = results.value(result, SH.sourceConstraintComponent)
            rule = _rule_name(shapes, shape)
            rule += f" / {_name(component).replace('sh:', 'sh:')}" if component is not None else ""
            value = results.value(result, SH.value)
            message = results.value(result, SH.resultMessage)
            report.violations.append(Violation(
                focus, _name(path) if path is not None else "(node)", str(message or "violation"),
                rule, origin, _name(value) if value is not None else ""))
    report.violations = sorted(set(report.violations), key=lambda v: (v.file, v.focus, v.path, v.rule))
    return report
