"""Grow the ARKG graph with the same shape, for the scale benchmark: ``python bench/generate.py 100 OUT``.

One *unit* of generated data is

* a renamed copy of every shipped fact file (``graph/**/*.ttl``): each ``arkr:`` IRI gets a suffix
  ``-gN``, each blank node a per-copy name, each label, alternative label and title a `` #N`` tail
  (so names stay unique and entity parameters still resolve), Wikidata links a distinct
  pattern-valid item ID; and
* a synthetic block in the shape the ontology and shapes describe, so that every canned query has
  work to do even while the shipped graph is still being written: three states linked by
  succession, people, an organization, places, a position and its tenure, memberships (full member
  and observer), an agreement with its signing and suspension, events with specific roles
  (establishment and break of relations, a visit, a congress with a speech, a letter), two
  conflicting claims, source documents, an archival file and citations.

Every IRI is new and the ontology is the shipped one. A factor ``F`` writes as many units as make
``F`` times the shipped input (ontology plus facts) in triples; the files are Turtle, a few
thousand units each, plus ``manifest.json`` with the counts.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from arkg import paths  # noqa: E402

ARKR = "https://w3id.org/arkg/id/"
WD = "http://www.wikidata.org/entity/Q"
RENAMED_LITERALS = {
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#altLabel",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://purl.org/dc/terms/title",
}
PREFIXES = {
    "arkg": "https://w3id.org/arkg/ontology/",
    "arkr": ARKR,
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

_HEAD = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items())

# The synthetic block; {n} is the unit number, {y} a year, {y2} a later year.
_BLOCK = """
arkr:state-a-s{n} a arkg:SovereignState ; rdfs:label "Synthetic state A {n}"@en, "Shteti A {n}"@sq ;
    skos:altLabel "SSA{n}"@en ; arkg:capital arkr:city-a-s{n} .
arkr:state-b-s{n} a arkg:SovereignState ; rdfs:label "Synthetic state B {n}"@en, "Государство Б {n}"@ru ;
    arkg:hasSuccessor arkr:state-c-s{n} .
arkr:state-c-s{n} a arkg:SovereignState ; rdfs:label "Synthetic state C {n}"@en ;
    arkg:hasSuccessor arkr:state-d-s{n} .
arkr:state-d-s{n} a arkg:SovereignState ; rdfs:label "Synthetic state D {n}"@en .
arkr:city-a-s{n} a arkg:Settlement ; rdfs:label "Synthetic capital {n}"@en ; arkg:locatedIn arkr:region-a-s{n} .
arkr:region-a-s{n} a arkg:Region ; rdfs:label "Synthetic region {n}"@en ; arkg:locatedIn arkr:state-a-s{n} .
arkr:city-b-s{n} a arkg:Settlement ; rdfs:label "Synthetic city B {n}"@en ; arkg:locatedIn arkr:state-b-s{n} .
arkr:person-1-s{n} a arkg:Person ; rdfs:label "Person One {n}"@en, "Personi Një {n}"@sq ; skos:altLabel "P1 {n}"@en .
arkr:person-2-s{n} a arkg:Person ; rdfs:label "Person Two {n}"@en, "Лицо Два {n}"@ru .
arkr:person-3-s{n} a arkg:Person ; rdfs:label "Person Three {n}"@en .
arkr:org-s{n} a arkg:InternationalOrganization ; rdfs:label "Synthetic organization {n}"@en ; skos:altLabel "SO{n}"@en .
arkr:party-s{n} a arkg:PoliticalParty ; rdfs:label "Synthetic party {n}"@en ; arkg:isOrganOf arkr:state-b-s{n} .
arkr:delegation-s{n} a arkg:Delegation ; rdfs:label "Synthetic delegation {n}"@en ; arkg:isOrganOf arkr:state-a-s{n} .
arkr:position-s{n} a arkg:Position ; rdfs:label "Synthetic office {n}"@en ; arkg:positionIn arkr:state-a-s{n} .
arkr:topic-s{n} a arkg:Topic ; rdfs:label "Synthetic topic {n}"@en .
arkr:source-a-s{n} a arkg:EncyclopediaArticle ; rdfs:label "Synthetic article {n}"@en ;
    dcterms:title "Synthetic article {n}" ; dcterms:hasVersion "current" .
