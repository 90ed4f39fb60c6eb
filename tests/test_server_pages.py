"""Linked-data pages, the ontology's documentation and the web UI's pages, from the live server."""

from __future__ import annotations

import http.client
import re
from urllib.parse import quote

import pyoxigraph as ox
import pytest

import arkg
from arkg import paths
from arkg.namespaces import PREFIXES
from arkg.server.pages import local_path
from server_fixtures import arkg_server  # noqa: F401  (fixture)

ARKR = "https://w3id.org/arkg/id/"
ARKG = "https://w3id.org/arkg/ontology/"
BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


def rows(query: str) -> list[dict]:
    return arkg.sparql(query).dicts()


def page(server, path: str):
    r = server.get(path, headers=BROWSER)
    assert r.status == 200, (path, r.status, r.text[:200])
    assert r.content_type == "text/html"
    return r.text


def test_path_mapping():
    assert local_path(ARKR + "albania") == "/id/albania"
    assert local_path(ARKG + "Visit") == "/ontology/Visit"
    assert local_path("https://w3id.org/arkg/ontology") == "/ontology"
    assert local_path("http://www.wikidata.org/entity/Q222") is None


def test_every_arkg_iri_dereferences(arkg_server):
    """Each IRI of ours that is the subject of a statement users see (not only of the trivial
    ``x owl:sameAs x`` and ``x a owl:Thing``, which a page leaves out) is a subject in its RDF."""
    iris = [r["s"] for r in rows(f"""SELECT DISTINCT ?s WHERE {{ ?s ?p ?o FILTER(isIRI(?s) &&
            (STRSTARTS(STR(?s), "{ARKR}") || STRSTARTS(STR(?s), "{ARKG}")))
            FILTER(!(?p = owl:sameAs && ?o = ?s) && !(?p = rdf:type && ?o = owl:Thing)) }}""")]
    assert len(iris) > 100
    conn = http.client.HTTPConnection(arkg_server.host, arkg_server.port, timeout=30)
    for iri in iris:
        conn.request("GET", local_path(iri), headers={"Accept": "application/n-triples"})
        resp = conn.getresponse()
        body = resp.read()
        assert resp.status == 200, iri
        subjects = {t.subject.value for t in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)
                    if isinstance(t.subject, ox.NamedNode)}
        assert iri in subjects
    conn.close()


def test_entity_page_html_in_every_language(arkg_server):
    html = page(arkg_server, "/id/albania")
    labels = rows('SELECT ?l WHERE { <https://w3id.org/arkg/id/albania> '
                  '<http://www.w3.org/2000/01/rdf-schema#label> ?l }')
    langs = arkg.sparql('SELECT (LANG(?l) AS ?lang) WHERE { <https://w3id.org/arkg/id/albania> '
                        '<http://www.w3.org/2000/01/rdf-schema#label> ?l }').values("lang")
    assert len(set(langs)) >= 3
    for r in labels:
        assert r["l"] in html
    for name in ("English", "Albanian", "Russian"):
        assert name in html
    assert 'href="/ontology/SovereignState"' in html
    assert "<h1>Albania</h1>" in html


def test_entity_page_shows_events_on_a_timeline(arkg_server):
    events = arkg.query("events-of", agent="Enver Hoxha").dicts()
    assert events
    html = page(arkg_server, "/id/enver-hoxha")
    assert '<svg class="timeline"' in html
    for e in events[:10]:
        assert f'href="{local_path(e["event"])}"' in html


def test_entity_page_offices_held(arkg_server):
    tenure = arkg.query("positions").dicts()[0]
    html = page(arkg_server, local_path(tenure["person"]))
    assert "Offices held" in html
    assert f'href="{local_path(tenure["position"])}"' in html


