"""Every statement sourced: the names in the graph occur in a source document or carry their
outside evidence, and descriptions state nothing the sources do not.

- Names (``rdfs:label``, ``skos:prefLabel``, ``skos:altLabel``, ``skos:hiddenLabel``) of people,
  states, places, organizations, positions and agreements occur, as a phrase, in some source
  document, compared folded (case, accents, hyphens and dashes, apostrophes, line-end
  hyphenation; Cyrillic against Cyrillic); or the entity carries an ``arkg:labelEvidence`` that
  names the label and the package file that gives it, checked against the package where it is
  installed. A label with a lower-case word ("Albania's first university") describes a thing the
  sources do not name: the capitalised words in it must occur in a source.
- Labels of events, claims, tenures, memberships, delegations and groups are our own words: the
  proper names (capitalised words) and numbers in them occur in some source.
- Descriptions: the same check on proper names and numbers, sentence by sentence.

Needs the source documents (``ARKG_SOURCES``); skips with the reason without them.
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

import arkg
from arkg.namespaces import ARKG, ARKR

NAME_PROPERTIES = (RDFS.label, SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel)
# Classes whose labels are names (a name must be found as a phrase in a source, or evidenced).
NAMED = ("Person", "SovereignState", "Place", "Organization", "Position", "Agreement")
# Small words that a name may contain in lower case ("Party of Labour of Albania").
NAME_PARTICLES = {"of", "the", "and", "for", "in", "at", "on", "to", "de", "e", "i", "të", "së", "s"}
LABEL_EVIDENCE = URIRef(str(ARKG) + "labelEvidence")
# "<package or file reference> <locator>: <label>", e.g.
# "pypi:babel==2.18.0 locale ru territory AL: Албания".
EVIDENCE = re.compile(r"^(?P<origin>(?:pypi|deb|github):\S+)\s+(?P<locator>.+?):\s+(?P<label>[^:]+)$")

DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212-"
APOSTROPHES = "\u2018\u2019\u02bc`´"
WORD = re.compile(r"[^\W_]+", re.UNICODE)
SOURCE_NUMBERS = {"000", "001", "002", "003"}  # the documents' own numbers, used in descriptions


@pytest.fixture(scope="module")
def seeds(sources_dir) -> Path:
    """The folder of the source documents (``sources_dir`` in conftest.py: ``ARKG_SOURCES``)."""
    return sources_dir


def fold(text: str) -> str:
    """Case, accents, dashes and apostrophes folded; punctuation other than apostrophes becomes a
    space; whitespace collapsed. Cyrillic letters are kept (ё folds to е)."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    for c in DASHES:
        text = text.replace(c, " ")
    for c in APOSTROPHES:
        text = text.replace(c, "'")
    text = re.sub(r"[^\w' ]+", " ", text)
    return " " + " ".join(text.split()) + " "


def source_text(folder: Path) -> str:
    parts = []
    for path in sorted(folder.glob("0??_*.txt")):
        raw = path.read_text(encoding="utf-8")
        raw = re.sub(r"(\w)-\s*\n\s*(\w)", r"\1\2", raw)  # line-end hyphenation in the paper
        parts.append(fold(raw))
    return "".join(parts)


def occurs(name: str, text: str) -> bool:
    folded = fold(name).strip()
    return bool(folded) and re.search(r"(?<!\w)" + re.escape(folded) + r"(?!\w)", text) is not None


def is_description(label: str) -> bool:
    """A label with a lower-case word other than a particle describes ("Albania's first
    university", "Soviet naval base at Vlora"); its capitalised words are the names in it."""
    return any(w[0].islower() and w.casefold() not in NAME_PARTICLES for w in WORD.findall(label))


def _classes(graph, names) -> set:
    found = set()
    for name in names:
        cls = URIRef(str(ARKG) + name)
        found |= set(graph.subjects(RDF.type, cls))
    return found


def _proper_words(text: str) -> list[str]:
    """Capitalised words and numbers of a text. The first word of a sentence or parenthesis counts
    only when the next word is capitalised too ("Andrei Gromyko …", not "Named by …"): a single
    first word is capitalised by position, not because it is a name."""
    found = []
    for sentence in re.split(r"(?<=[.;:!?(])\s+|\(", text):
        words = WORD.findall(sentence)
        for i, w in enumerate(words):
            first_of_name = i == 0 and len(words) > 1 and words[1][0].isupper()
            if w[0].isdigit() or (w[0].isupper() and (i > 0 or first_of_name)) or (w.isupper() and len(w) > 1):
                found.append(w)
    return found


@pytest.fixture(scope="module")
def facts():
    asserted = arkg.graph(inferred=False)
    reasoned = arkg.graph(inferred=True)
    return asserted, reasoned


def _evidence(asserted) -> dict:
    by_node: dict = {}
    for node, value in asserted.subject_objects(LABEL_EVIDENCE):
        match = EVIDENCE.match(str(value))
        by_node.setdefault(node, []).append((str(value), match))
    return by_node