arkr:source-b-s{n} a arkg:ScholarlyArticle ; rdfs:label "Synthetic paper {n}"@en ;
    dcterms:title "Synthetic paper {n}" ; dcterms:hasVersion "published" .
arkr:archive-file-s{n} a arkg:ArchivalFile ; rdfs:label "Synthetic archive file {n}"@en ;
    arkg:archive "RGANI" ; arkg:fond "3" ; arkg:inventory "14" ; arkg:fileNumber "{n}" .

arkr:{y}-establishment-s{n} a arkg:EstablishmentOfRelations ; rdfs:label "Relations established {n}"@en ;
    arkg:actor arkr:state-a-s{n} ; arkg:counterpart arkr:state-b-s{n} ;
    arkg:hasTimeSpan [ arkg:stated "{y}-04-07" ] ;
    prov:qualifiedDerivation [ a arkg:Citation ; prov:entity arkr:source-a-s{n} ; arkg:section "History > Beginnings" ; arkg:paragraph "2" ] .
arkr:{y2}-break-s{n} a arkg:BreakOfRelations ; rdfs:label "Relations broken {n}"@en ;
    arkg:actor arkr:state-b-s{n} ; arkg:counterpart arkr:state-a-s{n} ;
    arkg:hasTimeSpan [ arkg:stated "{y2}-12" ] ;
    prov:qualifiedDerivation [ a arkg:Citation ; prov:entity arkr:source-a-s{n} ; arkg:section "History > Rift" ; arkg:referenceNumber "[{n}]" ] ,
        [ a arkg:Citation ; prov:entity arkr:source-b-s{n} ; arkg:footnote "{n}" ; arkg:citesPrimarySource arkr:archive-file-s{n} ; arkg:pages "12-14" ] .
arkr:{y}-visit-s{n} a arkg:OfficialVisit ; rdfs:label "Official visit {n}"@en ;
    arkg:visitor arkr:person-1-s{n} ; arkg:host arkr:person-2-s{n} ; arkg:hasPlace arkr:city-b-s{n} ;
    arkg:hasTimeSpan [ arkg:stated "late {y}-07" ] ;
    prov:qualifiedDerivation [ a arkg:Citation ; prov:entity arkr:source-a-s{n} ; arkg:section "Visits" ; arkg:paragraph "1" ] .
arkr:{y2}-congress-s{n} a arkg:PartyCongress ; rdfs:label "Party congress {n}"@en ;
    arkg:actor arkr:party-s{n} ; arkg:attendee arkr:delegation-s{n}, arkr:person-3-s{n} ; arkg:hasPlace arkr:city-b-s{n} ;
    arkg:hasTimeSpan [ arkg:stated "{y2}-10-17/{y2}-10-31" ] ;
    prov:qualifiedDerivation [ a arkg:Citation ; prov:entity arkr:source-b-s{n} ; arkg:footnote "{n}a" ] .
arkr:{y2}-speech-s{n} a arkg:Speech ; rdfs:label "Speech at the congress {n}"@en ;
    arkg:speaker arkr:person-2-s{n} ; arkg:delegationHead arkr:person-1-s{n} ; arkg:isPartOf arkr:{y2}-congress-s{n} ;
    arkg:hasTimeSpan [ arkg:stated "{y2}-10-20" ] ;
    prov:qualifiedDerivation [ a arkg:Citation ; prov:entity arkr:source-b-s{n} ; arkg:footnote "{n}b" ] .
arkr:{y2}-letter-s{n} a arkg:Letter ; rdfs:label "Letter {n}"@en ;
    arkg:sender arkr:state-a-s{n} ; arkg:recipient arkr:state-b-s{n} ; arkg:follows arkr:{y2}-speech-s{n} ;
    arkg:hasTimeSpan [ arkg:stated "spring {y2}" ] ;
    prov:qualifiedDerivation [ a arkg:Citation ; prov:entity arkr:source-b-s{n} ; arkg:footnote "{n}c" ] .

