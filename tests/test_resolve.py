"""Entity parameters: labels in any of our languages, alternative labels, case and accents
ignored, prefixed names, IRIs, Wikidata IDs; ambiguity lists the candidates."""

import pyoxigraph as ox
import pytest

import arkg
from arkg.names import plain
from arkg.errors import UsageError
from arkg.resolver import resolve_in

ARKR = "https://w3id.org/arkg/id/"


@pytest.mark.parametrize("text, expected", [
    ("Albania", "albania"),
    ("albania", "albania"),
    ("Shqipëri", "albania"),
    ("shqiperi", "albania"),
    ("Албания", "albania"),
    ("Soviet Union", "soviet-union"),
    ("USSR", "soviet-union"),
    ("Союз Советских Социалистических Республик", "soviet-union"),
    ("Russia", "russian-federation"),
    ("Tiranë", "tirana"),
    ("TIRANE", "tirana"),
    ("Mehmed Shehu", "mehmet-shehu"),
    ("ALP", "party-of-labour-of-albania"),
    ("LPA", "party-of-labour-of-albania"),
    ("arkr:comecon", "comecon"),
    (ARKR + "warsaw-pact", "warsaw-pact"),
])
def test_names_resolve_to_one_entity(text, expected):
    assert arkg.resolve(text) == ARKR + expected


def test_plain_form_drops_case_and_accents_only():
    assert plain("Tiranë") == plain("TIRANE") == "tirane"
    assert plain("Xhaçka") == "xhacka"
    assert plain("Хрущёв") == "хрущев"  # no transliteration: that is the folding key's work


def _store(*entities):
    store = ox.Store()
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    wd = ox.NamedNode("https://w3id.org/arkg/ontology/wikidata")
    for local, name, qid in entities:
        node = ox.NamedNode(ARKR + local)
        store.add(ox.Quad(node, label, ox.Literal(name, language="en")))
        if qid:
            store.add(ox.Quad(node, wd, ox.NamedNode("http://www.wikidata.org/entity/" + qid)))
    return store


def test_ambiguous_name_lists_every_candidate():
    store = _store(("ferit-hoxha", "Hoxha", None), ("enver-hoxha", "Hoxha", None))
    with pytest.raises(UsageError) as err:
        resolve_in(store, "hoxha")
    assert "matches several entities" in str(err.value)
    assert "arkr:enver-hoxha" in str(err.value) and "arkr:ferit-hoxha" in str(err.value)


def test_unknown_name_suggests_close_labels():
    store = _store(("tirana", "Tirana", None))
    with pytest.raises(UsageError) as err:
        resolve_in(store, "Tir")
    assert "no entity matches 'Tir'" in str(err.value) and "arkr:tirana" in str(err.value)


def test_a_small_typo_still_resolves():
    store = _store(("tirana", "Tirana", None))
    assert resolve_in(store, "Tiran").value == ARKR + "tirana"


def test_wikidata_id_resolves():
    store = _store(("albania", "Albania", "Q222"))
    assert resolve_in(store, "Q222").value == ARKR + "albania"
    with pytest.raises(UsageError):
        resolve_in(store, "Q159")


def test_unknown_iri_is_an_error():
    with pytest.raises(UsageError):
        arkg.resolve(ARKR + "no-such-thing")


def test_the_build_index_and_an_ad_hoc_index_hold_the_same_names():
    """One way to fill the name index: the build writes its file from the reasoned store with the
    same rows and the same filling as an index made on the fly for a store (names.index_for)."""
    from arkg.names import NameIndex, label_rows_from_store
    from arkg.pipeline import NAMES_INDEX

    info = arkg.build()
    built = NameIndex.open(info.directory / NAMES_INDEX)
    ad_hoc = NameIndex.from_rows(label_rows_from_store(arkg.store()))
    everything = "SELECT entity, label, plain, key, kind FROM names ORDER BY entity, label, kind"
    rows = list(built.conn.execute(everything))
    assert rows and rows == list(ad_hoc.conn.execute(everything))
    assert len(rows) == len({(e, label) for e, label, *_ in rows})  # each name once
