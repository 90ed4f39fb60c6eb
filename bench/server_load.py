"""Load benchmark: ``arkg serve`` beside the ``oxigraph`` server (PyPI package ``oxigraph``)
serving the same reasoned graph, each under the same mix of SPARQL queries from N concurrent
keep-alive clients for S seconds. Prints throughput, p50/p99 latency and errors side by side, and
the ratio of arkg serve to oxigraph.

    python bench/server_load.py                 # 20 clients x 30 s each
    python bench/server_load.py --clients 20 --seconds 30
    python bench/server_load.py --record        # also keep the report in docs/measurements/ (the README shows it)

The clients are Python threads in this process, identical for both servers. Each client is a
different user: it sends its own X-Forwarded-For address, as a local reverse proxy would (arkg
serve gives one address a fair share of the query workers; oxigraph ignores the header).
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import arkg

RECORD = Path(__file__).resolve().parent.parent / "docs" / "measurements" / "server_load.txt"

QUERIES = [
    "ASK { ?s a <https://w3id.org/arkg/ontology/Event> }",
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "SELECT ?l WHERE { <https://w3id.org/arkg/id/albania> <http://www.w3.org/2000/01/rdf-schema#label> ?l }",
]
CANNED = ["visits", "positions", "timeline", "who-broke-relations"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_answers(host: str, port: int, path: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection(host, port, timeout=5)
            conn.request("POST", path, body=b"ASK {}", headers={"Content-Type": "application/sparql-query"})
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing answers on {host}:{port}{path}")


def start_arkg() -> tuple[subprocess.Popen, int]:
    env = {**os.environ, "ARKG_SERVER_QUIET": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "arkg", "serve", "--port", "0"], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, env=env, text=True)
    line = proc.stdout.readline()
    port = int(line.split("http://", 1)[1].split("/", 1)[0].rsplit(":", 1)[1])
    wait_until_answers("127.0.0.1", port, "/sparql")
    return proc, port


def oxigraph_binary() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    if not Path(found).exists():
        raise SystemExit("the oxigraph server is not installed: pip install oxigraph")
    return found


def start_oxigraph(info, workdir: Path) -> tuple[subprocess.Popen, int]:
    """The oxigraph server on a store of its own, loaded from the build's reasoned graph."""
    from arkg.exporter import write_nt

    binary = oxigraph_binary()
    location = workdir / "oxigraph-store"
    nt_path = workdir / "reasoned.nt"
    write_nt(nt_path, True, info)
    subprocess.run([binary, "load", "--location", str(location), "--file", str(nt_path)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    port = free_port()
    proc = subprocess.Popen([binary, "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_until_answers("127.0.0.1", port, "/query")
    return proc, port


def load(port: int, path: str, texts: list[str], clients: int, seconds: float) -> dict:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client(n: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        address = f"10.0.{n // 250}.{n % 250 + 1}"
        mine, bad, i = [], 0, n
        while time.monotonic() < stop_at:
            body = texts[i % len(texts)].encode("utf-8")
            i += 1
            started = time.perf_counter()
            try:
                conn.request("POST", path, body=body, headers={"Content-Type": "application/sparql-query",
                                                                "Accept": "application/sparql-results+json",
                                                                "X-Forwarded-For": address})
                resp = conn.getresponse()
                resp.read()
                if resp.status != 200:
                    bad += 1
            except (OSError, http.client.HTTPException):
                bad += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            mine.append(time.perf_counter() - started)
        conn.close()
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    latencies.sort()
    n = len(latencies)
    return {"requests": n, "errors": errors[0], "rps": n / elapsed,
            "p50": latencies[n // 2] * 1000 if n else float("nan"),
            "p99": latencies[min(n - 1, int(n * 0.99))] * 1000 if n else float("nan")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--record", action="store_true",
                        help=f"also write the report to {RECORD.relative_to(RECORD.parents[2])} (the README shows it)")
    args = parser.parse_args()
    lines: list[str] = []

    def report(line: str = "") -> None:  # to stdout and, with --record, to the kept file
        lines.append(line)
        print(line, flush=True)

    info = arkg.build()
    texts = QUERIES + [arkg.queries()[name].text for name in CANNED if name in arkg.queries()]
    results = {}
    with tempfile.TemporaryDirectory(prefix="arkg-bench-") as tmp:
        for name, start, path in (("arkg serve", lambda: start_arkg(), "/sparql"),
                                  ("oxigraph serve-read-only", lambda: start_oxigraph(info, Path(tmp)), "/query")):
            proc, port = start()
            try:
                print(f"{name}: {args.clients} clients x {args.seconds:g} s …", file=sys.stderr, flush=True)
                results[name] = load(port, path, texts, args.clients, args.seconds)
            finally:
                proc.terminate()
                proc.wait(timeout=30)
    report(f"{info.total} triples · {len(texts)} queries in the mix · {args.clients} clients · "
           f"{args.seconds:g} s each · {os.cpu_count()} CPUs · load average {os.getloadavg()[0]:.1f}")
    report()
    report(f"{'server':<26} {'requests':>9} {'errors':>7} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}")
    for name, r in results.items():
        report(f"{name:<26} {r['requests']:>9} {r['errors']:>7} {r['rps']:>8.0f} {r['p50']:>8.1f} {r['p99']:>8.1f}")
    ours, theirs = results["arkg serve"], results["oxigraph serve-read-only"]
    report()
    report(f"arkg serve / oxigraph: throughput x{ours['rps'] / theirs['rps']:.2f}, "
           f"p99 x{ours['p99'] / theirs['p99']:.2f}")
    if args.record:
        from arkg.atomic import write_bytes

        RECORD.parent.mkdir(parents=True, exist_ok=True)
        write_bytes(RECORD, ("\n".join(lines) + "\n").encode("utf-8"))

if __name__ == "__main__":
    main()
