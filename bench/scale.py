"""Scale benchmark: ``python bench/scale.py`` (``--max-factor 10`` for a short run).

For the shipped graph (1×) and graphs grown with the same shape by ``bench/generate.py`` (10× and
the factor that makes about one million input triples), every step runs in a process of its own,
so that its peak memory (``ru_maxrss``) is its own, and on the user's-own-data path
(``--data DIR``) that a user would take:

* build — ``arkg.build(force=True, data=DIR)`` with the default reasoner into a fresh cache
  (parse, enrich, reason, write the on-disk store); with owlrl too on the shipped graph (and
  wherever it is predicted to take less than ``--owlrl-limit``), for the speed-up;
* cold query — ``arkg query who-broke-relations --data DIR`` as a new process (median of
  ``--cold-repeat``): the store is opened, not loaded;
* warm queries — every canned query through the library with its default page (50 rows), median
  of ``--repeat`` runs after one warm-up;
* validate — ``arkg.validate(data=DIR)`` with each engine (pySHACL, the reference, only while it is
  predicted to take less than ``--pyshacl-limit``), and whether both give the same report; and a
  contribution (one rejection fixture) validated against the built graph.

It prints the issue's table (one row per step, one column per size, the goal, met or not), the
growth exponents between sizes, and writes everything as JSON (``--json``, default
``bench/results/scale.json``). :func:`render_table` turns that JSON into the README's table:
``python bench/scale.py --render docs/measurements/scale.json``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(HERE))

PAGE = 50
GOALS = {"cold_query_s": 0.5, "cold_ratio": 1.5, "warm_query_ms": 100.0, "validate_s": 60.0,
         "build_s": 30.0, "owlrl_speedup": 20.0}
# parameters for the queries that need one, on generated data (bench/generate.py names)
GENERATED_PARAMS = {
    "events-of": {"agent": "Person One 1"},
    "search": {"text": "synthetic state"},
    "sources": {"event": "Relations broken 1"},
}
FIXTURE = ROOT / "tests" / "fixtures" / "shapes" / "agreement-one-party.ttl"
TTY = sys.stderr.isatty()


def say(message: str) -> None:
    if TTY:
        print(f"  [{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ----------------------------------------------------------------------------- steps (children)

def step_build(data: str, reasoner: str, **_) -> dict:
    import arkg

    t0 = time.perf_counter()
    c0 = time.process_time()
    info = arkg.build(force=True, reasoner=reasoner, data=data)
    return {"seconds": time.perf_counter() - t0, "cpu": time.process_time() - c0, "timings": info.timings,
            "asserted": info.asserted, "total": info.total}


def _query_runs(data: str, shipped: bool):
    import shlex

    import arkg

    runs = []
    for name, cq in sorted(arkg.queries().items()):
        if not any(p.required for p in cq.params):
            runs.append((name, {}))
        elif not shipped and name in GENERATED_PARAMS:
            runs.append((name, GENERATED_PARAMS[name]))
        elif shipped and cq.examples:
            words = shlex.split(cq.examples[0])[3:]
            runs.append((name, dict(w.split("=", 1) for w in words if "=" in w and not w.startswith("-"))))
    return runs


def step_warm(data: str, shipped: bool, repeat: int, **_) -> dict:
    import arkg
    from arkg.errors import UsageError

    out = {"ms": {}, "rows": {}, "skipped": {}}
    for name, params in _query_runs(data, shipped):
        times = []
        try:
            for _ in range(repeat + 1):
                t = time.perf_counter()
                result = arkg.query(name, data=data, limit=PAGE, **params)
                times.append(time.perf_counter() - t)
        except UsageError as exc:  # an example naming an entity this graph does not hold
            out["skipped"][name] = str(exc)
            continue
        out["ms"][name] = statistics.median(times[1:]) * 1000  # the first run warms up
        out.setdefault("first_ms", {})[name] = times[0] * 1000  # evaluated (a slow answer is then kept)
        out["rows"][name] = result.total
    return out


def step_validate(data: str, engine: str, **_) -> dict:
    import arkg

    t0 = time.perf_counter()
    c0 = time.process_time()
    report = arkg.validate(data=data, engine=engine)
    return {"seconds": time.perf_counter() - t0, "cpu": time.process_time() - c0, "conforms": report.conforms,
            "violations": len(report.violations), "text_lines": report.text().count("\n")}


def step_contribution(data: str, **_) -> dict:
    import arkg

    arkg.build(data=data)
    t0 = time.perf_counter()
    report = arkg.validate([FIXTURE], data=data)
    return {"seconds": time.perf_counter() - t0, "violations": len(report.violations)}


STEPS = {"build": step_build, "warm": step_warm, "validate": step_validate, "contribution": step_contribution}


def child(argv: list[str]) -> int:
    spec = json.loads(argv[0])
    result = STEPS[spec.pop("step")](**spec)
    result["peak_mib"] = _peak_mib()
    print("RESULT " + json.dumps(result))
    return 0


# ----------------------------------------------------------------------------- the run (parent)

def run_step(spec: dict, env: dict, timeout: float) -> dict:
    t0 = time.perf_counter()
    try:
        proc = subprocess.run([sys.executable, __file__, "--child", json.dumps(spec)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"over {timeout:.0f} s"}
    for line in proc.stdout.splitlines():
        if line.startswith("RESULT "):
            result = json.loads(line[7:])
            result["wall"] = time.perf_counter() - t0
            return result
    tail = (proc.stderr or "").strip().splitlines()[-1:]
    return {"error": f"exit {proc.returncode} {' '.join(tail)}"[:300]}


def cold_query(data: str, env: dict, repeat: int) -> dict:
    """``arkg query who-broke-relations --data DIR`` as new processes: median wall seconds."""
    times = []
    for _ in range(repeat + 1):
        t0 = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "arkg", "query", "who-broke-relations", "--data", data],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        times.append(time.perf_counter() - t0)
        if proc.returncode:
            return {"error": proc.stderr.strip()[-300:]}
    # the first run evaluates the query (and keeps its answer if it was slow); later runs are what
    # a user sees from then on
    return {"seconds": statistics.median(times[1:]), "runs": times[1:], "first": times[0]}


def slope(n1, t1, n2, t2) -> float | None:
    if not (n1 and n2 and t1 and t2) or n1 == n2 or t1 <= 0 or t2 <= 0:
        return None
    return math.log(t2 / t1) / math.log(n2 / n1)


def measure(args) -> dict:
    import generate

    work = Path(tempfile.mkdtemp(prefix="arkg-scale-"))
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    env.pop("ARKG_DATA", None)
    from arkg import paths
    from arkg.pipeline import DEFAULT_REASONER

    # a snapshot of the shipped facts: the graph may change while the benchmark runs
    snapshot = work / "x1"
    for f in paths.fact_files():
        target = snapshot / f.relative_to(paths.graph_dir())
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(f, target)
    facts = generate.shipped_facts(sorted(snapshot.rglob("*.ttl")))
    base = generate.shipped_size(facts)
    sizes = []
    factors = [1.0]
    owlrl_last = pyshacl_last = None
    while factors:
        factor = factors.pop(0)
        if factor == 1.0:
            data = snapshot
        else:
            say(f"generating {factor:g}×")
            data = work / f"x{factor:g}"
            generate.generate(factor, data, facts=facts, base=base)
        size_env = {**env, "ARKG_CACHE_DIR": str(work / f"cache-{factor:g}")}
        row = {"factor": factor, "notes": []}
        say(f"{factor:g}×: build ({DEFAULT_REASONER})")
        row["build"] = run_step({"step": "build", "data": str(data), "reasoner": DEFAULT_REASONER}, size_env,
                                args.step_timeout)
        n = row["build"].get("asserted")
        row["input"], row["reasoned"] = n, row["build"].get("total")
        if not n:
            row["notes"].append(f"build failed: {row['build'].get('error')}")
            sizes.append(row)
            break
        if factor == 1.0:
            top = round(args.target / n)
            factors = [f for f in (10.0,) if f < top * 0.9] + [float(top)]
            if args.max_factor is not None:
                factors = [f for f in factors if f <= args.max_factor]
        # owlrl, for the speed-up (the build goes back to the default reasoner afterwards)
        predicted = owlrl_last[1] * (n / owlrl_last[0]) ** 1.2 if owlrl_last else 0
        if predicted <= args.owlrl_limit:
            say(f"{factor:g}×: build (owlrl)")
            row["build_owlrl"] = run_step({"step": "build", "data": str(data), "reasoner": "owlrl"},
                                          {**size_env, "ARKG_CACHE_DIR": str(work / f"cache-owlrl-{factor:g}")},
                                          args.step_timeout)
            if "seconds" in row["build_owlrl"]:
                owlrl_last = (n, row["build_owlrl"]["seconds"])
        else:
            row["notes"].append(f"{factor:g}×: owlrl build skipped (predicted {predicted:.0f} s > {args.owlrl_limit:.0f} s)")
        say(f"{factor:g}×: cold queries")
        row["cold"] = cold_query(str(data), size_env, args.cold_repeat)
        say(f"{factor:g}×: warm queries")
        row["warm"] = run_step({"step": "warm", "data": str(data), "shipped": factor == 1.0, "repeat": args.repeat},
                               size_env, args.step_timeout)
        for name, why in (row["warm"].get("skipped") or {}).items():
            row["notes"].append(f"{factor:g}×: query {name} not run: {why}")
        say(f"{factor:g}×: validate (sparql)")
        row["validate_sparql"] = run_step({"step": "validate", "data": str(data), "engine": "sparql"}, size_env,
                                          args.step_timeout)
        predicted = pyshacl_last[1] * (n / pyshacl_last[0]) ** 1.05 if pyshacl_last else 0
        if predicted <= args.pyshacl_limit:
            say(f"{factor:g}×: validate (pyshacl)")
            row["validate_pyshacl"] = run_step({"step": "validate", "data": str(data), "engine": "pyshacl"},
                                               size_env, args.step_timeout)
            if "seconds" in row["validate_pyshacl"]:
                pyshacl_last = (n, row["validate_pyshacl"]["seconds"])
                a, b = row["validate_pyshacl"], row["validate_sparql"]
                row["same_report"] = (a.get("conforms"), a.get("violations")) == (b.get("conforms"), b.get("violations"))
        else:
            row["notes"].append(f"{factor:g}×: pySHACL skipped (predicted {predicted:.0f} s > {args.pyshacl_limit:.0f} s)")
            row["validate_pyshacl_predicted"] = predicted
        say(f"{factor:g}×: validate a contribution")
        row["contribution"] = run_step({"step": "contribution", "data": str(data)}, size_env, args.step_timeout)
        for key in ("build", "build_owlrl", "cold", "warm", "validate_sparql", "validate_pyshacl", "contribution"):
            if isinstance(row.get(key), dict) and "error" in row[key]:
                row["notes"].append(f"{factor:g}×: {key} failed: {row[key]['error']}")
        sizes.append(row)
        shutil.rmtree(work / f"cache-owlrl-{factor:g}", ignore_errors=True)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return {"when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
            "load_average": os.getloadavg()[0], "shipped_triples": base, "page": PAGE, "goals": GOALS,
            "reasoner": DEFAULT_REASONER, "sizes": sizes, "exponents": exponents(sizes)}


def _get(row, *keys):
    value = row
    for k in keys:
        if not isinstance(value, dict):
            return None
        value = value.get(k)
    return value


def _warm_max(row):
    ms = _get(row, "warm", "ms") or {}
    if not ms:
        return None, None
    name = max(ms, key=ms.get)
    return ms[name], name


def exponents(sizes: list[dict]) -> dict:
    series = {"build": lambda r: _get(r, "build", "seconds"), "cold query": lambda r: _get(r, "cold", "seconds"),
              "slowest warm query": lambda r: _warm_max(r)[0], "validate (sparql)": lambda r: _get(r, "validate_sparql", "seconds"),
              "validate (pyshacl)": lambda r: _get(r, "validate_pyshacl", "seconds"),
              "contribution": lambda r: _get(r, "contribution", "seconds"),
              "peak memory": lambda r: _peak(r)}
    out = {}
    for label, get in series.items():
        out[label] = [slope(a.get("input"), get(a), b.get("input"), get(b)) for a, b in zip(sizes, sizes[1:])]
    return out


def _peak(row) -> float | None:
    peaks = [_get(row, k, "peak_mib") for k in ("build", "warm", "validate_sparql", "validate_pyshacl", "contribution")]
    peaks = [p for p in peaks if p]
    return max(peaks) if peaks else None


# ----------------------------------------------------------------------------- rendering

def _s(x, unit=" s", digits=1):
    return "—" if x is None else f"{x:,.{digits}f}{unit}"


def goal_rows(results: dict) -> list[tuple[str, list[str], str, bool | None]]:
    """The issue's table: (step, one cell per size, goal, met at the largest size)."""
    sizes, goals = results["sizes"], results["goals"]
    shipped = sizes[0]
    rows = []
    cold = [_get(r, "cold", "seconds") for r in sizes]
    ratio = (cold[1] / cold[0]) if len(cold) > 1 and cold[0] and cold[1] else None
    firsts = [_get(r, "cold", "first") for r in sizes]
    rows.append(("cold `arkg query who-broke-relations` (new process, store opened; first run in brackets)",
                 [f"{_s(c, ' s', 2)} ({_s(f, ' s', 2)})" for c, f in zip(cold, firsts)],
                 f"≤ {goals['cold_query_s']} s at any size; 10× within {goals['cold_ratio']}× of 1× "
                 f"(measured {_s(ratio, '×', 2)})",
                 all(c is not None and c <= goals["cold_query_s"] for c in cold) and
                 (ratio is None or ratio <= goals["cold_ratio"])))
    warm = [_warm_max(r) for r in sizes]
    rows.append((f"slowest canned query, warm p50, page of {results['page']}",
                 [f"{_s(ms, ' ms', 1)} ({name})" if ms is not None else "—" for ms, name in warm],
                 f"every canned query ≤ {goals['warm_query_ms']:.0f} ms",
                 warm[-1][0] is not None and warm[-1][0] <= goals["warm_query_ms"]))
    first = []
    for r in sizes:
        f = _get(r, "warm", "first_ms") or {}
        name = max(f, key=f.get) if f else None
        first.append(f"{_s(f[name], ' ms', 0)} ({name})" if name else "—")
    rows.append(("slowest canned query, first run (evaluated; a slow answer is then kept beside the store)",
                 first, "—", None))
    sparql = [_get(r, "validate_sparql", "seconds") for r in sizes]
    vcpu = [_get(r, "validate_sparql", "cpu") for r in sizes]
    rows.append(("`arkg validate`, compiled SPARQL engine (default; CPU time in brackets)",
                 [f"{_s(x)} ({_s(c)})" for x, c in zip(sparql, vcpu)],
                 f"≤ {goals['validate_s']:.0f} s, same report as pySHACL",
                 sparql[-1] is not None and sparql[-1] <= goals["validate_s"]
                 and all(r.get("same_report", True) for r in sizes)))
    py = []
    for r in sizes:
        if _get(r, "validate_pyshacl", "seconds") is not None:
            same = r.get("same_report")
            py.append(_s(r["validate_pyshacl"]["seconds"]) + (" (same report)" if same else " (REPORT DIFFERS)"))
        elif r.get("validate_pyshacl_predicted"):
            py.append(f"skipped (≈{r['validate_pyshacl_predicted']:,.0f} s predicted)")
        else:
            py.append("—")
    rows.append(("`arkg validate --engine pyshacl` (the reference)", py, "reference", None))
    contrib = [_get(r, "contribution", "seconds") for r in sizes]
    rows.append(("`arkg validate FILE` (a contribution, against the built graph)", [_s(x, " s", 2) for x in contrib],
                 "in proportion to the contribution", None))
    build = [_get(r, "build", "seconds") for r in sizes]
    cpu = [_get(r, "build", "cpu") for r in sizes]
    rows.append((f"build ({results['reasoner']}: parse, enrich, reason, write the store; CPU time in brackets)",
                 [f"{_s(x)} ({_s(c)})" for x, c in zip(build, cpu)],
                 f"≤ {goals['build_s']:.0f} s", build[-1] is not None and build[-1] <= goals["build_s"]))
    ow = _get(shipped, "build_owlrl", "seconds")
    speed = ow / build[0] if ow and build[0] else None
    rows.append(("build on the shipped graph vs plain owlrl",
                 [f"{_s(speed, '×', 1)} ({_s(ow)} vs {_s(build[0], ' s', 2)})"] + ["" for _ in sizes[1:]],
                 f"≥ {goals['owlrl_speedup']:.0f}×", speed is not None and speed >= goals["owlrl_speedup"]))
    rows.append(("peak memory (largest step)", [_s(_peak(r) and _peak(r) / 1024, " GiB", 2) for r in sizes], "—", None))
    return rows


