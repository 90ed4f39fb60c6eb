"""OWL 2 RL reasoning does real work. Each test is tagged with the rule it exercises (the
rule names of the OWL 2 RL profile, as in owlrl)."""

import pytest
from rdflib import Graph, Literal, Namespace, RDF, RDFS
from rdflib.namespace import OWL

import arkg
from arkg.reasoning import closure

EX = Namespace("urn:ex:")
ARKG = Namespace("https://w3id.org/arkg/ontology/")


def test_events_of_answers_exist_only_in_the_closure():
    """prp-inv, prp-spo1: facts state specific roles (arkg:visitor, arkg:speaker …); the query
    asks for arkg:isParticipantOf, derived through the role hierarchy and the inverse."""
    reasoned = arkg.query("events-of", agent="Nikita Khrushchev")
    asserted = arkg.query("events-of", inferred=False, agent="Nikita Khrushchev")
    assert len(reasoned) >= 3
    assert len(asserted) < len(reasoned)
    assert len(asserted) == 0


def test_timeline_with_two_agents_needs_the_role_hierarchy():
    """prp-spo1: arkg:actor and arkg:counterpart are sub-properties of arkg:hasParticipant."""
    reasoned = arkg.query("timeline", a="Albania", b="Soviet Union")
    asserted = arkg.query("timeline", inferred=False, a="Albania", b="Soviet Union")
    assert len(reasoned) > len(asserted)


def test_conflicting_claims_need_the_property_chain():
    """prp-spo2: arkg:statedIn is the chain prov:qualifiedDerivation / prov:entity."""
    assert len(arkg.query("conflicting-claims")) >= 1
    assert len(arkg.query("conflicting-claims", inferred=False)) == 0


def test_no_wikidata_item_is_merged_with_a_local_entity():
    """eq-rep-*: arkg:wikidata is an annotation; the closure holds no owl:sameAs to Wikidata."""
    hits = arkg.sparql("ASK { ?x <http://www.w3.org/2002/07/owl#sameAs> ?y "
                       "FILTER(?x != ?y && (STRSTARTS(STR(?y), 'http://www.wikidata.org/') || STRSTARTS(STR(?x), 'http://www.wikidata.org/'))) }")
    assert hits is False


def _tiny(*triples):
    g = Graph()
    for t in triples:
        g.add(t)
    return closure(g)


def test_prp_inv():
    g = _tiny((EX.p, OWL.inverseOf, EX.q), (EX.a, EX.p, EX.b))
    assert (EX.b, EX.q, EX.a) in g


def test_cax_sco():
    g = _tiny((EX.C, RDFS.subClassOf, EX.D), (EX.x, RDF.type, EX.C))
    assert (EX.x, RDF.type, EX.D) in g


def test_prp_symp():
    g = _tiny((EX.p, RDF.type, OWL.SymmetricProperty), (EX.a, EX.p, EX.b))
    assert (EX.b, EX.p, EX.a) in g


def test_prp_trp_on_succession():
    """prp-trp: arkg:isPredecessorOf is transitive, so the Russian Empire precedes the Russian Federation."""
    assert arkg.sparql(
        "ASK { <https://w3id.org/arkg/id/russian-empire> <https://w3id.org/arkg/ontology/isPredecessorOf> <https://w3id.org/arkg/id/russian-federation> }"
    ) is True
    assert arkg.sparql(
        "ASK { <https://w3id.org/arkg/id/russian-empire> <https://w3id.org/arkg/ontology/isPredecessorOf> <https://w3id.org/arkg/id/russian-federation> }",
        inferred=False,
    ) is False


def test_prp_spo2_membership_chain():
    """prp-spo2: arkg:isMemberOfOrganization = inverse of arkg:hasMember, then arkg:hasOrganization."""
    ask = "ASK { <https://w3id.org/arkg/id/albania> <https://w3id.org/arkg/ontology/isMemberOfOrganization> <https://w3id.org/arkg/id/comecon> }"
    assert arkg.sparql(ask) is True
    assert arkg.sparql(ask, inferred=False) is False


@pytest.mark.parametrize("reasoner", ["owlrl", "native"])
def test_literal_subjects_are_dropped(reasoner):
    """prp-symp over a literal object makes raw owlrl emit ("x", p, a), which no RDF syntax can
    carry; the closure must leave it out."""
    g = Graph()
    g.add((EX.p, RDF.type, OWL.SymmetricProperty))
    g.add((EX.a, EX.p, Literal("x")))
    closed = closure(g, reasoner)
    assert (EX.a, EX.p, Literal("x")) in closed
    assert not any(isinstance(s, Literal) for s, _, _ in closed)


def test_native_rules_are_named_by_their_owl_2_rl_ids():
    from arkg.reasoning import rules

    ids = {i for f in rules.TYPE_RULES + rules.PROPERTY_RULES for i in f.rule_ids}
    assert {"cax-sco", "prp-spo1", "prp-spo2", "prp-inv1", "prp-inv2", "prp-trp", "prp-symp",
            "prp-dom", "prp-rng"} <= ids
    assert rules.eq_ref.rule_ids == ("eq-ref",) and rules.dt_type1.rule_ids == ("dt-type1",)