arkr:agreement-{y}-s{n} a arkg:AssistanceAgreement ; rdfs:label "Assistance agreement {n}"@en ;
    arkg:hasParty arkr:state-a-s{n}, arkr:state-b-s{n} ;
    arkg:hasTimeSpan [ arkg:stated "{y}-09-28" ] ;
    prov:qualifiedDerivation [ a arkg:Citation ; prov:entity arkr:source-a-s{n} ; arkg:section "Agreements" ] .
arkr:{y}-signing-s{n} a arkg:Signing ; rdfs:label "Signing of the assistance agreement {n}"@en ;
    arkg:hasAgreement arkr:agreement-{y}-s{n} ; arkg:signatory arkr:person-1-s{n}, arkr:person-2-s{n} ;
    arkg:hasTimeSpan [ arkg:stated "{y}-09-28" ] ;
    prov:qualifiedDerivation [ a arkg:Citation ; prov:entity arkr:source-a-s{n} ; arkg:section "Agreements" ] .
arkr:{y2}-suspension-s{n} a arkg:AgreementSuspension ; rdfs:label "Suspension of the assistance agreement {n}"@en ;
    arkg:hasAgreement arkr:agreement-{y}-s{n} ; arkg:actor arkr:state-b-s{n} ;
    arkg:hasTimeSpan [ arkg:stated "{y2}-12-13" ] ;
    prov:qualifiedDerivation [ a arkg:Citation ; prov:entity arkr:source-b-s{n} ; arkg:footnote "{n}d" ] .

arkr:membership-a-s{n} a arkg:Membership ; arkg:hasMember arkr:state-a-s{n} ; arkg:hasOrganization arkr:org-s{n} ;
    arkg:hasMembershipStatus arkg:FullMember ; arkg:hasTimeSpan [ arkg:stated "{y}-02/{y2}" ] ;
    prov:qualifiedDerivation [ a arkg:Citation ; prov:entity arkr:source-a-s{n} ; arkg:section "Organizations" ] .
arkr:membership-b-s{n} a arkg:Membership ; arkg:hasMember arkr:state-b-s{n} ; arkg:hasOrganization arkr:org-s{n} ;
    arkg:hasMembershipStatus arkg:Observer ; arkg:hasTimeSpan [ arkg:stated "{y2}/.." ] ;
    prov:qualifiedDerivation [ a arkg:Citation ; prov:entity arkr:source-a-s{n} ; arkg:section "Organizations" ] .
arkr:tenure-s{n} a arkg:Tenure ; arkg:hasHolder arkr:person-1-s{n} ; arkg:hasPosition arkr:position-s{n} ;
    arkg:hasTimeSpan [ arkg:stated "{y}/{y2}" ] ;
    prov:qualifiedDerivation [ a arkg:Citation ; prov:entity arkr:source-a-s{n} ; arkg:section "Leaders" ] .

arkr:claim-a-s{n} a arkg:Claim ; rdfs:label "Claim that relations resumed early {n}"@en ; arkg:hasTopic arkr:topic-s{n} ;
    arkg:conflictsWith arkr:claim-b-s{n} ;
    prov:qualifiedDerivation [ a arkg:Citation ; prov:entity arkr:source-a-s{n} ; arkg:section "Normalisation" ] .
arkr:claim-b-s{n} a arkg:Claim ; rdfs:label "Claim that relations resumed late {n}"@en ; arkg:hasTopic arkr:topic-s{n} ;
    arkg:conflictsWith arkr:claim-a-s{n} ;
    prov:qualifiedDerivation [ a arkg:Citation ; prov:entity arkr:source-b-s{n} ; arkg:footnote "{n}e" ] .
