"""ARKG, the Albania–Russia Knowledge Graph: the library behind the ``arkg`` command.

>>> import arkg
>>> arkg.query("who-broke-relations").dicts()[0]["date"]
'1961-12'

The CLI mirrors these functions one to one (see the README). Every function takes ``data``: a
directory of the user's own Turtle files (see :mod:`arkg.dataset`) to use instead of the shipped
facts; by default ``$ARKG_DATA`` if set, else the shipped graph. Each function lives in the module
of its concept; no module shares a name with a function.
"""

__version__ = "0.2.0"

from .adhoc import sparql  # noqa: E402
from .canned import catalog as queries, query  # noqa: E402
from .exporter import export, graph  # noqa: E402
from .graph_stats import stats  # noqa: E402
from .pipeline import build  # noqa: E402
from .resolver import resolve  # noqa: E402
from .stores import open_store as store  # noqa: E402
from .validation import validate  # noqa: E402

__all__ = [
    "__version__", "build", "export", "graph", "queries", "query", "resolve", "sparql",
    "stats", "store", "validate",
]