def test_entity_page_memberships(arkg_server):
    memberships = arkg.query("memberships").dicts()
    if memberships:  # the graph is still growing: the section appears exactly when there are memberships
        html = page(arkg_server, local_path(memberships[0]["member"]))
        assert "Memberships" in html and f'href="{local_path(memberships[0]["organization"])}"' in html
    else:
        assert ">Memberships</h2>" not in page(arkg_server, "/id/albania")


def test_entity_page_sources_with_locators(arkg_server):
    cited = rows("""SELECT ?e ?src ?loc WHERE { ?e prov:qualifiedDerivation ?c . ?c prov:entity ?src ; arkgi:locator ?loc
        FILTER(STRSTARTS(STR(?e), "https://w3id.org/arkg/id/")) } ORDER BY ?e LIMIT 1""")[0]
    html = page(arkg_server, local_path(cited["e"]))
    assert '>Sources</h2>' in html
    assert f'href="{local_path(cited["src"])}"' in html
    from html import escape
    assert escape(cited["loc"]) in html


def test_entity_page_wikidata_link(arkg_server):
    linked = arkg.query("wikidata").dicts()
    assert linked
    html = page(arkg_server, local_path(linked[0]["entity"]))
    assert f'href="{linked[0]["wikidata"]}"' in html


@pytest.mark.parametrize("accept,fmt", [("text/turtle", ox.RdfFormat.TURTLE), ("application/ld+json", ox.RdfFormat.JSON_LD),
                                        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
                                        ("application/rdf+xml", ox.RdfFormat.RDF_XML)])
def test_entity_content_negotiation(arkg_server, accept, fmt):
    r = arkg_server.get("/id/albania", headers={"Accept": accept})
    assert r.status == 200 and r.content_type == accept
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(r.body, format=fmt)]
    label = ox.Triple(ox.NamedNode(ARKR + "albania"), ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                      ox.Literal("Albania", language="en"))
    assert label in triples
    assert "Accept" in r.headers.get("Vary", "")


def test_entity_format_parameter_and_errors(arkg_server):
    assert arkg_server.get("/id/albania?format=turtle").content_type == "text/turtle"
    assert arkg_server.get("/ontology/Visit?format=jsonld").content_type == "application/ld+json"
    assert arkg_server.get("/id/albania", headers={"Accept": "image/png"}).status == 406
    missing = arkg_server.get("/id/no-such-entity", headers=BROWSER)
    assert missing.status == 404 and "no entity" in missing.text


def test_ontology_documentation_is_generated_from_the_ontology(arkg_server):
    html = page(arkg_server, "/ontology")
    assert '<svg class="hierarchy"' in html
    ontology = ox.Store()
    ontology.load(path=str(arkg.paths.ontology_file()) if hasattr(arkg, "paths") else None, format=ox.RdfFormat.TURTLE)
    OWL = "http://www.w3.org/2002/07/owl#"
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    for kind in ("Class", "ObjectProperty", "DatatypeProperty"):
        for quad in ontology.quads_for_pattern(None, rdf_type, ox.NamedNode(OWL + kind)):
            local = quad.subject.value[len(ARKG):]
            assert f'id="{local}"' in html, local
    definition = next(ontology.quads_for_pattern(ox.NamedNode(ARKG + "Visit"),
                                                 ox.NamedNode("http://www.w3.org/2004/02/skos/core#definition"), None))
    from html import escape
    assert escape(definition.object.value) in html
    turtle = arkg_server.get("/ontology", headers={"Accept": "text/turtle"})
    served = list(ox.parse(turtle.body, format=ox.RdfFormat.TURTLE))
    stamp = ox.Quad(ox.NamedNode(ARKG.rstrip("/")), ox.NamedNode(OWL + "versionIRI"),
                    ox.NamedNode(f"{ARKG}{arkg.__version__}"))
    # the file as written, plus the version stamp the package gives it (versionInfo, versionIRI)
    assert turtle.status == 200 and stamp in served and len(served) == len(ontology) + 2
    term = page(arkg_server, "/ontology/Visit")
    assert "visit" in term.lower() and "/ontology/Event" in term


