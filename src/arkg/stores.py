"""The embedded store: the build's Oxigraph on-disk store, opened read-only.

rdflib stays the modelling, parsing-to-graph, reasoning and validation layer; queries run on
Oxigraph's SPARQL engine. Opening a store reads no triples, so a cold command costs the same on
the shipped graph and on a graph of millions of triples; a process opens each store once. Worker
processes (the server's) call :func:`open_store` themselves: read-only stores can be opened by
many processes at once.
"""

from __future__ import annotations

import pyoxigraph as ox

from .pipeline import BuildInfo, build, rebuild

_OPEN: dict[str, ox.Store] = {}


def open_path(path) -> ox.Store:
    """The read-only store at ``path`` (opened once per process)."""
    path = str(path)
    store = _OPEN.get(path)
    if store is None:
        store = _OPEN[path] = ox.Store.read_only(path)
    return store


def open_store(inferred: bool = True, data=None, *, info: BuildInfo | None = None) -> ox.Store:
    """The embedded pyoxigraph store of the reasoned (or only asserted) graph of ``data`` (a data
    directory; default ``$ARKG_DATA``, else the shipped graph), or of ``info``'s build, built first
    if needed and opened read-only."""
    info = info or build(data=data)
    try:
        return _with_names(open_path(info.store_path(inferred)), info)
    except OSError:  # a store that does not open is damaged: rebuild it, never trust it
        info = rebuild(info)
        return _with_names(open_path(info.store_path(inferred)), info)


def _with_names(store: ox.Store, info: BuildInfo) -> ox.Store:
    from .names import attach

    attach(store, info.names_path)
    return store


def default_quads(store: ox.Store):
    """The statements of a store's default graph (where the build puts the graph)."""
    return store.quads_for_pattern(None, None, None, ox.DefaultGraph())


def mentions(store: ox.Store, node: ox.NamedNode) -> bool:
    """Whether any statement of ``store`` has ``node`` as its subject or object."""
    return any(True for _ in store.quads_for_pattern(node, None, None)) or \
        any(True for _ in store.quads_for_pattern(None, None, node))


def forget() -> None:
    """Close the stores this process opened (after the cache changed on disk)."""
    _OPEN.clear()
