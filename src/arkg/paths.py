"""Where the ontology, shapes, facts and queries live: inside the installed package
(``arkg/_data``, put there by the wheel build) or, in a source checkout, beside ``src/``."""

from __future__ import annotations

from pathlib import Path

_PKG = Path(__file__).resolve().parent


def data_root() -> Path:
    bundled = _PKG / "_data"
    if (bundled / "ontology").is_dir():
        return bundled
    return _PKG.parent.parent


def ontology_dir() -> Path:
    return data_root() / "ontology"


def ontology_file() -> Path:
    return ontology_dir() / "arkg.ttl"


def ontology_files() -> list[Path]:
    """The ontology modules: the core ontology, its alignments to standard vocabularies, and the
    internal terms (build-time helpers, not part of the public model)."""
    return [ontology_file(), alignments_file(), internal_file()]


def alignments_file() -> Path:
    return ontology_dir() / "alignments.ttl"


def internal_file() -> Path:
    return ontology_dir() / "internal.ttl"


def shapes_dir() -> Path:
    return ontology_dir() / "shapes"


def graph_dir() -> Path:
    return data_root() / "graph"


def queries_dir() -> Path:
    return data_root() / "queries"


def fact_files() -> list[Path]:
    """Every Turtle file of facts, in a stable order."""
    return sorted(graph_dir().rglob("*.ttl"))


def input_files() -> list[Path]:
    """The files the reasoned graph is built from: the ontology modules, then the facts."""
    facts = fact_files()
    if not facts:
        raise FileNotFoundError(f"no fact files found under {graph_dir()}")
    return [*ontology_files(), *facts]
