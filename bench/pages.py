"""The URLs the bench measures, in table order. Needs Django set up (the detail slug)."""

from dataclasses import dataclass

GEOJSON = "/api/v1/angebote/?format=geojson"
STATIC_FILE = "/bench/static-same-bytes.geojson"


@dataclass(frozen=True)
class Page:
    key: str
    path: str
    # ours: the portal's own pages (targets apply); uncached: our GeoJSON built for every
    # request; baseline: the DRF-GIS comparison view; static: the same bytes as our GeoJSON,
    # served as a file by the same server.
    role: str
    gzip: bool = True  # sends Accept-Encoding: gzip, as a browser does

    @property
    def by_django(self) -> bool:
        return self.role != "static"

    @property
    def label(self) -> str:
        notes = [] if self.role == "ours" else [self.role]
        if self.role == "static":
            notes.append("gzip" if self.gzip else "uncompressed")
        return f"`{self.path}`" + (f" ({', '.join(notes)})" if notes else "")


def detail_slug() -> str:
    from angebote.selectors import angebote_public

    slug = angebote_public().order_by("slug").values_list("slug", flat=True).first()
    if slug is None:
        raise RuntimeError("No published offer in the bench database; was seed_demo run?")
    return slug


def pages() -> list[Page]:
    return [
        Page("list", "/angebote/", "ours"),
        Page("filtered", "/angebote/?kostenlos=1&sozialraum=lobeda&kategorie=beratung", "ours"),
        Page("detail", f"/angebote/{detail_slug()}/", "ours"),
        Page("search", "/angebote/?q=Beratung", "ours"),
        Page("geojson", GEOJSON, "ours"),
        Page("geojson_uncached", "/bench/geojson-uncached/", "uncached"),
        Page("baseline", "/bench/baseline-drf-gis/", "baseline"),
        # The reference for the p95 target: exactly our GeoJSON bytes, uncompressed as ours are.
        Page("static", STATIC_FILE, "static", gzip=False),
        Page("static_gzip", STATIC_FILE, "static"),
    ]
