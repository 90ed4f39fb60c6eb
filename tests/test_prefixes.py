"""Prefixes are defined once (arkg.namespaces.PREFIXES): every Turtle and SPARQL file that
declares a prefix declares it with the same namespace."""

import re
from pathlib import Path

import pytest

from arkg.namespaces import PREFIXES

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted([*ROOT.glob("ontology/**/*.ttl"), *ROOT.glob("graph/**/*.ttl"), *ROOT.glob("queries/*.rq"),
                *ROOT.glob("tests/fixtures/**/*.ttl")])
DECL = re.compile(r"^\s*(?:@prefix|PREFIX)\s+([A-Za-z][\w-]*|):\s*<([^>]*)>", re.MULTILINE | re.IGNORECASE)


def test_files_are_found():
    assert len(FILES) > 20


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_prefixes_match_the_one_table(path):
    for prefix, namespace in DECL.findall(path.read_text(encoding="utf-8")):
        assert prefix in PREFIXES, f"{path}: unknown prefix {prefix!r}: add it to arkg.namespaces"
        assert PREFIXES[prefix] == namespace, f"{path}: {prefix}: is {namespace}, should be {PREFIXES[prefix]}"
