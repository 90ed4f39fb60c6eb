"""The ontology's documentation page, generated from the ontology modules themselves
(ontology/arkg.ttl, alignments.ttl, internal.ttl): the header, a class hierarchy diagram (inline
SVG), every class, property and named individual with its label, definition, axioms and alignments
to standard vocabularies (:mod:`arkg.alignment`), the alignment module as one table, and the
internal terms apart, marked as not part of the public model. This module gathers the data;
templates/ontology.html draws it."""

from __future__ import annotations

from dataclasses import dataclass, field
import pyoxigraph as ox

from .. import alignment, paths
from ..namespaces import ARKG, ARKGI, DCTERMS as DCT, INTERNAL_IRI, ONTOLOGY_IRI, OWL, RDF, RDFS, SKOS, shorten

ALIGNMENTS_IRI = ARKG["alignments"]  # the alignment module (ontology/alignments.ttl)


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
    mappings: list = field(default_factory=list)  # alignment.Mapping: links to standard vocabularies
    namespace: str = str(ARKG)

    def rows(self, kind: str) -> list[tuple[str, list[str]]]:
        """(heading, IRIs) rows of this term's table."""
        sub = "class" if kind == "class" else "property"
        rows = [("sub" + sub + " of", self.parents), ("subclasses" if kind == "class" else "subproperties", self.children),
                ("domain", self.domain), ("range", self.range), ("inverse of", self.inverse), ("type", self.types)]
        return [(name, values) for name, values in rows if values]

    @property
    def local(self) -> str:
        return self.iri[len(self.namespace):] if self.iri.startswith(self.namespace) else shorten(self.iri)


def load_store(files=None) -> ox.Store:
    """The ontology modules ``files`` in one store; by default the core ontology alone (its RDF is
    what /ontology serves)."""
    from ..enrich import version_stamp
    from ..terms import to_oxigraph

    store = ox.Store()
    for path in [paths.ontology_file()] if files is None else files:
        store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    for quad in list(store.quads_for_pattern(None, ox.NamedNode(RDF + "type"), ox.NamedNode(OWL + "Ontology"))):
        for p, o in version_stamp(quad.subject.value):
            store.add(ox.Quad(quad.subject, to_oxigraph(p), to_oxigraph(o)))
    return store


def _values(store, s, p) -> list:
    return [q.object for q in store.quads_for_pattern(ox.NamedNode(s), ox.NamedNode(p), None)]


def _en(store, s, p) -> str:
    values = _values(store, s, p)
    for v in values:
        if isinstance(v, ox.Literal) and v.language in ("en", None):
            return v.value
    return values[0].value if values else ""


def terms(store: ox.Store, namespace: str = str(ARKG)) -> dict[str, Term]:
    """The terms declared in ``namespace`` (ours, or the internal one), by IRI. A term's parents are
    terms of ours; its links to other vocabularies are its mappings (:func:`align`)."""
    found: dict[str, Term] = {}
    kinds = {OWL + "Class": "class", OWL + "ObjectProperty": "object property",
             OWL + "DatatypeProperty": "datatype property", OWL + "AnnotationProperty": "annotation property"}
    modules = {q.subject for q in store.quads_for_pattern(None, ox.NamedNode(RDF.type), ox.NamedNode(OWL + "Ontology"))}
    for q in store.quads_for_pattern(None, ox.NamedNode(RDF.type), None):
        s, o = q.subject, q.object
        if not isinstance(s, ox.NamedNode) or not s.value.startswith(namespace) or s in modules:
            continue
        term = found.setdefault(s.value, Term(s.value, namespace=namespace))
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
        term.parents = [v.value for v in _values(store, iri, sup)
                        if isinstance(v, ox.NamedNode) and v.value.startswith(str(ARKG))]
        term.domain = [v.value for v in _values(store, iri, RDFS + "domain") if isinstance(v, ox.NamedNode)]
        term.range = [v.value for v in _values(store, iri, RDFS + "range") if isinstance(v, ox.NamedNode)]
        # an inverse pair is declared once (on the isXOf side): both sides show it
        inverse_of = ox.NamedNode(OWL + "inverseOf")
        term.inverse = sorted({v.value for v in _values(store, iri, inverse_of.value) if isinstance(v, ox.NamedNode)}
                              | {q.subject.value for q in store.quads_for_pattern(None, inverse_of, ox.NamedNode(iri))
                                 if isinstance(q.subject, ox.NamedNode)})
    for iri, term in found.items():
        for parent in term.parents:
            if parent in found:
                found[parent].children.append(iri)
    for term in found.values():
        term.children.sort(key=lambda c: found[c].local)
    return found


