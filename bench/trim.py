"""Cuts the bench database down to a few published offers for the queries@10 column.

    DJANGO_SETTINGS_MODULE=bench.settings python -m bench.trim 10

Runs after the load test. Keeps the measured detail offer and the first offers each measured
list shows, so every page still has results: a list with no results skips its prefetch queries,
and would then "differ" from the full database for a reason that says nothing about scaling.
"""

import sys

import django

django.setup()

from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from angebote.models import Angebot  # noqa: E402
from angebote.selectors import angebote_public  # noqa: E402
from bench.pages import detail_slug, pages  # noqa: E402

PER_LIST = 2


def offers_to_keep(count: int) -> list[int]:
    client = Client()
    keep = list(Angebot.objects.filter(slug=detail_slug()).values_list("pk", flat=True))
    for page in pages():
        response = client.get(page.path)
        shown = (response.context or {}).get("angebote")
        if shown is not None:
            keep += [angebot.pk for angebot in list(shown)[:PER_LIST] if angebot.pk not in keep]
    with_point = angebote_public().filter(point__isnull=False).exclude(pk__in=keep)
    keep += list(
        with_point.order_by("pk").values_list("pk", flat=True)[: max(count - len(keep), 0)]
    )
    return keep


def main() -> None:
    count = int(sys.argv[1])
    setup_test_environment()
    keep = offers_to_keep(count)
    deleted, _ = Angebot.objects.exclude(pk__in=keep).delete()
    print(f"  kept {len(keep)} offers, deleted {deleted} rows")


if __name__ == "__main__":
    main()
