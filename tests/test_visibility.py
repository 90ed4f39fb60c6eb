"""What users see (arkg.visibility): DESCRIBE answers (``arkg sparql``, the library and the
endpoint) and entity pages (HTML and RDF) hold no internal helper (``arkgi:``), no reflexive
``owl:sameAs`` and no ``owl:Thing`` type, although the store holds them; SELECT and CONSTRUCT
still see them, so the canned queries keep working. Exports: tests/test_export.py."""

from __future__ import annotations

import html

import pyoxigraph as ox
import pytest

import arkg
from arkg import query_policy, visibility
from arkg.namespaces import PREFIXES
from rdfcompare import internal, trivial
from server_fixtures import arkg_server  # noqa: F401  (fixture)

ARKR, ARKG, INTERNAL = PREFIXES["arkr"], PREFIXES["arkg"], PREFIXES["arkgi"]
OWL, RDF, RDFS = PREFIXES["owl"], PREFIXES["rdf"], PREFIXES["rdfs"]
BROWSER = {"Accept": "text/html"}
# An event with citations (their locators are internal), a state, and a source document (its seed
# file is internal).
EVENT, STATE, DOCUMENT = "1961-12-soviet-break-of-relations", "albania", "source-article-current"


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _triples(body: bytes, fmt=ox.RdfFormat.N_TRIPLES) -> list:
    return [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(body, format=fmt)]


@pytest.mark.parametrize("local", [EVENT, STATE, DOCUMENT])
def test_the_store_holds_what_pages_and_describe_leave_out(local):
    """Else the tests below could not fail: the store has each kind for each entity."""
    node = _n(ARKR + local)
    about = [q.triple for q in arkg.store().quads_for_pattern(node, None, None)]
    assert internal(about) and trivial(about)
    assert arkg.sparql(f"ASK {{ <{ARKR}{local}> owl:sameAs <{ARKR}{local}> ; a owl:Thing ; ?p ?o "
                       "FILTER(STRSTARTS(STR(?p), STR(arkgi:))) }")


def test_the_kinds():
    s, o = _n(ARKR + STATE), _n(ARKR + "soviet-union")
    assert visibility.is_trivial(s, _n(OWL + "sameAs"), s) and not visibility.is_trivial(s, _n(OWL + "sameAs"), o)
    assert visibility.is_trivial(s, _n(RDF + "type"), _n(OWL + "Thing"))
    assert visibility.is_trivial(s, _n(RDF + "type"), _n(RDFS + "Resource"))
    assert not visibility.is_trivial(s, _n(RDF + "type"), _n(ARKG + "SovereignState"))
    visit, event = _n(ARKG + "Visit"), _n(ARKG + "Event")
    assert visibility.is_trivial(visit, _n(RDFS + "subClassOf"), visit)
    assert visibility.is_trivial(visit, _n(RDFS + "subClassOf"), _n(OWL + "Thing"))
    assert visibility.is_trivial(_n(OWL + "Nothing"), _n(RDFS + "subClassOf"), visit)
    assert not visibility.is_trivial(visit, _n(RDFS + "subClassOf"), event)
    assert visibility.is_trivial(_n(PREFIXES["xsd"] + "string"), _n(RDF + "type"), _n(RDFS + "Datatype"))
    assert not visibility.is_trivial(s, _n(RDFS + "label"), ox.Literal("Albania", language="en"))
    assert visibility.is_internal(s, _n(INTERNAL + "locator"), ox.Literal("albania"))
    assert visibility.is_internal(_n(INTERNAL + "locator"), _n(RDF + "type"), _n(OWL + "DatatypeProperty"))
    assert visibility.is_internal(_n(INTERNAL.rstrip("/")), _n(RDF + "type"), _n(OWL + "Ontology"))
    assert not visibility.is_internal(s, _n(ARKG + "wikidata"), _n(PREFIXES["wd"] + "Q222"))
    label = ox.Triple(s, _n(RDFS + "label"), ox.Literal("Albania", language="en"))
    key = ox.Triple(s, _n(INTERNAL + "locator"), ox.Literal("albania"))
    same = ox.Triple(s, _n(OWL + "sameAs"), s)
    assert list(visibility.shown([label, key, same])) == [label]
    assert list(visibility.shown([label, key, same], with_internal=True)) == [label, key]
    assert list(visibility.shown([label, key, same], with_trivial=True)) == [label, same]
    assert list(visibility.shown([label, key, same], True, True)) == [label, key, same]


