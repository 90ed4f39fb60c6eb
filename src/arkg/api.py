"""The library interface, mirrored by the CLI: build, query, sparql, validate, export.

Every function takes ``data``: a directory of the user's own Turtle files (see
:mod:`arkg.dataset`) to use instead of the shipped facts; by default ``$ARKG_DATA`` if set, else
the shipped graph.
"""

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


def build(force: bool = False, reasoner: str = _build.DEFAULT_REASONER, progress=None, data=None):
    """Materialise (or find in the cache) the reasoned graph; return where it is and its size."""
    return _build.build(force=force, reasoner=reasoner, progress=progress, data=data)


def store(inferred: bool = True, data=None):
    """The embedded pyoxigraph store of the reasoned (or asserted) graph, opened read-only."""
    return _store.open_store(inferred, data=data)


def graph(inferred: bool = True, data=None):
    """The reasoned (or asserted) graph as an rdflib Graph: the whole store, internal helpers and
    trivial closure statements included (as SELECT sees it)."""
    return _export.graph(inferred, data)


def queries():
    """The canned queries by name."""
    return _queries.catalog()


def query(name: str, inferred: bool = True, limit: int | None = None, offset: int = 0, data=None,
          **params: str):
    """Run a canned query with its parameters, e.g. ``query("visits", visitor="Enver Hoxha")``.
    ``limit`` and ``offset`` page through the rows; the result's ``total`` counts them all."""
    info = _build.build(data=data)
    answers = info.directory / "answers" / ("reasoned" if inferred else "asserted")
    return _queries.get(name).run(_store.open_store(inferred, info), params, limit=limit, offset=offset,
                                  answers=answers)


def sparql(text: str, inferred: bool = True, allow_service: tuple[str, ...] = (), limit: int | None = None,
           offset: int = 0, data=None):
    """Run an ad-hoc SELECT/ASK/CONSTRUCT/DESCRIBE; updates are refused, and so is SERVICE
    unless its endpoint is in ``allow_service``. ``limit``/``offset`` page a SELECT's rows."""
    return _sparql.run(text, inferred=inferred, allow_service=allow_service, limit=limit, offset=offset,
                       store=_store.open_store(inferred, data=data))


def resolve(text: str, data=None) -> str:
    """The IRI of the one entity a label, prefixed name, IRI or Wikidata ID names."""
    return _resolve.resolve(_store.open_store(True, data=data), text).value


def validate(extra_files: Iterable[Path] = (), data=None, engine: str = "auto"):
    """SHACL-validate the graph (shipped or ``data``), with any extra Turtle files (a
    contribution). ``engine``: ``pyshacl`` (the reference), ``sparql`` (the shapes compiled to
    SPARQL on Oxigraph) or ``auto`` (the SPARQL engine above a size threshold)."""
    from .validation import validate as _validate  # pySHACL is heavy: load it only when asked

    return _validate(extra_files, data=data, engine=engine)


def export(fmt: str = "turtle", inferred: bool = False, destination: Path | None = None, data=None,
           with_internal: bool = False, with_trivial: bool = False) -> str | None:
    """Serialise the graph as turtle, nt or json-ld; written atomically if a destination is given.
    Internal helpers (``arkgi:``) and trivial closure statements (``x owl:sameAs x``, ``x a
    owl:Thing`` …) are left out unless ``with_internal`` / ``with_trivial`` (:mod:`arkg.visibility`)."""
    return _export.export(fmt, inferred, destination, data, with_internal, with_trivial)


def stats(data=None) -> dict:
    """Triples, entities by class, events by decade, facts per source, statements by origin."""
    return _stats.compute(_store.open_store(True, data=data), _store.open_store(False, data=data))