def _sections(html: str) -> dict[str, str]:
    """The term sections of the ontology page by id."""
    return {m[1]: m[2] for m in re.finditer(r'<section class="term[^"]*" id="([^"]+)">(.*?)</section>', html, re.S)}


def test_ontology_page_shows_the_alignment_module(arkg_server):
    """Every mapping of the ontology modules to OWL-Time, ORG, SEM, CIDOC-CRM, PROV-O (and SKOS) is
    on its term's section with a link to the standard term, and in the alignments table."""
    from rdflib import Graph, URIRef
    from rdflib.namespace import RDFS, SKOS

    graph = Graph()
    for path in paths.ontology_files():
        graph.parse(path, format="turtle")
    standard = tuple(PREFIXES[p] for p in ("time", "org", "sem", "crm", "prov", "skos"))
    relations = (RDFS.subClassOf, RDFS.subPropertyOf, SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch,
                 SKOS.narrowMatch, SKOS.relatedMatch)
    expected = {(str(s), str(p), str(o)) for p in relations for s, o in graph.subject_objects(p)
                if isinstance(o, URIRef) and str(s).startswith(ARKG) and str(o).startswith(standard)}
    by_vocabulary = {v: sum(1 for _, _, o in expected if o.startswith(PREFIXES[v]))
                     for v in ("time", "org", "sem", "crm", "prov")}
    assert len(expected) > 40 and all(by_vocabulary.values()), by_vocabulary
    html = page(arkg_server, "/ontology")
    sections = _sections(html)
    for s, p, o in expected:
        section = sections[s[len(ARKG):]]
        assert f'href="{o}"' in section.split('class="aligned"', 1)[1], (s, p, o)
    table = html[html.index('<h2 id="alignments">'):html.index('<h2 id="internal">')]
    assert table.count("<tr><td>") == len(expected)
    for s, p, o in expected:
        assert f'href="#{s[len(ARKG):]}"' in table and f'href="{o}"' in table
    assert "ARKG ontology: alignments to standard vocabularies" in table
    for name in ("OWL-Time", "ORG", "SEM", "CIDOC-CRM", "PROV-O"):
        assert f"{name}: " in table
    assert 'href="#alignments"' in html


def test_ontology_page_lists_the_internal_terms_apart(arkg_server):
    from rdflib import Graph, URIRef
    from rdflib.namespace import OWL, RDF, RDFS

    internal = Graph().parse(paths.internal_file(), format="turtle")
    namespace = PREFIXES["arkgi"]
    terms = sorted(str(s)[len(namespace):] for kind in (OWL.DatatypeProperty, OWL.ObjectProperty)
                   for s in internal.subjects(RDF.type, kind))
    assert {"locator", "citationText", "mostSpecificType", "seedFile"} <= set(terms)
    html = page(arkg_server, "/ontology")
    sections = _sections(html)
    part = html[html.index('<h2 id="internal">'):]
    assert "not part of the public model" in part.lower()
    for local in terms:
        assert local not in sections  # not among the public terms
        section = sections[f"arkgi-{local}"]
        assert f"arkgi:{local}" in section and ">internal<" in section
        assert section in part
        label = internal.value(URIRef(namespace + local), RDFS.label)
        assert str(label) in section
    public = html[:html.index('<h2 id="alignments">')]
    assert "arkgi:" not in public


def test_home_query_gallery_pages(arkg_server):
    home = page(arkg_server, "/")
    assert 'href="/timeline"' in home and 'href="/query"' in home
    query = page(arkg_server, "/query")
    assert 'id="query"' in query and "PREFIX arkg:" in query
    gallery = page(arkg_server, "/queries")
    for name, q in arkg.queries().items():
        if name.endswith("-violation"):  # maintainer checks: listed apart, without a form
            assert f'data-name="{name}"' not in gallery and f'href="/canned/{name}"' in gallery
            continue
        assert f'data-name="{name}"' in gallery
        for p in q.params:
            assert f'name="{p.name}"' in gallery
    prefilled = page(arkg_server, "/query?canned=visits")
    assert "arkg:Visit" in prefilled


