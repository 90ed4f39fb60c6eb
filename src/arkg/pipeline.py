"""The build: parse the ontology and facts, add date bounds and locators, reason, add each
node's most specific types (:func:`add_most_specific_types`), and materialise the result in a
cache keyed by the content of the inputs.

Cache layout (``ARKG_CACHE_DIR``, else the user's cache directory): one directory per build,
``<key>/``, holding two Oxigraph on-disk stores, ``reasoned/`` (the closure, in the default
graph) and ``asserted/`` (the enriched input), the name index ``names.sqlite`` (:mod:`arkg.names`),
and ``manifest.json``, which lists every file of
both stores with its size. The directory is built under a temporary name and renamed into place
when complete, so a ``<key>/`` directory is never half-written; one whose files do not match
their manifest, or whose store does not open, is rebuilt, never trusted. Every command opens the
stores read-only (:mod:`arkg.stores`): opening costs the same at any size.
"""

from __future__ import annotations


import hashlib
import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from platformdirs import user_cache_dir
from rdflib import RDF, RDFS

from . import __version__, paths
from .atomic import write_bytes
from .errors import InputError
from .namespaces import ARKG, ARKGI, BASE_IRI

DEFAULT_REASONER = "native"
STORE_FORMAT = 2  # bump when the layout of the cache directory changes
NAMES_INDEX = "names.sqlite"
GRAPH_IRI = BASE_IRI + "graph"  # the endpoint also serves the reasoned graph under this name


def cache_dir() -> Path:
    return Path(os.environ.get("ARKG_CACHE_DIR") or user_cache_dir("arkg"))


# (reasoner, ((path, mtime_ns, size), ...)) -> key: a process hashes each input once, not per call
_KEY_MEMO: dict[tuple, str] = {}


def input_key(files=None, reasoner: str = DEFAULT_REASONER) -> str:
    """A digest of everything the reasoned graph depends on (``files`` as for :func:`build`).
    Memoised within the process by path, modification time and size of each file."""
    files = resolve_inputs(files)
    stamp = []
    for path in files:
        try:
            st = path.stat()
        except OSError as exc:
            raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
        stamp.append((str(path), st.st_mtime_ns, st.st_size))
    memo = (reasoner, tuple(stamp))
    key = _KEY_MEMO.get(memo)
    if key is None:
        key = _stamped_key(memo, files, reasoner)
        if len(_KEY_MEMO) > 64:
            _KEY_MEMO.clear()
        _KEY_MEMO[memo] = key
    return key


def _stamped_key(memo: tuple, files: list[Path], reasoner: str) -> str:
    """The content key, remembered across processes by the inputs' paths, sizes and modification
    times (as make and git do): a new process does not read a million triples to find its
    cache. A stamp names its key and is written atomically; a changed file changes the stamp."""
    stamp_file = cache_dir() / "stamps" / (hashlib.sha256(repr(memo).encode()).hexdigest()[:32] + ".key")
    try:
        key = stamp_file.read_text().strip()
        if len(key) == 32 and all(c in "0123456789abcdef" for c in key):
            return key
    except OSError:
        pass
    key = _content_key(files, reasoner)
    try:
        write_bytes(stamp_file, key.encode())
    except OSError:  # a read-only cache: compute the key each time
        pass
    return key


def _content_key(files: list[Path], reasoner: str) -> str:
    digest = hashlib.sha256()
    digest.update(f"arkg {__version__} store {STORE_FORMAT} reasoner {reasoner}\n".encode())
    root = paths.data_root()
    for path in files:
        try:
            name = path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            name = path.resolve().as_posix()
        digest.update(name.encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:32]


@dataclass
class BuildInfo:
    key: str
    directory: Path
    asserted: int
    total: int
    timings: dict = field(default_factory=dict)
    rebuilt: bool = False

    @property
    def inferred(self) -> int:
        return self.total - self.asserted

    @property
    def reasoned_path(self) -> Path:
        """The on-disk store of the reasoned graph."""
        return self.directory / "reasoned"

    @property
    def asserted_path(self) -> Path:
        """The on-disk store of the asserted (enriched) graph."""
        return self.directory / "asserted"

    @property
    def names_path(self) -> Path:
        """The name index of the build (SQLite, see :mod:`arkg.names`)."""
        return self.directory / NAMES_INDEX

    def store_path(self, inferred: bool = True) -> Path:
        return self.reasoned_path if inferred else self.asserted_path


