"""Test set-up: one cache directory for the session, built once, never written by a test
(tests that damage a cache use their own directory)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session", autouse=True)
def session_cache(tmp_path_factory):
    cache = tmp_path_factory.mktemp("arkg-cache")
    old = os.environ.get("ARKG_CACHE_DIR")
    os.environ["ARKG_CACHE_DIR"] = str(cache)
    import arkg

    arkg.build()
    yield cache
    if old is None:
        os.environ.pop("ARKG_CACHE_DIR", None)
    else:
        os.environ["ARKG_CACHE_DIR"] = old


@pytest.fixture
def run_cli():
    """Run the real ``arkg`` entry point in a subprocess; return (exit code, stdout, stderr)."""

    def run(*args, input=None, cwd=None, env=None):
        proc = subprocess.run(
            [sys.executable, "-m", "arkg", *args],
            capture_output=True, text=True, input=input, cwd=cwd,
            env={**os.environ, **(env or {})}, timeout=300,
        )
        return proc.returncode, proc.stdout, proc.stderr

    return run
