"""The SPARQL 1.1 Protocol, HTTP side: reading a query request (GET, POST form, POST direct),
content negotiation (Accept with q-values, or a ``format`` parameter), and the checks that keep
the endpoint read-only and offline (:mod:`arkg.query_policy`, before anything runs).

Everything here is pure and fast; nothing touches the store.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from .. import query_policy
from ..serialisers import GRAPH_FORMATS, RESULTS_FORMATS

# --- errors -------------------------------------------------------------------------------


class HttpError(Exception):
    """An answer other than 200: a status and a one-line message for the client."""

    def __init__(self, status: int, message: str, headers: dict | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


# --- media types --------------------------------------------------------------------------

# Tabular/boolean results and RDF graphs, each in server preference order: token -> media type
# (pyoxigraph's, whose serialisers write them).
RESULT_TYPES = {token: f.media_type.split(";")[0] for token, f in RESULTS_FORMATS.items()}
GRAPH_TYPES = {token: f.media_type.split(";")[0] for token, f in GRAPH_FORMATS.items()}
# Other media types clients send for the same formats.
RESULT_ALIASES = {
    "application/json": "json", "text/javascript": "json", "application/javascript": "json",
    "application/xml": "xml", "text/xml": "xml",
}
GRAPH_ALIASES = {
    "application/x-turtle": "turtle", "application/json": "jsonld", "text/plain": "nt",
    "application/xml": "rdfxml", "text/xml": "rdfxml", "text/n-triples": "nt",
    "text/n3": "turtle", "text/rdf+n3": "turtle",  # Turtle is N3 too
}
# The `format` parameter: one name per format, and the pair (results, graph) it selects.
FORMAT_NAMES = {
    "json": ("json", "jsonld"), "srj": ("json", None),
    "xml": ("xml", "rdfxml"), "srx": ("xml", None),
    "csv": ("csv", None), "tsv": ("tsv", None),
    "turtle": (None, "turtle"), "ttl": (None, "turtle"), "n3": (None, "turtle"),
    "jsonld": (None, "jsonld"), "json-ld": (None, "jsonld"),
    "nt": (None, "nt"), "ntriples": (None, "nt"), "n-triples": (None, "nt"),
    "rdfxml": (None, "rdfxml"), "rdf": (None, "rdfxml"), "rdf+xml": (None, "rdfxml"),
}
CONTENT_TYPES = {token: media + ("; charset=utf-8" if media.startswith("text/") or token == "xml" else "")
                 for token, media in {**RESULT_TYPES, **GRAPH_TYPES}.items()}
EXTENSIONS = {token: f.file_extension for token, f in {**RESULTS_FORMATS, **GRAPH_FORMATS}.items()}

_TOKEN = re.compile(r"^[A-Za-z0-9!#$&^_.+*-]+/[A-Za-z0-9!#$&^_.+*-]+$")


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """Media ranges with their q-values, highest first; malformed entries are ignored."""
    if header is None or not header.strip():
        return [("*/*", 1.0)]
    ranges = []
    for position, part in enumerate(header.split(",")[:64]):
        pieces = [p.strip() for p in part.split(";")]
        media = pieces[0].lower()
        if not _TOKEN.match(media):
            continue
        q = 1.0
        for param in pieces[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value.strip())
                except ValueError:
                    q = -1.0
                if not 0.0 <= q <= 1.0:
                    q = -1.0
        if q >= 0:
            ranges.append((media, q, position))
    return [(m, q) for m, q, _ in sorted(ranges, key=lambda r: (-r[1], r[2]))]


def _quality(ranges, media_types: list[str]) -> float:
    """The q-value the client gives one of our offers (named by any of its media types):
    that of the most specific matching range."""
    best_specificity, best_q = -1, 0.0
    for media in media_types:
        main = media.split("/")[0]
        for rng, q in ranges:
            if rng == media:
                spec = 2
            elif rng == f"{main}/*":
                spec = 1
            elif rng == "*/*":
                spec = 0
            else:
                continue
            if spec > best_specificity or (spec == best_specificity and q > best_q):
                best_specificity, best_q = spec, q
    return best_q


def negotiate(ranges, offers: dict[str, str], aliases: dict[str, str]) -> str | None:
    """The offered format token the client prefers, None if nothing is acceptable (q=0 or no match)."""
    best, best_q = None, 0.0
    for token, media in offers.items():
        names = [media] + [a for a, t in aliases.items() if t == token]
        q = _quality(ranges, names)
        if q > best_q:
            best, best_q = token, q
    return best


def choose_formats(accept: str | None, fmt: str | None) -> tuple[str | None, str | None]:
    """(results format, graph format) for a query whose form is not known yet; a None means
    that kind of answer cannot be given in a form the client accepts."""
    if fmt:
        name = fmt.strip().lower()
        if name in FORMAT_NAMES:
            return FORMAT_NAMES[name]
        ranges = parse_accept(name) if "/" in name else []
        if not ranges:
            raise HttpError(400, f"unknown format {fmt[:40]!r}; use one of: "
                            + ", ".join(sorted(set(FORMAT_NAMES) - {"srj", "srx"})) + " (or a media type)")
    else:
        ranges = parse_accept(accept)
    return negotiate(ranges, RESULT_TYPES, RESULT_ALIASES), negotiate(ranges, GRAPH_TYPES, GRAPH_ALIASES)


def not_acceptable(kind: str) -> HttpError:
    offers = RESULT_TYPES if kind == "results" else GRAPH_TYPES
    return HttpError(406, f"none of the accepted media types fits this query's {kind}; available: "
                     + ", ".join(offers.values()))


# --- requests ------------------------------------------------------------------------------

DATASET_PARAMS = ("default-graph-uri", "named-graph-uri")
MAX_FIELDS = 200


@dataclass
class QueryRequest:
    query: str
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)
    fmt: str | None = None


def parse_params(text: str) -> list[tuple[str, str]]:
    try:
        return parse_qsl(text, keep_blank_values=True, errors="strict", max_num_fields=MAX_FIELDS)
    except UnicodeDecodeError:
        raise HttpError(400, "parameters are not valid UTF-8 once percent-decoded") from None
    except ValueError as exc:
        raise HttpError(400, f"malformed parameters: {exc}") from None


def _media_type(content_type: str | None) -> tuple[str, dict[str, str]]:
    if not content_type:
        return "", {}
    pieces = content_type.split(";")
    params = {}
    for p in pieces[1:]:
        name, _, value = p.partition("=")
        params[name.strip().lower()] = value.strip().strip('"').lower()
    return pieces[0].strip().lower(), params


def _check_charset(params: dict[str, str]) -> None:
    charset = params.get("charset")
    if charset and charset not in ("utf-8", "utf8", "us-ascii"):
        raise HttpError(415, f"charset {charset[:30]!r} is not supported; send the request in UTF-8")


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise HttpError(400, "the request body is not valid UTF-8") from None


_IRI_PARAM = re.compile(r"^[^\s<>\"{}|^`\\]+:[^\s<>\"{}|^`\\]*$")


def build_request(method: str, url_params: list[tuple[str, str]], content_type: str | None,
                  body: bytes) -> QueryRequest | None:
    """A query request from the three protocol operations; None for a GET with no query (the
    service description is then wanted). Refuses updates and malformed requests."""
    params = list(url_params)
    if method == "POST":
        media, ctparams = _media_type(content_type)
        if media == "application/x-www-form-urlencoded":
            _check_charset(ctparams)
            params += parse_params(_decode(body))
        elif media == "application/sparql-query":
            _check_charset(ctparams)
            if any(name == "query" for name, _ in params):
                raise HttpError(400, "a direct POST carries the query in its body, not also in a 'query' parameter")
            params.append(("query", _decode(body)))
        elif media == "application/sparql-update":
            raise HttpError(403, query_policy.READ_ONLY)
        elif not media:
            raise HttpError(415, "a POST needs a Content-Type: application/x-www-form-urlencoded "
                            "or application/sparql-query")
        else:
            raise HttpError(415, f"unsupported Content-Type {media[:60]!r}: use "
                            "application/x-www-form-urlencoded or application/sparql-query")
    elif method != "GET":
        raise HttpError(405, f"method {method} not allowed: query with GET or POST",
                        {"Allow": "GET, POST, HEAD"})
    names = [n for n, _ in params]
    if "update" in names or "using-graph-uri" in names or "using-named-graph-uri" in names:
        raise HttpError(403, query_policy.READ_ONLY)
    queries = [v for n, v in params if n == "query"]
    if len(queries) > 1:
        raise HttpError(400, "more than one 'query' parameter")
    if not queries:
        if method == "POST":
            raise HttpError(400, "no 'query' parameter in the request")
        return None
    text = queries[0]
    if not text.strip():
        raise HttpError(400, "the query is empty")
    request = QueryRequest(text)
    for name, value in params:
        if name in DATASET_PARAMS:
            if not _IRI_PARAM.match(value):
                raise HttpError(400, f"{name} must be an absolute IRI, not {value[:60]!r}")
            (request.default_graphs if name == "default-graph-uri" else request.named_graphs).append(value)
        elif name in ("format", "output", "results") and request.fmt is None and value:
            request.fmt = value
    try:
        query_policy.check(text)
    except query_policy.Refused as exc:
        raise HttpError(403, str(exc)) from None
    return request
