"""Entity parameters: any English, Albanian or Russian label or alternative label (case- and
accent-insensitive), a prefixed name, a full IRI, or a Wikidata ID such as Q15180.

A label is looked up as typed first (case and accents aside); failing that, by its folding key
(transliteration variants: Andrei/Andrey, Хрущёв/Khrushchev/Hrushov), then within a small typo.
An unknown name gets the nearest names as suggestions (see :mod:`arkg.names`)."""

from __future__ import annotations

import re

import pyoxigraph as ox

from . import names
from .errors import UsageError
from .namespaces import ARKG, WD, expand, shorten
from .results import label_of
from .stores import mentions

_QID = re.compile(r"^Q[1-9][0-9]*$")

_BY_QID = f"""
SELECT DISTINCT ?e ?wd WHERE {{ ?e <{ARKG.wikidata}> ?wd }}"""



def resolve(text: str, data=None) -> str:
    """The IRI of the one entity a label, prefixed name, IRI or Wikidata ID names, in the graph of
    ``data`` (default ``$ARKG_DATA``, else the shipped graph)."""
    from .stores import open_store

    return resolve_in(open_store(True, data=data), text).value


def resolve_in(store: ox.Store, text: str) -> ox.NamedNode:
    """The one entity the text names in ``store``; :class:`UsageError` lists candidates otherwise."""
    text = text.strip()
    if not text:
        raise UsageError("an entity parameter cannot be empty")
    if _QID.match(text):
        hits = [s["e"] for s in store.query(_BY_QID, substitutions={ox.Variable("wd"): ox.NamedNode(str(WD) + text)})]
        return _one(text, hits, store)
    iri = text if text.startswith(("http://", "https://")) else expand(text)
    if iri is not None:
        node = ox.NamedNode(iri)
        if mentions(store, node):
            return node
        if text.startswith(("http://", "https://")):
            raise UsageError(f"no entity {text} in the graph")
    return _one(text, [ox.NamedNode(e) for e in names.index_for(store).resolve(text)], store)


def _one(text: str, hits: list, store: ox.Store) -> ox.NamedNode:
    unique = sorted({h.value for h in hits if isinstance(h, ox.NamedNode)})
    if len(unique) == 1:
        return ox.NamedNode(unique[0])
    if not unique:
        suggestions = suggest(store, text)
        hint = ("; did you mean: " + ", ".join(suggestions)) if suggestions else ""
        raise UsageError(f"no entity matches {text!r}{hint}")
    candidates = ", ".join(f"{shorten(u)} ({label_of(store, u)})" for u in unique)
    raise UsageError(f"{text!r} matches several entities: {candidates}; use one of these names")


def suggest(store: ox.Store, text: str, limit: int = 5) -> list[str]:
    """The nearest names (people, states and organizations before places and events), for
    error messages."""
    found = names.index_for(store).suggest(text, limit)
    return [f"{label_of(store, e)} ({shorten(e)})" for e, _ in found]
