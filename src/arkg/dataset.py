"""Which data a command works on: the shipped graph, or a directory of the user's own Turtle
files (``--data DIR`` or the environment variable ``ARKG_DATA``).

A data directory holds fact files (``.ttl`` or ``.nt``, anywhere under it). If it has an
``ontology/`` directory of its own, that ontology (its ``*.ttl``) and its shapes
(``ontology/shapes/*.ttl``, else the shipped shapes) are used; otherwise the shipped ontology and
shapes are.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from . import paths
from .errors import InputError

ENV = "ARKG_DATA"


@dataclass(frozen=True)
class Dataset:
    files: tuple[Path, ...]        # ontology first, then facts: the build's inputs
    shapes: tuple[Path, ...]       # SHACL shapes files
    root: Path | None = None       # the data directory; None for the shipped graph

    @property
    def name(self) -> str:
        return str(self.root) if self.root else "the shipped graph"


def _turtle(directory: Path) -> list[Path]:
    return sorted(p for p in directory.glob("*.ttl") if p.is_file())


def shipped() -> Dataset:
    return Dataset(tuple(paths.input_files()), tuple(_turtle(paths.shapes_dir())))


def from_directory(directory) -> Dataset:
    root = Path(directory)
    if not root.is_dir():
        raise InputError(f"{root}: no such data directory (--data / {ENV})")
    own = root / "ontology"
    if own.is_dir():
        ontology = _turtle(own)
        if not ontology:
            raise InputError(f"{own}: no .ttl files in this ontology directory")
        shapes = _turtle(own / "shapes") or _turtle(paths.shapes_dir())
    else:
        ontology, shapes = paths.ontology_files(), _turtle(paths.shapes_dir())
    facts = sorted(p for p in root.rglob("*") if p.suffix in (".ttl", ".nt") and p.is_file()
                   and own not in p.parents and not p.name.startswith("."))
    if not facts:
        raise InputError(f"{root}: no .ttl or .nt files in this directory")
    return Dataset(tuple([*ontology, *facts]), tuple(shapes), root.resolve())


def current(data=None) -> Dataset:
    """``data`` (a directory) if given, else ``$ARKG_DATA`` if set, else the shipped graph."""
    if isinstance(data, Dataset):
        return data
    data = data if data is not None else (os.environ.get(ENV) or None)
    return shipped() if data is None else from_directory(data)
