"""Labels, descriptions and definitions are written in our own words: none repeats a run of
eight or more words of any source document."""

import re
from pathlib import Path

import pytest
from rdflib import RDFS
from rdflib.namespace import DCTERMS, SKOS

import arkg

SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"
N = 8
WORD = re.compile(r"[^\W_]+", re.UNICODE)


def _words(text: str) -> list[str]:
    return WORD.findall(text.casefold())


def _ngrams(words: list[str]) -> set[tuple]:
    return {tuple(words[i:i + N]) for i in range(len(words) - N + 1)}


@pytest.fixture(scope="module")
def source_ngrams():
    files = sorted(SEEDS.glob("*.txt"))
    if not files:
        pytest.fail(f"source documents not found in {SEEDS}")
    grams = set()
    for f in files:
        grams |= _ngrams(_words(f.read_text(encoding="utf-8")))
    return grams


def test_no_text_copies_a_source(source_ngrams):
    g = arkg.graph(inferred=False)
    copied = []
    checked = 0
    for prop in (RDFS.label, DCTERMS.description, SKOS.definition, RDFS.comment):
        for node, text in g.subject_objects(prop):
            checked += 1
            hits = _ngrams(_words(str(text))) & source_ngrams
            if hits:
                copied.append(f"{node} {prop}: '{' '.join(next(iter(hits)))}'")
    assert checked > 200
    assert not copied, "\n".join(copied[:20])
