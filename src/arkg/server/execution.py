"""Bounded query execution: a pool of worker processes (pebble's ProcessPool), each with its
own store opened by :func:`arkg.stores.open_store`, shared fairly between clients.

- Time: ``schedule(timeout=)`` counts from the moment a worker takes the query, never the wait
  for one; past it pebble stops that worker and starts a fresh one.
- Memory: each worker runs under ``RLIMIT_AS``; a query that needs more dies with its worker,
  its client gets a clear 503 and the pool starts a replacement.
- Gone clients: the caller passes an awaitable that completes when the client disconnects; the
  query is then cancelled, and a running one stopped with its worker.
- Fairness: ``size`` slots (over ``size + 1`` workers: one is a hot spare); one client (by address) holds at most ``per_client`` of them, and a
  freed slot goes to the waiting client that holds fewest.
- Network: a worker moves into an empty network namespace when the kernel allows it, so even a
  query that slipped past the policy could reach nothing.
"""

from __future__ import annotations

import asyncio
import ctypes
import multiprocessing
import resource
import signal
from pathlib import Path
import sys
from collections import Counter

import pyoxigraph as ox



class Failed(Exception):
    """A query that produced no answer: an HTTP status and a message for the client."""

    def __init__(self, status: int, message: str):
        super().__init__(status, message)
        self.status, self.message = status, message


# --- in the worker process ---------------------------------------------------------------

_STORE = None
_ISOLATED = False


def _drop_network() -> bool:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return any(libc.unshare(flags) == 0 for flags in (0x40000000, 0x10000000 | 0x40000000))
    except (AttributeError, OSError):
        return False


def _init(memory_bytes: int, store_path: str) -> None:
    global _STORE, _ISOLATED
    from ..stores import open_path

    from ..pipeline import NAMES_INDEX
    from ..names import attach

    # the endpoint's on-disk store (arkg.pipeline.endpoint_store: the reasoned graph as the default
    # graph and also named GRAPH_IRI), opened read-only
    _STORE = open_path(store_path)
    attach(_STORE, Path(store_path).parent / NAMES_INDEX)  # beside it, the build's name index
    _ISOLATED = _drop_network()
    # pebble stops a worker with SIGTERM, and its handler would wait for the query to return to
    # Python (then SIGKILL after 3 s): the default action ends the worker at once. pebble holds
    # the channel lock while it stops a worker, so nothing is left half-sent.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if memory_bytes:
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))


def _isolated() -> bool:
    return _ISOLATED


def run_job(job: dict) -> tuple[bytes, str]:
    """In a worker: run one query (``sparql`` or ``canned``); (body, format) or :class:`Failed`."""
    from .. import query_policy
    from ..errors import ArkgError
    from ..serialisers import GRAPH_FORMATS, RESULTS_FORMATS, TooManyRows, serialize, solutions
    from ..visibility import described

    try:
        if job["op"] == "canned":
            from ..canned import get

            query = get(job["name"])
            # the canned runner: bound parameters, concatenations in order, the page asked for
            result = query.run(_STORE, job["params"], limit=job.get("limit"), offset=job.get("offset", 0))
            answer = solutions(result)
            hide = ()
        else:
            options = {}
            if job["default_graphs"] or job["named_graphs"]:
                options["default_graph"] = [ox.NamedNode(g) for g in job["default_graphs"]]
                options["named_graphs"] = [ox.NamedNode(g) for g in job["named_graphs"]]
            answer = query_policy.execute(_STORE, job["query"], base_iri=job.get("base_iri"), **options)
            answer = described(job["query"], answer)  # a DESCRIBE shows what users see (arkg.visibility)
            hide = ()
        graph = not isinstance(answer, (ox.QuerySolutions, ox.QueryBoolean))
        fmt = job["graph_fmt"] if graph else job["results_fmt"]
        if fmt is None:
            offers = f"RDF graph ({', '.join(GRAPH_FORMATS)}" if graph else f"results ({', '.join(RESULTS_FORMATS)}"
            raise Failed(406, f"none of the accepted media types fits this query's answer, an {offers})")
        return serialize(answer, fmt, job["max_rows"], hide), fmt
    except TooManyRows as exc:
        raise Failed(422, str(exc)) from None
    except query_policy.Refused as exc:
        raise Failed(403, str(exc)) from None
    except ArkgError as exc:
        raise Failed(404 if str(exc).startswith("no canned query") else 400, str(exc)) from None
    except SyntaxError as exc:
        raise Failed(400, f"SPARQL syntax error: {exc}") from None
    except (OSError, ValueError, TypeError, RuntimeError) as exc:
        raise Failed(400, f"the query could not be evaluated: {exc}") from None
    except MemoryError:
        raise Failed(503, "the query needed more memory than a query may use here, and was stopped") from None


