"""``arkg stats``: statements by origin, none of unknown origin."""

import importlib

import pyoxigraph as ox

import arkg

stats = importlib.import_module("arkg.graph_stats")

SOURCES = ("source-article-current", "source-article-old", "source-sentences", "source-paper-final-break")


def test_every_statement_of_the_graph_has_an_origin():
    figures = arkg.stats()
    origin = figures["statements by origin"]
    assert origin["unknown origin"] == 0
    totals = {k: v for k, v in origin.items() if not k.startswith("source document ")}
    assert sum(totals.values()) == figures["triples"]
    for name in SOURCES:
        assert origin[f"source document arkr:{name}"] > 0
    for line in ("outside evidence", "inferred by the reasoner", "ontology and schema", "build-time helpers"):
        assert origin[line] > 0, line


def test_uncited_statements_are_of_unknown_origin():
    ttl = """@prefix arkg: <https://w3id.org/arkg/ontology/> . @prefix arkr: <https://w3id.org/arkg/id/> .
    @prefix prov: <http://www.w3.org/ns/prov#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    arkr:visit a arkg:Visit ; rdfs:label "a visit" ; arkg:visitor arkr:hoxha ;
        arkg:hasTimeSpan [ arkg:stated "1961" ] ;
        prov:qualifiedDerivation [ a arkg:Citation ; prov:entity arkr:doc ; arkg:paragraph "1" ] .
    arkr:hoxha rdfs:label "Hoxha" .
    arkr:stray rdfs:label "Nobody cites me" .
    arkr:linked arkg:wikidata <http://www.wikidata.org/entity/Q1> .
    arkg:Visit rdfs:label "visit" ."""
    asserted = ox.Store()
    asserted.load(ttl.encode(), ox.RdfFormat.TURTLE)
    reasoned = ox.Store()
    reasoned.load(ttl.encode(), ox.RdfFormat.TURTLE)
    extra = ox.Quad(ox.NamedNode("https://w3id.org/arkg/id/hoxha"),
                    ox.NamedNode("https://w3id.org/arkg/ontology/isParticipantOf"),
                    ox.NamedNode("https://w3id.org/arkg/id/visit"))
    reasoned.add(extra)
    counts, unknown = stats.origins(asserted, reasoned)
    assert [str(s) for s, _, _ in unknown] == ["<https://w3id.org/arkg/id/stray>"]
    assert counts["unknown origin"] == 1
    assert counts["inferred by the reasoner"] == 1
    assert counts["outside evidence"] == 1
    assert counts["ontology and schema"] == 1
    # the visit's 5 triples, its time span's 1 and citation's 3, and the label of Hoxha, whom it mentions
    assert counts["source document arkr:doc"] == 10 == counts["source documents (any)"]
    assert sum(v for k, v in counts.items() if not k.startswith("source document ")) == len(reasoned)


def test_stats_command_prints_origins(run_cli):
    code, out, _ = run_cli("stats")
    assert code == 0 and "statements by origin:" in out
    line = next(l for l in out.splitlines() if l.strip().startswith("unknown origin"))
    assert line.split()[-1] == "0"
    code, out, _ = run_cli("stats", "--format", "json")
    assert code == 0 and '"unknown origin": 0' in out
