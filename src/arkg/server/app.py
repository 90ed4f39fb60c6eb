"""The HTTP layer: a Starlette application served by uvicorn. Every error is a short text/plain
message (never a stack trace), except a 404 asked for by a browser, which is a page of the site;
CORS headers go on every answer to a cross-origin request, errors included; answers are gzipped
when the client accepts it.

URL map (each ARKG IRI dereferences under the same path on this server)::

    /sparql                  SPARQL 1.1 endpoint (GET, POST form, POST direct); service description on GET
    /id/{name}               arkr:{name}: HTML, Turtle, JSON-LD, N-Triples, RDF/XML
    /ontology                the ontology (ONTOLOGY_IRI): its documentation (or its RDF)
    /ontology/{term}         arkg:{term}: a class or property
    /query?query=…           query editor (runs the query it is given)   /queries   canned queries with forms
    /canned/{name}?p=v       a canned query's results (JSON, XML, CSV, TSV; a result page for browsers)
    /timeline                Albania–Soviet/Russian relations (?kind= ?participant= ?source= ?from= ?to=),
                             or ?query= / ?canned= for any query
    /api/search?q=text       entities by label, JSON (for autocomplete)     /search?q=text  the same as a page
    /api/complete?prefix=arkg&q=Vi   completions of arkg: terms and arkr: entities in the editor
    /api/labels              labels and types of ARKG IRIs, bounds and words of stated dates (POST a
                             JSON list), for results tables
    /static/…                our own JS and CSS
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from . import protocol
from ..pipeline import GRAPH_IRI
from .execution import Executor, Failed
from .protocol import HttpError

STATIC = Path(__file__).resolve().parent / "static"
EXPOSED = ["Content-Disposition", "Retry-After", "X-ARKG-Max-Rows", "X-ARKG-Timeout"]


class Config:
    def __init__(self, timeout: float, max_rows: int, max_request_bytes: int):
        self.timeout, self.max_rows, self.max_request_bytes = timeout, max_rows, max_request_bytes


def error_response(status: int, message: str, headers: dict | None = None) -> Response:
    headers = dict(headers or {})
    if status == 503:
        headers.setdefault("Retry-After", "1")
    return PlainTextResponse(f"error {status}: {message}\n", status, headers)


_SITE = None  # the Site of the running app: 404 pages for browsers


def wants_html(request: Request) -> bool:
    ranges = protocol.parse_accept(request.headers.get("accept"))
    return "text/html" in (request.headers.get("accept") or "").lower() and \
        protocol._quality(ranges, ["text/html"]) > protocol._quality(ranges, ["application/sparql-results+json"])


def error_for(request: Request, status: int, message: str, headers: dict | None = None) -> Response:
    """A short text/plain error; a 404 asked for by a browser is a page of the site."""
    if status == 404 and _SITE is not None and wants_html(request):
        return HTMLResponse(_SITE.not_found(request.url.path[:200], message), 404, headers)
    return error_response(status, message, headers)


async def _http_error(request, exc):
    if isinstance(exc, HttpError):
        return error_for(request, exc.status, exc.message, exc.headers)
    messages = {404: f"nothing at {request.url.path[:200]}; see / for what this server offers",
                405: f"method {request.method[:20]} not allowed here"}
    return error_for(request, exc.status_code, messages.get(exc.status_code, str(exc.detail)), exc.headers)


def _gone(request: Request) -> asyncio.Task:
    """A task that ends when the client disconnects (uvicorn reports it as http.disconnect)."""
    async def watch():
        while (await request.receive())["type"] != "http.disconnect":
            pass
    return asyncio.ensure_future(watch())


class Endpoint:
    """The routes, over one executor (user queries) and one site (pages, read from the server's store)."""

    def __init__(self, config: Config, executor: Executor, site):
        self.config, self.executor, self.site = config, executor, site

    async def run(self, request: Request, job: dict) -> tuple[bytes, str]:
        gone = _gone(request)
        try:
            return await self.executor.run(job, request.client.host if request.client else "?", gone)
        except Failed as exc:
            raise HttpError(exc.status, exc.message) from None
        finally:
            gone.cancel()

    async def body(self, request: Request) -> bytes:
        limit = self.config.max_request_bytes
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise HttpError(413, f"the request body is {declared} bytes; the limit is {limit}")
        chunks, size = [], 0
        async for chunk in request.stream():  # Content-Length or chunked, uvicorn decodes both
            size += len(chunk)
            if size > limit:
                raise HttpError(413, f"the request body is more than {limit} bytes; the limit is {limit}")
            chunks.append(chunk)
        return b"".join(chunks)

    def headers(self, fmt: str, extra: dict | None = None) -> dict:
        return {"Content-Type": protocol.CONTENT_TYPES[fmt], "Vary": "Accept", **(extra or {})}

    def base(self, request: Request) -> str:
        host = request.headers.get("host", "")
        if not host or len(host) > 200 or not all(c.isalnum() or c in ".-:[]" for c in host):
            host = "%s:%d" % (request.url.hostname or "127.0.0.1", request.url.port or 80)
        return f"http://{host}"

    # --- SPARQL endpoint ---------------------------------------------------------------------

    async def sparql(self, request: Request) -> Response:
        if request.method == "OPTIONS":
            return Response(status_code=204, headers={"Allow": "GET, POST, HEAD, OPTIONS"})
        if len(request.url.query) > self.config.max_request_bytes:
            raise HttpError(413, f"the request URL is longer than {self.config.max_request_bytes} bytes")
        body = await self.body(request) if request.method == "POST" else b""
        method = "GET" if request.method == "HEAD" else request.method
        params = protocol.parse_params(request.url.query)
        query = protocol.build_request(method, params, request.headers.get("content-type"), body)
        if query is None:
            return await self.service_description(request)
        results_fmt, graph_fmt = protocol.choose_formats(request.headers.get("accept"), query.fmt)
        if results_fmt is None and graph_fmt is None:
            raise HttpError(406, "none of the accepted media types is one this endpoint produces; available: "
                            + ", ".join([*protocol.RESULT_TYPES.values(), *protocol.GRAPH_TYPES.values()]))
        data, fmt = await self.run(request, {
            "op": "sparql", "query": query.query, "default_graphs": query.default_graphs,
            "named_graphs": query.named_graphs, "results_fmt": results_fmt, "graph_fmt": graph_fmt,
            "base_iri": self.base(request) + "/sparql"})
        extra = {}
        if query.fmt:  # a download link: a file name with the format's extension
            extra["Content-Disposition"] = f'attachment; filename="arkg-query.{protocol.EXTENSIONS[fmt]}"'
        return Response(data, headers=self.headers(fmt, extra))

    async def service_description(self, request: Request) -> Response:
        ranges = protocol.parse_accept(request.headers.get("accept"))
        endpoint = self.base(request) + "/sparql"
        if protocol._quality(ranges, ["text/html"]) > protocol._quality(ranges, ["text/turtle"]):
            return HTMLResponse(self.site.endpoint_page(endpoint, self.config))
        fmt = protocol.negotiate(ranges, protocol.GRAPH_TYPES, protocol.GRAPH_ALIASES)
        if fmt is None:
            raise protocol.not_acceptable("graph")
        data = self.site.service_description(endpoint, fmt, GRAPH_IRI, self.config)
        return Response(data, headers=self.headers(fmt))

    async def canned(self, request: Request) -> Response:
        name = request.path_params["name"]
        params, fmt, page = {}, None, {}
        for key, value in protocol.parse_params(request.url.query):
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
        if fmt is None and wants_html(request):  # a browser: the result page (form filled in, table)
            page = await run_in_threadpool(self.site.canned_page, name, params)
            if page is None:
                raise HttpError(404, f"no canned query {name[:100]!r}; see /queries")
            return HTMLResponse(page, headers={"Vary": "Accept"})
        results_fmt, _ = protocol.choose_formats(request.headers.get("accept"), fmt)
        if results_fmt is None:
            raise protocol.not_acceptable("results")
        data, fmt_out = await self.run(request, {"op": "canned", "name": name, "params": params,
                                                 "results_fmt": results_fmt, "graph_fmt": None, **page})
        extra = {}
        if fmt:
            safe = "".join(c for c in name if c.isalnum() or c in "-_")
            extra["Content-Disposition"] = f'attachment; filename="{safe}.{protocol.EXTENSIONS[fmt_out]}"'
        return Response(data, headers=self.headers(fmt_out, extra))

    # --- pages and linked data -----------------------------------------------------------------

    async def page(self, request: Request) -> Response:
        name = request.url.path.strip("/") or "home"
        params = dict(protocol.parse_params(request.url.query))
        if name == "timeline" and (params.get("query") or params.get("canned")):
            data = await self.timeline_rows(request, params)
            return HTMLResponse(await run_in_threadpool(self.site.timeline_page, params, data))
        render = {"home": self.site.home, "queries": self.site.gallery,
                  "query": lambda: self.site.query_page(params),
                  "timeline": lambda: self.site.timeline_page(params, None)}[name]
        return HTMLResponse(await run_in_threadpool(render))

    async def timeline_rows(self, request: Request, params: dict) -> dict:
        if params.get("query"):
            job = {"op": "sparql", "query": params["query"], "default_graphs": [], "named_graphs": []}
        else:
            values = {k: v for k, v in params.items() if k not in ("canned", "from", "to") and v.strip()}
            job = {"op": "canned", "name": params["canned"], "params": values}
        data, _ = await self.run(request, {**job, "results_fmt": "json", "graph_fmt": None})
        parsed = json.loads(data)
        if "results" not in parsed:
            raise HttpError(400, "a timeline needs a SELECT query with a date column")
        return parsed

    async def search(self, request: Request) -> Response:
        found = await run_in_threadpool(self.site.search, request.query_params.get("q", ""))
        return JSONResponse(found)

    async def complete(self, request: Request) -> Response:
        params = request.query_params
        return JSONResponse(await run_in_threadpool(self.site.complete, params.get("prefix", ""), params.get("q", "")[:200]))

    async def search_page(self, request: Request) -> Response:
        return HTMLResponse(await run_in_threadpool(self.site.search_page, request.query_params.get("q", "")[:200]))

    async def labels(self, request: Request) -> Response:
        """Labels and types of ARKG IRIs (POST, a JSON list), for results tables."""
        try:
            iris = json.loads(await self.body(request))
        except ValueError:
            raise HttpError(400, "send a JSON list of IRIs") from None
        if not isinstance(iris, list) or not all(isinstance(i, str) for i in iris):
            raise HttpError(400, "send a JSON list of IRIs")
        return JSONResponse(await run_in_threadpool(self.site.labels, iris))

    async def resource(self, request: Request) -> Response:
        path = request.url.path
        doc = path.rstrip("/") == "/ontology"
        iri = self.site.ontology_iri if doc else self.site.iri_of(path)
        fmt = request.query_params.get("format")
        offers = {"html": "text/html", **protocol.GRAPH_TYPES}
        if fmt:
            chosen = "html" if fmt.lower() == "html" else (protocol.FORMAT_NAMES.get(fmt.lower()) or (None, None))[1]
            if chosen is None:
                raise HttpError(400, f"unknown format {fmt[:40]!r}; use html, {', '.join(protocol.GRAPH_TYPES)}")
        else:
            ranges = protocol.parse_accept(request.headers.get("accept"))
            chosen = protocol.negotiate(ranges, offers, {**protocol.GRAPH_ALIASES, "application/xhtml+xml": "html"})
            if chosen is None:
                raise HttpError(406, "available: " + ", ".join(offers.values()))
        if chosen == "html":
            page = self.site.ontology_page() if doc else await run_in_threadpool(self.site.entity_page, iri)
            if page is None:
                raise HttpError(404, f"no entity {iri} in the graph")
            return HTMLResponse(page, headers={"Vary": "Accept"})
        data = await run_in_threadpool(self.site.describe, iri, chosen, doc)
        if data is None:
            raise HttpError(404, f"no entity {iri} in the graph")
        return Response(data, headers={"Content-Type": protocol.CONTENT_TYPES[chosen], "Vary": "Accept"})


def guarded(handler, limits: dict | None = None):
    """Errors become short plain-text answers inside the middleware (so they carry CORS headers);
    a client that left mid-request gets nothing and leaves no trace in the log. ``limits``: headers
    every answer carries, errors included."""
    async def endpoint(request: Request) -> Response:
        try:
            response = await handler(request)
        except HttpError as exc:
            response = error_for(request, exc.status, exc.message, exc.headers)
        except (ClientDisconnect, asyncio.CancelledError):
            return Response(status_code=499)
        except Exception as exc:  # a bug: tell the client briefly, log one line
            import sys
            print(f"arkg serve: internal error on {request.url.path[:200]}: {type(exc).__name__}: {exc}", file=sys.stderr)
            response = error_response(500, f"internal error ({type(exc).__name__})")
        response.headers.update(limits or {})
        return response
    return endpoint


def create_app(config: Config, executor: Executor, site) -> Starlette:
    global _SITE
    _SITE = site
    ep = Endpoint(config, executor, site)
    limits = {"X-ARKG-Max-Rows": str(config.max_rows), "X-ARKG-Timeout": f"{config.timeout:g}"}
    pages = ["/", "/query", "/queries", "/timeline"]
    routes = [
        Route("/sparql", guarded(ep.sparql, limits), methods=["GET", "HEAD", "POST", "OPTIONS"]),
        Route("/sparql/", guarded(ep.sparql, limits), methods=["GET", "HEAD", "POST", "OPTIONS"]),
        *[Route(p, guarded(ep.page), methods=["GET"]) for p in pages],
        Route("/api/search", guarded(ep.search), methods=["GET"]),
        Route("/api/labels", guarded(ep.labels), methods=["POST"]),
        Route("/api/complete", guarded(ep.complete), methods=["GET"]),
        Route("/search", guarded(ep.search_page), methods=["GET"]),
        Route("/canned/{name:path}", guarded(ep.canned, limits), methods=["GET"]),
        Route("/ontology", guarded(ep.resource), methods=["GET"]),
        Route("/ontology/", guarded(ep.resource), methods=["GET"]),
        Route("/ontology/{term:path}", guarded(ep.resource), methods=["GET"]),
        Route("/id/{name:path}", guarded(ep.resource), methods=["GET"]),
        Route("/favicon.ico", lambda request: Response((STATIC / "favicon.svg").read_bytes(), media_type="image/svg+xml")),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    middleware = [
        Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST", "HEAD", "OPTIONS"],
                   allow_headers=["*"], expose_headers=EXPOSED, max_age=600),
        Middleware(GZipMiddleware, minimum_size=1024),
    ]
    return Starlette(routes=routes, middleware=middleware,
                     exception_handlers={HttpError: _http_error, HTTPException: _http_error})


def serve(host: str, port: int, timeout: float, max_rows: int, max_request_bytes: int,
          workers: int | None = None, max_memory_mb: int | None = None, data=None) -> None:
    import copy
    import os
    import socket
    import sys
    import time

    import uvicorn

    from ..pipeline import build, endpoint_store
    from .pages import Site

    if timeout <= 0 or max_rows <= 0 or max_request_bytes <= 0:
        raise SystemExit("arkg serve: --timeout, --max-rows and --max-request-bytes must be positive")
    quiet = bool(os.environ.get("ARKG_SERVER_QUIET"))
    info = build(data=data)
    size = workers or int(os.environ.get("ARKG_SERVER_WORKERS") or 0) or max(2, min(4, os.cpu_count() or 2))
    memory = max_memory_mb or int(os.environ.get("ARKG_SERVER_WORKER_MEMORY_MB") or 2048)
    started = time.perf_counter()
    executor = Executor(size, timeout, max_rows, memory, endpoint_store(info))
    try:
        isolated = executor.warm_up()
        app = create_app(Config(timeout, max_rows, max_request_bytes), executor, Site(info))
        # IPPROTO_TCP explicitly: asyncio sets TCP_NODELAY on accepted connections only then
        # (without it, Nagle's algorithm holds each response body back ~40 ms on keep-alive).
        sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
        bound_host, bound_port = sock.getsockname()[:2]
        print(f"arkg serve: {size} query workers (+1 spare) ready in {time.perf_counter() - started:.1f} s "
              f"(network {'isolated' if isolated else 'not isolated: SERVICE refused by the policy'}); timeout {timeout:g} s, "
              f"max rows {max_rows}, max request {max_request_bytes} bytes, {memory} MiB per worker, "
              f"{executor.per_client} worker(s) per client", file=sys.stderr)
        print(f"ARKG serving on http://{bound_host}:{bound_port}/ (SPARQL endpoint: /sparql)", flush=True)
        logging = copy.deepcopy(uvicorn.config.LOGGING_CONFIG)  # the access log on stderr too: stdout is the URL
        logging["handlers"]["access"]["stream"] = "ext://sys.stderr"
        server = uvicorn.Server(uvicorn.Config(app, log_level="warning" if quiet else "info", access_log=not quiet,
                                               log_config=logging,
                                               server_header=False, timeout_graceful_shutdown=3,
                                               h11_max_incomplete_event_size=max(16384, max_request_bytes + 8192)))
        server.run(sockets=[sock])
    finally:
        executor.close()
