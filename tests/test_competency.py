"""The competency questions: each asks a canned query what a historian would, and asserts the
answer computed from the reasoned graph."""

import arkg

ARKR = "https://w3id.org/arkg/id/"
ARKG = "https://w3id.org/arkg/ontology/"


def rows(name, **params):
    return arkg.query(name, **params).dicts()


def test_cq01_who_broke_relations():
    answer = rows("who-broke-relations")
    breaks = [r for r in answer if r["kind"] == ARKG + "BreakOfRelations"]
    assert [(r["breaker"], r["other"], r["date"]) for r in breaks] == [
        (ARKR + "soviet-union", ARKR + "albania", "1961-12")]
    assert "Albania–Russia relations (current)" in breaks[0]["source"]
    assert "Soviet-Albanian Relations (older)" in breaks[0]["source"]
    assert len(answer) > len(breaks)  # every rupture, not only the break of relations


def test_cq01_filtered_by_state_both_sides():
    everything = rows("who-broke-relations")
    albania = rows("who-broke-relations", state="Albania")
    assert albania and all(ARKR + "albania" in (r["breaker"], r["other"]) for r in albania)
    assert len(albania) == sum(ARKR + "albania" in (r["breaker"], r["other"]) for r in everything)
    ussr = rows("who-broke-relations", state="USSR", exact="true")
    assert ussr and all(ARKR + "soviet-union" in (r["breaker"], r["other"]) for r in ussr)
    assert len(rows("who-broke-relations", state="China")) == 0


def test_cq02_relations_established_1924():
    answer = rows("timeline", a="Albania", b="Soviet Union", **{"from": "1924-01-01", "to": "1924-12-31"})
    assert [(r["date"], r["type"]) for r in answer] == [
        ("1924-04-07", "https://w3id.org/arkg/ontology/EstablishmentOfRelations")]


def test_cq03_hoxha_visits_to_moscow():
    answer = rows("visits", visitor="Enver Hoxha")
    pairs = [(r["place"], r["date"]) for r in answer]
    assert (ARKR + "moscow", "1947-07") in pairs
    assert (ARKR + "moscow", "1960-11") in pairs
    assert pairs.index((ARKR + "moscow", "1947-07")) < pairs.index((ARKR + "moscow", "1960-11"))


def test_cq04_albania_memberships():
    answer = {r["organization"]: r for r in rows("memberships", member="Albania")}
    assert answer[ARKR + "comecon"]["start"] == "1949-02"
    assert answer[ARKR + "warsaw-pact"]["end"] == "1968"
    for org in ("osce", "bsec", "oic"):
        assert ARKR + org in answer
    russia = {r["organization"]: r["status"] for r in rows("memberships", member="Russia")}
    assert russia[ARKR + "oic"] == "observer"


def test_cq05_agreement_on_military_assistance_suspended():
    answer = rows("agreements", party="Soviet Union")
    hits = [r for r in answer if "material assistance" in r["label"].lower()]
    assert len(hits) == 1
    assert hits[0]["status"] == "suspended 1960-12-13"
    assert ARKR + "albania" in hits[0]["parties"].split()


def test_cq06_suslov():
    answer = rows("events-of", agent="Mikhail Suslov")
    dates = [r["date"] for r in answer]
    assert "1960-11-12" in dates and "1961-01-12" in dates
    report = [r for r in answer if r["date"] == "1961-01-12"]
    assert report[0]["role"] == "https://w3id.org/arkg/ontology/speaker"


def test_cq07_22nd_congress_in_october_1961():
    answer = rows("timeline", **{"from": "1961-10-17", "to": "1961-10-31"})
    assert ARKR + "1961-10-cpsu-22nd-congress" in [r["event"] for r in answer]


def test_cq08_hoxha_positions():
    answer = rows("positions", person="Enver Hoxha")
    assert ARKR + "position-pla-leader" in [r["position"] for r in answer]


def test_cq09_normalisation_claims_conflict():
    answer = rows("conflicting-claims")
    pairs = {frozenset((r["source"], r["otherSource"])) for r in answer}
    assert frozenset((ARKR + "source-article-current", ARKR + "source-article-old")) in pairs
    assert any("normali" in (r["claimLabel"] + r["otherLabel"]).lower() for r in answer)


def test_cq10_2022_at_the_united_nations():
    answer = rows("timeline", a="Albania", b="Russia", **{"from": "2022-01-01", "to": "2022-12-31"})
    dates = [r["date"] for r in answer]
    labels = " ".join(r["label"].lower() for r in answer)
    assert "late 2022-02" in dates and "late 2022-09" in dates
    assert "unfriendly" in labels and "veto" in labels


def test_cq11_search_by_variant_spellings():
    assert [r["entity"] for r in rows("search", text="Tiranë")][:1] == [ARKR + "tirana"]
    firybin = [r for r in rows("search", text="Firybin") if r["type"].endswith("Person")]
    assert len(firybin) == 1


def test_cq12_mikoyan_at_the_presidium():
    answer = rows("events-of", agent="Anastas Mikoyan")
    assert "1961-02-24" in [r["date"] for r in answer]


def test_cq13_sources_of_the_break():
    answer = rows("sources", event="arkr:1961-12-soviet-break-of-relations")
    documents = {r["source"] for r in answer}
    assert {ARKR + "source-article-current", ARKR + "source-article-old"} <= documents
    assert all(r["locator"].startswith("§ ") for r in answer if r["source"].endswith("article-current"))
