"""Exports that other tools read: JSON-LD (written by rdflib) through PyLD, an independent
processor with contexts resolved locally; Turtle and N-Triples re-parsed by pyoxigraph."""

import json

import pyoxigraph as ox
import pytest
from pyld import jsonld as pyld
from rdflib import Literal, URIRef

import arkg
from arkg.errors import InputError
from arkg.jsonld import CONTEXT_IRI, context_document, document_loader, parse
from rdfcompare import canonical, exported_graph


def test_json_ld_read_by_pyld_is_isomorphic():
    doc = json.loads(arkg.export("json-ld"))
    assert {"label", "date", "source"} <= set(doc["@context"])
    pyld.set_document_loader(document_loader)
    nquads = pyld.to_rdf(doc, {"format": "application/n-quads"})
    assert canonical(ox.parse(nquads.encode(), format=ox.RdfFormat.N_QUADS)) == exported_graph(False)


def test_json_ld_with_the_published_context_iri_resolves_locally():
    doc = {"@context": CONTEXT_IRI, "id": "arkr:x", "label": {"en": "X"}}
    pyld.set_document_loader(document_loader)
    expanded = pyld.expand(doc)
    assert expanded[0]["@id"] == "https://w3id.org/arkg/id/x"
    g = parse(json.dumps(doc))
    assert (URIRef("https://w3id.org/arkg/id/x"), URIRef("http://www.w3.org/2000/01/rdf-schema#label"),
            Literal("X", lang="en")) in g


@pytest.mark.parametrize("context", ["https://example.org/context.jsonld", ["https://example.org/c"],
                                     {"@import": "https://example.org/c"}])
def test_remote_contexts_are_refused(context):
    with pytest.raises(InputError, match="refused"):
        parse(json.dumps({"@context": context, "@id": "urn:x"}))
    with pytest.raises(InputError):
        document_loader("https://example.org/context.jsonld")


@pytest.mark.parametrize("fmt, oxfmt", [("turtle", ox.RdfFormat.TURTLE), ("nt", ox.RdfFormat.N_TRIPLES)])
@pytest.mark.parametrize("inferred", [False, True])
def test_turtle_and_ntriples_reparse_with_pyoxigraph(fmt, oxfmt, inferred):
    text = arkg.export(fmt, inferred=inferred)
    assert canonical(ox.parse(text.encode(), format=oxfmt)) == exported_graph(inferred)


def test_context_command_prints_the_shipped_context(run_cli):
    code, out, _ = run_cli("export", "--format", "json-ld", "--context")
    assert code == 0 and json.loads(out) == context_document()
