"""ARKG, the Albania–Russia Knowledge Graph: the library behind the ``arkg`` command.

>>> import arkg
>>> arkg.query("who-broke-relations").dicts()[0]["date"]
'1961-12'

The CLI mirrors these functions one to one (see the README).
"""

__version__ = "0.2.0"

# api imports the submodules that share a name with an API function (build, export, resolve,
# sparql, stats, store) before the names below are bound, so ``arkg.sparql`` stays the function;
# the module is ``from arkg.sparql import …``.
from .api import (  # noqa: E402
    build,
    export,
    graph,
    queries,
    query,
    resolve,
    sparql,
    stats,
    store,
    validate,
)

__all__ = [
    "__version__", "build", "export", "graph", "queries", "query", "resolve", "sparql",
    "stats", "store", "validate",
]
