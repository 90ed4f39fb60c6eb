"""Descriptions, definitions, comments, and the labels of events and claims are written in our own
words: none repeats a run of eight or more words of any source document. (Names of people,
places, organizations and agreements are names, and may match the source.)"""

import re
import pytest
from rdflib import RDF, RDFS, URIRef
from rdflib.namespace import DCTERMS, SKOS

import arkg

N = 8
WORD = re.compile(r"[^\W_]+", re.UNICODE)


def _words(text: str) -> list[str]:
    return WORD.findall(text.casefold())


def _ngrams(words: list[str]) -> set[tuple]:
    return {tuple(words[i:i + N]) for i in range(len(words) - N + 1)}


@pytest.fixture(scope="module")
def source_ngrams(sources_dir):
    files = sorted(sources_dir.glob("0??_*.txt"))
    grams = set()
    for f in files:
        grams |= _ngrams(_words(f.read_text(encoding="utf-8")))
    return grams


def test_no_text_copies_a_source(source_ngrams):
    g = arkg.graph(inferred=False)
    copied = []
    checked = 0
    reasoned = arkg.graph(inferred=True)
    worded = {n for cls in ("Event", "Claim") for n in
              reasoned.subjects(RDF.type, URIRef("https://w3id.org/arkg/ontology/" + cls))}
    for prop in (RDFS.label, DCTERMS.description, SKOS.definition, RDFS.comment):
        for node, text in g.subject_objects(prop):
            if prop == RDFS.label and node not in worded:
                continue
            checked += 1
            hits = _ngrams(_words(str(text))) & source_ngrams
            if hits:
                copied.append(f"{node} {prop}: '{' '.join(next(iter(hits)))}'")
    assert checked > 200
    assert not copied, "\n".join(copied[:20])
