"""The build: parse the ontology and facts, add date bounds and search keys, reason, and
materialise the result in a cache keyed by the content of the inputs.

Cache layout (``ARKG_CACHE_DIR``, else the user's cache directory): ``<key>.asserted.nt``,
``<key>.reasoned.nt``, ``<key>.names.sqlite`` (the name index, see :mod:`arkg.names`) and
``<key>.json`` (the manifest, written last). Every file is written
atomically, and a manifest records the SHA-256 of each N-Triples file: a cache whose files do not
match their manifest is rebuilt, never trusted.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from platformdirs import user_cache_dir

from . import __version__, paths
from .atomic import atomic_path, write_bytes
from .errors import InputError

DEFAULT_REASONER = "native"


def cache_dir() -> Path:
    return Path(os.environ.get("ARKG_CACHE_DIR") or user_cache_dir("arkg"))


def input_key(files=None, reasoner: str = DEFAULT_REASONER) -> str:
    """A digest of everything the reasoned graph depends on (``files`` as for :func:`build`)."""
    files = resolve_inputs(files)
    digest = hashlib.sha256()
    digest.update(f"arkg {__version__} reasoner {reasoner}\n".encode())
    root = paths.data_root()
    for path in files:
        try:
            name = path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            name = path.resolve().as_posix()
        digest.update(name.encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:32]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass
class BuildInfo:
    key: str
    asserted_path: Path
    reasoned_path: Path
    asserted: int
    total: int
    timings: dict = field(default_factory=dict)
    rebuilt: bool = False
    names_path: Path | None = None

    @property
    def inferred(self) -> int:
        return self.total - self.asserted


def _write_nt(graph, target: Path) -> None:
    from .terms import to_oxigraph

    with atomic_path(target) as tmp:
        ox.serialize(
            (ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in graph),
            output=str(tmp),
            format=ox.RdfFormat.N_TRIPLES,
        )


def _manifest_path(key: str) -> Path:
    return cache_dir() / f"{key}.json"


def names_index_path(key: str) -> Path:
    """Where the build writes the name index of a build (beside its other cache files)."""
    return cache_dir() / f"{key}.names.sqlite"


def _write_names(reasoned, target: Path) -> None:
    from .names import label_rows_from_graph, write_index

    with atomic_path(target) as tmp:
        tmp.unlink()
        write_index(tmp, label_rows_from_graph(reasoned))


def cached(key: str) -> BuildInfo | None:
    """The cached build for this key, if its files exist and match their manifest."""
    manifest = _manifest_path(key)
    try:
        meta = json.loads(manifest.read_text())
        asserted = cache_dir() / meta["asserted"]["file"]
        reasoned = cache_dir() / meta["reasoned"]["file"]
        if _sha256(asserted) != meta["asserted"]["sha256"]:
            return None
        if _sha256(reasoned) != meta["reasoned"]["sha256"]:
            return None
        names = cache_dir() / meta["names"]["file"]
        if _sha256(names) != meta["names"]["sha256"]:
            return None
        return BuildInfo(key, asserted, reasoned, meta["asserted"]["triples"],
                         meta["reasoned"]["triples"], meta.get("timings", {}), names_path=names)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def assemble(files: list[Path] | None = None):
    """Parse and enrich the inputs; raise :class:`InputError` on a bad stated date."""
    from .enrich import enrich
    from .loader import load

    loaded = load(files if files is not None else paths.input_files())
    problems = enrich(loaded.graph)
    if problems:
        lines = []
        for node, message in problems:
            owner = loaded.origins.get(node)
            lines.append(f"{owner or '?'}: {node}: arkg:stated: {message}")
        raise InputError("bad stated dates:\n" + "\n".join(lines))
    return loaded


def resolve_inputs(files=None) -> list[Path]:
    """The input files: the shipped ones by default; a directory means the shipped ontology plus
    every ``.ttl``/``.nt`` file under it (sorted); a list of files is taken as it is."""
    if files is None:
        return paths.input_files()
    if isinstance(files, (str, os.PathLike)) and Path(files).is_dir():
        found = sorted(p for p in Path(files).rglob("*") if p.suffix in (".ttl", ".nt") and p.is_file())
        if not found:
            raise InputError(f"{files}: no .ttl or .nt files in this directory")
        return [paths.ontology_file(), *found]
    if isinstance(files, (str, os.PathLike)):
        return [Path(files)]
    return [Path(f) for f in files]


def build(force: bool = False, reasoner: str = DEFAULT_REASONER, progress=None, files=None) -> BuildInfo:
    """Make sure the reasoned graph of the shipped files (or of ``files``: a list of files, or a
    directory of fact files to reason with the shipped ontology) is cached; return where it is."""
    files = resolve_inputs(files)
    key = input_key(files, reasoner)
    if not force:
        hit = cached(key)
        if hit is not None:
            return hit
    from .reasoning import closure

    say = progress or (lambda msg: None)
    timings = {}
    t0 = time.perf_counter()
    loaded = assemble(files)
    timings["parse"] = time.perf_counter() - t0
    say(f"parsed {len(files)} files: {len(loaded.graph)} triples")
    t0 = time.perf_counter()
    reasoned = closure(loaded.graph, reasoner)
    from .enrich import add_most_specific_types

    add_most_specific_types(reasoned, loaded.graph)
    timings["reason"] = time.perf_counter() - t0
    say(f"reasoned with {reasoner}: {len(reasoned)} triples")
    t0 = time.perf_counter()
    directory = cache_dir()
    asserted_path = directory / f"{key}.asserted.nt"
    reasoned_path = directory / f"{key}.reasoned.nt"
    _write_nt(loaded.graph, asserted_path)
    _write_nt(reasoned, reasoned_path)
    names_path = names_index_path(key)
    _write_names(reasoned, names_path)
    timings["write"] = time.perf_counter() - t0
    meta = {
        "key": key,
        "arkg": __version__,
        "reasoner": reasoner,
        "inputs": [str(f) for f in files],
        "asserted": {"file": asserted_path.name, "sha256": _sha256(asserted_path),
                     "triples": len(loaded.graph)},
        "reasoned": {"file": reasoned_path.name, "sha256": _sha256(reasoned_path),
                     "triples": len(reasoned)},
        "names": {"file": names_path.name, "sha256": _sha256(names_path)},
        "timings": timings,
    }
    write_bytes(_manifest_path(key), json.dumps(meta, indent=2).encode())
    return BuildInfo(key, asserted_path, reasoned_path, len(loaded.graph), len(reasoned),
                     timings, rebuilt=True, names_path=names_path)
