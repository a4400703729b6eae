"""The open-data page /daten/ and its downloads of published offers."""

from django.db.models import Count, Max, Q
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from angebote.csv_values import COLUMNS
from angebote.downloads import (
    COLUMN_DESCRIPTIONS,
    LICENCE,
    angebote_export_values,
    csv_chunks,
    geojson_chunks,
)
from angebote.selectors import angebote_public


class DatenView(TemplateView):
    template_name = "angebote/daten.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            angebote_public().aggregate(
                count=Count("pk"),
                samples=Count("pk", filter=Q(is_sample=True)),
                updated=Max("updated_at"),
            )
        )
        context["columns"] = [(name, COLUMN_DESCRIPTIONS[name]) for name in COLUMNS]
        context["licence"] = LICENCE
        return context


def _download(chunks, *, content_type: str, filename: str, disposition: str):
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    # Open data: any web page may load it.
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def angebote_csv(request):
    rows = angebote_export_values(angebote_public())
    return _download(
        csv_chunks(rows),
        content_type="text/csv; charset=utf-8",
        filename="angebote.csv",
        disposition="attachment",
    )


@require_safe
def angebote_geojson(request):
    detail_url = request.build_absolute_uri(reverse("angebote:detail", kwargs={"slug": "__slug__"}))
    rows = angebote_export_values(angebote_public())
    return _download(
        geojson_chunks(rows, detail_url=detail_url),
        content_type="application/geo+json",
        filename="angebote.geojson",
        disposition="inline",
    )
