"""The real ``arkg serve`` in a subprocess, for the server tests.

``arkg_server`` runs with the default limits; ``strict_server`` with small ones (2 s timeout,
5 rows, 4 KiB requests) for the safety tests. Each starts once per test session on a free port
(``--port 0``: the server prints the URL it bound) and inherits the session's ARKG_CACHE_DIR, so it
serves the graph conftest.py built.
"""

from __future__ import annotations

import atexit
import http.client
import os
import subprocess
import sys
import tempfile
import threading
import time
from urllib.parse import urlencode, urlsplit

import pytest

_SERVERS: dict[str, "Server"] = {}
_LOCK = threading.Lock()


class Response:
    def __init__(self, status: int, headers, body: bytes):
        self.status = status
        self.headers = headers
        self.body = body

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    @property
    def content_type(self) -> str:
        return (self.headers.get("Content-Type") or "").split(";")[0].strip()

    def json(self):
        import json

        return json.loads(self.body)


class Server:
    def __init__(self, proc: subprocess.Popen, url: str, log_path: str):
        self.proc = proc
        self.url = url.rstrip("/")
        parts = urlsplit(self.url)
        self.host, self.port = parts.hostname, parts.port
        self.log_path = log_path

    def request(self, method: str, path: str, body: bytes | str | None = None, headers: dict | None = None,
                timeout: float = 30.0) -> Response:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        try:
            if isinstance(body, str):
                body = body.encode("utf-8")
            conn.request(method, path, body=body, headers=headers or {})
            resp = conn.getresponse()
            return Response(resp.status, resp.headers, resp.read())
        finally:
            conn.close()

    def get(self, path: str, params: dict | list | None = None, headers: dict | None = None, **kw) -> Response:
        if params:
            path += ("&" if "?" in path else "?") + urlencode(params, doseq=True)
        return self.request("GET", path, headers=headers, **kw)

    def sparql(self, query: str, accept: str = "application/sparql-results+json", headers: dict | None = None,
               **kw) -> Response:
        return self.request("POST", "/sparql", body=query, headers={"Content-Type": "application/sparql-query",
                                                                     "Accept": accept, **(headers or {})}, **kw)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def start_server(*args: str, workers: int = 2) -> Server:
    log = tempfile.NamedTemporaryFile(prefix="arkg-serve-", suffix=".log", delete=False)
    env = {**os.environ, "ARKG_SERVER_WORKERS": str(workers), "ARKG_SERVER_QUIET": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "arkg", "serve", "--port", "0", *args],
                            stdout=subprocess.PIPE, stderr=log, env=env, text=True)
    line: list[str] = []
    reader = threading.Thread(target=lambda: line.append(proc.stdout.readline()), daemon=True)
    reader.start()
    reader.join(120)
    if not line or "http://" not in line[0]:
        proc.kill()
        with open(log.name, encoding="utf-8", errors="replace") as fh:
            raise RuntimeError(f"arkg serve did not start: {line!r}\n{fh.read()[-3000:]}")
    url = line[0].split("http://", 1)[1].split()[0]
    server = Server(proc, "http://" + url, log.name)
    deadline = time.monotonic() + 60
    while True:
        try:
            if server.get("/sparql?query=ASK%7B%7D", timeout=5).status == 200:
                return server
        except OSError:
            pass
        if time.monotonic() > deadline:
            server.stop()
            raise RuntimeError("arkg serve never answered")
        time.sleep(0.2)


def _shared(name: str, *args: str) -> Server:
    with _LOCK:
        server = _SERVERS.get(name)
        if server is None or server.proc.poll() is not None:
            server = _SERVERS[name] = start_server(*args)
        return server


@atexit.register
def _stop_all() -> None:
    for server in _SERVERS.values():
        server.stop()


@pytest.fixture(scope="session")
def arkg_server(session_cache) -> Server:
    return _shared("default")


@pytest.fixture(scope="session")
def strict_server(session_cache) -> Server:
    return _shared("strict", "--timeout", "2", "--max-rows", "5", "--max-request-bytes", "4096")


CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "artifacts")


@pytest.fixture(scope="module")
def browser(chromium_executable):
    """Debian's headless Chromium driven by Playwright (never a downloaded browser), one per module."""
    from playwright.sync_api import sync_playwright

    os.makedirs(ARTIFACTS, exist_ok=True)
    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=chromium_executable, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def offline_context(browser, server, **kw):
    """A browser context that reaches only ``server``: anything else is recorded and refused (the
    pages must work with no internet). Returns (context, the refused URLs)."""
    context = browser.new_context(base_url=server.url, **kw)
    outside = []

    def guard(route):
        if route.request.url.startswith(server.url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    return context, outside


@pytest.fixture
def page(browser, arkg_server):
    """A desktop-sized page on the shared server; fails the test on a script error or on any
    request outside the server."""
    context, outside = offline_context(browser, arkg_server, viewport={"width": 1280, "height": 860})
    pg = context.new_page()
    errors = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    yield pg
    context.close()
    assert not outside, outside
    assert not errors, errors
