"""Social-space conferences (Sozialraumkonferenzen): the public list and detail pages of a space,
its iCal feed, and the form for the Fachdienst and the members of actors working in the space.

List, detail and feed are public reads and land in the shared page cache (saving a conference
clears it). The form pages are personal and never cached. Everybody who may not edit the
conferences of a space finds no form (404, not 403); a conference is only found under the slug
of its own space.
"""

from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, FormView, ListView
from icalendar import Calendar, Event

from sozialraeume.forms_konferenzen import KonferenzForm
from sozialraeume.models import Idee, Konferenz, Sozialraum
from sozialraeume.permissions import can_edit_konferenz, is_fachdienst
from sozialraeume.services_konferenzen import konferenz_save

# Past conferences stay in the feed for a year, so subscribed calendars keep recent meetings.
FEED_PAST = timedelta(days=365)


def _sozialraum(slug: str) -> Sozialraum:
    return get_object_or_404(Sozialraum.objects.defer("boundary"), slug=slug)


def _konferenzen(sozialraum: Sozialraum) -> QuerySet[Konferenz]:
    return Konferenz.objects.filter(sozialraum=sozialraum).select_related("raum")


# --- Public pages ----------------------------------------------------------------------------


class KonferenzListView(ListView):
    """Upcoming conferences (not yet over, soonest first) above the past ones (newest first,
    with their minutes); the past ones are paginated."""

    template_name = "sozialraeume/konferenzen/konferenz_list.html"
    context_object_name = "past"
    paginate_by = 20

    def get(self, request, *args, **kwargs):
        self.sozialraum = _sozialraum(kwargs["slug"])
        self.now = timezone.now()
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return _konferenzen(self.sozialraum).filter(ends_at__lte=self.now).order_by("-starts_at")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            sozialraum=self.sozialraum,
            upcoming=_konferenzen(self.sozialraum)
            .filter(ends_at__gt=self.now)
            .order_by("starts_at"),
            can_edit=can_edit_konferenz(self.request.user, self.sozialraum),
        )
        return context


class KonferenzDetailView(DetailView):
    template_name = "sozialraeume/konferenzen/konferenz_detail.html"
    context_object_name = "konferenz"

    def get_queryset(self):
        return Konferenz.objects.filter(sozialraum__slug=self.kwargs["slug"]).select_related(
            "sozialraum", "raum"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        konferenz, user = self.object, self.request.user
        context.update(
            sozialraum=konferenz.sozialraum,
            is_past=konferenz.ends_at <= timezone.now(),
            akteure=konferenz.akteure.order_by("name"),
            # Ideas waiting for moderation, refused or hidden after a report are never shown.
            ideen=konferenz.ideen.filter(moderation=Idee.Moderation.PUBLISHED).order_by("title"),
            can_edit=can_edit_konferenz(user, konferenz.sozialraum),
            is_fachdienst=is_fachdienst(user),
        )
        return context


# --- iCalendar feed --------------------------------------------------------------------------


@require_safe
def konferenzen_ics(request: HttpRequest, slug: str) -> HttpResponse:
    """The space's conferences from a year ago on, in UTC, each with a stable UID (calendars
    update in place), place, agenda and a link to its page."""
    sozialraum = _sozialraum(slug)
    now = timezone.now()
    domain = urlsplit(settings.SITE_URL).hostname or "sozialraum-jena"
    calendar = Calendar()
    calendar.add("prodid", "-//Stadt Jena//Sozialraum-Portal Jena//DE")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _("Sozialraumkonferenzen %(name)s") % {"name": sozialraum.name})
    konferenzen = _konferenzen(sozialraum).filter(ends_at__gte=now - FEED_PAST)
    for konferenz in konferenzen.order_by("starts_at"):
        calendar.add_component(_event(konferenz, domain, now))
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="konferenzen-{sozialraum.slug}.ics"'
    return response


def place_text(konferenz: Konferenz) -> str:
    """Where, in one line: the room with its address, or the address given."""
    raum = konferenz.raum
    if raum is None:
        return konferenz.address
    locality = " ".join(part for part in (raum.postal_code, raum.locality) if part)
    return ", ".join(part for part in (raum.name, raum.street_address, locality) if part)


def _event(konferenz: Konferenz, domain: str, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", f"konferenz-{konferenz.pk}@{domain}")
    event.add("dtstamp", stamp.astimezone(UTC))
    event.add("dtstart", konferenz.starts_at.astimezone(UTC))
    event.add("dtend", konferenz.ends_at.astimezone(UTC))
    event.add("summary", konferenz.title)
    event.add("location", place_text(konferenz))
    if konferenz.agenda:
        event.add("description", konferenz.agenda)
    event.add("url", settings.SITE_URL + konferenz.get_absolute_url())
    event.add("transp", "OPAQUE")
    return event


# --- Create and edit -------------------------------------------------------------------------


class KonferenzPermissionMixin(LoginRequiredMixin):
    """Anonymous visitors go to the login; logged-in people who may not edit the space's
    conferences find nothing (404)."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.sozialraum = _sozialraum(kwargs["slug"])
        if not can_edit_konferenz(request.user, self.sozialraum):
            raise Http404
        self.object = self.get_object()
        self.saved_title = self.object.title  # the heading, even while the form changes it
        return super().dispatch(request, *args, **kwargs)

    def get_object(self) -> Konferenz:
        raise NotImplementedError


class KonferenzFormMixin(KonferenzPermissionMixin):
    template_name = "sozialraeume/konferenzen/konferenz_form.html"
    form_class = KonferenzForm

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "instance": self.object,
            "sozialraum": self.sozialraum,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            sozialraum=self.sozialraum,
            konferenz=self.object,
            saved_title=self.saved_title,
            **kwargs,
        )

    def form_valid(self, form):
        is_new = self.object.pk is None
        try:
            konferenz = konferenz_save(
                konferenz=form.instance,
                user=self.request.user,
                akteure=form.cleaned_data["akteure"],
                ideen=form.cleaned_data["ideen"],
            )
        except ValidationError as error:
            if is_new:
                form.instance.pk = None  # the transaction was rolled back
            _add_service_errors(form, error)
            return self.form_invalid(form)
        if is_new:
            messages.success(self.request, _("Die Konferenz ist eingetragen."))
        else:
            messages.success(self.request, _("Die Änderungen an der Konferenz sind gespeichert."))
        return redirect(konferenz)


@method_decorator(never_cache, name="dispatch")
class KonferenzCreateView(KonferenzFormMixin, FormView):
    def get_object(self) -> Konferenz:
        return Konferenz(sozialraum=self.sozialraum)


@method_decorator(never_cache, name="dispatch")
class KonferenzUpdateView(KonferenzFormMixin, FormView):
    def get_object(self) -> Konferenz:
        return get_object_or_404(_konferenzen(self.sozialraum), pk=self.kwargs["pk"])


# The service names model fields; the form asks for date and clock times instead.
FORM_FIELDS = {"starts_at": "start", "ends_at": "end"}


def _add_service_errors(form, error: ValidationError) -> None:
    """Errors the service found (database checks, room or idea of another space) on the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.message_dict.items():
        target = FORM_FIELDS.get(field, field)
        form.add_error(target if target in form.fields else None, errors)