@pytest.mark.parametrize("text,describe", [
    ("DESCRIBE arkr:albania", True), ("describe <urn:x>", True),
    ("PREFIX a: <urn:a#>\n# a comment: SELECT\nBASE <urn:b>\nDESCRIBE a:x", True),
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", False), ('SELECT ("DESCRIBE" AS ?x) {}', False),
    ("# DESCRIBE\nCONSTRUCT WHERE { ?s ?p ?o }", False), ("ASK {}", False),
])
def test_describe_is_recognised_after_any_prologue(text, describe):
    assert query_policy.is_describe(text) is describe


@pytest.mark.parametrize("local", [EVENT, STATE, DOCUMENT])
def test_describe_in_the_library_and_the_command_line(run_cli, local):
    answer = arkg.sparql(f"DESCRIBE arkr:{local}")
    assert answer and not internal(answer) and not trivial(answer)
    assert any(t.predicate.value == RDFS + "label" for t in answer)
    code, out, err = run_cli("sparql", f"DESCRIBE arkr:{local}", "--format", "nt")
    assert code == 0, err
    shown = _triples(out.encode())
    assert shown and not internal(shown) and not trivial(shown)
    assert len(shown) == len(answer)


def test_construct_and_select_still_see_everything():
    """DESCRIBE is the server's choice of triples; a CONSTRUCT returns what its template asks for."""
    built = arkg.sparql(f"CONSTRUCT {{ arkr:{STATE} ?p ?o }} WHERE {{ arkr:{STATE} ?p ?o }}")
    assert internal(built) and trivial(built)
    types = arkg.sparql(f"SELECT ?t WHERE {{ arkr:{STATE} arkgi:mostSpecificType ?t }}").values("t")
    assert ARKG + "SovereignState" in types
    assert arkg.query("timeline", a="Albania", b="Soviet Union").values("type")  # arkgi:mostSpecificType


@pytest.mark.parametrize("local", [EVENT, STATE, DOCUMENT])
def test_describe_on_the_endpoint(arkg_server, local):
    r = arkg_server.sparql(f"DESCRIBE arkr:{local}", accept="application/n-triples")
    assert r.status == 200, r.text[:300]
    shown = _triples(r.body)
    assert shown and not internal(shown) and not trivial(shown)
    assert len(shown) == len(arkg.sparql(f"DESCRIBE arkr:{local}"))
    r = arkg_server.sparql(f"CONSTRUCT {{ arkr:{local} ?p ?o }} WHERE {{ arkr:{local} ?p ?o }}",
                           accept="application/n-triples")
    assert internal(_triples(r.body)) and trivial(_triples(r.body))


@pytest.mark.parametrize("local", [EVENT, STATE, DOCUMENT])
@pytest.mark.parametrize("accept,fmt", [("application/n-triples", ox.RdfFormat.N_TRIPLES),
                                        ("text/turtle", ox.RdfFormat.TURTLE)])
def test_entity_rdf_leaves_them_out(arkg_server, local, accept, fmt):
    r = arkg_server.get(f"/id/{local}", headers={"Accept": accept})
    assert r.status == 200
    shown = _triples(r.body, fmt)
    assert any(t.predicate.value == RDFS + "label" for t in shown)
    assert not internal(shown) and not trivial(shown)
    assert b"/arkg/internal" not in r.body


@pytest.mark.parametrize("local", [EVENT, STATE, DOCUMENT])
def test_entity_pages_leave_them_out(arkg_server, local):
    r = arkg_server.get(f"/id/{local}", headers=BROWSER)
    assert r.status == 200 and r.content_type == "text/html"
    body = r.text[r.text.index("<main"):r.text.index("</main>")]  # the page (the layout carries the prefix table)
    for word in ("arkgi:", "/arkg/internal", "searchKey", "search key", "mostSpecificType", "most specific type",
                 "seedFile", "seed file", "citation text", "owl:sameAs", "same as", "owl:Thing", ">Thing<"):
        assert word not in body, word
    if local == DOCUMENT:  # its seed file, an internal statement, is in the store but not on the page
        seed = arkg.sparql(f"SELECT ?f WHERE {{ arkr:{local} arkgi:seedFile ?f }}").values("f")
        assert seed and seed[0] not in body
    if local == EVENT:  # its locators are shown (as sources), not as statements of their own
        locators = arkg.sparql(f"SELECT ?l WHERE {{ arkr:{local} prov:qualifiedDerivation/arkgi:locator ?l }}").values("l")
        assert locators and all(html.escape(loc) in body for loc in locators)