def test_evidence_is_well_formed(facts):
    """Each label evidence names a package or file, a locator, and a label the entity has."""
    asserted, _ = facts
    bad = []
    for node, items in _evidence(asserted).items():
        labels = {str(o) for p in NAME_PROPERTIES for o in asserted.objects(node, p)}
        for value, match in items:
            if match is None:
                bad.append(f"{node}: not '<pypi:|deb:|github:…> <locator>: <label>': {value!r}")
            elif match["label"] not in labels:
                bad.append(f"{node}: evidence for {match['label']!r}, which is not one of its labels")
    assert not bad, "\n".join(bad)


def test_names_occur_in_a_source_or_carry_evidence(seeds, facts):
    asserted, reasoned = facts
    text = source_text(seeds)
    evidence = _evidence(asserted)
    named = _classes(reasoned, NAMED)
    checked, unsourced = 0, []
    for node in sorted(named):
        evidenced = {m["label"] for _, m in evidence.get(node, []) if m}
        for prop in NAME_PROPERTIES:
            for label in asserted.objects(node, prop):
                checked += 1
                if occurs(str(label), text) or str(label) in evidenced:
                    continue
                if is_description(str(label)) and all(occurs(w, text) for w in _proper_words(str(label))):
                    continue  # a description whose names are sourced: checked word by word
                lang = f"@{label.language}" if isinstance(label, Literal) and label.language else ""
                unsourced.append(f"{node.n3(asserted.namespace_manager)} {prop.n3(asserted.namespace_manager)} "
                                 f"{str(label)!r}{lang}")
    assert checked > 300
    assert not unsourced, f"{len(unsourced)} names found in no source and without evidence:\n" + "\n".join(unsourced)


def test_words_of_labels_and_descriptions_occur_in_a_source(seeds, facts):
    """Proper names and numbers in descriptive labels and in every description occur in a source."""
    asserted, reasoned = facts
    evidenced = " ".join(m["label"] for items in _evidence(asserted).values() for _, m in items if m)
    text = source_text(seeds) + fold(evidenced)  # a name with outside evidence may be used anywhere
    named = _classes(reasoned, NAMED)
    sources = _classes(reasoned, ("SourceDocument",))  # titles and descriptions of the documents
    checked, unsourced = 0, []
    for prop in (*NAME_PROPERTIES, DCTERMS.description):
        for node, value in asserted.subject_objects(prop):
            if not str(node).startswith(str(ARKR)) or node in sources:
                continue
            if prop != DCTERMS.description and node in named:
                continue  # names: checked above
            if isinstance(value, Literal) and value.language not in (None, "en"):
                continue  # descriptions and labels in other languages: see the name test
            checked += 1
            missing = sorted({w for w in _proper_words(str(value))
                              if not occurs(w, text) and w not in SOURCE_NUMBERS})
            if missing:
                unsourced.append(f"{node.n3(asserted.namespace_manager)} {prop.n3(asserted.namespace_manager)}: "
                                 f"{', '.join(missing)}")
    assert checked > 500
    assert not unsourced, f"{len(unsourced)} texts name what no source names:\n" + "\n".join(unsourced)


def test_occurs_folds_spelling_but_not_names():
    text = fold("Tiranë, Khrush-chev\u2019s visit; Xhaçka and the Soviet-Albanian split")
    assert occurs("Tirane", text) and occurs("TIRANË", text) and occurs("Xhacka", text)
    assert occurs("Soviet–Albanian", text) and occurs("Khrush chev's", text)
    assert not occurs("Nikita Sergeyevich", text) and not occurs("Tiran", text)
    assert _proper_words("Soviet leader met Kennedy in 1961. The talks failed.") == ["Kennedy", "1961"]
    assert _proper_words("Andrei Gromyko spoke. Named by Hoxha.") == ["Andrei", "Gromyko", "Hoxha"]
    assert is_description("Soviet naval base at Vlora") and not is_description("Party of Labour of Albania")
    assert not is_description("Union of Soviet Socialist Republics") and not is_description("Nikita Sergeyevich Khrushchev")


def test_package_evidence_matches_the_package(facts):
    """Evidence from babel (CLDR) or pycountry (iso-codes) is checked against their data."""
    asserted, _ = facts
    checked, wrong = 0, []
    for node, items in _evidence(asserted).items():
        for value, match in items:
            if not match:
                continue
            origin, locator, label = match["origin"], match["locator"], match["label"]
            if origin.startswith("pypi:babel=="):
                babel = pytest.importorskip("babel", reason="babel (a test dependency) is not installed")
                m = re.fullmatch(r"locale (\w+) (territory|time zone) (\S+)(?: city)?", locator)
                assert m, value
                loc = babel.Locale.parse(m[1])
                got = (loc.territories.get(m[3]) if m[2] == "territory"
                       else loc.time_zones.get(m[3], {}).get("city"))
            elif origin.startswith("pypi:pycountry=="):
                pycountry = pytest.importorskip("pycountry", reason="pycountry (a test dependency) is not installed")
                import gettext

                m = re.fullmatch(r"locales/(\w+)/LC_MESSAGES/(iso3166-[13])\.mo \"(.+)\"", locator)
                assert m, value
                got = gettext.translation(m[2], pycountry.LOCALES_DIR, languages=[m[1]]).gettext(m[3])
            else:
                continue
            checked += 1
            if got != label:
                wrong.append(f"{node}: {value!r}, but the package gives {got!r}")
    assert checked > 0
    assert not wrong, "\n".join(wrong)
