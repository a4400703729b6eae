import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django.views.generic import DetailView
from django_filters.views import FilterView

from angebote import selectors
from angebote.filters import AngebotFilter
from angebote.freshness import TokenExpired, TokenInvalid, angebot_from_token
from angebote.services import angebot_confirm_current
from jena_sozialraum.gis import web_geojson
from jena_sozialraum.views import FilterQueryMixin
from sozialraeume.models import Bezirk, Sozialraum
from sozialraeume.selectors import map_layers


class AngebotListView(FilterQueryMixin, FilterView):
    filterset_class = AngebotFilter
    template_name = "angebote/angebot_list.html"
    context_object_name = "angebote"
    paginate_by = 20
    # Invalid filter values show their error and no results, never a server error.
    strict = True

    def get_queryset(self):
        return selectors.angebote_with_details(selectors.angebote_public())


class AngebotMapView(AngebotListView):
    """The same filters over a map; the list of matches below is the map's keyboard twin."""

    template_name = "angebote/karte.html"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["map_layers"] = map_layers(Sozialraum.objects.all())
        return context


class AngebotDetailView(DetailView):
    template_name = "angebote/angebot_detail.html"
    context_object_name = "angebot"

    def get_queryset(self):
        return selectors.angebote_with_details(selectors.angebote_public())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        angebot = self.object
        url = self.request.build_absolute_uri(angebot.get_absolute_url())
        jsonld = json.dumps(selectors.angebot_jsonld(angebot, url), ensure_ascii=False)
        # "<" escaped so offer text can never close the script element.
        context["jsonld"] = mark_safe(jsonld.replace("<", "\\u003c"))
        names = dict(settings.OFFER_LANGUAGES)
        context["languages"] = [str(names.get(code, code)) for code in angebot.languages]
        if angebot.is_sensitive and angebot.bezirk_id:
            # No pin at all: the mini map outlines the district instead.
            context["bezirk_outline"] = json.loads(
                Bezirk.objects.filter(pk=angebot.bezirk_id)
                .values_list(web_geojson("geometry"), flat=True)
                .get()
            )
        return context


@never_cache
@require_http_methods(["GET", "POST"])
def angebot_noch_aktuell(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """The one action a signed reminder link allows without login: confirm the offer.

    GET only asks (mail scanners follow links); the POST confirms.
    """
    try:
        angebot = angebot_from_token(token)
    except TokenExpired:
        return _link_refused(request, expired=True)
    except TokenInvalid:
        return _link_refused(request, expired=False)
    if angebot.slug != slug:
        return _link_refused(request, expired=False)
    if request.method == "POST":
        user = request.user if request.user.is_authenticated else None
        angebot_confirm_current(angebot=angebot, user=user)
        return render(request, "angebote/noch_aktuell_danke.html", {"angebot": angebot})
    return render(request, "angebote/noch_aktuell.html", {"angebot": angebot})


def _link_refused(request: HttpRequest, *, expired: bool) -> HttpResponse:
    return render(
        request,
        "angebote/noch_aktuell_ungueltig.html",
        {"expired": expired},
        status=410 if expired else 400,
    )
