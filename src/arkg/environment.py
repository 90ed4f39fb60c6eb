"""The environment variables ARKG reads, in one place: the README's table is generated from
this list, and a test checks that every ``ARKG_*`` name used in the code, tests, benchmarks and CI
script is listed here."""

from __future__ import annotations

from typing import NamedTuple


class Variable(NamedTuple):
    name: str
    scope: str
    meaning: str


VARIABLES = (
    Variable("ARKG_CACHE_DIR", "library, CLI, server",
             "where the build keeps its on-disk stores (default: the user's cache directory)"),
    Variable("ARKG_DATA", "library, CLI, server",
             "a directory of your own Turtle files to use instead of the shipped facts (as `--data DIR`)"),
    Variable("ARKG_DEBUG", "CLI", "set to 1 to show the traceback of an internal error (exit code 3)"),
    Variable("ARKG_SERVER_QUIET", "`arkg serve`", "set to 1 to silence the request log"),
    Variable("ARKG_SERVER_WORKERS", "`arkg serve`",
             "number of query worker processes (default: between 2 and 4, by CPU count)"),
    Variable("ARKG_SERVER_WORKER_MEMORY_MB", "`arkg serve`",
             "address-space limit of each query worker in MiB (default 2048; `--max-memory`)"),
    Variable("ARKG_SOURCES", "tests",
             "folder of the four source documents (`000_*.txt` … `003_*.txt`); the tests that read "
             "them are skipped without it"),
    Variable("ARKG_CHROMIUM", "tests",
             "Chromium executable for the browser tests (default `/usr/bin/chromium`); skipped if absent"),
    Variable("ARKG_REQUIRE_ALL", "tests",
             "set to 1 (as `.ci/run` does) to make every skipped test a failure"),
)


def names() -> set[str]:
    return {v.name for v in VARIABLES}
