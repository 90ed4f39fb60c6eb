"""Wikidata links: annotations with evidence, resolution by ID, the link check against a real
SPARQL server on 127.0.0.1, federation only when allowed, QuickStatements by the format's rules."""

import json
import re
from pathlib import Path


import arkg
from arkg import wikidata
from arkg.quickstatements import TIME, statements

from wikidata_server import oxigraph_server

ROOT = Path(__file__).resolve().parent.parent
WD = "http://www.wikidata.org/entity/"


def _links():
    return wikidata.linked(arkg.store())


def _fixture(mismatch_qid: str, absent_qid: str) -> str:
    """Every linked item with its English label and a type, except one item given a wrong label
    and the type of a human, and one item left out."""
    g = arkg.graph(inferred=False)
    from rdflib import RDFS, URIRef
    lines = ["@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
             "@prefix wdt: <http://www.wikidata.org/prop/direct/> ."]
    for link in _links():
        qid = link["wikidata"]
        if qid == WD + absent_qid:
            continue
        label = next(str(l) for l in g.objects(URIRef(link["entity"]), RDFS.label) if l.language == "en")
        kind = "Q5" if link["person"] else "Q6256"
        if qid == WD + mismatch_qid:
            label, kind = "Somebody Else Entirely", "Q5"
        lines.append(f"<{qid}> rdfs:label {json.dumps(label, ensure_ascii=False)}@en ; wdt:P31 <{WD}{kind}> .")
    return "\n".join(lines) + "\n"


def test_links_are_annotations_with_evidence():
    links = _links()
    assert len(links) >= 20
    assert all(re.fullmatch(WD + r"Q[1-9]\d*", l["wikidata"]) for l in links)
    by_entity = {l["entity"]: l["wikidata"] for l in links}
    assert by_entity["https://w3id.org/arkg/id/soviet-union"] == WD + "Q15180"
    assert by_entity["https://w3id.org/arkg/id/russian-federation"] == WD + "Q159"
    evidence = arkg.query("wikidata").values("evidence")
    assert all(evidence)


def test_resolution_by_wikidata_id():
    assert arkg.resolve("Q15180") == "https://w3id.org/arkg/id/soviet-union"
    rows = arkg.query("wikidata", entity="Q222").dicts()
    assert [r["entity"] for r in rows] == ["https://w3id.org/arkg/id/albania"]


def test_missing_lists_unlinked_entities_with_a_reason(run_cli):
    rows = wikidata.missing(arkg.store())
    assert rows and all(r["reason"] for r in rows)
    linked = {l["entity"] for l in _links()}
    assert not linked & {r["entity"] for r in rows}
    code, out, _ = run_cli("link", "--missing")
    assert code == 0 and len(out.splitlines()) == len(rows)


def test_link_check_against_a_local_server_catches_the_mismatch(run_cli):
    with oxigraph_server(_fixture(mismatch_qid="Q15180", absent_qid="Q222")) as base:
        count, findings = wikidata.check(arkg.store(), base + "/query")
        assert count == len(_links())
        problems = {(f.entity.rsplit("/", 1)[1], f.problem.split(":")[0]) for f in findings}
        assert problems == {("soviet-union", "label mismatch"), ("soviet-union", "type mismatch"),
                            ("albania", "item not found on the endpoint")}
        code, out, _ = run_cli("link", "--check", "--endpoint", base + "/query")
        assert code == 1 and "MISMATCH arkr:soviet-union" in out


def test_link_check_passes_when_the_endpoint_agrees(run_cli):
    with oxigraph_server(_fixture(mismatch_qid="Q0", absent_qid="Q0")) as base:
        code, out, _ = run_cli("link", "--check", "--endpoint", base + "/query")
        assert code == 0 and "0 problem(s)" in out


def test_federated_example_runs_only_when_allowed(run_cli, tmp_path):
    heads = ("@prefix p: <http://www.wikidata.org/prop/> .\n@prefix ps: <http://www.wikidata.org/prop/statement/> .\n"
             "@prefix pq: <http://www.wikidata.org/prop/qualifier/> .\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
             "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
             f"<{WD}Q15180> p:P35 <urn:st1> . <urn:st1> ps:P35 <{WD}Q1> ; pq:P580 \"1953-01-01T00:00:00Z\"^^xsd:dateTime ; pq:P582 \"1964-12-31T00:00:00Z\"^^xsd:dateTime .\n"
             f"<{WD}Q1> rdfs:label \"Fixture Head\"@en .\n")
    with oxigraph_server(heads) as base:
        text = (ROOT / "queries" / "federated" / "heads-of-state.rq").read_text()
        local = text.replace("https://query.wikidata.org/sparql", base + "/query")
        query = tmp_path / "heads.rq"
        query.write_text(local)
        code, out, err = run_cli("sparql", "-f", str(query), "--format", "csv")
        assert code == 2 and "SERVICE is not allowed" in err
        code, out, err = run_cli("sparql", "-f", str(query), "--format", "csv", "--allow-service", base + "/query")
        assert code == 0, err
        rows = out.splitlines()[1:]
        assert rows and all("Fixture Head" in r for r in rows)
        assert any(r.startswith("1961-12,") for r in rows)


