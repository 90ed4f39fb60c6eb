"""Enrichment before reasoning, computed from what the facts state so that nobody writes it by
hand: the version stamp of each ontology module, bounds and precision of every time span (from
the date as stated, see :mod:`arkg.dates`), and a readable locator for every citation. The
locators are internal terms (``arkgi:``, ontology/internal.ttl): queries and pages use
them, exports and DESCRIBE leave them out (:mod:`arkg.visibility`)."""

from __future__ import annotations

from rdflib import Graph, Literal, OWL, RDF, RDFS, URIRef
from rdflib.namespace import XSD

from .dates import DateError, parse
from .namespaces import ARKG, ARKGI, BASE_IRI, DCTERMS, PROV


def add_bounds(graph: Graph) -> list[tuple]:
    """Add arkg:earliest, arkg:latest and arkg:precision to each time span with arkg:stated.

    Returns the problems found as (node, message) pairs; a span with a bad date gets no bounds.
    """
    problems = []
    for node, stated in list(graph.subject_objects(ARKG.stated)):
        try:
            span = parse(str(stated))
        except DateError as exc:
            problems.append((node, str(exc)))
            continue
        graph.add((node, RDF.type, ARKG.TimeSpan))
        if span.earliest is not None:
            graph.add((node, ARKG.earliest, Literal(span.earliest.isoformat(), datatype=XSD.date)))
        if span.latest is not None:
            graph.add((node, ARKG.latest, Literal(span.latest.isoformat(), datatype=XSD.date)))
        graph.add((node, ARKG.precision, ARKG[span.precision]))
    return problems


def _text(graph: Graph, node, prop) -> str | None:
    value = graph.value(node, prop)
    return None if value is None else str(value)


def add_locators(graph: Graph) -> None:
    """arkgi:locator (where in the document) and arkgi:citationText (document and place) on every
    citation, e.g. '§ Albania and the USSR > Rift in the Communist Bloc, ¶ 7'."""
    for citation in set(graph.subjects(PROV.entity, None)):
        parts = []
        section = _text(graph, citation, ARKG.section)
        if section:
            parts.append(f"§ {section}")
        ref = _text(graph, citation, ARKG.referenceNumber)
        if ref:
            parts.append(f"ref. {ref}")
        para = _text(graph, citation, ARKG.paragraph)
        if para:
            parts.append(f"¶ {para}" if para.isdigit() else para)
        note = _text(graph, citation, ARKG.footnote)
        if note:
            parts.append(f"fn. {note}")
        primary = graph.value(citation, ARKG.citesPrimarySource)
        if primary is not None:
            label = _text(graph, primary, RDFS.label) or str(primary)
            pages = _text(graph, citation, ARKG.pages)
            parts.append(f"citing {label}" + (f", p. {pages}" if pages else ""))
        locator = ", ".join(parts) or "(whole document)"
        graph.add((citation, ARKGI.locator, Literal(locator)))
        document = graph.value(citation, PROV.entity)
        title = _text(graph, document, DCTERMS.title) or str(document)
        version = _text(graph, document, DCTERMS.hasVersion)
        head = f"{title} ({version})" if version else title
        graph.add((citation, ARKGI.citationText, Literal(f"{head}, {locator}")))


def add_versions(graph: Graph) -> None:
    """Stamp each ARKG ontology module with the package's version (``owl:versionInfo``) and a
    version IRI (the module's IRI, a slash and the version), so the version is written in one
    place, :data:`arkg.__version__`, and the modules in the repository carry none (as ODK stamps
    its releases)."""
    for module in list(graph.subjects(RDF.type, OWL.Ontology)):
        if isinstance(module, URIRef):
            for p, o in version_stamp(str(module)):
                graph.add((module, p, o))


def version_stamp(module: str) -> list[tuple]:
    """(property, value) pairs (rdflib terms) that stamp an ARKG ontology module with the version:
    none for a module that is not ours (a user's own ontology keeps its own)."""
    from . import __version__

    if not module.startswith(BASE_IRI):
        return []
    return [(OWL.versionInfo, Literal(__version__)), (OWL.versionIRI, URIRef(f"{module}/{__version__}"))]


def enrich(graph: Graph) -> list[tuple]:
    """Add what is computed from the facts (see the module); return the bad stated dates found."""
    add_versions(graph)
    problems = add_bounds(graph)
    add_locators(graph)
    return problems

