"""The portal's URLs plus the bench endpoints.

The portal's patterns are extended rather than include()d: i18n_patterns only work in the root
URLconf.
"""

from django.urls import path

from bench import views
from jena_sozialraum.urls import handler404, handler500
from jena_sozialraum.urls import urlpatterns as portal_urlpatterns

__all__ = ["handler404", "handler500", "urlpatterns"]

urlpatterns = [
    path("bench/baseline-drf-gis/", views.BaselineGeoJSONView.as_view(), name="bench-baseline"),
    path("bench/geojson-uncached/", views.geojson_uncached, name="bench-geojson-uncached"),
    # /bench/static-same-bytes.geojson is a file, served by whitenoise (WHITENOISE_ROOT).
    *portal_urlpatterns,
]