def test_quickstatements_follow_the_format():
    lines = statements(arkg.store())
    assert lines
    for line in lines:
        fields = line.split("\t")
        assert re.fullmatch(r"Q[1-9]\d*", fields[0]) and fields[1] == "P530" and re.fullmatch(r"Q[1-9]\d*", fields[2])
        pairs = list(zip(fields[3::2], fields[4::2]))
        assert len(fields[3:]) % 2 == 0
        for prop, value in pairs:
            if prop in ("P580", "P582"):
                assert TIME.match(value), value
            else:
                assert prop == "S1476" and re.fullmatch(r'en:"[^"]+"', value)
        assert any(p == "S1476" for p, _ in pairs)
    albania_ussr = [l for l in lines if l.startswith("Q222\tP530\tQ15180")]
    assert any("P580\t+1924-04-07T00:00:00Z/11" in l and "P582\t+1961-12-00T00:00:00Z/10" in l for l in albania_ussr)
    assert any("P580\t+1990-00-00T00:00:00Z/9" in l for l in albania_ussr)
    assert any(l.startswith("Q15180\tP530\tQ222") for l in lines)


def test_suggest_proposes_items_by_exact_label(run_cli):
    unlinked = wikidata.missing(arkg.store())
    target = next(r for r in unlinked if r["class"] == "Person")
    fixture = ("@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
               f"<{WD}Q999999> rdfs:label {json.dumps(target['label'], ensure_ascii=False)}@en .\n"
               f"<{WD}Q999998> rdfs:label \"Someone Unrelated\"@en .\n")
    with oxigraph_server(fixture) as base:
        found = wikidata.suggest(arkg.store(), base + "/query")
        assert found == {target["entity"]: [WD + "Q999999"]}
        code, out, _ = run_cli("link", "--suggest", "--endpoint", base + "/query")
        assert code == 0 and WD + "Q999999" in out


def test_unlinked_reasons_tell_a_user_how_to_add_the_link():
    """Each reason says which evidence is missing and how to add a link, not how a search went."""
    rows = wikidata.missing(arkg.store())
    assert rows
    for r in rows:
        assert "arkg link --suggest" in r["reason"] and "evidence" in r["reason"].lower(), r
        assert not re.search(r"budget|memory|find_string|code search|guessed", r["reason"]), r


def test_link_lists_what_the_library_returns(run_cli):
    """``arkg link`` prints the data arkg.wikidata returns: one line per link, then the counts."""
    from arkg.namespaces import shorten

    links = _links()
    code, out, _ = run_cli("link")
    lines = out.splitlines()
    assert code == 0
    assert lines[:-1] == [f"{shorten(l['entity'])}\t{l['wikidata']}" for l in links]
    assert lines[-1] == f"{len(links)} linked, {len(wikidata.missing(arkg.store()))} unlinked"


def test_link_check_on_an_unreachable_endpoint_is_a_one_line_error(run_cli):
    import socket

    with socket.socket() as s:  # a port that was free a moment ago: nothing listens on it
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    code, out, err = run_cli("link", "--check", "--endpoint", f"http://127.0.0.1:{port}/query")
    assert code == 3 and "cannot reach" in err and "Traceback" not in err, err


def test_link_check_goes_through_the_remote_sparql_client(monkeypatch):
    """One SPARQL protocol client: the link check posts through arkg.remote (its media types, its
    User-Agent) and reads the answer with pyoxigraph."""
    from arkg import remote
    from arkg.serialisers import RESULTS_FORMATS

    seen = []

    def send(method, url, body, headers, timeout):
        seen.append((method, headers))
        return "application/sparql-results+json", b'{"head":{"vars":["item","label","type"]},"results":{"bindings":[]}}'

    monkeypatch.setattr(remote, "send", send)
    checked, findings = wikidata.check(arkg.store(), "http://wikidata.invalid/sparql")
    assert checked and len(seen) == 1
    method, headers = seen[0]
    assert method == "POST" and headers["Accept"] == RESULTS_FORMATS["json"].media_type
    assert headers["User-Agent"].startswith("arkg/")
    assert {f.problem for f in findings} == {"item not found on the endpoint"}
