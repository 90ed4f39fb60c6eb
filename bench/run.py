"""One-command benchmark: ``python bench/run.py``.

Measures, side by side in the same run (machines are noisy; compare the ratios, not the
absolute times):

* ``arkg query who-broke-relations`` as a fresh process after ``arkg build`` (cached);
* the naive pipeline (parse every Turtle file, owlrl closure, rdflib SPARQL), as a fresh process;
* ``arkg build --force`` with the default reasoner and with owlrl (parse, enrich, closure, cache);
* warm in-process canned queries: Oxigraph (the embedded store) against rdflib's engine on the
  same reasoned graph.
"""

from __future__ import annotations

import argparse
import builtins
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RECORD = HERE.parent / "docs" / "measurements" / "bench.txt"


def wall(cmd: list[str], env: dict, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t0)
    return times


def warm_queries(repeat: int) -> list[tuple[str, float, float]]:
    import pyoxigraph as ox
    from rdflib import Graph

    import arkg
    from arkg.terms import to_rdflib

    store = arkg.store()
    g = Graph()
    for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
        g.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
    out = []
    for name, cq in arkg.queries().items():
        if any(p.required for p in cq.params):
            continue
        text = cq.text
        ox_times, rdf_times = [], []
        for _ in range(repeat):
            t0 = time.perf_counter(); list(store.query(text)); ox_times.append(time.perf_counter() - t0)
        rdf = _rdflib_median(g, text, max(1, repeat // 5))
        out.append((name, statistics.median(ox_times), rdf))
    return out


RDFLIB_LIMIT_SECONDS = 20.0


def _rdflib_median(graph, text: str, repeat: int) -> float | None:
    """Median seconds of rdflib's engine on ``text`` over ``repeat`` runs, measured in a forked
    process that is stopped after RDFLIB_LIMIT_SECONDS in all (rdflib cannot be interrupted); None
    if the runs took longer."""
    import multiprocessing

    def measure(conn):
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter(); list(graph.query(text)); times.append(time.perf_counter() - t0)
        conn.send(statistics.median(times))

    parent, child = multiprocessing.get_context("fork").Pipe(duplex=False)
    proc = multiprocessing.get_context("fork").Process(target=measure, args=(child,))
    proc.start()
    ready = parent.poll(RDFLIB_LIMIT_SECONDS)
    result = parent.recv() if ready else None
    proc.kill()
    proc.join()
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5, help="runs of each fast measurement (default 5)")
    parser.add_argument("--record", action="store_true",
                        help=f"also write the report to {RECORD.relative_to(HERE.parent)} (the README shows it)")
    args = parser.parse_args()
    lines: list[str] = []

    def print(line: str = "") -> None:  # noqa: A001 — the report goes to stdout and, with --record, to a file
        lines.append(line)
        builtins.print(line, flush=True)

    cache = tempfile.mkdtemp(prefix="arkg-bench-")
    env = {**os.environ, "ARKG_CACHE_DIR": cache}
    arkg_cmd = [sys.executable, "-m", "arkg"]

    from arkg.pipeline import DEFAULT_REASONER

    build_times = wall([*arkg_cmd, "build", "--force"], env, 2)
    owlrl_build_times = wall([*arkg_cmd, "build", "--force", "--reasoner", "owlrl"], env, 2)
    wall([*arkg_cmd, "build"], env, 1)  # leave the default build in the cache
    query_times = wall([*arkg_cmd, "query", "who-broke-relations"], env, args.repeat)
    naive_times = wall([sys.executable, str(HERE / "naive_pipeline.py"), "who-broke-relations"], env,
                       max(2, args.repeat // 2))
    q, n, b = statistics.median(query_times), statistics.median(naive_times), statistics.median(build_times)
    bo = statistics.median(owlrl_build_times)
    print("ARKG benchmark (median wall seconds; ratios measured in this run)")
    print(f"{'step':<48}{'seconds':>10}{'ratio':>12}")
    print(f"{'naive pipeline: parse + owlrl + rdflib SPARQL':<48}{n:>10.3f}{'1.0 (base)':>12}")
    print(f"{'arkg build --force --reasoner owlrl':<48}{bo:>10.3f}{n / bo:>11.1f}x")
    print(f"{f'arkg build --force ({DEFAULT_REASONER}, the default)':<48}{b:>10.3f}{n / b:>11.1f}x")
    print(f"{'arkg query who-broke-relations (after build)':<48}{q:>10.3f}{n / q:>11.1f}x")
    print(f"goal: cached query <= 1 s ({'met' if q <= 1 else 'NOT met'}), >= 5x faster than naive "
          f"({'met' if n / q >= 5 else 'NOT met'}); default build >= 10x faster than owlrl's "
          f"({'met' if bo / b >= 10 else 'NOT met'}: {bo / b:.1f}x)")
    os.environ["ARKG_CACHE_DIR"] = cache
    print()
    print(f"{'warm canned query (in process)':<30}{'oxigraph ms':>12}{'rdflib ms':>12}{'speed-up':>10}")
    print(f"(rdflib: median of {max(1, args.repeat * 4 // 5)} runs, stopped after {RDFLIB_LIMIT_SECONDS:.0f} s in all)")
    for name, t_ox, t_rdf in warm_queries(args.repeat * 4):
        if t_rdf is None:
            print(f"{name:<30}{t_ox * 1000:>12.2f}{'stopped':>12}{'—':>10}")
        else:
            print(f"{name:<30}{t_ox * 1000:>12.2f}{t_rdf * 1000:>12.1f}{t_rdf / t_ox:>9.0f}x")
    if args.record:
        from arkg.atomic import write_bytes

        RECORD.parent.mkdir(parents=True, exist_ok=True)
        write_bytes(RECORD, ("\n".join(lines) + "\n").encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
