"""Drives load with wrk against the running gunicorn, one URL after the other.

    DJANGO_SETTINGS_MODULE=bench.settings python -m bench.load BASE_URL OUT.json

Per URL: one plain request (status, body bytes as transferred, Content-Encoding), a short
warm-up, then BENCH_DURATION seconds of wrk with BENCH_CONNECTIONS connections. The slow
DRF-GIS baseline runs BENCH_BASELINE_DURATION seconds, so that the ramp-up (the first seconds in
which no request has finished yet) does not decide its throughput.
"""

import gzip
import hashlib
import http.client
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import django

django.setup()

from bench.pages import GEOJSON, STATIC_FILE, Page, pages  # noqa: E402

DURATION = int(os.environ.get("BENCH_DURATION", "10"))
BASELINE_DURATION = int(os.environ.get("BENCH_BASELINE_DURATION", "30"))
WARMUP = int(os.environ.get("BENCH_WARMUP", "2"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "32"))
THREADS = int(os.environ.get("BENCH_THREADS", "2"))
LUA = Path(__file__).with_name("latency.lua")


def fetch(base: str, path: str, *, accept_gzip: bool) -> tuple[int, str, bytes]:
    """One request without decoding, so the body length is what went over the wire.

    It queues behind what the previous URL's wrk run left in gunicorn's backlog, so the long
    timeout also drains that before the next measurement.
    """
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=300)
    conn.request("GET", path, headers={"Accept-Encoding": "gzip"} if accept_gzip else {})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, response.getheader("Content-Encoding", "identity"), body


def wrk(base: str, page: Page, seconds: int) -> dict:
    command = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "30s"]
    command += ["-s", str(LUA)]
    if page.gzip:
        command += ["-H", "Accept-Encoding: gzip"]
    output = subprocess.run(
        [*command, base + page.path], capture_output=True, text=True, check=True
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH_JSON "))
    return json.loads(line.removeprefix("BENCH_JSON "))


def drain(base: str) -> None:
    """Waits until gunicorn has worked off the requests wrk left behind when it stopped.

    wrk abandons its in-flight requests at the end of a run, but the sync workers still answer
    them; for a slow URL that would eat into the next measurement. A quick answer to /healthz,
    queued behind them, shows the backlog is gone.
    """
    for _ in range(300):
        started = time.monotonic()
        fetch(base, "/healthz", accept_gzip=False)
        if time.monotonic() - started < 0.25:
            return
    sys.exit("bench.load: the server did not become idle")


def check_static_twin(base: str) -> None:
    """The static file must still hold exactly the bytes the live endpoint sends."""
    _, _, live = fetch(base, GEOJSON, accept_gzip=False)
    _, _, static = fetch(base, STATIC_FILE, accept_gzip=False)
    if hashlib.sha256(live).digest() != hashlib.sha256(static).digest():
        sys.exit(f"bench.load: {STATIC_FILE} differs from {GEOJSON}; rerun bench/snapshot.py")


def main() -> None:
    base, out = sys.argv[1], sys.argv[2]
    check_static_twin(base)
    results = {}
    for page in pages():
        status, encoding, body = fetch(base, page.path, accept_gzip=page.gzip)
        if status != 200:
            sys.exit(f"bench.load: {page.path} answered {status}")
        slow = page.role in ("baseline", "uncached")
        seconds = max(DURATION, BASELINE_DURATION) if slow else DURATION
        print(f"  {page.label}: {seconds} s with {CONNECTIONS} connections …", flush=True)
        if WARMUP:
            wrk(base, page, WARMUP)
            drain(base)
        run = wrk(base, page, seconds)
        drain(base)
        run.update(bytes_transferred=len(body), encoding=encoding)
        if page.gzip and encoding == "identity":
            # What Django's gzip (level 6, as GZipMiddleware/gzip_page) would have sent.
            run["gzip_bytes_if_compressed"] = len(gzip.compress(body, compresslevel=6, mtime=0))
        results[page.key] = run
        errors = sum(run["errors"].values())
        print(
            f"    {run['requests'] / (run['duration_us'] / 1e6):.1f} req/s, "
            f"p50 {run['p50_us'] / 1000:.1f} ms, p95 {run['p95_us'] / 1000:.1f} ms"
            + (f", {errors} errors" if errors else ""),
            flush=True,
        )
    with open(out, "w") as file:
        json.dump({"duration_s": DURATION, "connections": CONNECTIONS, "pages": results}, file)


if __name__ == "__main__":
    main()
