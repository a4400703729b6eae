"""Settings for `make bench`: the production settings plus the two comparison endpoints.

Only bench/run.sh uses this module (DJANGO_SETTINGS_MODULE=bench.settings); the portal itself
never imports anything from bench/.
"""

import os
from pathlib import Path

from jena_sozialraum.settings import *  # noqa: F403
from jena_sozialraum.settings import BASE_DIR, DEBUG, INSTALLED_APPS

if DEBUG:
    # Numbers from DEBUG mode (query log, no whitenoise) would say nothing about production.
    raise RuntimeError("bench.settings needs DJANGO_DEBUG=false (production mode).")

ROOT_URLCONF = "bench.urls"
# Maps PointField to drf-gis' GeometryField, as a project using drf-gis would.
INSTALLED_APPS = [*INSTALLED_APPS, "rest_framework_gis"]

BENCH_OUT = Path(os.environ.get("BENCH_OUT", BASE_DIR / "bench" / "out"))
# Own collectstatic target, so the bench never rewrites the project's staticfiles/.
STATIC_ROOT = BENCH_OUT / "staticfiles"
# whitenoise serves this folder at the site root: www/bench/static-same-bytes.geojson is the
# static twin of the GeoJSON response (written by bench/snapshot.py before gunicorn starts).
WHITENOISE_ROOT = BENCH_OUT / "www"