def test_pages_use_only_our_own_scripts_and_styles(arkg_server):
    for path in ("/", "/query", "/queries", "/timeline", "/ontology", "/id/albania"):
        html = page(arkg_server, path)
        refs = re.findall(r'<(?:script|link)[^>]*(?:src|href)="([^"]+)"', html)
        assert refs and all(ref.startswith("/static/") for ref in refs), refs
    script = arkg_server.get("/static/app.js").text
    fetched = re.findall(r'fetch\(([^,)]+)', script)
    assert fetched and all(f.strip().startswith(('"/', 'url')) for f in fetched), fetched
    style = arkg_server.get("/static/style.css").text
    assert "@import" not in style and "url(" not in style
    assert arkg_server.get("/static/../app.py").status == 404


def test_search_api_for_autocomplete(arkg_server):
    r = arkg_server.get("/api/search?q=hoxh")
    assert r.status == 200 and r.content_type == "application/json"
    found = r.json()
    assert any(f["iri"] == ARKR + "enver-hoxha" and f["label"] == "Enver Hoxha" and f["path"] == "/id/enver-hoxha"
               for f in found)
    assert any(f["iri"] == ARKR + "albania" for f in arkg_server.get("/api/search?" + "q=" + quote("Албания")).json())
    assert arkg_server.get("/api/search?q=").json() == []


def test_relations_timeline(arkg_server):
    html = page(arkg_server, "/timeline")
    assert '<svg class="timeline"' in html
    for period in ("alliance", "split", "isolation", "restoration", "post-2014"):
        assert period in html
    events = rows("""PREFIX arkg: <https://w3id.org/arkg/ontology/> PREFIX arkr: <https://w3id.org/arkg/id/>
        SELECT DISTINCT ?e WHERE { ?e a arkg:Event ; arkg:hasParticipant arkr:albania, arkr:soviet-union ;
        arkg:hasTimeSpan/arkg:stated ?d }""")
    assert events
    for e in events:
        assert f'href="{local_path(e["e"])}"' in html
    zoomed = page(arkg_server, "/timeline?from=1961&to=1961")
    assert zoomed.count('class="tl-item"') <= html.count('class="tl-item"')


def test_timeline_of_any_query(arkg_server):
    visits = arkg.query("visits").dicts()
    html = page(arkg_server, "/timeline?canned=visits")
    assert f"{len(visits)} dated rows" in html
    text = ("PREFIX arkg: <https://w3id.org/arkg/ontology/> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
            "SELECT ?event ?label ?when WHERE { ?event a arkg:Visit ; rdfs:label ?label ; arkg:hasTimeSpan/arkg:stated ?when "
            "FILTER(LANG(?label) = 'en') }")
    html = page(arkg_server, "/timeline?query=" + quote(text))
    assert "dates from <code>?when</code>" in html and '<svg class="timeline"' in html
    bad = arkg_server.get("/timeline?query=" + quote("SELECT * WHERE {"), headers=BROWSER)
    assert bad.status == 400


def test_user_text_in_pages_is_escaped_by_the_templates(arkg_server):
    attack = '</textarea><script>alert("x")</script>'
    html = page(arkg_server, "/query?query=" + quote(attack))
    assert "<script>alert" not in html and "&lt;/textarea&gt;&lt;script&gt;" in html
    zoom = page(arkg_server, "/timeline?from=1961&to=1962&x=" + quote('"><script>alert(1)</script>'))
    assert "<script>alert(1)" not in zoom
    namespaces = re.search(r'<script type="application/json" id="arkg-namespaces">(.*?)</script>', html, re.S)[1]
    import json
    assert json.loads(namespaces)["prefixes"]["arkr"] == ARKR  # data goes into pages through the tojson filter
