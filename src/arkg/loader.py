"""Reading Turtle files: syntax errors name the file, line and column; every subject remembers
the file it came from, so validation reports can point at it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import pyoxigraph as ox
from rdflib import Graph

from .errors import InputError
from .terms import to_rdflib

_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES}


@dataclass
class Loaded:
    graph: Graph
    origins: dict = field(default_factory=dict)  # subject term -> Path


def parse_file(path: Path) -> list[tuple]:
    """The triples of one file as rdflib terms; an :class:`InputError` names the place of a
    syntax error."""
    path = Path(path)
    fmt = _FORMATS.get(path.suffix)
    if fmt is None and path.suffix != ".jsonld":
        raise InputError(f"{path}: unsupported file type {path.suffix!r} (use .ttl, .nt or .jsonld)")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if fmt is None:
        from .jsonld import parse as parse_jsonld
        try:
            return list(parse_jsonld(data.decode("utf-8")))
        except InputError as exc:
            raise InputError(f"{path}: {exc}") from None
    try:
        quads = list(ox.parse(data, format=fmt, base_iri=None))
    except SyntaxError as exc:
        raise InputError(
            f"{path}:{exc.lineno}:{exc.offset}: syntax error: {exc.msg}"
        ) from None
    return [(to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)) for q in quads]


def load(paths: Iterable[Path]) -> Loaded:
    """Parse files into one rdflib graph, remembering which file each subject came from."""
    loaded = Loaded(Graph())
    add = loaded.graph.add
    origins = loaded.origins
    for path in paths:
        path = Path(path)
        for triple in parse_file(path):
            add(triple)
            if triple[0] not in origins:
                origins[triple[0]] = path
    return loaded
