"""The ontology's naming rules (stated in its header's rdfs:comment): no two terms have names that
differ only in case; an inverse pair is hasX and isXOf, declared once, by owl:inverseOf on the
isXOf side, and the facts state only one of its directions; labels and definitions spell
"organization" as the IRIs do. ``ontology/renames.tsv`` lists the terms that version 0.2.0 renamed;
turning the names back (``_old_names``) gives the 0.1.0 names, and each check fails on them."""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDFS, SKOS

from arkg import paths
from arkg.namespaces import ARKG

ROOT = Path(__file__).resolve().parent.parent
NS = str(ARKG)
# names quoted from sources keep the source's spelling
SOURCE_NAMES = ("Organisation of Islamic Cooperation", "North Atlantic Treaty Organisation")
HEADERS = (NS[:-1], NS + "alignments")  # the two modules' owl:Ontology nodes
WORDING = (RDFS.label, SKOS.definition, RDFS.comment, DCTERMS.description, DCTERMS.title)


def _renames() -> list[dict]:
    with (paths.ontology_dir() / "renames.tsv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def _ontology() -> Graph:
    graph = Graph()
    for path in paths.ontology_files():
        graph.parse(path, format="turtle")
    return graph


def _old_names(graph: Graph) -> Graph:
    """The ontology with every renamed term under its 0.1.0 name."""
    back = {URIRef(NS + r["new"]): URIRef(NS + r["old"]) for r in _renames()}
    old = Graph()
    for triple in graph:
        old.add(tuple(back.get(term, term) for term in triple))
    return old


def _local(term) -> str | None:
    return str(term)[len(NS):] if isinstance(term, URIRef) and str(term).startswith(NS) else None


def case_collisions(graph: Graph) -> list[set[str]]:
    """Groups of our terms whose local names are equal ignoring case."""
    groups = defaultdict(set)
    for term in {t for triple in graph for t in triple}:
        name = _local(term)
        if name:
            groups[name.lower()].add(name)
    return sorted((names for names in groups.values() if len(names) > 1), key=sorted)


def inverse_problems(graph: Graph) -> list[str]:
    """owl:inverseOf axioms that break the rule: `isXOf owl:inverseOf hasX`, and only that one."""
    problems = []
    declared = defaultdict(int)
    for s, o in graph.subject_objects(OWL.inverseOf):
        declared[s] += 1
        declared[o] += 1
        sub, obj = _local(s), _local(o)
        match = re.fullmatch(r"is([A-Z]\w*)Of", sub or "")
        if not match or obj != "has" + match.group(1):
            problems.append(f"{sub or s} owl:inverseOf {obj or o}: want isXOf owl:inverseOf hasX")
        if (o, OWL.inverseOf, s) in graph:
            problems.append(f"{sub or s} owl:inverseOf {obj or o}: declared on both sides")
    problems += [f"{_local(p) or p} is in {n} owl:inverseOf axioms" for p, n in declared.items() if n > 1]
    return problems


def spelling_problems(graph: Graph) -> list[str]:
    """Labels and definitions of our terms that spell "organisation" (source names aside)."""
    problems = []
    for prop in WORDING:
        for s, text in graph.subject_objects(prop):
            if (_local(s) is None and str(s) not in HEADERS) or not isinstance(text, Literal):
                continue
            words = str(text)
            for name in SOURCE_NAMES:
                words = words.replace(name, "")
            if re.search(r"organis", words, re.IGNORECASE):
                problems.append(f"{_local(s) or s}: {str(text)[:80]}")
    return problems


def test_the_renames_file_is_true_of_the_ontology():
    graph = _ontology()
    terms = {_local(s) for s in graph.subjects(RDFS.isDefinedBy, URIRef(NS[:-1]))}
    rows = _renames()
    assert len(rows) >= 20
    assert [r["new"] for r in rows if r["new"] not in terms] == []
    assert [r["old"] for r in rows if r["old"] in terms] == []
    assert all(r["version"] and r["why"] for r in rows)


def test_no_two_terms_differ_only_in_case():
    assert case_collisions(_ontology()) == []


def test_the_old_names_differed_only_in_case():
    """The check catches 0.1.0: Place and place, Topic and topic …"""
    collisions = case_collisions(_old_names(_ontology()))
    assert {"Place", "place"} in collisions and {"TimeSpan", "timeSpan"} in collisions
    assert len(collisions) == 8


def test_inverse_pairs_are_has_x_and_is_x_of_declared_once():
    graph = _ontology()
    assert len(list(graph.subject_objects(OWL.inverseOf))) >= 8
    assert inverse_problems(graph) == []


def test_the_old_inverse_pairs_broke_the_rule():
    problems = inverse_problems(_old_names(_ontology()))
    assert any(p.startswith("participatedIn owl:inverseOf participant") for p in problems)
    bad = Graph()
    bad.add((ARKG.isFooOf, OWL.inverseOf, ARKG.hasFoo))
    bad.add((ARKG.hasFoo, OWL.inverseOf, ARKG.isFooOf))
    assert any("both sides" in p for p in inverse_problems(bad))
    assert inverse_problems(Graph().add((ARKG.hasPart, OWL.inverseOf, ARKG.isPartOf)))


def test_facts_state_one_direction_of_each_inverse_pair():
    """The reasoner derives the other direction (prp-inv1, prp-inv2); stating both would make two
    ways of writing one fact."""
    import arkg

    pairs = list(_ontology().subject_objects(OWL.inverseOf))
    facts = arkg.graph(inferred=False)
    both = [(_local(a), _local(b)) for a, b in pairs
            if next(facts.triples((None, a, None)), None) and next(facts.triples((None, b, None)), None)]
    assert both == []


def test_labels_and_definitions_spell_organization_as_the_iris_do():
    assert spelling_problems(_ontology()) == []


def test_the_spelling_check_catches_the_old_spelling():
    bad = Graph()
    bad.add((ARKG.Organization, RDFS.label, Literal("organisation", lang="en")))
    bad.add((ARKG.Membership, SKOS.definition, Literal("Membership of the Organisation of Islamic Cooperation.", lang="en")))
    assert spelling_problems(bad) == ["Organization: organisation"]


LEFTOVER_GLOBS = ("ontology/**/*.ttl", "graph/**/*.ttl", "queries/**/*.rq", "src/arkg/**/*.py", "src/arkg/**/*.html",
                  "src/arkg/**/*.js", "src/arkg/**/*.jsonld", "bench/*.py", "tests/fixtures/**/*.ttl", "tests/*.py",
                  "docs/*.py", "README.md", "graph/README.md")


def _old_name_pattern() -> re.Pattern:
    """An old name as arkg:name, as the full IRI, or through the ARKG namespace in code."""
    old = "|".join(sorted((re.escape(r["old"]) for r in _renames()), key=len, reverse=True))
    return re.compile(r"(?:(?<![\w])arkg:|https://w3id\.org/arkg/ontology/|\{ARKG\}|\bARKG\.)(" + old + r")(?![\w\-])")


def test_no_file_uses_an_old_name():
    """No query, fact, shape, code or prose of ours still names a term by its old name (as
    arkg:name, as the full IRI, or through the ARKG namespace in code), the README's table of
    renames and this file's own samples aside."""
    pattern = _old_name_pattern()
    files = sorted({p for glob in LEFTOVER_GLOBS for p in ROOT.glob(glob)} - {Path(__file__).resolve()})
    assert len(files) > 100
    found = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"\[\[\[cog readme\.out\(readme\.renames_table\(\)\) \]\]\].*?\[\[\[end\]\]\]", "", text, flags=re.S)
        found += [f"{path.relative_to(ROOT)}: {m.group(0)}" for m in pattern.finditer(text)]
    assert found == []


def test_the_old_name_check_finds_old_names():
    """The pattern of the check above matches the forms the names took in 0.1.0 files."""
    pattern = _old_name_pattern()
    sample = 'arkg:place ; <https://w3id.org/arkg/ontology/timeSpan> f"<{ARKG}partOf>" ARKG.holder arkg:placeKind arkg:hasPlace'
    assert [m.group(1) for m in pattern.finditer(sample)] == ["place", "timeSpan", "partOf", "holder"]