def hierarchy(found: dict[str, Term]) -> dict:
    """The class tree as boxes in two columns (a class with two ARKG superclasses appears under
    each), with elbow lines from each box to its parent's."""
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
    half = (len(rows) + 1) // 2
    split = next((n for n in range(half, len(rows)) if rows[n][0] == 0), len(rows))
    row_h, indent, col_w = 22, 18, 520
    boxes = []
    for n, (depth, iri, parent_row) in enumerate(rows):
        column, base = (0, 0) if n < split else (1, split)
        x, y = column * col_w + 8 + depth * indent, 5 + (n - base) * row_h
        elbow = None
        if parent_row is not None and parent_row >= base:
            elbow = (column * col_w + 8 + rows[parent_row][0] * indent + 8, 5 + (parent_row - base) * row_h + 17)
        boxes.append({"x": x, "y": y, "elbow": elbow, "term": classes[iri], "root": depth == 0})
    return {"boxes": boxes, "width": col_w * 2, "height": max(split, len(rows) - split) * row_h + 10}


def align(found: dict[str, Term], store: ox.Store) -> list:
    """The mappings of the modules in ``store`` (:mod:`arkg.alignment`), each also on its term."""
    maps = alignment.mappings(store.quads_for_pattern(None, None, None))
    for m in maps:
        if m.term in found:
            found[m.term].mappings.append(m)
    return maps


def _module(store: ox.Store, iri: str) -> dict:
    return {"iri": iri, "title": _en(store, iri, DCT + "title"), "description": _en(store, iri, DCT + "description")}


def context(store: ox.Store | None = None) -> dict:
    """What the documentation page (templates/ontology.html) shows: the core ontology, its
    alignments and the internal terms (``store``: the modules; by default the shipped ones)."""
    store = store or load_store(paths.ontology_files())
    found = terms(store)
    maps = align(found, store)
    internal = terms(store, str(ARKGI))
    groups = [("Classes", "class"), ("Object properties", "object property"),
              ("Datatype properties", "datatype property"), ("Annotation properties", "annotation property"),
              ("Named individuals", "individual")]
    vocabularies = {}
    for m in maps:
        entry = vocabularies.setdefault(m.vocabulary, {"name": m.vocabulary, "logical": 0, "skos": 0})
        entry["logical" if m.logical else "skos"] += 1
    return {
        "title": _en(store, ONTOLOGY_IRI, DCT + "title") or "ARKG ontology",
        "doc_title": _en(store, ONTOLOGY_IRI, DCT + "title") or "ARKG ontology",
        "description": _en(store, ONTOLOGY_IRI, DCT + "description"),
        "comment": _en(store, ONTOLOGY_IRI, RDFS + "comment"),
        "version": _en(store, ONTOLOGY_IRI, OWL + "versionInfo"),
        "ontology_iri": ONTOLOGY_IRI, "namespace": str(ARKG), "found": found, "shorten": shorten,
        "groups": [(heading, kind, sorted((t for t in found.values() if kind in t.kinds), key=lambda t: t.local.lower()))
                   for heading, kind in groups],
        "tree": hierarchy(found),
        "alignments": {**_module(store, str(ALIGNMENTS_IRI)), "mappings": maps,
                       "vocabularies": sorted(vocabularies.values(), key=lambda v: v["name"].lower())},
        "internal": {**_module(store, INTERNAL_IRI), "namespace": str(ARKGI),
                     "terms": sorted(internal.values(), key=lambda t: t.local.lower())},
    }
