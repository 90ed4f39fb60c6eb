"""SHACL shapes compiled to SPARQL and run on Oxigraph: the fast validation engine
(``arkg validate --engine sparql``). pySHACL stays the reference; ``tests/test_validation_engines.py``
checks that both give the same report on every rejection fixture and on generated graphs.

Each constraint of a shape becomes one SELECT that returns the focus nodes (and the offending value
nodes) that violate it, with the shape's targets as its first pattern; a nested shape (``sh:node``,
``sh:or``, ``sh:qualifiedValueShape``) becomes a ``FILTER EXISTS`` over the union of its own
violation patterns. The compiler knows the SHACL Core components the ARKG shapes use (targets:
class, node, subjects-of, objects-of; paths: a predicate; minCount, maxCount, datatype, class,
node, nodeKind, pattern, languageIn, uniqueLang, hasValue, in, lessThan(OrEquals), or, and, not,
qualifiedValueShape with qualifiedMinCount, and SPARQL-based constraints) and raises
:class:`Unsupported` for anything else, so that the caller falls back to pySHACL rather than
give a different answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import count

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH, XSD

from .namespaces import RDFS
from .terms import to_oxigraph

RDFS_SUBCLASS = f"<{RDFS.subClassOf}>"
RDF_TYPE = f"<{RDF.type}>"

# datatypes whose lexical forms Oxigraph can check by casting (an ill-typed literal fails to cast)
_CASTABLE = {str(XSD[n]) for n in ("string", "boolean", "decimal", "integer", "double", "float", "date",
                                   "dateTime", "time", "duration", "gYear", "gYearMonth")}
_HANDLED = {SH.property, SH.path, SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf,
            SH.message, SH.name, SH.description, SH.order, SH.group, RDF.type, SH.minCount, SH.maxCount,
            SH.datatype, SH["class"], SH.node, SH.nodeKind, SH.pattern, SH.flags, SH.languageIn,
            SH.uniqueLang, SH.hasValue, SH["in"], SH.lessThan, SH.lessThanOrEquals, SH["or"], SH["and"],
            SH["not"], SH.qualifiedValueShape, SH.qualifiedMinCount, SH.sparql, SH.severity,
            SH.declare, SH.deactivated}


class Unsupported(Exception):
    """The shapes use something this compiler does not handle (validate with pySHACL instead)."""


@dataclass(frozen=True)
class Check:
    """One compiled constraint: ``query`` selects ?this (and ?value, ?path when reported)."""
    query: str
    shape: object        # the source shape (rdflib term)
    component: URIRef    # the SHACL constraint component
    path: object         # the result path (rdflib term), None, or "?path" (from the query)
    message: str
    has_value: bool = False


@dataclass(frozen=True)
class Result:
    focus: object        # pyoxigraph term
    path: object         # rdflib term or None (a SPARQL constraint's ?path: pyoxigraph term)
    value: object        # pyoxigraph term or None
    shape: object
    component: URIRef
    message: str


# Terms are written in SPARQL as pyoxigraph writes them in N-Triples (its escaping, never ours).

def _iri(term) -> str:
    if isinstance(term, URIRef):
        return str(to_oxigraph(term))
    raise Unsupported(f"expected an IRI, found {term!r}")


def _literal(text: str) -> str:
    return str(ox.Literal(text))


def _term(term) -> str:
    if isinstance(term, (URIRef, Literal)):
        return str(to_oxigraph(term))
    raise Unsupported(f"a blank node as a constraint value: {term!r}")


class Compiler:
    def __init__(self, shapes: Graph):
        self.shapes = shapes
        self._vars = count()

    # --- helpers ----------------------------------------------------------------------------

    def var(self, stem: str = "v") -> str:
        return f"?{stem}{next(self._vars)}"

    def values(self, shape, prop) -> list:
        return list(self.shapes.objects(shape, prop))

    def one(self, shape, prop):
        found = self.values(shape, prop)
        if len(found) > 1:
            raise Unsupported(f"{shape}: several values of {prop}")
        return found[0] if found else None

    def items(self, node) -> list:
        return list(Collection(self.shapes, node))

    def message(self, shape) -> str | None:
        found = [str(m) for m in self.values(shape, SH.message)]
        return found[0] if found else None

    def deactivated(self, shape) -> bool:
        value = self.one(shape, SH.deactivated)
        return value is not None and value.toPython() is True

    def path(self, shape):
        path = self.one(shape, SH.path)
        if path is not None and not isinstance(path, URIRef):
            raise Unsupported(f"{shape}: only predicate paths are compiled")
        return path

    def check_known(self, shape) -> None:
        for p in set(self.shapes.predicates(shape, None)):
            if p not in _HANDLED:
                raise Unsupported(f"{shape}: {p} is not compiled")
        severity = self.one(shape, SH.severity)
        if severity is not None and severity != SH.Violation:
            raise Unsupported(f"{shape}: severity {severity}")

    # --- targets ------------------------------------------------------------------------------

    def targets(self, shape, focus: str) -> str | None:
        parts = []
        for c in self.values(shape, SH.targetClass):
            parts.append(f"{focus} {RDF_TYPE}/{RDFS_SUBCLASS}* {_iri(c)} .")
        for n in self.values(shape, SH.targetNode):
            parts.append(f"VALUES {focus} {{ {_term(n)} }}")
        for p in self.values(shape, SH.targetSubjectsOf):
            parts.append(f"{focus} {_iri(p)} [] .")
        for p in self.values(shape, SH.targetObjectsOf):
            parts.append(f"[] {_iri(p)} {focus} .")
        if not parts:
            return None
        return " UNION ".join("{ " + p + " }" for p in parts)

    # --- constraints ----------------------------------------------------------------------------

    def constraints(self, shape, focus: str, depth: int = 0):
        """Yield (shape, component, path, pattern, value var or None) for every constraint of
        ``shape`` with focus ``focus``: ``pattern`` matches exactly when it is violated."""
        if depth > 8:
            raise Unsupported("shapes nested too deep (recursive?)")
        if self.deactivated(shape):
            return
        self.check_known(shape)
        path = self.path(shape)
        if path is None:
            yield from self._value_constraints(shape, focus, "", focus, depth, node_level=True)
            for ps in self.values(shape, SH.property):
                yield from self.constraints(ps, focus, depth + 1)
            for sparql in self.values(shape, SH.sparql):
                if depth:
                    raise Unsupported("SPARQL constraints in a nested shape")
                yield self._sparql(shape, sparql, focus)
            return
        if self.values(shape, SH.property) or self.values(shape, SH.sparql):
            raise Unsupported(f"{shape}: a property shape with nested property or SPARQL constraints")
        p = _iri(path)
        v = self.var()
        values = f"{focus} {p} {v} ."
        yield from self._value_constraints(shape, focus, values, v, depth, node_level=False)
        for n in self.values(shape, SH.minCount):
            n = int(n)
            if n == 1:
                yield shape, SH.MinCountConstraintComponent, path, f"FILTER NOT EXISTS {{ {focus} {p} [] }}", None
            elif n > 1:
                yield shape, SH.MinCountConstraintComponent, path, self._count(focus, p, f"< {n}"), None
        for n in self.values(shape, SH.maxCount):
            n = int(n)
            if n == 0:
                yield shape, SH.MaxCountConstraintComponent, path, f"FILTER EXISTS {{ {focus} {p} [] }}", None
            elif n == 1:
                a, b = self.var(), self.var()
                yield (shape, SH.MaxCountConstraintComponent, path,
                       f"FILTER EXISTS {{ {focus} {p} {a} . {focus} {p} {b} . FILTER(!sameTerm({a}, {b})) }}", None)
            else:
                yield shape, SH.MaxCountConstraintComponent, path, self._count(focus, p, f"> {n}"), None
        unique = self.one(shape, SH.uniqueLang)
        if unique is not None and unique.toPython() is True:
            a, b = self.var(), self.var()
            yield (shape, SH.UniqueLangConstraintComponent, path,
                   f"FILTER EXISTS {{ {focus} {p} {a} . {focus} {p} {b} . FILTER(!sameTerm({a}, {b}) && "
                   f"LANG({a}) != \"\" && LCASE(LANG({a})) = LCASE(LANG({b}))) }}", None)
        for h in self.values(shape, SH.hasValue):
            yield shape, SH.HasValueConstraintComponent, path, f"FILTER NOT EXISTS {{ {focus} {p} {_term(h)} }}", None
        qvs = self.values(shape, SH.qualifiedValueShape)
        if qvs:
            if len(qvs) > 1 or self.values(shape, SH.qualifiedMaxCount):
                raise Unsupported(f"{shape}: only one qualifiedValueShape with qualifiedMinCount is compiled")
            n = int(self.one(shape, SH.qualifiedMinCount) or 0)
            if n > 1:
                raise Unsupported(f"{shape}: qualifiedMinCount above 1")
            if n == 1:
                q = self.var("q")
                inner = self.violation(qvs[0], q, depth + 1)
                yield (shape, SH.QualifiedMinCountConstraintComponent, path,
                       f"FILTER NOT EXISTS {{ {focus} {p} {q} . FILTER NOT EXISTS {{ {inner} }} }}", None)

    def _count(self, focus: str, p: str, test: str) -> str:
        n, x = self.var("n"), self.var("x")
        return (f"{{ SELECT {focus} (COUNT(DISTINCT {x}) AS {n}) WHERE {{ OPTIONAL {{ {focus} {p} {x} }} }} "
                f"GROUP BY {focus} }} FILTER({n} {test})")

    def _value_constraints(self, shape, focus, values, v, depth, node_level):
        """Constraints on each value node ``v`` (the focus itself for a node shape)."""
        reported = v

        def out(component, condition):
            return shape, component, (None if node_level else self.path(shape)), f"{values} {condition}", reported

        for dt in self.values(shape, SH.datatype):
            ok = self.var("ok")
            cast = f"BIND(<{dt}>(STR({v})) AS {ok}) " if str(dt) in _CASTABLE else ""
            wellformed = f" || !BOUND({ok})" if cast else ""
            yield out(SH.DatatypeConstraintComponent,
                      f"{cast}FILTER(!isLiteral({v}) || DATATYPE({v}) != {_iri(dt)}{wellformed})")
        for c in self.values(shape, SH["class"]):
            yield out(SH.ClassConstraintComponent, f"FILTER NOT EXISTS {{ {v} {RDF_TYPE}/{RDFS_SUBCLASS}* {_iri(c)} }}")
        for kind in self.values(shape, SH.nodeKind):
            tests = {SH.IRI: f"isIRI({v})", SH.BlankNode: f"isBlank({v})", SH.Literal: f"isLiteral({v})",
                     SH.BlankNodeOrIRI: f"!isLiteral({v})", SH.BlankNodeOrLiteral: f"!isIRI({v})",
                     SH.IRIOrLiteral: f"!isBlank({v})"}
            if kind not in tests:
                raise Unsupported(f"nodeKind {kind}")
            yield out(SH.NodeKindConstraintComponent, f"FILTER(!({tests[kind]}))")
        for pattern in self.values(shape, SH.pattern):
            flags = self.one(shape, SH.flags)
            args = f"{_literal(str(pattern))}" + (f", {_literal(str(flags))}" if flags is not None else "")
            yield out(SH.PatternConstraintComponent, f"FILTER(isBlank({v}) || !REGEX(STR({v}), {args}))")
        for langs in self.values(shape, SH.languageIn):
            tags = [str(t) for t in self.items(langs)]
            test = " || ".join(f"langMatches(LANG({v}), {_literal(t)})" for t in tags) or "false"
            yield out(SH.LanguageInConstraintComponent, f"FILTER(!isLiteral({v}) || !({test}))")
        for members in self.values(shape, SH["in"]):
            allowed = ", ".join(_term(m) for m in self.items(members))
            yield out(SH.InConstraintComponent, f"FILTER(!({v} IN ({allowed})))")
        for node in self.values(shape, SH.node):
            yield out(SH.NodeConstraintComponent, f"FILTER EXISTS {{ {self.violation(node, v, depth + 1)} }}")
        for members in self.values(shape, SH["or"]):
            tests = " && ".join(f"EXISTS {{ {self.violation(m, v, depth + 1)} }}" for m in self.items(members))
            yield out(SH.OrConstraintComponent, f"FILTER({tests or 'true'})")
        for members in self.values(shape, SH["and"]):
            tests = " || ".join(f"EXISTS {{ {self.violation(m, v, depth + 1)} }}" for m in self.items(members))
            yield out(SH.AndConstraintComponent, f"FILTER({tests or 'false'})")
        for member in self.values(shape, SH["not"]):
            yield out(SH.NotConstraintComponent, f"FILTER NOT EXISTS {{ {self.violation(member, v, depth + 1)} }}")
        if not node_level:
            for other, component, test in ((SH.lessThan, SH.LessThanConstraintComponent, "<"),
                                           (SH.lessThanOrEquals, SH.LessThanOrEqualsConstraintComponent, "<=")):
                for q in self.values(shape, other):
                    w = self.var("w")
                    yield out(component, f"{focus} {_iri(q)} {w} . FILTER(!COALESCE({v} {test} {w}, true))")

    def violation(self, shape, focus: str, depth: int) -> str:
        """A group pattern that matches when ``focus`` does not conform to ``shape``."""
        parts = [pattern for _, _, _, pattern, _ in self.constraints(shape, focus, depth)]
        if not parts:
            return "FILTER(false)"
        return " UNION ".join("{ " + p + " }" for p in parts)

    def _sparql(self, shape, constraint, focus: str):
        select = self.one(constraint, SH.select)
        if select is None or self.values(constraint, SH.ask):
            raise Unsupported("only SELECT-based SPARQL constraints are compiled")
        prefixes = []
        for holder in self.values(constraint, SH.prefixes):
            for decl in self.values(holder, SH.declare):
                prefix, ns = self.one(decl, SH.prefix), self.one(decl, SH.namespace)
                prefixes.append(f"PREFIX {prefix}: <{ns}>")
        text = str(select)
        head, brace, body = text.partition("{")
        if not brace or "WHERE" not in head.upper():
            raise Unsupported("a SPARQL constraint that is not SELECT … WHERE { … }")
        body = body.rstrip()
        if not body.endswith("}"):
            raise Unsupported("a SPARQL constraint with solution modifiers")
        body = body[:-1]
        if re.search(r"\b(GROUP|ORDER|LIMIT|OFFSET|HAVING|SELECT)\b", body, re.I):
            raise Unsupported("a SPARQL constraint with a subquery or modifiers")
        projected = set(re.findall(r"[?$](\w+)", head))
        body = re.sub(r"\$this\b", focus, body)
        path = self.one(constraint, SH.resultPath)
        message = self.message(constraint) or self.message(shape)
        return (shape, SH.SPARQLConstraintComponent, path,
                body, "?value" if "value" in projected else None, "\n".join(prefixes),
                "?path" if "path" in projected else None, message)

    # --- the checks ---------------------------------------------------------------------------

    def checks(self) -> list[Check]:
        """One check per constraint of every shape with targets, plus, as pySHACL reports them
        (``sh:detail``), the constraints of the shapes that ``sh:node`` points to, checked on the
        value nodes that fail them."""
        found: list[Check] = []
        shapes = set(self.shapes.subjects(RDF.type, SH.NodeShape)) | set(self.shapes.subjects(RDF.type, SH.PropertyShape))
        for p in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf):
            shapes |= set(self.shapes.subjects(p, None))
        for shape in sorted(shapes, key=str):
            if self.targets(shape, "?this") is None or self.deactivated(shape):
                continue
            self._emit(shape, lambda var, shape=shape: self.targets(shape, var), found, 0)
        return found

    def _emit(self, shape, target, found: list, depth: int) -> None:
        if depth > 8:
            raise Unsupported("sh:node nested too deep (recursive?)")
        if self.deactivated(shape):
            return
        focus_pattern = target("?this")
        for item in self.constraints(shape, "?this"):
            if len(item) == 8:  # a SPARQL-based constraint
                src, component, path, body, value, prefixes, path_var, message = item
                if value is None and self.path(shape) is None:  # on a node shape, the focus node
                    value = "(?this AS ?value)"
                project = " ".join(x for x in ("?this", value, path_var) if x)
                query = f"{prefixes}\nSELECT DISTINCT {project} WHERE {{ {focus_pattern} {body} }}"
                found.append(Check(query, src, component, path if path_var is None else "?path",
                                   message or "SPARQL constraint violated", value is not None))
                continue
            src, component, path, pattern, value = item
            message = self.message(src)
            if message is None:
                raise Unsupported(f"{src}: a shape without sh:message (pySHACL would word its own)")
            project = "?this" + (f" ({value} AS ?value)" if value and value != "?this" else
                                 (" (?this AS ?value)" if value == "?this" else ""))
            found.append(Check(f"SELECT DISTINCT {project} WHERE {{ {focus_pattern} {pattern} }}",
                               src, component, path, message, value is not None))
        # the details of sh:node: the nested shape's own results on each value node
        for node in self.values(shape, SH.node):
            self._emit(node, target, found, depth + 1)
        for ps in self.values(shape, SH.property):
            if self.deactivated(ps):
                continue
            path = self.path(ps)
            for node in self.values(ps, SH.node):
                outer = self.var("f")

                def inner(var, outer=outer, path=path):
                    return f"{target(outer)} {outer} {_iri(path)} {var} ."
                self._emit(node, inner, found, depth + 1)


def compile_shapes(shapes: Graph) -> list[Check]:
    return Compiler(shapes).checks()


def run(checks: list[Check], store: ox.Store, focus_filter=None) -> list[Result]:
    """Run every check on ``store``; ``focus_filter(term)`` keeps only some focus nodes."""
    results = []
    for check in checks:
        for row in store.query(check.query):
            focus = row["this"]
            if focus_filter is not None and not focus_filter(focus):
                continue
            value = row["value"] if check.has_value else None
            path = row["path"] if check.path == "?path" else check.path
            results.append(Result(focus, path, value, check.shape, check.component, check.message))
    return results


__all__ = ["Check", "Result", "Unsupported", "compile_shapes", "run"]