def render_table(results: dict) -> str:
    """The README's scale table (Markdown) from the JSON that ``bench/scale.py`` writes."""
    sizes = results["sizes"]
    head = ["step"] + [f"{r['factor']:g}× ({r.get('input') or 0:,} input triples)" for r in sizes] + ["goal", "met"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for step, cells, goal, met in goal_rows(results):
        mark = "—" if met is None else ("yes" if met else "**no**")
        lines.append("| " + " | ".join([step, *cells, goal, mark]) + " |")
    exps = results.get("exponents") or {}
    parts = []
    for label, values in exps.items():
        shown = [f"{v:.2f}" for v in values if v is not None]
        if shown:
            parts.append(f"{label} {' → '.join(shown)}")
    lines.append("")
    lines.append(f"Growth exponents (log-log slope of time over input triples, between consecutive sizes): "
                 + "; ".join(parts) + ".")
    lines.append(f"Measured {results['when']} on {results['machine']} (load average "
                 f"{results.get('load_average', 0):.1f} at the end: the machine was shared).")
    return "\n".join(lines) + "\n"


def print_report(results: dict) -> None:
    print(render_table(results))
    last = results["sizes"][-1]
    ms = _get(last, "warm", "ms") or {}
    if ms:
        print(f"warm p50 per canned query at {last['factor']:g}× ({last.get('input')} input triples), page of {PAGE}:")
        for name, t in sorted(ms.items(), key=lambda kv: -kv[1]):
            print(f"  {name:<32}{t:9.2f} ms  {last['warm']['rows'].get(name, 0):>7} rows in all")
    for r in results["sizes"]:
        t = _get(r, "build", "timings") or {}
        if t:
            print(f"build {r['factor']:g}×: " + ", ".join(f"{k} {v:.1f} s" for k, v in t.items()))
    for r in results["sizes"]:
        for note in r["notes"]:
            print(f"note: {note}")


def main() -> int:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        return child(sys.argv[2:])
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--max-factor", type=float, default=None,
                        help="largest size, in times the shipped input (default: the ~1M-triple size)")
    parser.add_argument("--target", type=int, default=1_000_000, help="input triples of the largest size (default 1e6)")
    parser.add_argument("--repeat", type=int, default=20, help="runs of each warm query (median)")
    parser.add_argument("--cold-repeat", type=int, default=3, help="runs of the cold query (median)")
    parser.add_argument("--owlrl-limit", type=float, default=120.0, help="skip owlrl where predicted longer (s)")
    parser.add_argument("--pyshacl-limit", type=float, default=300.0, help="skip pySHACL where predicted longer (s)")
    parser.add_argument("--step-timeout", type=float, default=1800.0)
    parser.add_argument("--json", type=Path, default=HERE / "results" / "scale.json", help="where to write the results")
    parser.add_argument("--render", type=Path, metavar="JSON", help="print the README table from a results file and exit")
    parser.add_argument("--keep", action="store_true", help="keep the generated files and caches")
    args = parser.parse_args()
    if args.render:
        print(render_table(json.loads(args.render.read_text())), end="")
        return 0
    results = measure(args)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=1))
    print_report(results)
    print(f"results: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
