"""The alignment of our terms to standard vocabularies, read from the ontology modules
(``ontology/alignments.ttl`` and the core's own links to PROV-O and SKOS): for each term of ours,
each sub-class or sub-property axiom to an outside term (the reasoner applies it, so a query in the
standard vocabulary finds our data) and each SKOS mapping (an annotation the reasoner leaves alone).
The server's ontology page and the README's table show it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import pyoxigraph as ox

from . import paths
from .namespaces import ARKG, PREFIXES, RDFS, SKOS, shorten

# The vocabularies the ontology shapes allow as targets, by prefix, with the names people know.
VOCABULARIES = {"time": "OWL-Time", "org": "ORG", "sem": "SEM", "crm": "CIDOC-CRM", "prov": "PROV-O",
                "skos": "SKOS"}
# How each kind of link reads, and whether the reasoner applies it.
RELATIONS = {str(RDFS.subClassOf): ("subclass of", True), str(RDFS.subPropertyOf): ("subproperty of", True),
             str(SKOS.exactMatch): ("exact match", False), str(SKOS.closeMatch): ("close match", False),
             str(SKOS.broadMatch): ("broader match", False), str(SKOS.narrowMatch): ("narrower match", False),
             str(SKOS.relatedMatch): ("related, not the same", False)}


@dataclass(frozen=True)
class Mapping:
    term: str        # our term (IRI)
    relation: str    # the predicate (IRI): a key of RELATIONS
    target: str      # the outside term (IRI)

    @property
    def words(self) -> str:
        return RELATIONS[self.relation][0]

    @property
    def logical(self) -> bool:
        """A sub-class or sub-property axiom, which holds in the reasoned graph."""
        return RELATIONS[self.relation][1]

    @property
    def vocabulary(self) -> str:
        for prefix, name in VOCABULARIES.items():
            if self.target.startswith(PREFIXES[prefix]):
                return name
        return shorten(self.target).partition(":")[0] if ":" in shorten(self.target) else "other"


def mappings(triples: Iterable) -> list[Mapping]:
    """The mappings among ``triples`` (pyoxigraph triples or quads), sorted by term, relation, target."""
    ours = str(ARKG)
    found = set()
    for t in triples:
        s, p, o = t.subject, t.predicate, t.object
        if p.value in RELATIONS and isinstance(s, ox.NamedNode) and isinstance(o, ox.NamedNode) \
                and s.value.startswith(ours) and not o.value.startswith(ours):
            found.add(Mapping(s.value, p.value, o.value))
    return sorted(found, key=lambda m: (m.term, list(RELATIONS).index(m.relation), m.target))


def read(files: Iterable[Path] | None = None) -> list[Mapping]:
    """The mappings stated in the ontology modules (by default the shipped ones)."""
    files = paths.ontology_files() if files is None else files
    return mappings(t for f in files for t in ox.parse(path=str(f), format=ox.RdfFormat.TURTLE))
