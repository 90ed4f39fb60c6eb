"""The library interface, mirrored by the CLI: build, query, sparql, validate, export."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from . import build as _build
from . import canned as _queries
from . import export as _export
from . import resolve as _resolve
from . import sparql as _sparql
from . import stats as _stats
from . import store as _store


def build(force: bool = False, reasoner: str = _build.DEFAULT_REASONER, progress=None):
    """Materialise (or find in the cache) the reasoned graph; return where it is and its size."""
    return _build.build(force=force, reasoner=reasoner, progress=progress)


def store(inferred: bool = True):
    """The embedded pyoxigraph store of the reasoned (or asserted) graph."""
    return _store.open_store(inferred)


def graph(inferred: bool = True):
    """The reasoned (or asserted) graph as an rdflib Graph."""
    return _export.graph(inferred)


def queries():
    """The canned queries by name."""
    return _queries.catalog()


def query(name: str, inferred: bool = True, **params: str):
    """Run a canned query with its parameters, e.g. ``query("visits", visitor="Enver Hoxha")``."""
    return _queries.get(name).run(_store.open_store(inferred), params)


def sparql(text: str, inferred: bool = True, allow_service: tuple[str, ...] = ()):
    """Run an ad-hoc SELECT/ASK/CONSTRUCT/DESCRIBE; updates are refused, and so is SERVICE
    unless its endpoint is in ``allow_service``."""
    return _sparql.run(text, inferred=inferred, allow_service=allow_service)


def resolve(text: str) -> str:
    """The IRI of the one entity a label, prefixed name, IRI or Wikidata ID names."""
    return _resolve.resolve(_store.open_store(True), text).value


def validate(extra_files: Iterable[Path] = ()):
    """SHACL-validate the shipped graph, with any extra Turtle files."""
    from .validation import validate as _validate  # pySHACL is heavy: load it only when asked

    return _validate(extra_files)


def export(fmt: str = "turtle", inferred: bool = False, destination: Path | None = None) -> str | None:
    """Serialise the graph as turtle, nt or json-ld; written atomically if a destination is given."""
    return _export.export(fmt, inferred, destination)


def stats() -> dict:
    """Triples, entities by class, events by decade, facts per source, statements by origin."""
    return _stats.compute(_store.open_store(True), _store.open_store(False))
