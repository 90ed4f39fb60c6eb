"""``arkg serve``: a read-only SPARQL 1.1 endpoint at /sparql, a page per entity (/id/…,
/ontology/…), the ontology's documentation and a web UI, on the standard library's HTTP server.

Modules: :mod:`.protocol` (requests and content negotiation), :mod:`.formats` (answers in every
format), :mod:`.workers` (bounded execution in killable worker processes), :mod:`.pages` (HTML),
:mod:`.timeline` (SVG timelines), :mod:`.ontology_doc` (the ontology's documentation),
:mod:`.app` (routing). Static files (our own JS and CSS, nothing from a CDN) are in ``static/``.
"""


def serve(host: str = "127.0.0.1", port: int = 8000, timeout: float = 10.0, max_rows: int = 10000,
          max_request_bytes: int = 65536, workers: int | None = None, data=None) -> None:
    """Serve until interrupted. ``port=0`` picks a free port; the URL is printed on stdout."""
    from .app import serve as _serve

    _serve(host=host, port=port, timeout=timeout, max_rows=max_rows,
           max_request_bytes=max_request_bytes, workers=workers, data=data)


__all__ = ["serve"]
