"""The embedded store: pyoxigraph, loaded from the cached N-Triples of a build.

rdflib stays the modelling, parsing-to-graph, reasoning and validation layer; queries run on
Oxigraph's SPARQL engine, which answers in well under a millisecond on this graph.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from .build import BuildInfo, build


@lru_cache(maxsize=4)
def _load(path: str, sha: str) -> ox.Store:
    store = ox.Store()
    store.bulk_load(path=path, format=ox.RdfFormat.N_TRIPLES)
    return store


def open_store(inferred: bool = True, info: BuildInfo | None = None) -> ox.Store:
    """An in-memory store of the reasoned (or only asserted) graph, built if needed."""
    info = info or build()
    path: Path = info.reasoned_path if inferred else info.asserted_path
    store = _load(str(path), info.key)
    from .names import attach

    attach(store, info.names_path)
    return store