def build_dir(key: str) -> Path:
    """Where the build of ``key`` lives: the one place the cache layout is decided."""
    return cache_dir() / key


def _listing(directory: Path) -> dict[str, int]:
    return {p.relative_to(directory).as_posix(): p.stat().st_size
            for p in sorted(directory.rglob("*")) if p.is_file() and p.name != "manifest.json"
            and p.name != "LOCK" and not p.name.startswith("LOG")}


# key -> (manifest mtime_ns, BuildInfo): a checked cache is not re-checked in the same process
_CHECKED: dict[str, tuple[int, BuildInfo]] = {}


def cached(key: str) -> BuildInfo | None:
    """The cached build for this key, if its directory is complete and matches its manifest."""
    directory = build_dir(key)
    manifest = directory / "manifest.json"
    try:
        stamp = manifest.stat().st_mtime_ns
        hit = _CHECKED.get(key)
        if hit is not None and hit[0] == stamp:
            return hit[1]
        meta = json.loads(manifest.read_text())
        if meta.get("key") != key or meta.get("store") != STORE_FORMAT:
            return None
        files = meta["files"]
        for name, size in files.items():
            if (directory / name).stat().st_size != size:
                return None
        info = BuildInfo(key, directory, meta["asserted"]["triples"], meta["reasoned"]["triples"],
                         meta.get("timings", {}))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    _CHECKED[key] = (stamp, info)
    return info


def rebuild(info: BuildInfo) -> BuildInfo:
    """Build again, from the same inputs and with the same reasoner, a build whose store turned
    out damaged (its manifest says which)."""
    meta = json.loads((info.directory / "manifest.json").read_text())
    forget(info.key)
    return build(force=True, reasoner=meta["reasoner"], files=meta["inputs"])


def forget(key: str | None = None) -> None:
    """Drop what this process remembers about the cache (after it changed on disk)."""
    if key is None:
        _CHECKED.clear()
    else:
        _CHECKED.pop(key, None)
    from .stores import forget as close_stores

    close_stores()


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


def resolve_inputs(files=None, data=None) -> list[Path]:
    """The input files: those of ``data`` (a directory, see :mod:`arkg.dataset`; default
    ``$ARKG_DATA`` or the shipped graph) when ``files`` is None; a directory given as ``files``
    is a data directory; a list of files is taken as it is."""
    from .dataset import current

    if files is None:
        return list(current(data).files)
    if isinstance(files, (str, os.PathLike)) and Path(files).is_dir():
        return list(current(files).files)
    if isinstance(files, (str, os.PathLike)):
        return [Path(files)]
    return [Path(f) for f in files]


def _triples(graph, memo: dict):
    """The triples of an rdflib graph as pyoxigraph triples, each term object converted once
    (``memo`` maps object identity to (object, converted): holding the object keeps its identity
    from being reused)."""
    from .terms import to_oxigraph

    def term(t):
        hit = memo.get(id(t))
        if hit is None or hit[0] is not t:
            hit = memo[id(t)] = (t, to_oxigraph(t))
        return hit[1]

    for s, p, o in graph:
        yield ox.Triple(term(s), term(p), term(o))


def _write_nt(graph, path: Path, memo: dict) -> None:
    """The graph as an N-Triples file: each term object is written once, in pyoxigraph's
    N-Triples form (``memo`` maps object identity to (object, text); holding the object keeps its
    identity from being reused). Oxigraph's bulk loader then parses the file far faster than Python
    could build a pyoxigraph object per triple, and nothing but the terms stays in memory."""
    from .terms import to_oxigraph

    def term(t):
        hit = memo.get(id(t))
        if hit is None or hit[0] is not t:
            hit = memo[id(t)] = (t, str(to_oxigraph(t)))
        return hit[1]

    with open(path, "w", encoding="utf-8", buffering=1 << 20) as out:
        write = out.write
        for s, p, o in graph:
            write(f"{term(s)} {term(p)} {term(o)} .\n")


