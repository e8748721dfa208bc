#!/usr/bin/env python3
"""The HTTP API under concurrent clients, against a static file served by the same server.

Starts ``marsad serve`` (uvicorn, one process) on 127.0.0.1 at a free port over the given
store, then, for each client count (default 20 and 100) and each endpoint in turn, runs that
many concurrent clients (asyncio + httpx, one connection each) until the endpoint has served
``--requests`` requests or ``--seconds`` have passed, and prints requests/s, p50 and p99
latency, errors (non-2xx answers, time-outs, refused connections) and the server's CPU time per
request (Linux /proc; what other jobs on the machine change least) per endpoint, with the ratios
to the static-file baseline measured in the same run. Stops the server at the end.

Usage::

    bench/api_load.py --store /path/to/corpus.db [--clients 20,100] [--requests 400] [--seconds 20] [--readers N]

Without ``--store`` (or ``MARSAD_BENCH_STORE``) it prints why and skips: it needs a large
store, made once with ``marsad ingest ../shared/data/corpora/saudinewsnet/raw/ --db FILE``.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import resource
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

#: Words searched (rotating): frequent and rarer terms of Gulf news, one and two words.
SEARCHES = ("السعودية", "اليمن", "وزير الخارجية", "الحوثيين", "إيران", "الأمم المتحدة", "داعش", "النفط")
#: Event filters (rotating): an actor prefix, a PLOVER type and country, a CAMEO root and date
#: range, a modality.
EVENT_FILTERS = ("actor=SAU", "plover=ASSAULT&country=YEM", "code=19&since=2015-08-01&until=2015-08-10",
                 "modality=asserted&actor=IRN", "source=SAUGOV&limit=50")
LIST_ENDPOINTS = ("documents", "search", "events", "events-filtered")


@dataclass
class Result:
    name: str
    clients: int
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0
    first_error: str = ""
    server_cpu: float = float("nan")  # the server's CPU seconds while this endpoint ran

    @property
    def cpu_per_request(self) -> float:
        """Server CPU milliseconds per request: what the machine's load does not change much."""
        return self.server_cpu / self.done * 1000 if self.done else float("nan")

    @property
    def done(self) -> int:
        return len(self.latencies) + self.errors

    def pct(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000

    @property
    def rate(self) -> float:
        return self.done / self.seconds if self.seconds else 0.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_cpu(pid: int) -> float:
    """User + system CPU seconds of a running process and its children (the workers of
    ``--workers N``; Linux), else NaN."""
    def stat(p: str) -> list[str]:
        return Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()

    try:
        rows = [stat(str(pid))]
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit() and entry.name != str(pid):
                try:
                    fields = stat(entry.name)
                except OSError:
                    continue
                if fields[1] == str(pid):  # its parent is the server
                    rows.append(fields)
        return sum(int(f[11]) + int(f[12]) for f in rows) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return float("nan")


def start_server(store: str, port: int, *, cache_entries: int, workers: int = 1,
                 readers: int | None = None) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), os.environ.get("PYTHONPATH", "")])}
    extra = ["--readers", str(readers)] if readers is not None else []
    return subprocess.Popen(
        [sys.executable, "-m", "marsad", "serve", "--db", store, "--host", "127.0.0.1", "--port", str(port),
         "--log-level", "warning", "--cache-entries", str(cache_entries), "--workers", str(workers), *extra],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def wait_ready(base: str, server: subprocess.Popen[bytes], timeout: float = 120.0) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"api_load: the server exited: {server.stderr.read().decode()[-500:] if server.stderr else ''}")
        try:
            if httpx.get(f"{base}/static/favicon.svg", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise SystemExit("api_load: the server did not answer within 120 s")


def endpoints(base: str) -> dict[str, list[str]]:
    """Each endpoint's URLs (rotated through by the clients); document ids from the store."""
    import httpx

    listed = httpx.get(f"{base}/api/documents", params={"limit": 200}, timeout=120).json()["items"]
    ids = [item["id"] for item in listed][::10] or ["missing"]
    return {
        "static": [f"{base}/static/favicon.svg"],
        "documents": [f"{base}/api/documents?limit=50", f"{base}/api/documents?limit=50&offset=500",
                      f"{base}/api/documents?since=2015-08-01&limit=50"],
        "search": [f"{base}/api/documents?q={q}&limit=20" for q in SEARCHES],
        "events": [f"{base}/api/events?limit=100", f"{base}/api/events?limit=100&offset=1000"],
        "events-filtered": [f"{base}/api/events?{f}" for f in EVENT_FILTERS],
        "timeline": [f"{base}/api/timeline", f"{base}/api/timeline?by=quad&actor=SAU"],
        "network": [f"{base}/api/network", f"{base}/api/network?country=YEM"],
        "map": [f"{base}/api/map", f"{base}/api/map?plover=ASSAULT"],
        "document-api": [f"{base}/api/documents/{i}" for i in ids],
        "document-page": [f"{base}/documents/{i}" for i in ids],
    }


async def drive(name: str, urls: list[str], clients: int, budget: int, seconds: float) -> Result:
    import httpx

    result = Result(name, clients)
    issued = 0
    deadline = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async with httpx.AsyncClient(limits=limits, timeout=httpx.Timeout(60.0)) as client:
        requests = [client.build_request("GET", url) for url in urls]  # built once: less client CPU

        async def worker() -> None:
            nonlocal issued
            while issued < budget and time.monotonic() < deadline:
                url = urls[issued % len(urls)]
                request = requests[issued % len(urls)]
                issued += 1
                started = time.perf_counter()
                try:
                    response = await client.send(request)
                    ok = response.status_code < 400
                    if not ok and not result.first_error:
                        result.first_error = f"{response.status_code} {url}: {response.text[:120]}"
                except httpx.HTTPError as exc:
                    ok = False
                    if not result.first_error:
                        result.first_error = f"{type(exc).__name__} {exc} {url}"
                elapsed = time.perf_counter() - started
                if ok:
                    result.latencies.append(elapsed)
                else:
                    result.errors += 1

        started = time.perf_counter()
        gc.disable()  # the clients' own collection pauses are not the server's latency
        try:
            await asyncio.gather(*(worker() for _ in range(clients)))
        finally:
            gc.enable()
        result.seconds = time.perf_counter() - started
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", default=os.environ.get("MARSAD_BENCH_STORE"),
                        help="the store to serve (a large one: the whole corpus); default $MARSAD_BENCH_STORE")
    parser.add_argument("--clients", default="20,100", help="comma-separated concurrent client counts")
    parser.add_argument("--requests", type=int, default=400, help="requests per endpoint and client count")
    parser.add_argument("--seconds", type=float, default=20.0, help="time limit per endpoint and client count")
    parser.add_argument("--cache-entries", type=int, default=512,
                        help="the server's answer cache (0: every request reaches the store, as with "
                             "queries nobody asked before); default the server's default")
    parser.add_argument("--workers", type=int, default=1, help="server processes (marsad serve --workers)")
    parser.add_argument("--readers", type=int, default=None,
                        help="requests in threads at once per server process (marsad serve --readers); "
                             "default the server's default")
    parser.add_argument("--only", default=None, help="comma-separated endpoint names (static is always run)")
    args, _ = parser.parse_known_args(argv)
    if not args.store:
        print("api_load: skipped (no store: give --store FILE or set MARSAD_BENCH_STORE; "
              "make one with `marsad ingest ../shared/data/corpora/saudinewsnet/raw/ --db FILE`)")
        return 0
    if "://" not in args.store and not Path(args.store).is_file():
        print(f"api_load: skipped ({args.store} does not exist)")
        return 0
    levels = [int(c) for c in args.clients.split(",") if c.strip()]

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(args.store, port, cache_entries=args.cache_entries, workers=args.workers,
                          readers=args.readers)
    try:
        wait_ready(base, server)
        urls = endpoints(base)
        names = list(urls) if not args.only else ["static", *[n for n in args.only.split(",") if n != "static"]]
        with open("/proc/loadavg") if Path("/proc/loadavg").exists() else open(os.devnull) as fh:
            load = fh.read().split()[:3]
        print(f"api_load: {args.store}, server {base} ({args.workers} uvicorn process{'es' if args.workers > 1 else ''}, answer cache {args.cache_entries}), "
              f"{os.cpu_count()} cores, "
              f"load average before {' '.join(load) or '?'}; up to {args.requests} requests or "
              f"{args.seconds:.0f} s per endpoint and client count")
        import httpx

        cold: dict[str, float] = {}
        for name in names:  # one request per URL first: what a cold server takes, and warm caches
            started = time.perf_counter()
            for u in urls[name]:
                httpx.get(u, timeout=300)
            cold[name] = (time.perf_counter() - started) / len(urls[name]) * 1000
        print("one client, first request per URL (ms): " + ", ".join(f"{n} {v:.0f}" for n, v in cold.items()))
        failed = False
        for clients in levels:
            results = []
            for n in names:
                before = server_cpu(server.pid)
                results.append(asyncio.run(drive(n, urls[n], clients, args.requests, args.seconds)))
                results[-1].server_cpu = server_cpu(server.pid) - before
            base_result = results[0]
            print(f"\n{clients} concurrent clients")
            print(f"{'endpoint':<16} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'done':>6}"
                  f" {'p99 / static':>13} {'static req/s / req/s':>21} {'server CPU ms/req':>18} {'/ static':>9}")
            for r in results:
                ratio_p99 = r.pct(0.99) / base_result.pct(0.99) if base_result.latencies else float("nan")
                ratio_rate = base_result.rate / r.rate if r.rate else float("nan")
                ratio_cpu = r.cpu_per_request / base_result.cpu_per_request if base_result.cpu_per_request else float("nan")
                print(f"{r.name:<16} {r.rate:8.1f} {r.pct(0.5):8.0f} {r.pct(0.99):8.0f} {r.errors:7d} {r.done:6d}"
                      f" {ratio_p99:13.1f} {ratio_rate:21.1f} {r.cpu_per_request:18.2f} {ratio_cpu:9.1f}")
                if r.first_error:
                    print(f"  first error: {r.first_error}")
                failed |= r.errors > 0
            over = [r.name for r in results if r.name in LIST_ENDPOINTS and r.pct(0.99) > 300]
            if clients == 20:
                print("list and search endpoints with p99 > 300 ms: " + (", ".join(over) or "none"))
        with open("/proc/loadavg") if Path("/proc/loadavg").exists() else open(os.devnull) as fh:
            print(f"\nload average after: {' '.join(fh.read().split()[:3]) or '?'}")
        mine = resource.getrusage(resource.RUSAGE_SELF)
        print(f"CPU seconds: server {server_cpu(server.pid):.1f}, clients {mine.ru_utime + mine.ru_stime:.1f}")
        return 1 if failed else 0
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


if __name__ == "__main__":
    sys.exit(main())
