"""The coverage checklists (graph/coverage/*.tsv) account for every paragraph of every source:
each row lists the facts encoded from it, as graph IRIs that exist and have a type, or a note
saying why nothing there is a fact."""

import csv
from pathlib import Path

import pytest

import arkg
from arkg.namespaces import expand
from conftest import source_file

ROOT = Path(__file__).resolve().parent.parent
CHECKLISTS = sorted((ROOT / "graph" / "coverage").glob("*.tsv"))


def _rows(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def test_every_source_has_a_checklist():
    names = " ".join(p.name for p in CHECKLISTS)
    for prefix in ("000", "001", "002", "003"):
        assert prefix in names


@pytest.fixture(scope="module")
def typed_subjects():
    result = arkg.sparql("SELECT DISTINCT ?s WHERE { ?s a ?t FILTER(isIRI(?s)) }")
    return set(result.values("s"))


@pytest.mark.parametrize("path", CHECKLISTS, ids=lambda p: p.name)
def test_rows_name_existing_facts_or_say_why_not(path, typed_subjects):
    rows = _rows(path)
    assert rows and set(rows[0]) >= {"source", "section", "paragraph", "facts", "note"}
    missing = []
    for row in rows:
        facts = (row["facts"] or "").split()
        assert facts or (row["note"] or "").strip(), f"{path.name}: row {row} has neither facts nor a note"
        for name in facts:
            iri = expand(name) if not name.startswith("http") else name
            if iri not in typed_subjects:
                missing.append(name)
    assert not missing, f"{path.name}: IRIs not in the graph: {sorted(set(missing))[:20]}"


def _paragraphs_of_article(path: Path) -> int:
    lines = [l.strip() for l in path.read_text(encoding="utf-8").splitlines()]
    return sum(1 for l in lines if l and not l.startswith("=="))


def test_the_current_article_is_covered_paragraph_by_paragraph(sources_dir):
    source = source_file(sources_dir, "001")
    rows = [r for p in CHECKLISTS if p.name.startswith("001") for r in _rows(p)]
    assert len(rows) >= _paragraphs_of_article(source)


def test_the_sentence_list_is_covered_line_by_line(sources_dir):
    source = source_file(sources_dir, "000")
    lines = [l for l in source.read_text(encoding="utf-8").splitlines() if l.strip()]
    rows = [r for p in CHECKLISTS if p.name.startswith("000") for r in _rows(p)]
    assert len(rows) >= len(lines)
