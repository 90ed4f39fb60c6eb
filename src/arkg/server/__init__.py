"""``arkg serve``: a read-only SPARQL 1.1 endpoint at /sparql, a page per entity (/id/…,
/ontology/…), the ontology's documentation and a web UI: a Starlette application served by uvicorn.

Modules: :mod:`.app` (routes, errors, CORS, gzip), :mod:`.protocol` (SPARQL protocol requests and
content negotiation), :mod:`.execution` (bounded, fair query execution in a pebble process pool),
:mod:`.pages` (data for the Jinja2 templates in ``templates/``), :mod:`.timeline` and
:mod:`.ontology_doc`. Static files (our own JS and CSS, nothing from a CDN) are in ``static/``.
"""


def serve(host: str = "127.0.0.1", port: int = 8000, timeout: float = 10.0, max_rows: int = 10000,
          max_request_bytes: int = 65536, workers: int | None = None, max_memory_mb: int | None = None,
          data=None) -> None:
    """Serve until interrupted. ``port=0`` picks a free port; the URL is printed on stdout."""
    from .app import serve as _serve

    _serve(host=host, port=port, timeout=timeout, max_rows=max_rows,
           max_request_bytes=max_request_bytes, workers=workers, max_memory_mb=max_memory_mb, data=data)


__all__ = ["serve"]
