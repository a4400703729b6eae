"""Site-wide views that belong to no domain: error pages and the health check."""

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def _wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse({"detail": _("Nicht gefunden.")}, status=404)
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse(
            {"detail": _("Interner Fehler. Bitte später erneut versuchen.")}, status=500
        )
    return render(request, "500.html", status=500)


def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers and `make run`: answers 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


class FilterQueryMixin:
    """Adds the current filters without the page number (`filter_query`, for pagination and
    map links) and whether any filter is set (`filter_active`) to a filtered list's context."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["filter_query"] = query.urlencode()
        context["filter_active"] = any(query.values())
        return context
