"""Answers in every format the endpoint offers: SPARQL 1.1 results in JSON, XML, CSV and TSV
(with a cap on the number of rows), and graphs in Turtle, JSON-LD, N-Triples and RDF/XML."""

from __future__ import annotations

import csv
import io
import json
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from ..namespaces import PREFIXES
from ..terms import sparql_json_term

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "jsonld": ox.RdfFormat.JSON_LD,
                "nt": ox.RdfFormat.N_TRIPLES, "rdfxml": ox.RdfFormat.RDF_XML}


def take(iterator, limit: int) -> tuple[list, bool]:
    """At most ``limit`` items, and whether there were more."""
    items = []
    for item in iterator:
        if len(items) >= limit:
            return items, True
        items.append(item)
    return items, False


def solutions_rows(solutions, columns: list[str], limit: int) -> tuple[list[dict], bool]:
    rows, truncated = take(solutions, limit)
    return [{c: s[c] for c in columns} for s in rows], truncated


def results(columns: list[str], rows: list[dict], fmt: str) -> bytes:
    return {"json": _json, "xml": _xml, "csv": _csv, "tsv": _tsv}[fmt](columns, rows).encode("utf-8")


def boolean(value: bool, fmt: str) -> bytes:
    if fmt == "json":
        text = json.dumps({"head": {}, "boolean": value})
    elif fmt == "xml":
        text = ('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n'
                f"  <head/>\n  <boolean>{'true' if value else 'false'}</boolean>\n</sparql>\n")
    else:  # CSV and TSV define no boolean form; a one-cell table is the common practice
        text = f"_askResult\r\n{'true' if value else 'false'}\r\n"
    return text.encode("utf-8")


def graph(triples, fmt: str) -> bytes:
    prefixes = None if fmt == "nt" else PREFIXES
    return ox.serialize(triples, format=_RDF_FORMATS[fmt], prefixes=prefixes)


def _json(columns, rows) -> str:
    bindings = [{c: sparql_json_term(r[c]) for c in columns if r.get(c) is not None} for r in rows]
    return json.dumps({"head": {"vars": columns}, "results": {"bindings": bindings}}, ensure_ascii=False)


def _xml_term(term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(_xml_text(term.value))}</literal>"
        if term.datatype.value != _XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(_xml_text(term.value))}</literal>"
        return f"<literal>{escape(_xml_text(term.value))}</literal>"
    return f"<literal>{escape(_xml_text(str(term)))}</literal>"  # RDF-star triples: as text


def _xml_text(text: str) -> str:
    """XML 1.0 cannot carry most control characters; replace them."""
    return "".join(c if c in "\t\n\r" or c >= " " and c not in "\ufffe\uffff" else "\ufffd" for c in text)


def _xml(columns, rows) -> str:
    out = ['<?xml version="1.0"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "  <head>"]
    out += [f"    <variable name={quoteattr(c)}/>" for c in columns]
    out += ["  </head>", "  <results>"]
    for r in rows:
        out.append("    <result>")
        for c in columns:
            if r.get(c) is not None:
                out.append(f"      <binding name={quoteattr(c)}>{_xml_term(r[c])}</binding>")
        out.append("    </result>")
    out += ["  </results>", "</sparql>", ""]
    return "\n".join(out)


def _csv_value(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return term.value
    return str(term)


def _csv(columns, rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for r in rows:
        writer.writerow([_csv_value(r.get(c)) for c in columns])
    return out.getvalue()


def _tsv(columns, rows) -> str:
    lines = ["\t".join("?" + c for c in columns)]
    for r in rows:
        lines.append("\t".join("" if r.get(c) is None else str(r[c]) for c in columns))
    return "\n".join(lines) + "\n"
