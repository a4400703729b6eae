"""The bench database: its URL, and a reset that never touches any other database.

    python -m bench.db url     print the bench DATABASE_URL
    python -m bench.db reset   drop and re-create that database with PostGIS
    python -m bench.db analyze refresh planner statistics after seeding (as autovacuum would)

The URL is BENCH_DATABASE_URL if set; otherwise DATABASE_URL's server with the database name
BENCH_DB_NAME (default jena_bench); otherwise the project-local server in .pg/run.
"""

import os
import sys
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import dj_database_url
import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent


def bench_url() -> str:
    if os.environ.get("BENCH_DATABASE_URL"):
        return os.environ["BENCH_DATABASE_URL"]
    name = os.environ.get("BENCH_DB_NAME", "jena_bench")
    if os.environ.get("DATABASE_URL"):
        return urlunsplit(urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{name}"))
    socket_dir = quote(str(ROOT / ".pg" / "run"), safe="")
    return f"postgis://jena@{socket_dir}:{os.environ.get('LOCAL_DB_PORT', '5432')}/{name}"


def _server(config: dict) -> dict:
    keys = {"host": "HOST", "port": "PORT", "user": "USER", "password": "PASSWORD"}
    return {key: config.get(setting) or None for key, setting in keys.items()}


def reset(url: str) -> None:
    config = dj_database_url.parse(url)
    name, server = config["NAME"], _server(config)
    # The one guard between this script and someone's real data.
    if "bench" not in name:
        sys.exit(f"bench.db: refusing to reset {name!r}: the name must contain 'bench'.")
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    with psycopg.connect(dbname=name, autocommit=True, **server) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")


def analyze(url: str) -> None:
    config = dj_database_url.parse(url)
    with psycopg.connect(dbname=config["NAME"], autocommit=True, **_server(config)) as conn:
        conn.execute("VACUUM ANALYZE")


def main() -> None:
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "url":
        print(bench_url())
    elif command == "reset":
        reset(bench_url())
    elif command == "analyze":
        analyze(bench_url())
    else:
        sys.exit("usage: python -m bench.db url|reset|analyze")


if __name__ == "__main__":
    main()
