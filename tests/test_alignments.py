"""The alignment module is part of the model: every sub-class and sub-property axiom to a standard
vocabulary holds in the reasoned graph (cax-sco, prp-spo1), so queries in OWL-Time, ORG, SEM,
CIDOC-CRM or PROV-O terms find our facts; SKOS mappings stay annotations; and PROV's
prov:hadPrimarySource sits on facts (prp-spo2, then prp-spo1), never on citations."""

import pytest
from rdflib import Graph
from rdflib.namespace import RDFS

import arkg
from arkg import paths
from arkg.namespaces import ARKG, PREFIXES

STANDARD = tuple(PREFIXES[p] for p in ("time", "org", "sem", "crm", "prov"))


def _axioms(predicate):
    graph = Graph()
    for path in paths.ontology_files():
        graph.parse(path, format="turtle")
    return sorted((s, o) for s, o in graph.subject_objects(predicate)
                  if str(s).startswith(str(ARKG)) and str(o).startswith(STANDARD))


def _pairs(result) -> set:
    return {tuple(row.values()) for row in result.dicts()}


def _count(query: str) -> int:
    return int(next(iter(arkg.sparql(query).values("n"))))


def test_the_build_reads_the_alignment_module():
    assert paths.ontology_dir() / "alignments.ttl" in paths.input_files()
    assert len(_axioms(RDFS.subClassOf)) >= 15 and len(_axioms(RDFS.subPropertyOf)) >= 15


@pytest.mark.parametrize("ours,standard", _axioms(RDFS.subClassOf), ids=lambda t: str(t).rsplit("/", 1)[-1].rsplit("#", 1)[-1])
def test_instances_of_our_class_are_instances_of_the_standard_class(ours, standard):
    """cax-sco: a query for the standard class finds every instance of ours."""
    have = _count(f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a <{ours}> }}")
    missing = _count(f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a <{ours}> FILTER NOT EXISTS {{ ?x a <{standard}> }} }}")
    assert missing == 0
    if have:
        assert _count(f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a <{standard}> }}") >= have


@pytest.mark.parametrize("ours,standard", _axioms(RDFS.subPropertyOf), ids=lambda t: str(t).rsplit("/", 1)[-1].rsplit("#", 1)[-1])
def test_statements_with_our_property_are_statements_with_the_standard_property(ours, standard):
    """prp-spo1: a query with the standard property finds every statement made with ours."""
    missing = _count(f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s <{ours}> ?o FILTER NOT EXISTS {{ ?s <{standard}> ?o }} }}")
    assert missing == 0


def test_standard_vocabulary_queries_find_the_facts():
    """The same question in CIDOC-CRM, SEM and ORG terms as in ours gives the same answers."""
    ours = arkg.sparql("SELECT DISTINCT ?e ?who WHERE { ?e a arkg:Event ; arkg:actor ?who }")
    crm = arkg.sparql("SELECT DISTINCT ?e ?who WHERE { ?e a crm:E5_Event ; crm:P14_carried_out_by ?who }")
    assert len(ours) > 100 and _pairs(crm) == _pairs(ours)
    by_sem = arkg.sparql("SELECT DISTINCT ?e ?p WHERE { ?e a sem:Event ; sem:hasPlace ?p }")
    by_arkg = arkg.sparql("SELECT DISTINCT ?e ?p WHERE { ?e arkg:hasPlace ?p }")
    assert len(by_arkg) > 10 and _pairs(by_sem) == _pairs(by_arkg)
    org = arkg.sparql("SELECT DISTINCT ?a ?o WHERE { ?a org:memberOf ?o }")
    chain = arkg.sparql("SELECT DISTINCT ?a ?o WHERE { ?m arkg:hasMember ?a ; arkg:hasOrganization ?o }", inferred=False)
    assert len(chain) >= 5 and _pairs(org) == _pairs(chain)


def test_skos_mappings_are_not_reasoned_over():
    """A SKOS mapping is an annotation: no instance of ours becomes an instance of the mapped term."""
    assert _count("SELECT (COUNT(*) AS ?n) WHERE { ?x a time:TemporalUnit }") == 0
    assert _count("SELECT (COUNT(*) AS ?n) WHERE { ?x a prov:PrimarySource }") == 0
    assert _count("SELECT (COUNT(*) AS ?n) WHERE { ?x ?p ?y FILTER(?p IN (owl:sameAs, owl:equivalentClass)) "
                  "FILTER(?x != ?y && (STRSTARTS(STR(?y), STR(time:)) || STRSTARTS(STR(?y), STR(crm:)) "
                  "|| STRSTARTS(STR(?y), STR(sem:)) || STRSTARTS(STR(?y), STR(org:)))) }") == 0


def test_facts_have_prov_primary_sources_and_citations_do_not():
    """prp-spo2 then prp-spo1: fact prov:qualifiedDerivation/arkg:citesPrimarySource source gives
    fact arkg:primaryEvidence source, hence fact prov:hadPrimarySource source (PROV's domain and
    range are entities); a citation (a prov:Derivation) never carries prov:hadPrimarySource."""
    cited = arkg.sparql("SELECT DISTINCT ?f ?s WHERE { ?f prov:qualifiedDerivation/arkg:citesPrimarySource ?s }",
                        inferred=False)
    derived = arkg.sparql("SELECT DISTINCT ?f ?s WHERE { ?f prov:hadPrimarySource ?s }")
    assert len(cited) > 50
    assert _pairs(derived) == _pairs(cited)
    assert _count("SELECT (COUNT(*) AS ?n) WHERE { ?c a arkg:Citation ; prov:hadPrimarySource ?s }") == 0
    assert _count("SELECT (COUNT(*) AS ?n) WHERE { ?f prov:hadPrimarySource ?s }") > 0
    assert _count("SELECT (COUNT(*) AS ?n) WHERE { ?f prov:hadPrimarySource ?s }") == \
        _count("SELECT (COUNT(*) AS ?n) WHERE { ?f arkg:primaryEvidence ?s }")
