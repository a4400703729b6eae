"""Counts the database queries one request to each page makes (Django test client).

    DJANGO_SETTINGS_MODULE=bench.settings python -m bench.queries OUT.json

Run once after seeding 10 offers and once after seeding 10,000; report.py compares the two.
"""

import json
import sys

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from angebote.selectors import angebote_public  # noqa: E402
from bench.pages import pages  # noqa: E402


def count_queries(client: Client, path: str) -> tuple[int, int | None]:
    """Queries of a warm request (the first one in a process also fills caches), and matches."""
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, headers={"accept-encoding": "gzip"})
    if response.status_code != 200:
        raise SystemExit(f"bench.queries: {path} answered {response.status_code}")
    paginator = (response.context or {}).get("paginator")
    return len(captured), paginator.count if paginator else None


def main() -> None:
    out = sys.argv[1]
    setup_test_environment()  # lets the test client's host 'testserver' in
    client = Client()
    offers = angebote_public().count()
    result = {"offers": offers, "queries": {}, "matches": {}}
    for page in pages():
        if not page.by_django or page.key in result["queries"]:
            continue
        queries, matches = count_queries(client, page.path)
        result["queries"][page.key] = queries
        result["matches"][page.key] = matches
        shown = "" if matches is None else f", {matches} matches"
        print(f"  {offers:>6} offers  {page.path}: {queries} queries{shown}")
    with open(out, "w") as file:
        json.dump(result, file, indent=2)


if __name__ == "__main__":
    main()
