"""Prefixes are defined once (arkg.namespaces): every Turtle and SPARQL file that declares a
prefix declares it with the same namespace, and no Python or JavaScript file of the package
retypes a namespace IRI (the code takes them from arkg.namespaces, the page script from the page)."""

import re
from pathlib import Path

import pytest
from rdflib.namespace import Namespace

from arkg import namespaces
from arkg.namespaces import ONTOLOGY_IRI, PREFIXES

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted([*ROOT.glob("ontology/**/*.ttl"), *ROOT.glob("graph/**/*.ttl"), *ROOT.glob("queries/*.rq"),
                *ROOT.glob("tests/fixtures/**/*.ttl")])
DECL = re.compile(r"^\s*(?:@prefix|PREFIX)\s+([A-Za-z][\w-]*|):\s*<([^>]*)>", re.MULTILINE | re.IGNORECASE)

# The one home of the namespace IRIs, and the JSON-LD context (a data file that must spell them out).
HOMES = {ROOT / "src/arkg/namespaces.py", *ROOT.glob("src/arkg/**/context.jsonld")}
CODE = sorted(p for p in [*ROOT.glob("src/arkg/**/*.py"), *ROOT.glob("src/arkg/**/*.js"), *ROOT.glob("docs/*.py")]
              if p not in HOMES)
# Every namespace the table knows (the prefixes and the other Namespace constants), each also
# without its last character: "https://w3id.org/arkg/ontology" is the ontology's own IRI.
NAMESPACES = sorted({*PREFIXES.values(), ONTOLOGY_IRI,
                     *(str(v) for v in vars(namespaces).values() if isinstance(v, Namespace))})
STEMS = sorted({ns.rstrip("/#") for ns in NAMESPACES}, key=len, reverse=True)


def retyped(text: str) -> list[str]:
    """The namespace IRIs written out in ``text``."""
    return [stem for stem in STEMS if stem in text]


def test_files_are_found():
    assert len(FILES) > 20


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_prefixes_match_the_one_table(path):
    for prefix, namespace in DECL.findall(path.read_text(encoding="utf-8")):
        assert prefix in PREFIXES, f"{path}: unknown prefix {prefix!r}: add it to arkg.namespaces"
        assert PREFIXES[prefix] == namespace, f"{path}: {prefix}: is {namespace}, should be {PREFIXES[prefix]}"


def test_the_scan_covers_the_code_and_finds_retyped_iris():
    names = {p.name for p in CODE}
    assert {"pages.py", "ontology_doc.py", "graph_stats.py", "wikidata.py", "quickstatements.py", "canned.py",
            "validation.py", "remote.py", "app.js"} <= names, names
    assert "namespaces.py" not in names
    assert retyped('q = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>"') == [PREFIXES["rdfs"][:-1]]
    assert retyped('if (iri === "https://w3id.org/arkg/ontology") return "/ontology";') == [ONTOLOGY_IRI]
    assert retyped('HUMAN = "http://www.wikidata.org/entity/Q5"') == [PREFIXES["wd"][:-1]]
    assert retyped("from .namespaces import RDFS, sparql_prefixes") == []


@pytest.mark.parametrize("path", CODE, ids=lambda p: str(p.relative_to(ROOT)))
def test_code_never_retypes_a_namespace_iri(path):
    lines = [f"{path.relative_to(ROOT)}:{n}: {', '.join(found)}"
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if (found := retyped(line))]
    assert not lines, "namespace IRIs written out (take them from arkg.namespaces):\n" + "\n".join(lines)
