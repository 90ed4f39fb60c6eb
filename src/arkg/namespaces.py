"""The project's prefixes, defined once. Turtle and SPARQL files must declare the same ones
(tests/test_prefixes.py checks every file against this table)."""

from rdflib.namespace import Namespace

BASE_IRI = "https://w3id.org/arkg/"  # every IRI the project mints starts here
ONTOLOGY_IRI = BASE_IRI + "ontology"
# The internal module (ontology/internal.ttl): helpers the build computes for the canned queries and
# the pages, and pointers into the project's own files. Not part of the public model: exports,
# DESCRIBE and pages leave its statements out (arkg.visibility); SELECT can still use them.
INTERNAL_IRI = BASE_IRI + "internal"

PREFIXES: dict[str, str] = {
    "arkg": ONTOLOGY_IRI + "/",
    "arkgi": INTERNAL_IRI + "/",
    "arkr": BASE_IRI + "id/",
    "arkgsh": BASE_IRI + "shapes/",
    "crm": "http://www.cidoc-crm.org/cidoc-crm/",
    "dcterms": "http://purl.org/dc/terms/",
    "org": "http://www.w3.org/ns/org#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "p": "http://www.wikidata.org/prop/",
    "pq": "http://www.wikidata.org/prop/qualifier/",
    "ps": "http://www.wikidata.org/prop/statement/",
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "sem": "http://semanticweb.cs.vu.nl/2009/11/sem/",
    "sh": "http://www.w3.org/ns/shacl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "time": "http://www.w3.org/2006/time#",
    "vann": "http://purl.org/vocab/vann/",
    "wd": "http://www.wikidata.org/entity/",
    "wdt": "http://www.wikidata.org/prop/direct/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

ARKG = Namespace(PREFIXES["arkg"])
ARKGI = Namespace(PREFIXES["arkgi"])
ARKR = Namespace(PREFIXES["arkr"])
DCTERMS = Namespace(PREFIXES["dcterms"])
OWL = Namespace(PREFIXES["owl"])
PROV = Namespace(PREFIXES["prov"])
RDF = Namespace(PREFIXES["rdf"])
RDFS = Namespace(PREFIXES["rdfs"])
SKOS = Namespace(PREFIXES["skos"])
WD = Namespace(PREFIXES["wd"])
WDT = Namespace(PREFIXES["wdt"])
XSD = Namespace(PREFIXES["xsd"])

# The properties that give a resource its names, in the order names are preferred.
LABEL_PROPERTIES = (RDFS.label, SKOS.prefLabel, SKOS.altLabel)

# Vocabularies a few documents use that queries need not know: not predeclared.
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
VOID = Namespace("http://rdfs.org/ns/void#")


def sparql_prefixes(*names: str) -> str:
    """``PREFIX`` lines for the named prefixes of the table, for SPARQL text built in code."""
    return "".join(f"PREFIX {name}: <{PREFIXES[name]}>\n" for name in names)


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


def local_name(iri: str) -> str:
    """The last path segment of an IRI: ``Visit`` of arkg:Visit, ``Q222`` of wd:Q222."""
    return iri.rsplit("/", 1)[-1]


def expand(name: str) -> str | None:
    """The IRI of a prefixed name such as ``arkr:albania``, or None if it is not one."""
    prefix, sep, local = name.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        return PREFIXES[prefix] + local
    return None
