"""The project's prefixes, defined once. Turtle and SPARQL files must declare the same ones
(tests/test_prefixes.py checks every file against this table)."""

from rdflib.namespace import Namespace

ARKG = Namespace("https://w3id.org/arkg/ontology/")
ARKR = Namespace("https://w3id.org/arkg/id/")
PROV = Namespace("http://www.w3.org/ns/prov#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
WD = Namespace("http://www.wikidata.org/entity/")

ONTOLOGY_IRI = "https://w3id.org/arkg/ontology"

PREFIXES: dict[str, str] = {
    "arkg": str(ARKG),
    "arkr": str(ARKR),
    "arkgsh": "https://w3id.org/arkg/shapes/",
    "crm": "http://www.cidoc-crm.org/cidoc-crm/",
    "dcterms": str(DCTERMS),
    "org": "http://www.w3.org/ns/org#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "p": "http://www.wikidata.org/prop/",
    "pq": "http://www.wikidata.org/prop/qualifier/",
    "ps": "http://www.wikidata.org/prop/statement/",
    "prov": str(PROV),
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "sem": "http://semanticweb.cs.vu.nl/2009/11/sem/",
    "sh": "http://www.w3.org/ns/shacl#",
    "skos": str(SKOS),
    "time": "http://www.w3.org/2006/time#",
    "vann": "http://purl.org/vocab/vann/",
    "wd": str(WD),
    "wdt": "http://www.wikidata.org/prop/direct/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def shorten(iri: str) -> str:
    """A prefixed name for an IRI in one of our namespaces, else the IRI itself."""
    best = None
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and (best is None or len(ns) > len(PREFIXES[best])):
            best = prefix
    if best is None:
        return iri
    local = iri[len(PREFIXES[best]):]
    return f"{best}:{local}" if local and "/" not in local and "#" not in local else iri


def expand(name: str) -> str | None:
    """The IRI of a prefixed name such as ``arkr:albania``, or None if it is not one."""
    prefix, sep, local = name.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        return PREFIXES[prefix] + local
    return None
