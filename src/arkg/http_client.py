"""The one HTTP client of the package, for SPARQL endpoints and Graph Store servers (the remote
mode, the Wikidata link check): the standard library's urllib, always with a timeout; every
failure is a :class:`~arkg.errors.QueryError` with a one-line message."""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request

from .errors import QueryError, UsageError


def check_url(url: str, option: str = "--endpoint") -> str:
    """The URL itself if it is an absolute http(s) URL, else a usage error naming the option."""
    parts = urllib.parse.urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError(f"{option} must be an http:// or https:// URL, not {url!r}")
    return url


def with_param(url: str, query: str) -> str:
    """The URL with ``query`` (already encoded) added to its query string."""
    return url + ("&" if urllib.parse.urlsplit(url).query else "?") + query


def send(method: str, url: str, body=None, headers: dict[str, str] | None = None,
         timeout: float = 60.0) -> tuple[str, bytes]:
    """Send one request; return (content type, body bytes); raise QueryError with a readable message."""
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.headers.get_content_type(), resp.read()
    except urllib.error.HTTPError as exc:
        detail = ""
        try:
            detail = exc.read(400).decode("utf-8", "replace").strip().splitlines()[0]
        except Exception:
            pass
        raise QueryError(f"{req.get_method()} {req.full_url}: the server answered {exc.code} {exc.reason}"
                         + (f": {detail}" if detail else "")) from None
    except urllib.error.URLError as exc:
        raise QueryError(f"cannot reach {req.full_url}: {exc.reason}") from None
    except (TimeoutError, OSError) as exc:
        raise QueryError(f"{req.get_method()} {req.full_url}: {exc or 'timed out'} (timeout {timeout:g} s)") from None
