"""Prints the results table and target checks, and writes them to bench/RESULTS.md.

    DJANGO_SETTINGS_MODULE=bench.settings python -m bench.report OUT_DIR

Reads OUT_DIR/queries-small.json, queries-large.json and load.json. Exits 1 if a target fails.
"""

import json
import os
import platform
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime
from importlib.metadata import version
from pathlib import Path

import django

django.setup()

from django.db import connection  # noqa: E402

from bench.pages import pages  # noqa: E402

RESULTS = Path(__file__).with_name("RESULTS.md")
GZIP_LIMIT = 400_000  # bytes
THROUGHPUT_FACTOR = 5
P95_FACTOR = 3


def machine() -> str:
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    models = [line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")]
    meminfo = Path("/proc/meminfo").read_text().split()
    ram_gib = int(meminfo[meminfo.index("MemTotal:") + 1]) / 1024**2
    cpu = models[0] if models else platform.processor()
    return f"nproc {os.cpu_count()} ({cpu}), {ram_gib:.1f} GiB RAM, Linux {platform.release()}"


def versions() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('server_version'), postgis_lib_version()")
        postgres, postgis = cursor.fetchone()
    wrk = subprocess.run(["wrk", "-v"], capture_output=True, text=True)
    wrk_version = (wrk.stdout or wrk.stderr).split()[1]
    packages = ["Django", "djangorestframework", "djangorestframework-gis", "gunicorn"]
    parts = [f"Python {platform.python_version()}"] + [f"{p} {version(p)}" for p in packages]
    parts += [f"PostgreSQL {postgres}", f"PostGIS {postgis}", f"wrk {wrk_version}"]
    return ", ".join(parts)


def rps(run: dict) -> float:
    return run["requests"] / (run["duration_us"] / 1e6)


def size_cell(page, run: dict) -> str:
    if run["encoding"] != "identity":
        return f"{run['bytes_transferred']:,} ({run['encoding']})"
    return f"{run['bytes_transferred']:,} ({'not compressed' if page.gzip else 'uncompressed'})"


def table(load: dict, at_10: dict, at_10k: dict) -> list[str]:
    rows = [
        "| URL | requests/s | p50 ms | p95 ms | bytes | queries@10 | queries@10k |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for page in pages():
        run = load["pages"][page.key]
        q10 = at_10["queries"].get(page.key, "–")
        q10k = at_10k["queries"].get(page.key, "–")
        rows.append(
            f"| {page.label} | {rps(run):.1f} | {run['p50_us'] / 1000:.1f} | "
            f"{run['p95_us'] / 1000:.1f} | {size_cell(page, run)} | {q10} | {q10k} |"
        )
    return rows


@dataclass(frozen=True)
class Check:
    ok: bool
    text: str

    def __str__(self) -> str:
        return f"- {'PASS' if self.ok else 'FAIL'}  {self.text}"


def checks(load: dict, at_10: dict, at_10k: dict) -> list[Check]:
    runs = load["pages"]
    ours = [page for page in pages() if page.role == "ours"]

    # Like for like: both built for every request, without the portal's file cache.
    geojson, baseline = rps(runs["geojson_uncached"]), rps(runs["baseline"])
    result = [
        Check(
            geojson >= THROUGHPUT_FACTOR * baseline,
            f"GeoJSON throughput (uncached) {geojson:.1f} req/s vs DRF-GIS baseline "
            f"{baseline:.1f} req/s: {geojson / baseline if baseline else float('inf'):.1f} times "
            f"(target >= {THROUGHPUT_FACTOR}; cached: {rps(runs['geojson']):.1f} req/s)",
        )
    ]

    run = runs["geojson"]
    detail = f"{run['bytes_transferred']:,} bytes sent for Accept-Encoding: gzip"
    if "gzip_bytes_if_compressed" in run:
        detail += (
            f", but the server does not compress it (gzip -6 would make it "
            f"{run['gzip_bytes_if_compressed']:,} bytes)"
        )
    ok = run["encoding"] == "gzip" and run["bytes_transferred"] <= GZIP_LIMIT
    result.append(Check(ok, f"GeoJSON gzip payload <= {GZIP_LIMIT:,} bytes: {detail}"))

    # Like for like: the static file fetched the way our GeoJSON arrived (gzip or not).
    gzipped = runs["geojson"]["encoding"] == "gzip"
    static, other = ("static_gzip", "static") if gzipped else ("static", "static_gzip")
    static_p95 = runs[static]["p95_us"] / 1000
    other_p95 = runs[other]["p95_us"] / 1000
    for page in ours:
        p95 = runs[page.key]["p95_us"] / 1000
        text = (
            f"p95 {page.path}: {p95:.1f} ms vs static file {static_p95:.1f} ms "
            f"({runs[static]['encoding']}): {p95 / static_p95:.1f} times (target <= {P95_FACTOR}; "
            f"{p95 / other_p95:.1f} times the {runs[other]['encoding']} file's {other_p95:.1f} ms)"
        )
        result.append(Check(p95 <= P95_FACTOR * static_p95, text))

    for page in ours:
        q10, q10k = at_10["queries"][page.key], at_10k["queries"][page.key]
        m10, m10k = at_10["matches"].get(page.key), at_10k["matches"].get(page.key)
        shown = "" if m10 is None else f" ({m10} vs {m10k:,} matches)"
        text = (
            f"queries {page.path}: {q10} at {at_10['offers']} offers, "
            f"{q10k} at {at_10k['offers']:,} offers{shown}"
        )
        result.append(Check(q10 == q10k, text))
    return result


def notes(load: dict) -> list[str]:
    lines = []
    for page in pages():
        run = load["pages"][page.key]
        seconds = run["duration_us"] / 1e6
        if seconds > load["duration_s"] + 1:
            lines.append(f"- {page.label}: measured for {seconds:.0f} s (BENCH_BASELINE_DURATION)")
        if run["requests"] < 20:
            lines.append(
                f"- {page.label}: only {run['requests']} requests completed; its p50/p95 rest "
                "on few samples"
            )
        errors = {kind: count for kind, count in run["errors"].items() if count}
        if errors:
            lines.append(f"- {page.label}: wrk counted errors {errors}")
    return lines


def main() -> None:
    out = Path(sys.argv[1])
    load = json.loads((out / "load.json").read_text())
    at_10 = json.loads((out / "queries-small.json").read_text())
    at_10k = json.loads((out / "queries-large.json").read_text())

    rows = table(load, at_10, at_10k)
    results = checks(load, at_10, at_10k)
    check_lines = [str(check) for check in results]
    workers = os.environ.get("BENCH_WORKERS", "?")
    header = [
        "# Benchmark results",
        "",
        "Written by `make bench` (see bench/README.md); rerun to refresh.",
        "",
        f"- Date: {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
        f"- Machine: {machine()}",
        f"- Load average before / after: {os.environ.get('BENCH_LOADAVG_START', '?')} / "
        f"{' '.join(Path('/proc/loadavg').read_text().split()[:3])}",
        f"- Versions: {versions()}",
        f"- Data: {os.environ.get('BENCH_OFFERS', '10000')} offers seeded (seed_demo --seed 1), "
        f"{at_10k['offers']:,} of them published; queries@10 with {at_10['offers']} published",
        f"- Server: gunicorn, {workers} sync workers, DJANGO_DEBUG=false, 127.0.0.1; load: wrk, "
        f"{load['connections']} connections, {load['duration_s']} s per URL, same machine",
        "",
    ]
    body = ["## Results", "", *rows, "", "## Targets", "", *check_lines]
    extra = notes(load)
    if extra:
        body += ["", "## Notes", "", *extra]
    RESULTS.write_text("\n".join(header + body) + "\n")

    print()
    print("\n".join(rows))
    print()
    print("\n".join(check_lines))
    if extra:
        print("\n".join(extra))
    print(f"\nWritten to {RESULTS}")
    if not all(check.ok for check in results):
        sys.exit(1)


if __name__ == "__main__":
    main()
