"""A real SPARQL server on 127.0.0.1 (the oxigraph binary from PyPI) loaded with a small
Wikidata-shaped fixture written by the tests."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def oxigraph_binary() -> str:
    candidate = Path(sys.executable).parent / "oxigraph"
    found = str(candidate) if candidate.exists() else shutil.which("oxigraph")
    if not found:
        raise RuntimeError("the oxigraph server (PyPI package 'oxigraph') is not installed")
    return found


@contextmanager
def oxigraph_server(turtle: str):
    port = free_port()
    proc = subprocess.Popen([oxigraph_binary(), "serve", "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(base + "/query?query=ASK%7B%7D", timeout=1).read()
                break
            except OSError:
                time.sleep(0.05)
        else:
            raise RuntimeError("oxigraph server did not start")
        req = urllib.request.Request(base + "/store?default", data=turtle.encode(), method="POST",
                                     headers={"Content-Type": "text/turtle"})
        urllib.request.urlopen(req, timeout=30).read()
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)