def add_most_specific_types(reasoned, *others) -> int:
    """The build step after the closure: arkgi:mostSpecificType (an internal term), each ARKG class of a node that
    has no narrower ARKG class also on that node, computed from the closure and added to it and
    to ``others`` (the asserted graph), so queries and pages need no costly NOT EXISTS over the
    class hierarchy. Returns how many were added."""
    ns = str(ARKG)
    narrower: dict = {}
    for sub, sup in reasoned.subject_objects(RDFS.subClassOf):
        if sub != sup and str(sub).startswith(ns) and str(sup).startswith(ns):
            narrower.setdefault(sup, set()).add(sub)
    types: dict = {}
    for node, cls in reasoned.subject_objects(RDF.type):
        if str(cls).startswith(ns):
            types.setdefault(node, set()).add(cls)
    added = []
    for node, classes in types.items():
        for cls in classes:
            if not (narrower.get(cls, set()) & classes):
                added.append((node, ARKGI.mostSpecificType, cls))
    for g in (reasoned, *others):
        for triple in added:
            g.add(triple)
    return len(added)


def _write_store(graph, target: Path, memo: dict) -> ox.Store:
    """An on-disk store of ``graph`` (the default graph), bulk-loaded from a temporary file; the
    store is returned open (drop it before the directory moves)."""
    nt = target.parent / f"{target.name}.nt"
    _write_nt(graph, nt, memo)
    store = ox.Store(str(target))
    store.bulk_load(path=str(nt), format=ox.RdfFormat.N_TRIPLES)
    store.flush()
    nt.unlink()
    return store


def endpoint_store(info: BuildInfo) -> Path:
    """The store the SPARQL endpoint serves: the reasoned graph as the default graph and also as
    the named graph :data:`GRAPH_IRI` (for default-graph-uri and named-graph-uri). Made from the
    reasoned store the first time it is asked for (``arkg serve``), not by every build: loading
    the named copy costs more than the rest of the write. Built aside and renamed into place."""
    target = info.directory / "endpoint"
    try:
        ox.Store.read_only(str(target))
        return target
    except OSError:
        shutil.rmtree(target, ignore_errors=True)
    from .stores import default_quads, open_path

    source = open_path(info.reasoned_path)
    named = ox.NamedNode(GRAPH_IRI)

    def quads():  # the same terms (blank nodes too), so both stores answer alike, row for row
        for q in default_quads(source):
            yield q
            yield ox.Quad(q.subject, q.predicate, q.object, named)

    tmp = Path(tempfile.mkdtemp(prefix=".endpoint.", suffix=".tmp", dir=info.directory))
    try:
        store = ox.Store(str(tmp / "store"))
        store.bulk_extend(quads())
        store.flush()
        del store
        try:
            os.rename(tmp / "store", target)
        except OSError:  # another process made it meanwhile
            pass
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return target


def _publish(tmp: Path, target: Path) -> None:
    """Rename the complete build directory into place, replacing an older one atomically."""
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
        os.rename(target, old / "build")
    os.rename(tmp, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def build(force: bool = False, reasoner: str = DEFAULT_REASONER, progress=None, files=None,
          data=None) -> BuildInfo:
    """Make sure the reasoned graph is cached; return where it is. The inputs are ``data`` (a
    data directory; default ``$ARKG_DATA``, else the shipped graph), or ``files``: a list of
    files, or a directory of fact files to reason with the shipped ontology."""
    files = resolve_inputs(files, data)
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
    add_most_specific_types(reasoned, loaded.graph)
    timings["reason"] = time.perf_counter() - t0
    say(f"reasoned with {reasoner}: {len(reasoned)} triples")
    t0 = time.perf_counter()
    root = cache_dir()
    root.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{key}.", suffix=".tmp", dir=root))
    try:
        memo: dict = {}
        _write_store(loaded.graph, tmp / "asserted", memo)  # dropped: closed at once
        store = _write_store(reasoned, tmp / "reasoned", memo)
        del memo
        from .names import label_rows_from_store, write_index

        write_index(tmp / NAMES_INDEX, label_rows_from_store(store))  # the name index (arkg.names)
        del store
        timings["write"] = time.perf_counter() - t0
        meta = {
            "key": key,
            "store": STORE_FORMAT,
            "arkg": __version__,
            "reasoner": reasoner,
            "inputs": [str(f) for f in files],
            "asserted": {"store": "asserted", "triples": len(loaded.graph)},
            "reasoned": {"store": "reasoned", "triples": len(reasoned)},
            "timings": timings,
            "files": _listing(tmp),
        }
        write_bytes(tmp / "manifest.json", json.dumps(meta, indent=2).encode())
        forget(key)
        _publish(tmp, build_dir(key))
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return BuildInfo(key, build_dir(key), len(loaded.graph), len(reasoned), timings, rebuilt=True)