"""


def shipped_facts(files=None) -> list[ox.Triple]:
    triples = []
    for path in (files if files is not None else paths.fact_files()):
        for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            triples.append(ox.Triple(q.subject, q.predicate, q.object))
    return triples


def shipped_size(facts: list[ox.Triple] | None = None) -> int:
    """Triples of the shipped input: the ontology plus the fact files, as parsed."""
    n = sum(1 for _ in ox.parse(path=str(paths.ontology_file()), format=ox.RdfFormat.TURTLE))
    return n + len(facts if facts is not None else shipped_facts())


class _Copier:
    """Renames the shipped facts for unit ``n``."""

    def __init__(self, facts: list[ox.Triple]):
        self.facts = facts

    def copy(self, n: int):
        suffix = f"-g{n}"
        tail = f" #{n}"
        memo: dict = {}

        def term(t):
            got = memo.get(t)
            if got is not None:
                return got
            if isinstance(t, ox.NamedNode):
                v = t.value
                if v.startswith(ARKR):
                    new = ox.NamedNode(v + suffix)
                elif v.startswith(WD):
                    new = ox.NamedNode(f"{WD}9{n:07d}{v[len(WD):]}")
                else:
                    new = t
            elif isinstance(t, ox.BlankNode):
                new = ox.BlankNode(f"g{n}x{t.value}")
            else:
                new = t
            memo[t] = new
            return new

        for t in self.facts:
            o = t.object
            if isinstance(o, ox.Literal) and t.predicate.value in RENAMED_LITERALS:
                o = ox.Literal(o.value + tail, language=o.language) if o.language else \
                    ox.Literal(o.value + tail, datatype=o.datatype)
            else:
                o = term(o)
            yield ox.Triple(term(t.subject), t.predicate, o)


def block(n: int) -> list[ox.Triple]:
    y = 1920 + n % 40
    text = _HEAD + _BLOCK.format(n=n, y=y, y2=y + 30 + n % 7)
    return [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(text, format=ox.RdfFormat.TURTLE)]


def unit_size(facts: list[ox.Triple]) -> int:
    return len(facts) + len(block(0))


def units_for(factor: float, base: int | None = None, facts: list[ox.Triple] | None = None) -> int:
    """How many units make ``factor`` times the shipped input."""
    facts = facts if facts is not None else shipped_facts()
    base = base if base is not None else shipped_size()
    return max(1, round(factor * base / unit_size(facts)))


def generate(factor: float, out: Path, per_file: int = 2000, progress=None,
             facts: list[ox.Triple] | None = None, base: int | None = None) -> dict:
    """Write the units for ``factor`` into ``out`` (Turtle files); return the manifest. ``facts``
    and ``base`` default to the shipped facts and input size now (pass a snapshot to keep sizes
    consistent while the shipped graph changes)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    facts = facts if facts is not None else shipped_facts()
    base = base if base is not None else shipped_size()
    units = units_for(factor, base, facts)
    copier = _Copier(facts)
    written = 0
    files = []
    t0 = time.perf_counter()
    for start in range(0, units, per_file):
        stop = min(units, start + per_file)
        triples = []
        for n in range(start + 1, stop + 1):
            triples.extend(copier.copy(n))
            triples.extend(block(n))
        path = out / f"generated-{start // per_file:04d}.ttl"
        ox.serialize(triples, output=str(path), format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
        written += len(triples)
        files.append(path.name)
        if progress:
            progress(f"generated {stop}/{units} units, {written} triples")
    manifest = {"factor": factor, "units": units, "shipped_triples": base,
                "unit_triples": unit_size(facts), "fact_triples": written,
                "input_triples": written + base - len(facts), "files": files,
                "seconds": round(time.perf_counter() - t0, 2)}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1))
    return manifest


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("factor", type=float, help="times the shipped input, in triples (e.g. 10, 100, 1000)")
    parser.add_argument("out", type=Path, help="directory to write the Turtle files into")
    args = parser.parse_args()
    tty = sys.stderr.isatty()
    manifest = generate(args.factor, args.out,
                        progress=(lambda m: print("  " + m, file=sys.stderr)) if tty else None)
    print(json.dumps({k: v for k, v in manifest.items() if k != "files"}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
