"""JSON-LD: the published context (shipped in the package, never fetched), compact export, and
safe reading that refuses every remote context."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from .errors import InputError
from .namespaces import BASE_IRI

CONTEXT_IRI = BASE_IRI + "context.jsonld"


@lru_cache(maxsize=1)
def context_document() -> dict:
    """The published context document ({"@context": {...}}), read from the package."""
    return json.loads(resources.files("arkg").joinpath("context.jsonld").read_text(encoding="utf-8"))


def context_text() -> str:
    return json.dumps(context_document(), indent=2, ensure_ascii=False) + "\n"


def serialize(graph) -> str:
    """Compact JSON-LD with readable keys (label, date, participants, source …); the context is
    embedded so the file stands alone."""
    return graph.serialize(format="json-ld", context=context_document()["@context"], auto_compact=True)


def compact(triples) -> str:
    """pyoxigraph triples as compact JSON-LD (:func:`serialize`): the endpoint's and the CLI's
    JSON-LD answers are written like the export."""
    from rdflib import Graph

    from .terms import to_rdflib

    graph = Graph()
    for t in triples:
        graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
    return serialize(graph)


def _inline_contexts(node):
    """Replace references to our context by its content; refuse any other remote context."""
    if isinstance(node, list):
        return [_inline_contexts(n) for n in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key == "@context":
            out[key] = _context_value(value)
        else:
            out[key] = _inline_contexts(value)
    return out


def _context_value(value):
    if isinstance(value, list):
        return [_context_value(v) for v in value]
    if isinstance(value, str):
        if value == CONTEXT_IRI:
            return context_document()["@context"]
        raise InputError(f"remote JSON-LD context {value!r} refused: ARKG never fetches contexts "
                         f"(only {CONTEXT_IRI} is known, and it resolves locally)")
    if isinstance(value, dict):
        if "@import" in value:
            raise InputError("JSON-LD @import refused: ARKG never fetches contexts")
        return value
    return value


def parse(data: str):
    """Parse JSON-LD text into an rdflib Graph without any network access."""
    from rdflib import Graph

    try:
        document = json.loads(data)
    except json.JSONDecodeError as exc:
        raise InputError(f"JSON syntax error at line {exc.lineno} column {exc.colno}: {exc.msg}") from None
    safe = _inline_contexts(document)
    return Graph().parse(data=json.dumps(safe), format="json-ld")


def document_loader(url, options=None):
    """A PyLD document loader that serves our context locally and refuses everything else."""
    if url == CONTEXT_IRI:
        return {"contextUrl": None, "documentUrl": url, "document": context_document()}
    raise InputError(f"remote JSON-LD document {url!r} refused")
