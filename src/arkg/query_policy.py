"""What a query may do, the same for ``arkg sparql`` and the endpoint: read only, nothing fetched.

:func:`check` refuses, before anything runs, an update (INSERT, DELETE, LOAD, CLEAR, … — also
after a prologue of PREFIX/BASE lines and comments) and a SERVICE call to an endpoint that is not
explicitly allowed. FROM and FROM NAMED are safe: Oxigraph reads them as names of graphs in the
store (an unknown name is an empty graph), never as URLs to fetch. :func:`execute` then runs the
query with the project prefixes (arkg:, arkr:, prov:, skos: …) predeclared.
"""

from __future__ import annotations

import re

from .errors import QueryError, UsageError
from .namespaces import PREFIXES


class Refused(UsageError):
    """A query the policy refuses (an update, or SERVICE): HTTP 403, exit code 2."""


_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
# Strings and comments hide words; IRIs are kept as "<>" so that a prologue stays recognisable.
_STRINGS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""' r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"' r"|'(?:[^'\\\n]|\\.)*'" r"|#[^\n]*", re.DOTALL)
_IRI = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
# One pass, left to right, so that whichever starts first wins: a "#" inside an IRI (the OWL
# namespace, <…/owl#>) is not a comment, a "<" inside a string is not an IRI.
_TOKENS = re.compile(f"(?P<iri>{_IRI.pattern})|{_STRINGS.pattern}", re.DOTALL)
_PROLOGUE = re.compile(r"^\s*(?:(?:BASE\s*<>|PREFIX\s*[\w.\-]*:\s*<>)\s*)*", re.IGNORECASE)
_UPDATE = re.compile(r"^(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.IGNORECASE)
_SERVICE = re.compile(r"(?<![\w:?$.\-])service(?![\w:\-])", re.IGNORECASE)

READ_ONLY = "updates are refused: the ARKG graph is read-only (use SELECT, ASK, CONSTRUCT or DESCRIBE)"


def _code(text: str) -> str:
    """The query with \\u escapes decoded, strings and comments blanked, IRIs emptied."""
    text = _ESCAPE.sub(lambda m: chr(int(m[1] or m[2], 16)) if int(m[1] or m[2], 16) < 0x110000 else "", text)
    return _TOKENS.sub(lambda m: "<>" if m["iri"] else " ", text)


def is_update(text: str) -> bool:
    return bool(_UPDATE.match(_PROLOGUE.sub("", _code(text), count=1).lstrip()))


_DESCRIBE = re.compile(r"^DESCRIBE\b", re.IGNORECASE)


def is_describe(text: str) -> bool:
    """A DESCRIBE query (after its prologue of PREFIX/BASE lines and comments)."""
    return bool(_DESCRIBE.match(_PROLOGUE.sub("", _code(text), count=1).lstrip()))


def _parses_as_update(text: str) -> bool:
    from rdflib.plugins.sparql import parser as rdflib_parser

    try:
        rdflib_parser.parseUpdate(text)
        return True
    except Exception:
        return False


def service_endpoints(text: str) -> set[str] | None:
    """The endpoints named by SERVICE patterns; None when the query cannot be analysed."""
    from pyparsing import ParseException
    from rdflib import URIRef
    from rdflib.plugins.sparql import parser as rdflib_parser

    try:
        parsed = rdflib_parser.parseQuery(text)
    except ParseException:
        return None
    found: set[str] = set()

    def walk(node):
        if getattr(node, "name", None) == "ServiceGraphPattern":
            term = node.get("term")
            found.add(str(term) if isinstance(term, URIRef) else "?variable")
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, (list, tuple)) or type(node).__name__ == "ParseResults":
            for value in node:
                walk(value)

    walk(parsed)
    return found


def check(text: str, allow_service=()) -> None:
    """Raise :class:`Refused` for an update or a SERVICE call not explicitly allowed."""
    if is_update(text):
        raise Refused(READ_ONLY)
    if not _SERVICE.search(_code(text)):
        return
    if not allow_service:
        raise Refused("SERVICE is not allowed: ARKG never fetches remote data on a query's behalf "
                      "(the command line can allow an endpoint: arkg sparql --allow-service URL)")
    endpoints = service_endpoints(text)
    if endpoints is None:
        raise Refused("the query mentions SERVICE but could not be analysed; refused")
    refused = sorted(e for e in endpoints if e not in set(allow_service))
    if refused:
        raise Refused(f"SERVICE is not allowed for {', '.join(refused)}: ARKG never fetches remote data on a "
                      "query's behalf unless asked (--allow-service URL, repeatable)")


_DECLARED = re.compile(r"\bPREFIX\s*([\w.\-]*):", re.IGNORECASE)


def with_prefixes(text: str) -> str:
    """The query with a declaration of each project prefix it does not declare itself, for an
    engine that takes no predeclared prefixes (a remote endpoint), so that the prefix-less queries
    ``arkg sparql`` and the web editor accept run there too. The declarations go on the query's
    first line, so an error's line number still points into the text as written."""
    declared = set(_DECLARED.findall(_code(text)))
    missing = " ".join(f"PREFIX {p}: <{iri}>" for p, iri in PREFIXES.items() if p not in declared)
    return f"{missing} {text}" if missing else text


def execute(store, text: str, allow_service=(), **options):
    """Check ``text``, then run it on ``store`` with the project prefixes predeclared.
    A syntax error becomes a :class:`UsageError` (a :class:`Refused` if it is an update)."""
    check(text, allow_service)
    try:
        return store.query(text, prefixes=PREFIXES, **options)
    except SyntaxError as exc:
        if _parses_as_update(text):
            raise Refused(READ_ONLY) from None
        where = syntax_error_position(text)
        raise UsageError(f"SPARQL syntax error {where}" if where else f"SPARQL syntax error: {exc}") from None


_FOUND = re.compile(r"found (end of text|'[^']*')")


def syntax_error_position(text: str) -> str | None:
    """Where a query's syntax goes wrong, as "at line L, column C: unexpected X" (1-based), from
    rdflib's parser, which stops at the first token no rule accepts (Oxigraph's own message points
    past it, at the last alternative it tried); None when rdflib parses the text."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql import parser as rdflib_parser

    try:
        rdflib_parser.parseQuery(text)
    except ParseException as exc:
        found = _FOUND.search(str(exc))
        what = "the end of the query" if found and found[1] == "end of text" else (found[1] if found else "text")
        return f"at line {exc.lineno}, column {exc.col}: unexpected {what}"
    except Exception:
        return None
    return None


_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def bind_values(text: str, bound: dict) -> str:
    """The query with a VALUES block binding each variable to its RDF term, placed at the start of
    the first WHERE group (so FILTERs in the query see it, as with pre-bound variables)."""
    if not bound:
        return text
    lines = text.splitlines(keepends=True)
    offset = 0
    for line in lines:  # skip the comment header, which may say "where"
        if not line.lstrip().startswith("#") and line.strip():
            break
        offset += len(line)
    m = _WHERE.search(text, offset)
    if m is None:
        raise QueryError("cannot bind parameters: the query has no WHERE { … } group")
    names = " ".join(str(v) for v in bound)
    values = " ".join(str(t) for t in bound.values())
    block = f"\n  VALUES ({names}) {{ ({values}) }}\n"
    return text[: m.end()] + block + text[m.end():]
