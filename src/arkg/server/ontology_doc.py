"""The ontology's documentation page, generated from ontology/arkg.ttl itself: the header,
a class hierarchy diagram (inline SVG), then every class, property and named individual with its
label, definition and axioms."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

import pyoxigraph as ox

from .. import paths
from ..namespaces import ARKG, ONTOLOGY_IRI, shorten

RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"


@dataclass
class Term:
    iri: str
    kinds: set = field(default_factory=set)
    label: str = ""
    definition: str = ""
    comment: str = ""
    parents: list = field(default_factory=list)
    children: list = field(default_factory=list)
    domain: list = field(default_factory=list)
    range: list = field(default_factory=list)
    inverse: list = field(default_factory=list)
    types: list = field(default_factory=list)
    characteristics: list = field(default_factory=list)

    @property
    def local(self) -> str:
        return self.iri[len(str(ARKG)):] if self.iri.startswith(str(ARKG)) else shorten(self.iri)


def load_store() -> ox.Store:
    store = ox.Store()
    store.load(path=str(paths.ontology_file()), format=ox.RdfFormat.TURTLE)
    return store


def _values(store, s, p) -> list:
    return [q.object for q in store.quads_for_pattern(ox.NamedNode(s), ox.NamedNode(p), None)]


def _en(store, s, p) -> str:
    values = _values(store, s, p)
    for v in values:
        if isinstance(v, ox.Literal) and v.language in ("en", None):
            return v.value
    return values[0].value if values else ""


def terms(store: ox.Store) -> dict[str, Term]:
    found: dict[str, Term] = {}
    kinds = {OWL + "Class": "class", OWL + "ObjectProperty": "object property",
             OWL + "DatatypeProperty": "datatype property", OWL + "AnnotationProperty": "annotation property"}
    for q in store.quads_for_pattern(None, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), None):
        s, o = q.subject, q.object
        if not isinstance(s, ox.NamedNode) or not s.value.startswith(str(ARKG)):
            continue
        term = found.setdefault(s.value, Term(s.value))
        if o.value in kinds:
            term.kinds.add(kinds[o.value])
        elif o.value.startswith(OWL) and o.value.endswith("Property"):
            term.characteristics.append(o.value[len(OWL):].replace("Property", "").lower())
        elif o.value != OWL + "NamedIndividual":
            term.types.append(o.value)
            term.kinds.add("individual")
    for iri, term in found.items():
        term.label = _en(store, iri, RDFS + "label") or term.local
        term.definition = _en(store, iri, SKOS + "definition")
        term.comment = _en(store, iri, RDFS + "comment")
        sup = RDFS + ("subClassOf" if "class" in term.kinds else "subPropertyOf")
        term.parents = [v.value for v in _values(store, iri, sup) if isinstance(v, ox.NamedNode)]
        term.domain = [v.value for v in _values(store, iri, RDFS + "domain") if isinstance(v, ox.NamedNode)]
        term.range = [v.value for v in _values(store, iri, RDFS + "range") if isinstance(v, ox.NamedNode)]
        term.inverse = [v.value for v in _values(store, iri, OWL + "inverseOf") if isinstance(v, ox.NamedNode)]
    for iri, term in found.items():
        for parent in term.parents:
            if parent in found:
                found[parent].children.append(iri)
    for term in found.values():
        term.children.sort(key=lambda c: found[c].local)
    return found


def link(iri: str, found: dict[str, Term]) -> str:
    if iri in found:
        return f'<a href="#{escape(found[iri].local)}"><code>arkg:{escape(found[iri].local)}</code></a>'
    return f'<a href="{escape(iri)}"><code>{escape(shorten(iri))}</code></a>'


def hierarchy_svg(found: dict[str, Term]) -> str:
    """The class tree as an indented diagram: one box per class, elbow lines to its subclasses
    (a class with two ARKG superclasses appears under each)."""
    classes = {i: t for i, t in found.items() if "class" in t.kinds}
    roots = sorted((i for i, t in classes.items() if not any(p in classes for p in t.parents)),
                   key=lambda i: classes[i].local)
    rows: list[tuple[int, str, int | None]] = []

    def walk(iri, depth, parent_row, seen):
        rows.append((depth, iri, parent_row))
        me = len(rows) - 1
        for child in classes[iri].children:
            if child in classes and child not in seen:
                walk(child, depth + 1, me, seen | {child})

    for root in roots:
        walk(root, 0, None, {root})
    # Two columns keep the diagram short enough to see at once.
    half = (len(rows) + 1) // 2
    split = next((n for n in range(half, len(rows)) if rows[n][0] == 0), len(rows))
    columns = [rows[:split], rows[split:]]
    row_h, indent, box_w, col_w = 22, 18, 210, 520
    height = max(len(c) for c in columns) * row_h + 10
    out = [f'<svg class="hierarchy" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {col_w * 2} {height}" '
           f'font-family="system-ui, sans-serif" font-size="12" role="img" aria-label="class hierarchy">']
    for c, col in enumerate(columns):
        base = 0 if c == 0 else split
        for n, (depth, iri, parent_row) in enumerate(col):
            x = c * col_w + 8 + depth * indent
            y = 5 + n * row_h
            if parent_row is not None and parent_row >= base:
                px = c * col_w + 8 + rows[parent_row][0] * indent + 8
                py = 5 + (parent_row - base) * row_h + 17
                out.append(f'<path d="M{px},{py} V{y + 9} H{x}" fill="none" stroke="#9a8f80"/>')
            term = classes[iri]
            fill = "#8a3b2e" if depth == 0 else "#f7f3ec"
            color = "#fff" if depth == 0 else "#222"
            out.append(f'<a href="#{escape(term.local)}"><title>{escape(term.definition or term.label)}</title>'
                       f'<rect x="{x}" y="{y}" width="{box_w}" height="17" rx="4" fill="{fill}" stroke="#9a8f80"/>'
                       f'<text x="{x + 6}" y="{y + 12.5}" fill="{color}">{escape(term.local)}</text></a>')
    out.append("</svg>")
    return "".join(out)


def render_body(store: ox.Store | None = None) -> tuple[str, str]:
    """(title, HTML body) of the documentation page."""
    store = store or load_store()
    found = terms(store)
    title = _en(store, ONTOLOGY_IRI, DCT + "title") or "ARKG ontology"
    description = _en(store, ONTOLOGY_IRI, DCT + "description")
    comment = _en(store, ONTOLOGY_IRI, RDFS + "comment")
    version = _en(store, ONTOLOGY_IRI, OWL + "versionInfo")
    groups = [("Classes", "class"), ("Object properties", "object property"),
              ("Datatype properties", "datatype property"), ("Annotation properties", "annotation property"),
              ("Named individuals", "individual")]
    out = [f"<h1>{escape(title)}</h1>",
           f'<p class="iri"><code>{escape(ONTOLOGY_IRI)}</code> · version {escape(version)} · '
           f'prefix <code>arkg:</code> = <code>{escape(str(ARKG))}</code> · '
           f'<a href="/ontology?format=turtle">Turtle</a> · <a href="/ontology?format=jsonld">JSON-LD</a></p>',
           f"<p>{escape(description)}</p>", f'<p class="note">{escape(comment)}</p>',
           '<nav class="toc">' + " · ".join(
               f'<a href="#{k.split()[0].lower()}">{g} ({sum(1 for t in found.values() if k in t.kinds)})</a>'
               for g, k in groups) + "</nav>",
           "<h2>Class hierarchy</h2>", hierarchy_svg(found)]
    for heading, kind in groups:
        members = sorted((t for t in found.values() if kind in t.kinds), key=lambda t: t.local.lower())
        out.append(f'<h2 id="{kind.split()[0].lower()}">{heading}</h2>')
        for t in members:
            rows = []
            if t.parents:
                rows.append(("sub" + ("class" if kind == "class" else "property") + " of",
                             ", ".join(link(p, found) for p in t.parents)))
            if t.children:
                rows.append(("subclasses" if kind == "class" else "subproperties",
                             ", ".join(link(c, found) for c in t.children)))
            for name, values in (("domain", t.domain), ("range", t.range), ("inverse of", t.inverse),
                                 ("type", t.types)):
                if values:
                    rows.append((name, ", ".join(link(v, found) for v in values)))
            if t.characteristics:
                rows.append(("characteristics", ", ".join(escape(c) for c in t.characteristics)))
            table = "".join(f"<tr><th>{escape(k)}</th><td>{v}</td></tr>" for k, v in rows)
            out.append(
                f'<section class="term" id="{escape(t.local)}"><h3>{escape(t.label)} '
                f'<a class="code" href="/ontology/{escape(t.local)}"><code>arkg:{escape(t.local)}</code></a></h3>'
                + (f"<p>{escape(t.definition)}</p>" if t.definition else "")
                + (f'<p class="note">{escape(t.comment)}</p>' if t.comment else "")
                + (f'<table class="facts">{table}</table>' if table else "") + "</section>")
    return title, "\n".join(out)
