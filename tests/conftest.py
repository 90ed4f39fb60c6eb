"""Test set-up: one cache directory for the session, built once, never written by a test
(tests that damage a cache use their own directory).

Optional parts, each skipped with a one-line reason where it is missing:

- ``ARKG_SOURCES``: the folder holding the four source documents (``000_*.txt`` … ``003_*.txt``);
  tests that read them use the ``sources_dir`` fixture.
- ``ARKG_CHROMIUM`` (default ``/usr/bin/chromium``): Debian's Chromium for the browser tests
  (``chromium_executable`` fixture).

``ARKG_REQUIRE_ALL=1`` (set by ``.ci/run``) turns every skip into a failure, so nothing is skipped
where it counts.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SOURCE_PREFIXES = ("000", "001", "002", "003")


def require_all() -> bool:
    return os.environ.get("ARKG_REQUIRE_ALL", "") not in ("", "0")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.skipped and require_all() and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped, but ARKG_REQUIRE_ALL=1 forbids skips: {reason}"


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


@pytest.fixture(scope="session")
def sources_dir() -> Path:
    """The folder of the four source documents, from ``ARKG_SOURCES``; skip without it."""
    value = os.environ.get("ARKG_SOURCES")
    if not value:
        pytest.skip("ARKG_SOURCES is not set: the source documents are not part of the repository")
    folder = Path(value)
    found = {p.name[:3] for p in folder.glob("0??_*.txt")}
    missing = [p for p in SOURCE_PREFIXES if p not in found]
    if missing:
        pytest.fail(f"ARKG_SOURCES={value}: no {', '.join(m + '_*.txt' for m in missing)} there")
    return folder


def source_file(folder: Path, prefix: str) -> Path:
    """The one source document whose name starts with ``prefix`` (``"001"`` …)."""
    matches = sorted(folder.glob(f"{prefix}_*.txt"))
    if len(matches) != 1:
        pytest.fail(f"expected one {prefix}_*.txt in {folder}, found {len(matches)}")
    return matches[0]


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    """Debian's Chromium (``ARKG_CHROMIUM``, default /usr/bin/chromium); skip where it is absent."""
    path = os.environ.get("ARKG_CHROMIUM", "/usr/bin/chromium")
    if not os.access(path, os.X_OK):
        pytest.skip(f"{path} is missing: the browser tests need Debian's chromium (.ci/system/chromium.sh)")
    return path


@pytest.fixture
def run_cli():
    """Run the ``arkg`` command in process with click's test runner; return (exit code, stdout,
    stderr). The entry point itself runs in a real subprocess in ``run_cli_process``."""
    from click.testing import CliRunner

    from arkg.cli import main

    def run(*args, input=None, cwd=None, env=None):
        runner = CliRunner()
        old = os.getcwd()
        if cwd is not None:
            os.chdir(cwd)
        try:
            result = runner.invoke(main, list(args), input=input, env=env, catch_exceptions=False)
        finally:
            os.chdir(old)
        return result.exit_code, result.stdout, result.stderr

    return run


@pytest.fixture
def run_cli_process():
    """Run the real ``arkg`` entry point in a subprocess; return (exit code, stdout, stderr)."""

    def run(*args, input=None, cwd=None, env=None):
        proc = subprocess.run(
            [sys.executable, "-m", "arkg", *args],
            capture_output=True, text=True, input=input, cwd=cwd,
            env={**os.environ, **(env or {})}, timeout=300,
        )
        return proc.returncode, proc.stdout, proc.stderr

    return run