# --- in the server process -----------------------------------------------------------------


class Executor:
    def __init__(self, size: int, timeout: float, max_rows: int, memory_mb: int, store_path: str,
                 per_client: int | None = None):
        from pebble import ProcessPool

        self.size, self.timeout, self.max_rows, self.memory_mb = size, timeout, max_rows, memory_mb
        self.per_client = per_client or max(1, size // 2)
        context = multiprocessing.get_context("forkserver")  # workers fork from a clean, threadless parent
        context.set_forkserver_preload([__name__, "arkg.store", "arkg.sparql", "arkg.canned"])
        # One worker more than the slots: a hot spare, so that replacing stopped workers never
        # delays the next query.
        self.pool = ProcessPool(max_workers=size + 1, initializer=_init,
                                initargs=(memory_mb << 20, str(store_path)), context=context)
        self.free = size
        self.held: Counter = Counter()
        self.waiting: list[tuple[str, asyncio.Future]] = []

    def warm_up(self) -> bool:
        """Start the workers and wait until they answer; whether those that answered are offline."""
        futures = [self.pool.schedule(_isolated) for _ in range(self.size + 1)]
        return all([future.result(timeout=300) for future in futures])

    # fair slots
    def _grant(self) -> None:
        while self.free and self.waiting:
            eligible = [w for w in self.waiting if self.held[w[0]] < self.per_client and not w[1].done()]
            self.waiting = [w for w in self.waiting if not w[1].done()]
            if not eligible:
                return
            client, future = min(eligible, key=lambda w: self.held[w[0]])
            self.waiting.remove((client, future))
            self.free -= 1
            self.held[client] += 1
            future.set_result(None)

    def _release(self, client: str) -> None:
        self.free += 1
        self.held[client] -= 1
        if not self.held[client]:
            del self.held[client]
        self._grant()

    async def _acquire(self, client: str, gone) -> None:
        future = asyncio.get_running_loop().create_future()
        self.waiting.append((client, future))
        self._grant()
        if future.done():
            return
        try:  # a worker frees within the timeout (plus its replacement's start) unless many are queued
            done, _ = await asyncio.wait([future, gone], timeout=self.timeout + 5, return_when=asyncio.FIRST_COMPLETED)
        except BaseException:
            if future.done() and not future.cancelled():
                self._release(client)
            future.cancel()
            raise
        if future.done() and not future.cancelled():
            return
        future.cancel()
        if gone in done:
            raise asyncio.CancelledError()
        raise Failed(503, f"the server is busy: no query worker became free for you within {self.timeout + 5:g} s "
                          f"(one client may use {self.per_client} of the {self.size} at once); try again shortly")

    async def run(self, job: dict, client: str, gone: asyncio.Future) -> tuple[bytes, str]:
        """Run ``job`` for ``client``; ``gone`` completes when the client disconnects (the query is
        then cancelled and :class:`asyncio.CancelledError` raised)."""
        from concurrent.futures import TimeoutError as FutureTimeout

        from pebble import ProcessExpired

        job = {"max_rows": self.max_rows, **job}
        await self._acquire(client, gone)
        try:
            future = self.pool.schedule(run_job, args=(job,), timeout=self.timeout)
            answer = asyncio.wrap_future(future)
            await asyncio.wait([answer, gone], return_when=asyncio.FIRST_COMPLETED)
            if not answer.done():
                future.cancel()  # pebble stops the worker running it
                raise asyncio.CancelledError()
            try:
                return answer.result()
            except FutureTimeout:
                raise Failed(503, f"the query ran longer than the {self.timeout:g} s limit and was stopped; make it "
                                  "more selective (add LIMIT, bind more variables)") from None
            except ProcessExpired as exc:
                print(f"arkg serve: a query worker stopped (exit code {exc.exitcode}; out of memory?); replaced",
                      file=sys.stderr, flush=True)
                raise Failed(503, f"the query's worker stopped (exit code {exc.exitcode}): the query most likely needed "
                                  f"more than the {self.memory_mb} MiB of memory a query may use; make it more selective "
                                  "(a fresh worker has taken its place)") from None
        finally:
            self._release(client)

    def close(self) -> None:
        self.pool.stop()
        self.pool.join(timeout=10)
