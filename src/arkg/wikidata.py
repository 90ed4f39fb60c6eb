"""Wikidata links: which entities are unlinked and why, whether linked items hold on a
Wikidata-compatible SPARQL endpoint (exists, label matches, compatible type), and candidate
items for unlinked entities. Links are annotations (arkg:wikidata), never owl:sameAs. The
functions return data; ``arkg link`` (:mod:`arkg.cli`) prints it."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from .names import plain
from .namespaces import LABEL_PROPERTIES, local_name, RDFS, WD, WDT, sparql_prefixes
from .remote import select

WDT_P31 = str(WDT["P31"])
HUMAN = str(WD["Q5"])
CHECK_TIMEOUT = 30.0

_LINKED = "\n" + sparql_prefixes("arkg") + """SELECT ?entity ?wikidata ?isPerson (GROUP_CONCAT(DISTINCT STR(?name); separator="\\u001f") AS ?names) WHERE {
  VALUES ?p { """ + " ".join(f"<{p}>" for p in LABEL_PROPERTIES) + """ }
  ?entity arkg:wikidata ?wikidata ; ?p ?name .
  BIND(EXISTS { ?entity a arkg:Person } AS ?isPerson)
} GROUP BY ?entity ?wikidata ?isPerson ORDER BY ?entity"""

# What could have a Wikidata item: states, people, standing organizations, places, and named
# events (congresses, conferences, wars, long processes such as splits, declarations). Ad-hoc
# delegations, unnamed groups and the many single acts of the chronology are not expected to.
LINKABLE_CLASSES = ("SovereignState", "Person", "InternationalOrganization", "PoliticalParty", "PartyBody",
                    "GovernmentBody", "Place", "PartyCongress", "Conference", "ArmedConflict",
                    "PoliticalProcess", "IndependenceDeclaration")

_UNLINKED = "\n" + sparql_prefixes("arkg", "rdfs") + """SELECT ?entity ?label (SAMPLE(?kind) AS ?class) (SAMPLE(?why) AS ?reason) WHERE {
  VALUES ?kind { %s }
  ?entity a ?kind ; rdfs:label ?label .
  FILTER(isIRI(?entity) && LANG(?label) = "en")
  FILTER NOT EXISTS { ?entity arkg:wikidata ?any }
  FILTER NOT EXISTS { ?entity a arkg:Delegation }
  OPTIONAL { ?entity arkg:wikidataUnlinkedReason ?why }
} GROUP BY ?entity ?label ORDER BY ?class ?label""" % " ".join("arkg:" + c for c in LINKABLE_CLASSES)


@dataclass
class Finding:
    entity: str
    wikidata: str
    problem: str


def linked(store: ox.Store) -> list[dict]:
    return [{"entity": s["entity"].value, "wikidata": s["wikidata"].value,
             "person": s["isPerson"].value == "true", "keys": {plain(n) for n in s["names"].value.split("\u001f")}}
            for s in store.query(_LINKED)]


NO_EVIDENCE = ("No file or package is recorded that pairs this entity with a Wikidata item. To link it, run "
               "arkg link --suggest for candidate items, then add arkg:wikidata with an arkg:wikidataEvidence "
               "that names the file or package confirming the item.")


def missing(store: ox.Store) -> list[dict]:
    """Linkable entities (see LINKABLE_CLASSES) with no link, and why."""
    rows = []
    for s in store.query(_UNLINKED):
        reason = s["reason"].value if s["reason"] is not None else NO_EVIDENCE
        rows.append({"entity": s["entity"].value, "label": s["label"].value,
                     "class": local_name(s["class"].value), "reason": reason})
    return rows


def check(store: ox.Store, endpoint: str) -> tuple[int, list[Finding]]:
    """Ask the endpoint about every linked item; return how many were checked and the problems."""
    links = linked(store)
    if not links:
        return 0, []
    values = " ".join(str(ox.NamedNode(link["wikidata"])) for link in links)
    answer = select(endpoint, f"""
SELECT ?item ?label ?type WHERE {{
  VALUES ?item {{ {values} }}
  {{ ?item <{RDFS.label}> ?label }}
  UNION {{ ?item <{WDT_P31}> ?type }}
}}""", timeout=CHECK_TIMEOUT)
    facts: dict[str, dict] = {}
    for row in answer.rows:
        item = facts.setdefault(row["item"].value, {"labels": set(), "types": set()})
        if row["label"] is not None:
            item["labels"].add(plain(row["label"].value))
        if row["type"] is not None:
            item["types"].add(row["type"].value)
    findings = []
    for link in links:
        item = facts.get(link["wikidata"])
        if item is None:
            findings.append(Finding(link["entity"], link["wikidata"], "item not found on the endpoint"))
            continue
        if not item["labels"] & link["keys"]:
            findings.append(Finding(link["entity"], link["wikidata"],
                                    f"label mismatch: the item is called {sorted(item['labels'])[:3]}"))
        is_human = HUMAN in item["types"]
        if item["types"] and is_human != link["person"]:
            kind = "a person" if link["person"] else "not a person"
            findings.append(Finding(link["entity"], link["wikidata"],
                                    f"type mismatch: ours is {kind}, the item is {'a human' if is_human else 'not a human'}"))
    return len(links), findings


def suggest(store: ox.Store, endpoint: str, limit: int = 5) -> dict[str, list[str]]:
    """Candidate items for unlinked entities, by exact English label."""
    out = {}
    for row in missing(store):
        label = ox.Literal(row["label"], language="en")
        answer = select(endpoint, f"SELECT DISTINCT ?item WHERE {{ ?item <{RDFS.label}> {label} }} LIMIT {int(limit)}",
                        timeout=CHECK_TIMEOUT)
        items = answer.values("item")
        if items:
            out[row["entity"]] = items
    return out
