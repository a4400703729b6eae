"""Public room pages. (Work in progress: list and detail are minimal until the room issue's
pages land.)"""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView

from angebote.selectors_raeume import raeume_public, raeume_with_details
from angebote.services_raeume import raumanfrage_confirm_email


class RaumListView(ListView):
    template_name = "angebote/raeume/raum_list.html"
    context_object_name = "raeume"
    paginate_by = 20

    def get_queryset(self):
        return raeume_with_details(raeume_public())


class RaumDetailView(DetailView):
    template_name = "angebote/raeume/raum_detail.html"
    context_object_name = "raum"

    def get_queryset(self):
        return raeume_with_details(raeume_public())


@never_cache
def raumanfrage_bestaetigen(request: HttpRequest, token: str) -> HttpResponse:
    raumanfrage_confirm_email(token=token)
    return HttpResponse("ok")
