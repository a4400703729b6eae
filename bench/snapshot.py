"""Writes the static twin of our GeoJSON: the exact response bytes as a file for whitenoise.

    DJANGO_SETTINGS_MODULE=bench.settings python -m bench.snapshot

Runs before gunicorn starts (whitenoise indexes WHITENOISE_ROOT at startup); bench/load.py then
checks that the live response still has the same bytes. A .gz twin, made by whitenoise's own
compressor, lets the same URL show what a pre-compressed file costs.
"""

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from whitenoise.compress import Compressor  # noqa: E402

from bench.pages import GEOJSON, STATIC_FILE  # noqa: E402


def main() -> None:
    setup_test_environment()
    response = Client().get(GEOJSON)
    if response.status_code != 200:
        raise SystemExit(f"bench.snapshot: {GEOJSON} answered {response.status_code}")
    target = settings.WHITENOISE_ROOT / STATIC_FILE.lstrip("/")
    target.parent.mkdir(parents=True, exist_ok=True)
    for old in target.parent.glob(target.name + ".*"):
        old.unlink()
    # The GeoJSON streams from the portal's file cache; join it for the byte-identical twin.
    body = b"".join(response.streaming_content) if response.streaming else response.content
    target.write_bytes(body)
    Compressor(use_brotli=False, quiet=True).compress(str(target))
    print(f"  {target.relative_to(settings.BASE_DIR)}: {len(body):,} bytes")


if __name__ == "__main__":
    main()
