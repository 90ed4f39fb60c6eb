"""Scale benchmark: ``python bench/scale.py`` (``--max-factor 100`` for a shorter run).

For the shipped graph and for graphs grown with the same shape by ``bench/generate.py`` (10×, 100×,
and the factor that makes about one million input triples), each step runs in its own process, so
that its peak memory (``ru_maxrss``) is its own:

* parse — the Turtle files into an rdflib graph (arkg's loader) and enrichment;
* validate — pySHACL over the enriched graph, ``inference="none"``;
* build — ``arkg.build(force=True, files=DIR, reasoner=R)`` for each reasoner: parse, enrich,
  reason, write the cache (owlrl only while its predicted time stays under ``--owlrl-limit``);
* load — the reasoned N-Triples into a pyoxigraph store, as the embedded store does;
* query — every canned query, warm, median of ``--repeat`` runs, on Oxigraph; and on rdflib's
  SPARQL engine over the same graph while that graph is small enough (``--rdflib-limit``).

It prints a table of sizes × steps, the speed-ups of the fast reasoners over owlrl and of Oxigraph
over rdflib, the growth exponent of each step between sizes (slope of log time over log size), and
which goals are met. Progress goes to stderr when it is a terminal.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))

GOALS = {"build_s": 120.0, "peak_gib": 4.0, "query_ms": 100.0, "exponent": 1.1}
# parameters for the queries that need one, on generated data (bench/generate.py names)
GENERATED_PARAMS = {
    "events-of": {"agent": "Person One 1"},
    "search": {"text": "synthetic state"},
    "sources": {"event": "Relations broken 1"},
}
TTY = sys.stderr.isatty()


def say(message: str) -> None:
    if TTY:
        print(f"  [{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ----------------------------------------------------------------------------- steps (children)

def _files(inputs: str):
    import importlib

    build = importlib.import_module("arkg.build")
    return build, build.resolve_inputs(None if inputs == "shipped" else inputs)


def step_parse(inputs: str, **_) -> dict:
    build, files = _files(inputs)
    t0 = time.perf_counter()
    loaded = build.assemble(files)
    return {"seconds": time.perf_counter() - t0, "triples": len(loaded.graph)}


def step_validate(inputs: str, **_) -> dict:
    import pyshacl

    from arkg.validation import shapes_graph

    build, files = _files(inputs)
    loaded = build.assemble(files)
    shapes = shapes_graph()
    t0 = time.perf_counter()
    conforms, _, _ = pyshacl.validate(loaded.graph, shacl_graph=shapes, inference="none", advanced=False,
                                      js=False, allow_warnings=True)
    return {"seconds": time.perf_counter() - t0, "conforms": bool(conforms)}


def step_build(inputs: str, reasoner: str, **_) -> dict:
    build, files = _files(inputs)
    t0 = time.perf_counter()
    info = build.build(force=True, reasoner=reasoner, files=files, progress=say if TTY else None)
    return {"seconds": time.perf_counter() - t0, "reason": info.timings.get("reason"),
            "asserted": info.asserted, "total": info.total, "reasoned_path": str(info.reasoned_path)}


def _query_runs(inputs: str):
    import shlex

    import arkg

    shipped = inputs == "shipped" or Path(inputs).name == "x1"

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


def step_query(inputs: str, reasoned_path: str, repeat: int, rdflib: bool, **_) -> dict:
    import pyoxigraph as ox

    import arkg
    from arkg.errors import UsageError

    t0 = time.perf_counter()
    store = ox.Store()
    store.bulk_load(path=reasoned_path, format=ox.RdfFormat.N_TRIPLES)
    load = time.perf_counter() - t0
    catalog = arkg.queries()
    out = {"load_seconds": load, "oxigraph_ms": {}, "rdflib_ms": {}, "rows": {}}
    prepared = []
    for name, params in _query_runs(inputs):
        cq = catalog[name]
        try:
            bindings = cq.bind(store, params)
        except UsageError as exc:  # an example naming an entity this graph does not hold (yet)
            out.setdefault("skipped", {})[name] = str(exc)
            continue
        prepared.append((name, cq, bindings))
        times = []
        for _ in range(repeat + 1):
            t = time.perf_counter()
            rows = list(store.query(cq.text, substitutions=bindings))
            times.append(time.perf_counter() - t)
        out["oxigraph_ms"][name] = statistics.median(times[1:]) * 1000  # the first run warms up
        out["rows"][name] = len(rows)
    if rdflib:
        from rdflib import Graph

        from arkg.terms import to_rdflib

        g = Graph()
        for q in ox.parse(path=reasoned_path, format=ox.RdfFormat.N_TRIPLES):
            g.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
        for name, cq, bindings in prepared:
            init = {v.value: to_rdflib(t) for v, t in bindings.items()}
            times = []
            for _ in range(max(2, repeat // 5) + 1):
                t = time.perf_counter()
                list(g.query(cq.text, initBindings=init))
                times.append(time.perf_counter() - t)
            out["rdflib_ms"][name] = statistics.median(times[1:]) * 1000
    return out


STEPS = {"parse": step_parse, "validate": step_validate, "build": step_build, "query": step_query}


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
                              stdout=subprocess.PIPE, stderr=None if TTY else subprocess.PIPE,
                              text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"over {timeout:.0f} s"}
    for line in proc.stdout.splitlines():
        if line.startswith("RESULT "):
            result = json.loads(line[7:])
            result["wall"] = time.perf_counter() - t0
            return result
    tail = (proc.stderr or "").strip().splitlines()[-1:] if proc.stderr else []
    return {"error": f"exit {proc.returncode} {' '.join(tail)}"[:200]}


def slope(a: tuple[float, float], b: tuple[float, float]) -> float | None:
    (n1, t1), (n2, t2) = a, b
    if not (n1 and n2 and t1 and t2) or n1 == n2 or t1 <= 0 or t2 <= 0:
        return None
    return math.log(t2 / t1) / math.log(n2 / n1)


def fmt(x, unit="", digits=2):
    if x is None:
        return "—"
    if isinstance(x, str):
        return x
    return f"{x:.{digits}f}{unit}"


def main() -> int:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        return child(sys.argv[2:])
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--max-factor", type=float, default=None,
                        help="largest size, in times the shipped input (default: the ~1M-triple size)")
    parser.add_argument("--target", type=int, default=1_000_000, help="input triples of the largest size (default 1e6)")
    parser.add_argument("--repeat", type=int, default=20, help="runs of each warm query (median)")
    parser.add_argument("--reasoners", default=None, help="comma-separated (default: all)")
    parser.add_argument("--owlrl-limit", type=float, default=300.0, help="skip owlrl where it is predicted to take longer (s)")
    parser.add_argument("--rdflib-limit", type=int, default=250_000, help="largest reasoned graph to query with rdflib")
    parser.add_argument("--skip-validate-above", type=int, default=2_000_000, help="skip SHACL above this many triples")
    parser.add_argument("--step-timeout", type=float, default=1800.0)
    parser.add_argument("--keep", action="store_true", help="keep the generated files and caches")
    args = parser.parse_args()

    import generate
    from arkg.reasoning import REASONERS

    reasoners = args.reasoners.split(",") if args.reasoners else list(REASONERS)
    work = Path(tempfile.mkdtemp(prefix="arkg-scale-"))
    env = {**os.environ, "ARKG_CACHE_DIR": str(work / "cache"), "PYTHONPATH": str(HERE.parent / "src")}
    # a snapshot of the shipped facts: the graph may change while the benchmark runs
    from arkg import paths
    snapshot = work / "x1"
    for f in paths.fact_files():
        target = snapshot / f.relative_to(paths.graph_dir())
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(f, target)
    facts = generate.shipped_facts(sorted(snapshot.rglob("*.ttl")))
    base = generate.shipped_size(facts)
    factors = [1.0]
    rows = []
    owlrl_last = None
    while factors:
        factor = factors.pop(0)
        if factor == 1.0:
            inputs = str(snapshot)
        else:
            say(f"generating {factor:g}×")
            generate.generate(factor, work / f"x{factor:g}", progress=say if TTY else None, facts=facts, base=base)
            inputs = str(work / f"x{factor:g}")
        row = {"factor": factor, "notes": []}
        say(f"{factor:g}×: parse")
        row["parse"] = run_step({"step": "parse", "inputs": inputs}, env, args.step_timeout)
        n = row["parse"].get("triples")
        row["input"] = n
        if factor == 1.0:
            if not n:
                print(f"parsing the shipped graph failed: {row['parse'].get('error')}")
                return 1
            top = round(args.target / n)  # enrichment included: the build's asserted triples
            factors = [f for f in (10.0, 100.0) if f < top * 0.9] + [float(top)]
            if args.max_factor is not None:
                factors = [f for f in factors if f <= args.max_factor]
            print(f"ARKG scale benchmark: shipped graph {base} triples as written (ontology + facts), {n} after "
                  f"enrichment; sizes 1×, {', '.join(f'{f:g}×' for f in factors)}; the largest is the factor that "
                  f"gives ~{args.target:,} input triples after enrichment (the brief's \"1000×\", adjusted to "
                  f"the shipped size)", flush=True)
        if n and n > args.skip_validate_above:
            row["validate"] = {"error": "skipped"}
            row["notes"].append(f"SHACL skipped above {args.skip_validate_above} triples")
        else:
            say(f"{factor:g}×: SHACL validation")
            row["validate"] = run_step({"step": "validate", "inputs": inputs}, env, args.step_timeout)
        row["build"] = {}
        for r in reasoners:
            if r == "owlrl" and owlrl_last is not None and n:
                n0, t0 = owlrl_last
                predicted = t0 * (n / n0) ** 1.2
                if predicted > args.owlrl_limit:
                    row["build"][r] = {"error": f"skipped (~{predicted:.0f} s predicted)"}
                    note = f"owlrl skipped: predicted {predicted:.0f} s > {args.owlrl_limit:.0f} s"
                    row["notes"].append(note)
                    print(f"  note: {factor:g}×: {note}")
                    continue
            say(f"{factor:g}×: build with {r}")
            res = run_step({"step": "build", "inputs": inputs, "reasoner": r}, env, args.step_timeout)
            row["build"][r] = res
            if r == "owlrl" and "seconds" in res:
                owlrl_last = (n, res["seconds"])
        fastest = min((res["seconds"], r) for r, res in row["build"].items() if "seconds" in res)
        best = row["build"][fastest[1]]
        row["best"] = fastest[1]
        row["total"] = best.get("total")
        say(f"{factor:g}×: load and queries")
        row["query"] = run_step({"step": "query", "inputs": inputs, "reasoned_path": best["reasoned_path"],
                                 "repeat": args.repeat, "rdflib": bool(best.get("total", 0) <= args.rdflib_limit)},
                                env, args.step_timeout)
        for name, why in (row["query"].get("skipped") or {}).items():
            row["notes"].append(f"{factor:g}×: query {name} not run: {why}")
        for step in ("parse", "validate", "query"):
            if "error" in row[step] and row[step]["error"] != "skipped":
                row["notes"].append(f"{factor:g}×: {step} failed: {row[step]['error']}")
        rows.append(row)
    print()
    report(rows, reasoners, print_goals=True)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    else:
        print(f"kept {work}")
    return 0


def report(rows: list[dict], reasoners: list[str], print_goals: bool) -> None:
    if not print_goals:
        return
    head = ["size", "input", "reasoned", "parse s", "SHACL s"] + [f"build {r} s" for r in reasoners] + \
        ["reason ×owlrl", "load s", "query p50 max ms", "rdflib ×", "peak MiB"]
    lines = [head]
    for row in rows:
        b = row["build"]
        q = row["query"]
        ox_ms = q.get("oxigraph_ms") or {}
        rd_ms = q.get("rdflib_ms") or {}
        peak = max([row["parse"].get("peak_mib", 0), row["validate"].get("peak_mib", 0), q.get("peak_mib", 0)]
                   + [r.get("peak_mib", 0) for r in b.values()])
        speedup = None
        if "seconds" in b.get("owlrl", {}) and row["best"] != "owlrl":
            speedup = b["owlrl"]["seconds"] / b[row["best"]]["seconds"]
        rd = None
        if rd_ms:
            rd = statistics.median(rd_ms[k] / ox_ms[k] for k in rd_ms if ox_ms.get(k))
        lines.append([f"{row['factor']:g}×", str(row.get("input") or "—"), str(row.get("total") or "—"),
                      fmt(row["parse"].get("seconds"), digits=1) if "seconds" in row["parse"] else row["parse"].get("error", "—"),
                      fmt(row["validate"].get("seconds"), digits=1) if "seconds" in row["validate"] else row["validate"].get("error", "—")]
                     + [fmt(b[r].get("seconds"), digits=1) if "seconds" in b.get(r, {}) else b.get(r, {}).get("error", "—")
                        for r in reasoners]
                     + [fmt(speedup, "×", 1), fmt(q.get("load_seconds"), digits=2),
                        fmt(max(ox_ms.values()) if ox_ms else None, digits=1), fmt(rd, "×", 0), fmt(peak, digits=0)])
    widths = [max(len(str(line[i])) for line in lines) for i in range(len(head))]
    for i, line in enumerate(lines):
        print("  ".join(str(c).rjust(w) for c, w in zip(line, widths)))
        if i == 0:
            print("  ".join("-" * w for w in widths))
    # per-query detail at the largest size
    last = rows[-1]
    ox_ms = last["query"].get("oxigraph_ms") or {}
    if ox_ms:
        print(f"\nwarm p50 per canned query at {last['factor']:g}× ({last.get('total')} triples), Oxigraph:")
        for name, ms in sorted(ox_ms.items(), key=lambda kv: -kv[1]):
            rows_n = last["query"]["rows"].get(name)
            rd = (last["query"].get("rdflib_ms") or {}).get(name)
            print(f"  {name:<32}{ms:9.2f} ms  {rows_n:>6} rows" + (f"   rdflib {rd:9.1f} ms" if rd else ""))
    # growth exponents
    print("\ngrowth exponent (log-log slope of time over input triples) between consecutive sizes:")
    series = {"parse": lambda r: r["parse"].get("seconds"),
              "SHACL": lambda r: r["validate"].get("seconds"),
              **{f"build {name}": (lambda r, name=name: r["build"].get(name, {}).get("seconds")) for name in reasoners},
              "load": lambda r: r["query"].get("load_seconds")}
    exps = {}
    for label, get in series.items():
        parts = []
        for a, b in zip(rows, rows[1:]):
            s = slope((a.get("input"), get(a)), (b.get("input"), get(b)))
            parts.append(fmt(s, digits=2))
            if s is not None and a["factor"] >= 10:
                exps.setdefault(label, []).append(s)
        print(f"  {label:<18}" + "  ".join(f"{a['factor']:g}×→{b['factor']:g}×: {p}" for (a, b), p in zip(zip(rows, rows[1:]), parts)))
    notes = [n for r in rows for n in r["notes"]]
    for n in notes:
        print(f"note: {n}")
    # goals at the largest size
    print(f"\ngoals at the largest size ({last['factor']:g}×, {last.get('input')} input triples):")
    best = last["build"][last["best"]]
    peak_all = max([last["parse"].get("peak_mib", 0), last["validate"].get("peak_mib", 0),
                    last["query"].get("peak_mib", 0)]
                   + [r.get("peak_mib", 0) for k, r in last["build"].items() if k == last["best"]]) / 1024
    worst_q = max(ox_ms.values()) if ox_ms else float("inf")
    big = max((e for k, v in exps.items() if k in ("parse", f"build {last['best']}", "load") for e in v), default=None)
    checks = [
        (f"build ≤ {GOALS['build_s']:.0f} s ({last['best']})", best.get("seconds", float("inf")) <= GOALS["build_s"],
         fmt(best.get("seconds"), " s", 1)),
        (f"peak memory ≤ {GOALS['peak_gib']:.0f} GiB (every step; build with {last['best']})", peak_all <= GOALS["peak_gib"], fmt(peak_all, " GiB", 2)),
        (f"every canned query ≤ {GOALS['query_ms']:.0f} ms warm p50", worst_q <= GOALS["query_ms"], fmt(worst_q, " ms", 1)),
        (f"growth exponent ≤ {GOALS['exponent']} (parse, build, load; sizes ≥ 10×)",
         big is not None and big <= GOALS["exponent"], fmt(big, "", 2)),
    ]
    for label, ok, value in checks:
        print(f"  {'met    ' if ok else 'NOT met'}  {label}: {value}")


if __name__ == "__main__":
    sys.exit(main())
