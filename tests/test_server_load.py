"""A bounded load test: 20 concurrent clients for about 10 s against ``arkg serve`` (a mix of
SPARQL queries, canned queries, entity pages and searches) finish with zero errors."""

from __future__ import annotations

import http.client
import threading
import time
from urllib.parse import quote

import arkg
from server_fixtures import arkg_server  # noqa: F401  (fixture)

CLIENTS = 20
SECONDS = 10.0


def requests_mix() -> list[tuple[str, str, bytes | None, dict]]:
    sparql = {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"}
    return [
        ("POST", "/sparql", b"SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", sparql),
        ("POST", "/sparql", arkg.queries()["visits"].text.encode(), sparql),
        ("GET", "/sparql?query=" + quote("ASK { ?s a <https://w3id.org/arkg/ontology/Event> }"), None, {}),
        ("GET", "/canned/timeline?a=Albania&b=Soviet%20Union", None, {}),
        ("GET", "/id/albania", None, {"Accept": "text/turtle"}),
        ("GET", "/api/search?q=hox", None, {}),
    ]


def test_twenty_clients_ten_seconds_zero_errors(arkg_server):
    mix = requests_mix()
    done, errors, latencies = [0], [], []
    lock = threading.Lock()
    stop_at = time.monotonic() + SECONDS

    def client(n: int):
        conn = http.client.HTTPConnection(arkg_server.host, arkg_server.port, timeout=30)
        i = n
        try:
            while time.monotonic() < stop_at:
                method, path, body, headers = mix[i % len(mix)]
                i += 1
                started = time.monotonic()
                try:
                    conn.request(method, path, body=body, headers=headers)
                    resp = conn.getresponse()
                    resp.read()
                    ok = resp.status == 200
                except (OSError, http.client.HTTPException) as exc:
                    ok = False
                    resp = exc
                    conn.close()
                    conn = http.client.HTTPConnection(arkg_server.host, arkg_server.port, timeout=30)
                with lock:
                    latencies.append(time.monotonic() - started)
                    if ok:
                        done[0] += 1
                    else:
                        errors.append((path, getattr(resp, "status", repr(resp))))
        finally:
            conn.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join(SECONDS + 60)
    elapsed = time.monotonic() - started
    latencies.sort()
    print(f"\n{done[0]} requests in {elapsed:.1f} s = {done[0] / elapsed:.0f}/s; "
          f"p50 {latencies[len(latencies) // 2] * 1000:.1f} ms, p99 {latencies[int(len(latencies) * 0.99)] * 1000:.1f} ms")
    assert not errors, errors[:10]
    assert done[0] > CLIENTS * 10  # every client got answers throughout
