"""Answers kept beside the store: the whole answer of a canned query that took a while to compute
is written once (JSON lines, atomically) in the build's directory, keyed by the query text and
its bound parameters, so that the next page, or the same query in another process, reads rows
instead of evaluating again. The store of a build never changes, so a kept answer is exact; a
build of other inputs has another directory. A file that does not read back whole is ignored
(and rewritten), never trusted.
"""

from __future__ import annotations

import hashlib
import json
from itertools import islice
from pathlib import Path

import pyoxigraph as ox

from .atomic import atomic_path
from .results import Result

KEEP_AFTER_SECONDS = 0.05  # answers quicker than this are not worth a file


def key(text: str, substitutions: dict) -> str:
    digest = hashlib.sha256(text.encode("utf-8"))
    for var, term in sorted((v.value, str(t)) for v, t in substitutions.items()):
        digest.update(f"\0{var}={term}".encode("utf-8"))
    return digest.hexdigest()[:32]


def _encode(term):
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return ["i", term.value]
    if isinstance(term, ox.BlankNode):
        return ["b", term.value]
    return ["l", term.value, term.datatype.value, term.language]


def _decode(cell):
    if cell is None:
        return None
    kind = cell[0]
    if kind == "i":
        return ox.NamedNode(cell[1])
    if kind == "b":
        return ox.BlankNode(cell[1])
    if cell[3]:
        return ox.Literal(cell[1], language=cell[3])
    return ox.Literal(cell[1], datatype=ox.NamedNode(cell[2]))


def read(path: Path, start: int, end: int | None) -> Result | None:
    """The rows ``start``..``end`` of a kept answer, or None if there is none (or it is damaged)."""
    try:
        with open(path, encoding="utf-8") as fh:
            head = json.loads(fh.readline())
            columns, total = head["columns"], int(head["total"])
            want = max(0, (total if end is None else min(end, total)) - start)
            lines = list(islice(fh, start, start + want))
        if len(lines) != want:
            return None
        rows = [dict(zip(columns, map(_decode, json.loads(line)))) for line in lines]
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None
    return Result(columns, rows, total=total, offset=start)


def write(path: Path, result: Result) -> None:
    """Keep the whole answer (best effort: a read-only cache just keeps nothing)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_path(path) as tmp:
            with open(tmp, "w", encoding="utf-8") as fh:
                fh.write(json.dumps({"columns": result.columns, "total": result.total}) + "\n")
                for row in result.rows:
                    fh.write(json.dumps([_encode(row.get(c)) for c in result.columns], ensure_ascii=False) + "\n")
    except OSError:
        pass
