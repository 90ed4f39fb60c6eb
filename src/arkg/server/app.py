"""The HTTP server: routing, limits and error handling around the protocol, the worker pool and
the pages. Every error is a short text/plain message; no stack trace ever reaches a client.

URL map (each ARKG IRI dereferences under the same path on this server)::

    /sparql                  SPARQL 1.1 endpoint (GET, POST form, POST direct); service description on GET
    /id/{name}               https://w3id.org/arkg/id/{name}: HTML, Turtle, JSON-LD, N-Triples, RDF/XML
    /ontology                https://w3id.org/arkg/ontology: the ontology's documentation (or its RDF)
    /ontology/{term}         https://w3id.org/arkg/ontology/{term}: a class or property
    /query                   query editor           /queries      canned queries with forms
    /canned/{name}?p=v       a canned query's results (JSON, XML, CSV, TSV)
    /timeline                Albania–Soviet/Russian relations (or ?query= / ?canned= for any query)
    /api/search?q=text       entities by label, JSON (for autocomplete)
    /static/…                our own JS and CSS
"""

from __future__ import annotations

import json
import mimetypes
import os
import signal
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from . import protocol
from .protocol import HttpError
from .workers import GRAPH_IRI, Busy, Pool, TimedOut, WorkerLost

STATIC = Path(__file__).resolve().parent / "static"
SERVER_NAME = "arkg"


class Config:
    def __init__(self, timeout: float, max_rows: int, max_request_bytes: int):
        self.timeout = timeout
        self.max_rows = max_rows
        self.max_request_bytes = max_request_bytes


class ArkgServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, address, config: Config, pool: Pool, site):
        self.config = config
        self.pool = pool
        self.site = site
        super().__init__(address, Handler)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = SERVER_NAME
    sys_version = ""
    timeout = 60  # idle keep-alive connections are closed
    error_content_type = "text/plain; charset=utf-8"
    error_message_format = "error %(code)d: %(message)s\n"

    # --- plumbing -------------------------------------------------------------------------

    def setup(self):
        super().setup()
        try:  # headers and body go out in separate writes: without this, Nagle adds ~40 ms
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:
            pass

    def log_message(self, fmt, *args):  # concise access log on stderr
        if os.environ.get("ARKG_SERVER_QUIET"):
            return
        sys.stderr.write("%s %s\n" % (self.address_string(), fmt % args))

    def send_error(self, code, message=None, explain=None):
        """Errors raised by http.server itself (bad request line, oversized headers): plain text."""
        try:
            short = message or self.responses.get(code, ("error",))[0]
            self.close_connection = True
            self._send(code, f"error {code}: {short}\n".encode("utf-8", "replace"),
                       "text/plain; charset=utf-8")
        except OSError:
            pass

    def _send(self, status: int, body: bytes, content_type: str, headers: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _fail(self, exc: HttpError) -> None:
        headers = dict(exc.headers)
        if exc.status in (503,):
            headers.setdefault("Retry-After", "1")
        self._send(exc.status, (f"error {exc.status}: {exc.message}\n").encode("utf-8", "replace"),
                   "text/plain; charset=utf-8", headers)

    def _body(self) -> bytes:
        if self.headers.get("Transfer-Encoding"):
            self.close_connection = True
            raise HttpError(411, "send the request body with a Content-Length (chunked bodies are not supported)")
        raw = self.headers.get("Content-Length")
        if raw is None:
            if self.command == "POST":
                self.close_connection = True
                raise HttpError(411, "a POST needs a Content-Length")
            return b""
        try:
            length = int(raw.strip())
            if length < 0:
                raise ValueError
        except ValueError:
            self.close_connection = True
            raise HttpError(400, "Content-Length is not a number") from None
        if length > self.server.config.max_request_bytes:
            self.close_connection = True
            raise HttpError(413, f"the request body is {length} bytes; the limit is "
                            f"{self.server.config.max_request_bytes}")
        body = self.rfile.read(length)
        if len(body) != length:
            self.close_connection = True
            raise HttpError(400, "the request body is shorter than its Content-Length")
        return body

    def _dispatch(self) -> None:
        try:
            if len(self.path) > self.server.config.max_request_bytes:
                self.close_connection = True
                raise HttpError(413, f"the request URL is longer than {self.server.config.max_request_bytes} bytes")
            body = self._body() if self.command in ("POST", "PUT", "PATCH", "DELETE") else b""
            self._route(body)
        except HttpError as exc:
            self._fail(exc)
        except (BrokenPipeError, ConnectionResetError, socket.timeout):
            self.close_connection = True
        except Exception as exc:  # a bug: log it, tell the client briefly
            self.log_error("internal error: %s: %s", type(exc).__name__, exc)
            try:
                self._fail(HttpError(500, f"internal error ({type(exc).__name__})"))
            except OSError:
                pass

    do_GET = do_POST = do_HEAD = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = lambda self: self._dispatch()

    # --- routing ----------------------------------------------------------------------------

    def _route(self, body: bytes) -> None:
        parts = urlsplit(self.path)
        path = parts.path
        url_params = protocol.parse_params(parts.query)
        site = self.server.site
        if path in ("/sparql", "/sparql/"):
            return self._sparql(url_params, body)
        if self.command not in ("GET", "HEAD"):
            raise HttpError(405, f"method {self.command} not allowed here", {"Allow": "GET, HEAD"})
        if path.startswith("/static/"):
            return self._static(path[len("/static/"):])
        params = dict(url_params)
        if path == "/":
            return self._html(site.home())
        if path == "/query":
            return self._html(site.query_page(params))
        if path == "/queries":
            return self._html(site.gallery())
        if path == "/timeline":
            return self._html(site.timeline_page(params, self._run_job))
        if path == "/api/search":
            return self._send(200, json.dumps(site.search(params.get("q", "")), ensure_ascii=False).encode(),
                              "application/json")
        if path.startswith("/canned/"):
            return self._canned(unquote(path[len("/canned/"):]), url_params)
        if path in ("/ontology", "/ontology/"):
            return self._resource(site.ontology_iri, params, doc=True)
        for local_prefix, iri_prefix in site.mapping:
            if path.startswith(local_prefix) and len(path) > len(local_prefix):
                return self._resource(iri_prefix + unquote(path[len(local_prefix):]), params)
        if path == "/favicon.ico":
            return self._static("favicon.svg")
        raise HttpError(404, f"nothing at {path[:200]}; see / for what this server offers")

    def _html(self, page: str, status: int = 200) -> None:
        self._send(status, page.encode("utf-8"), "text/html; charset=utf-8")

    def _static(self, name: str) -> None:
        target = (STATIC / name).resolve()
        if STATIC.resolve() not in target.parents or not target.is_file():
            raise HttpError(404, "no such static file")
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind in ("application/javascript", "image/svg+xml"):
            kind += "; charset=utf-8"
        self._send(200, target.read_bytes(), kind, {"Cache-Control": "max-age=300"})

    def _run_job(self, job: dict) -> dict:
        config = self.server.config
        job.setdefault("max_rows", config.max_rows)
        try:
            return self.server.pool.run(job, config.timeout)
        except TimedOut:
            raise HttpError(503, f"the query ran longer than the {config.timeout:g} s limit and was "
                            "stopped; make it more selective (add LIMIT, bind more variables)") from None
        except Busy:
            raise HttpError(503, f"the server is busy: no query worker became free within "
                            f"{config.timeout:g} s; try again shortly") from None
        except WorkerLost:
            raise HttpError(503, "the query worker stopped while running the query (too large?); "
                            "it has been replaced") from None

    def _reply(self, result: dict, extra_headers: dict | None = None) -> None:
        status = result["status"]
        if status == 406:
            raise protocol.not_acceptable(result["message"])
        if status != 200:
            raise HttpError(status, result["message"])
        headers = {"Vary": "Accept", "Access-Control-Allow-Origin": "*", **result.get("headers", {}),
                   **(extra_headers or {})}
        self._send(200, result["body"], result["type"], headers)

    # --- SPARQL endpoint ----------------------------------------------------------------------

    def _sparql(self, url_params, body: bytes) -> None:
        if self.command == "OPTIONS":
            return self._send(204, b"", "text/plain", {
                "Allow": "GET, POST, HEAD, OPTIONS", "Access-Control-Allow-Origin": "*",
                "Access-Control-Allow-Methods": "GET, POST", "Access-Control-Allow-Headers": "Content-Type, Accept"})
        method = "GET" if self.command == "HEAD" else self.command
        request = protocol.build_request(method, url_params, self.headers.get("Content-Type"), body)
        if request is None:
            return self._service_description()
        results_fmt, graph_fmt = protocol.choose_formats(self.headers.get("Accept"), request.fmt)
        if results_fmt is None and graph_fmt is None:
            raise HttpError(406, "none of the accepted media types is one this endpoint produces; "
                            "available: " + ", ".join([*protocol.RESULT_TYPES.values(), *protocol.GRAPH_TYPES.values()]))
        job = {"op": "sparql", "query": request.query, "default_graphs": request.default_graphs,
               "named_graphs": request.named_graphs, "results_fmt": results_fmt, "graph_fmt": graph_fmt,
               "base_iri": self._base() + "/sparql"}
        self._reply(self._run_job(job))

    def _base(self) -> str:
        host = self.headers.get("Host", "")
        if not host or not all(c.isalnum() or c in ".-:[]" for c in host) or len(host) > 200:
            host = "%s:%d" % self.server.server_address[:2]
        return f"http://{host}"

    def _service_description(self) -> None:
        site = self.server.site
        accept = self.headers.get("Accept")
        ranges = protocol.parse_accept(accept)
        if protocol._quality(ranges, ["text/html"]) > protocol._quality(ranges, ["text/turtle"]):
            return self._html(site.endpoint_page(self._base() + "/sparql"))
        fmt = protocol.negotiate(ranges, protocol.GRAPH_TYPES, protocol.GRAPH_ALIASES)
        if fmt is None:
            raise protocol.not_acceptable("graph")
        data = site.service_description(self._base() + "/sparql", fmt, GRAPH_IRI, self.server.config)
        self._send(200, data, protocol.CONTENT_TYPES[fmt], {"Vary": "Accept", "Access-Control-Allow-Origin": "*"})

    def _canned(self, name: str, url_params) -> None:
        params = {}
        fmt = None
        page = {}
        for key, value in url_params:
            if key in ("format", "output"):
                fmt = fmt or value
            elif key in ("limit", "offset"):  # a page of the answer
                if key in page or not value.isdigit():
                    raise HttpError(400, f"{key} must be given once, as a whole number")
                page[key] = int(value)
            elif key in params:
                raise HttpError(400, f"parameter {key!r} given twice")
            elif value.strip():
                params[key] = value
        results_fmt, _ = protocol.choose_formats(self.headers.get("Accept"), fmt)
        if results_fmt is None:
            raise protocol.not_acceptable("results")
        result = self._run_job({"op": "canned", "name": name, "params": params, "results_fmt": results_fmt,
                                  **page})
        headers = {}
        if fmt:
            headers["Content-Disposition"] = (f'inline; filename="{"".join(c for c in name if c.isalnum() or c in "-_")}'
                                              f'.{protocol.EXTENSIONS[results_fmt]}"')
        self._reply(result, headers)

    # --- linked data ----------------------------------------------------------------------------

    def _resource(self, iri: str, params: dict, doc: bool = False) -> None:
        site = self.server.site
        fmt = params.get("format")
        offers = {"html": "text/html", **protocol.GRAPH_TYPES}
        if fmt:
            name = fmt.lower()
            chosen = "html" if name == "html" else (protocol.FORMAT_NAMES.get(name) or (None, None))[1]
            if chosen is None:
                raise HttpError(400, f"unknown format {fmt[:40]!r}; use html, turtle, jsonld, nt or rdfxml")
        else:
            ranges = protocol.parse_accept(self.headers.get("Accept"))
            chosen = protocol.negotiate(ranges, offers, {**protocol.GRAPH_ALIASES, "application/xhtml+xml": "html"})
            if chosen is None:
                raise HttpError(406, "available: " + ", ".join(offers.values()))
        if chosen == "html":
            page = site.ontology_page() if doc else site.entity_page(iri)
            if page is None:
                raise HttpError(404, f"no entity {iri} in the graph")
            return self._send(200, page.encode("utf-8"), "text/html; charset=utf-8", {"Vary": "Accept"})
        data = site.describe(iri, chosen, whole_ontology=doc)
        if data is None:
            raise HttpError(404, f"no entity {iri} in the graph")
        self._send(200, data, protocol.CONTENT_TYPES[chosen], {"Vary": "Accept", "Access-Control-Allow-Origin": "*"})


def serve(host: str, port: int, timeout: float, max_rows: int, max_request_bytes: int,
          workers: int | None = None, data=None) -> None:
    from ..build import build
    from .pages import Site

    if timeout <= 0 or max_rows <= 0 or max_request_bytes <= 0:
        raise SystemExit("arkg serve: --timeout, --max-rows and --max-request-bytes must be positive")
    info = build(data=data)
    size = workers or int(os.environ.get("ARKG_SERVER_WORKERS") or 0) or max(2, min(4, os.cpu_count() or 2))
    log = lambda msg: sys.stderr.write(f"arkg serve: {msg}\n")  # noqa: E731
    started = time.perf_counter()
    from ..build import endpoint_store

    pool = Pool(str(endpoint_store(info)), size, log=log)
    site = Site(info)
    server = ArkgServer((host, port), Config(timeout, max_rows, max_request_bytes), pool, site)
    bound_host, bound_port = server.server_address[:2]
    log(f"{size} query workers ready in {time.perf_counter() - started:.1f} s "
        f"(network {'isolated' if pool.isolated else 'not isolated: SERVICE refused by analysis'}); "
        f"timeout {timeout:g} s, max rows {max_rows}, max request {max_request_bytes} bytes")
    print(f"ARKG serving on http://{bound_host}:{bound_port}/ (SPARQL endpoint: /sparql)", flush=True)

    def stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        server.serve_forever(poll_interval=0.25)
    except KeyboardInterrupt:
        pass
    finally:
        threading.Thread(target=server.shutdown, daemon=True).start()
        server.server_close()
        pool.close()
