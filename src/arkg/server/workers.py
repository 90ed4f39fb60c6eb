"""Bounded query execution: a pool of worker processes, each with its own copy of the store
loaded from the build cache.

pyoxigraph cannot interrupt a running query from another thread, so a query that runs past the
timeout is stopped the only sure way: its worker process is killed, the client gets a 503, and a
fresh worker takes its place in the background. The other workers keep answering meanwhile.

Each worker also drops its network access when the kernel allows it (a private network
namespace): even a query that slipped past the SERVICE refusal could not reach anything.

Run as ``python -m arkg.server.workers FD NT_PATH``: FD is the worker's end of a socket pair.
"""

from __future__ import annotations

import ctypes
import os
import queue
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection

# The store's graph is also available under this name, so that default-graph-uri and
# named-graph-uri can select it (any other graph name selects an empty graph: nothing is fetched).
from ..build import GRAPH_IRI  # noqa: E402

CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000


class Busy(Exception):
    """No worker became free before the request's deadline."""


class TimedOut(Exception):
    """The query ran past the timeout; its worker was killed."""


class WorkerLost(Exception):
    """The worker died while running the query (for example out of memory)."""


# --- the worker process ---------------------------------------------------------------------


def _drop_network() -> bool:
    """Move this process into an empty network namespace, if the kernel lets us."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return False
    for flags in (CLONE_NEWNET, CLONE_NEWUSER | CLONE_NEWNET):
        try:
            if libc.unshare(flags) == 0:
                return True
        except (AttributeError, OSError):
            return False
    return False


def _load(store_path: str):
    """The endpoint's on-disk store (:func:`arkg.build.endpoint_store`: the reasoned graph as the
    default graph and as the named graph GRAPH_IRI), opened read-only: nothing is loaded."""
    from ..store import open_path

    return open_path(store_path)


def _error(status: int, message: str) -> dict:
    return {"status": status, "message": message}


def _answer(fmt: str, body: bytes, truncated: bool, max_rows: int) -> dict:
    from .protocol import CONTENT_TYPES

    headers = {"X-ARKG-Truncated": f"true; max-rows={max_rows}"} if truncated else {}
    return {"status": 200, "type": CONTENT_TYPES[fmt], "body": body, "headers": headers, "fmt": fmt}


def run_sparql(store, job: dict) -> dict:
    import pyoxigraph as ox

    from . import formats
    from .protocol import HttpError, check_query_text

    text = job["query"]
    try:
        check_query_text(text)
    except HttpError as exc:
        return _error(exc.status, exc.message)
    kwargs = {}
    if job.get("default_graphs") or job.get("named_graphs"):
        kwargs["default_graph"] = [ox.NamedNode(g) for g in job.get("default_graphs") or []]
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in job.get("named_graphs") or []]
    max_rows = job["max_rows"]
    try:
        answer = store.query(text, base_iri=job.get("base_iri"), **kwargs)
        if isinstance(answer, ox.QueryBoolean):
            fmt = job["results_fmt"]
            if fmt is None:
                return _error(406, "results")
            return _answer(fmt, formats.boolean(bool(answer), fmt), False, max_rows)
        if isinstance(answer, ox.QuerySolutions):
            fmt = job["results_fmt"]
            if fmt is None:
                return _error(406, "results")
            columns = [v.value for v in answer.variables]
            rows, truncated = formats.solutions_rows(answer, columns, max_rows)
            return _answer(fmt, formats.results(columns, rows, fmt), truncated, max_rows)
        fmt = job["graph_fmt"]
        if fmt is None:
            return _error(406, "graph")
        triples, truncated = formats.take(answer, max_rows)
        return _answer(fmt, formats.graph(triples, fmt), truncated, max_rows)
    except SyntaxError as exc:
        return _error(400, f"SPARQL syntax error: {exc}")
    except (OSError, ValueError, TypeError, RuntimeError) as exc:
        return _error(400, f"the query could not be evaluated: {exc}")


def run_canned(store, job: dict) -> dict:
    from . import formats
    from ..canned import get
    from ..errors import ArkgError

    fmt = job["results_fmt"]
    if fmt is None:
        return _error(406, "results")
    try:
        query = get(job["name"])
        limit = job.get("limit")
        result = query.run(store, job["params"], offset=job.get("offset", 0),
                           limit=job["max_rows"] + 1 if limit is None else min(limit, job["max_rows"] + 1))
    except ArkgError as exc:
        return _error(404 if str(exc).startswith("no canned query") else 400, str(exc))
    except SyntaxError as exc:
        return _error(400, f"SPARQL syntax error: {exc}")
    except (OSError, ValueError, TypeError, RuntimeError) as exc:
        return _error(400, f"the query could not be evaluated: {exc}")
    rows, truncated = result.rows[: job["max_rows"]], len(result.rows) > job["max_rows"]
    answer = _answer(fmt, formats.results(result.columns, rows, fmt), truncated, job["max_rows"])
    answer["headers"]["X-ARKG-Total-Rows"] = str(result.total)
    return answer


def worker_main(fd: int, nt_path: str) -> None:
    conn = Connection(fd)
    store = _load(nt_path)
    isolated = _drop_network()
    conn.send({"ready": True, "isolated": isolated})
    handlers = {"sparql": run_sparql, "canned": run_canned}
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            if job.get("op") == "ping":
                result = {"status": 200, "pong": True}
            else:
                result = handlers[job["op"]](store, job)
        except Exception as exc:  # a bug: report it briefly, keep serving
            result = _error(500, f"internal error ({type(exc).__name__})")
        try:
            conn.send(result)
        except (EOFError, OSError):
            return


# --- the pool, in the server process -----------------------------------------------------------


@dataclass(eq=False)
class Worker:
    proc: subprocess.Popen
    conn: Connection
    isolated: bool = False

    def kill(self) -> None:
        try:
            self.proc.kill()
        except OSError:
            pass
        try:
            self.conn.close()
        except OSError:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass


def start_worker(nt_path: str, ready_timeout: float = 120.0) -> Worker:
    parent, child = socket.socketpair()
    env = dict(os.environ)
    proc = subprocess.Popen(
        [sys.executable, "-m", "arkg.server.workers", str(child.fileno()), nt_path],
        pass_fds=[child.fileno()], stdin=subprocess.DEVNULL, env=env,
    )
    child.close()
    conn = Connection(parent.detach())
    worker = Worker(proc, conn)
    try:
        if not conn.poll(ready_timeout):
            raise RuntimeError("worker did not start in time")
        hello = conn.recv()
    except (EOFError, OSError, RuntimeError) as exc:
        worker.kill()
        raise RuntimeError(f"a query worker failed to start: {exc}") from None
    worker.isolated = bool(hello.get("isolated"))
    return worker


class Pool:
    """A fixed number of workers; a request waits for a free one, at most until its deadline."""

    def __init__(self, nt_path: str, size: int, log=None):
        self.nt_path = nt_path
        self.size = size
        self.log = log or (lambda msg: None)
        self.idle: queue.Queue[Worker] = queue.Queue()
        self.all: set[Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self.replaced = 0
        starters = [threading.Thread(target=self._add, daemon=True) for _ in range(size)]
        for t in starters:
            t.start()
        for t in starters:
            t.join()
        if self.idle.qsize() == 0:
            raise RuntimeError("no query worker could be started")

    @property
    def isolated(self) -> bool:
        with self._lock:
            return bool(self.all) and all(w.isolated for w in self.all)

    def _add(self) -> None:
        for attempt in range(5):
            if self._closed:
                return
            try:
                worker = start_worker(self.nt_path)
            except RuntimeError as exc:
                self.log(str(exc))
                time.sleep(0.5 * (attempt + 1))
                continue
            with self._lock:
                if self._closed:
                    worker.kill()
                    return
                self.all.add(worker)
            self.idle.put(worker)
            return

    def _replace(self, worker: Worker) -> None:
        with self._lock:
            self.all.discard(worker)
            self.replaced += 1
        worker.kill()
        self._add()

    def run(self, job: dict, timeout: float) -> dict:
        deadline = time.monotonic() + timeout
        try:
            worker = self.idle.get(timeout=max(0.0, timeout))
        except queue.Empty:
            raise Busy() from None
        remaining = deadline - time.monotonic()
        try:
            worker.conn.send(job)
            if remaining > 0 and worker.conn.poll(remaining):
                result = worker.conn.recv()
                self.idle.put(worker)
                return result
        except (EOFError, OSError):
            threading.Thread(target=self._replace, args=(worker,), daemon=True).start()
            raise WorkerLost() from None
        # Past the deadline: the only way to stop the query is to stop its process.
        try:
            worker.proc.kill()
        except OSError:
            pass
        threading.Thread(target=self._replace, args=(worker,), daemon=True).start()
        raise TimedOut()

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self.all)
            self.all.clear()
        for w in workers:
            w.kill()


if __name__ == "__main__":
    worker_main(int(sys.argv[1]), sys.argv[2])
