"""ARKG, the Albania–Russia Knowledge Graph: the library behind the ``arkg`` command.

>>> import arkg
>>> arkg.query("who-broke-relations").dicts()[0]["date"]
'1961-12'

The CLI mirrors these functions one to one (see the README).
"""

__version__ = "0.1.0"

# Submodules that share a name with an API function are loaded first, so that the functions
# assigned below stay the package's attributes (``arkg.sparql`` is the function; the module is
# ``importlib.import_module("arkg.sparql")`` or ``from arkg.sparql import …``).
from . import build as _build_module, export as _export_module  # noqa: E402,F401
from . import resolve as _resolve_module, sparql as _sparql_module  # noqa: E402,F401
from . import stats as _stats_module, store as _store_module  # noqa: E402,F401
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
