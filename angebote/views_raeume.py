"""Public room pages: search with map, detail with week view, request form, the e-mail
confirmation of residents' requests, and the iCal feed of a room's occupied periods.

Search, detail and feed are public reads and land in the shared page cache (the services
clear it when bookings change). The request form, its thanks page and the confirmation link
carry a form or personal data, so they are never_cache. The week view and the feed show
occupied periods only: never who booked or what for.
"""

from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import urlencode, urlsplit

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe
from django.views.generic import DetailView, FormView
from django_filters.views import FilterView
from icalendar import Calendar, Event

from angebote.filters_raeume import RaumFilter
from angebote.models import Raum, Raumanfrage, Zeitfenster
from angebote.selectors_raeume import raeume_public, raeume_with_details, raum_week
from angebote.services_raeume import (
    CONFIRM_DAYS,
    CONFIRM_SALT,
    Requester,
    local_period,
    period_problems,
    raumanfrage_confirm_email,
    raumanfrage_create,
)
from jena_sozialraum.forms import AccessibleFormMixin, HoneypotMixin
from jena_sozialraum.ratelimit import RATE_LIMIT_CODE
from jena_sozialraum.views import FilterQueryMixin
from sozialraeume.permissions import akteure_of

# --- Search ---------------------------------------------------------------------------------


class RaumListView(FilterQueryMixin, FilterView):
    filterset_class = RaumFilter
    template_name = "angebote/raeume/raum_list.html"
    context_object_name = "raeume"
    paginate_by = 20
    # Invalid filter values show their error and no results, never a server error.
    strict = True

    def get_queryset(self):
        return raeume_with_details(raeume_public())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = self.filterset.form
        data = form.cleaned_data if form.is_bound and form.is_valid() else {}
        if data.get("von") and data.get("bis"):
            # The cards then link to the request form with this period filled in.
            start, end = timezone.localtime(data["von"]), timezone.localtime(data["bis"])
            context["period"] = {"start": start, "end": end}
            context["request_query"] = urlencode(
                {"date": f"{start:%Y-%m-%d}", "start": f"{start:%H:%M}", "end": f"{end:%H:%M}"}
            )
        return context


# --- Detail with week view ------------------------------------------------------------------


def _monday(day: date) -> date:
    return day - timedelta(days=day.isoweekday() - 1)


def _label(moment: datetime, day: date) -> str:
    """A local clock time on `day`; the midnight that ends it is 24:00, not 00:00."""
    return "24:00" if moment.date() > day else f"{moment:%H:%M}"


def _subtract(
    free: list[tuple[datetime, datetime]], busy: list[tuple[datetime, datetime]]
) -> list[tuple[datetime, datetime]]:
    for busy_start, busy_end in busy:
        pieces = []
        for start, end in free:
            if busy_end <= start or busy_start >= end:
                pieces.append((start, end))
                continue
            if start < busy_start:
                pieces.append((start, busy_start))
            if busy_end < end:
                pieces.append((busy_end, end))
        free = pieces
    return free


def week_rows(raum: Raum, monday: date, today: date) -> list[dict]:
    """raum_week as table rows: free windows (bookable hours minus occupied periods) and
    occupied periods, as clock-time labels. Past days show no free windows."""
    rows = []
    for day in raum_week(raum, monday):
        on = day["date"]
        busy = [(slot["start"], slot["end"]) for slot in day["occupied"]]
        windows = [
            (
                timezone.make_aware(datetime.combine(on, window.opens)),
                timezone.make_aware(datetime.combine(on, window.closes)),
            )
            for window in day["windows"]
        ]
        free = [] if on < today else _subtract(windows, busy)
        rows.append(
            {
                "date": on,
                "bookable": bool(windows),
                "past": on < today,
                "free": [(_label(start, on), _label(end, on)) for start, end in free],
                "occupied": [
                    (_label(slot["start"], on), _label(slot["end"], on), slot["kind"])
                    for slot in day["occupied"]
                ],
            }
        )
    return rows


class RaumDetailView(DetailView):
    """`?woche=YYYY-MM-DD` picks the week (any day of it); weeks from the current one up to
    the last one that can be requested, so crawlers following "next week" stop somewhere."""

    template_name = "angebote/raeume/raum_detail.html"
    context_object_name = "raum"

    def get_queryset(self):
        return raeume_with_details(raeume_public())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        raum = self.object
        today = timezone.localdate()
        first = _monday(today)
        last = _monday(today + timedelta(days=raum.max_days_ahead))
        try:
            monday = _monday(date.fromisoformat(self.request.GET.get("woche", "")))
        except ValueError:
            monday = first
        monday = min(max(monday, first), last)
        days: dict[int, list] = {}
        for window in raum.zeiten.all():
            days.setdefault(window.weekday, []).append(window)
        context.update(
            schedule=[(Zeitfenster.Weekday(day).label, days[day]) for day in sorted(days)],
            week=week_rows(raum, monday, today),
            monday=monday,
            sunday=monday + timedelta(days=6),
            previous_week=monday - timedelta(days=7) if monday > first else None,
            next_week=monday + timedelta(days=7) if monday < last else None,
            request_query=_period_query(self.request.GET),
        )
        return context


def _period_query(params) -> str:
    """The searched period (date, start, end) passed on from the results to the request form,
    kept only when it looks like a date and two times."""
    try:
        day = date.fromisoformat(params.get("date", ""))
        start, end = (time.fromisoformat(params.get(name, "")) for name in ("start", "end"))
    except ValueError:
        return ""
    return urlencode({"date": day.isoformat(), "start": f"{start:%H:%M}", "end": f"{end:%H:%M}"})


# --- Request form ---------------------------------------------------------------------------


class RaumanfrageForm(AccessibleFormMixin, HoneypotMixin, forms.Form):
    """Members request for one of their actors, name and address come from the account;
    residents give name and address. The period rules are those of period_problems."""

    akteur = forms.ModelChoiceField(
        queryset=None,
        label=gettext_lazy("Für wen fragen Sie an?"),
        empty_label=None,
    )
    name = forms.CharField(
        label=gettext_lazy("Ihr Name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=gettext_lazy("Ihre E-Mail-Adresse"),
        help_text=gettext_lazy(
            "Dorthin schicken wir einen Link zum Bestätigen und später die Antwort des "
            "Anbieters. Der Anbieter sieht Ihren Namen und Ihre Adresse."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    date = forms.DateField(
        label=gettext_lazy("Datum"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    start = forms.TimeField(
        label=gettext_lazy("Beginn (Uhrzeit)"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    end = forms.TimeField(
        label=gettext_lazy("Ende (Uhrzeit)"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    people = forms.IntegerField(label=gettext_lazy("Wie viele Personen kommen?"), min_value=1)
    purpose = forms.CharField(
        label=gettext_lazy("Wofür brauchen Sie den Raum?"),
        max_length=300,
        help_text=gettext_lazy("Zum Beispiel: Treffen unserer Selbsthilfegruppe."),
    )
    support_needs = forms.CharField(
        label=gettext_lazy("Unterstützung oder Barrierefreiheit, die Sie brauchen (freiwillig)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, raum: Raum, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.raum = raum
        self.fields["website"].widget.attrs.update(tabindex="-1", autocomplete="off")
        people = self.fields["people"]
        people.widget.attrs.update(max=raum.capacity)
        people.help_text = _("In diesen Raum passen höchstens %(n)s Personen.") % {
            "n": raum.capacity
        }
        if user.is_authenticated:
            del self.fields["name"], self.fields["email"]
            akteure = akteure_of(user).order_by("name")
            if akteure.exists():
                self.fields["akteur"].queryset = akteure
            else:
                del self.fields["akteur"]
        else:
            del self.fields["akteur"]

    def clean_people(self):
        people = self.cleaned_data["people"]
        if people > self.raum.capacity:
            raise forms.ValidationError(
                _("In diesen Raum passen höchstens %(n)s Personen.") % {"n": self.raum.capacity}
            )
        return people

    def clean(self):
        data = super().clean()
        if any(data.get(name) is None for name in ("date", "start", "end")):
            return data
        start = timezone.make_aware(datetime.combine(data["date"], data["start"]))
        end = timezone.make_aware(datetime.combine(data["date"], data["end"]))
        if end <= start:
            self.add_error("end", _("Das Ende muss nach dem Beginn liegen."))
            return data
        for problem in period_problems(self.raum, start, end):
            self.add_error(None, problem)
        data["start_at"], data["end_at"] = start, end
        return data


@method_decorator(never_cache, name="dispatch")
class RaumanfrageCreateView(FormView):
    """`?date=…&start=…&end=…` fill in the period (links from a search for free rooms)."""

    template_name = "angebote/raeume/raumanfrage_form.html"
    form_class = RaumanfrageForm

    def dispatch(self, request, *args, **kwargs):
        self.raum = get_object_or_404(raeume_public().select_related("akteur"), slug=kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {
            name: self.request.GET[name]
            for name in ("date", "start", "end")
            if name in self.request.GET
        }

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "raum": self.raum, "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(raum=self.raum, **kwargs)

    def form_valid(self, form):
        # A bot that filled the honeypot sees the same page; nothing is stored or sent.
        if form.is_spam():
            return self._sent()
        data = form.cleaned_data
        user = self.request.user
        if user.is_authenticated:
            requester = Requester(
                name=user.name or user.email, email=user.email, user=user, akteur=data.get("akteur")
            )
        else:
            requester = Requester(name=data["name"], email=data["email"])
        try:
            raumanfrage_create(
                raum=self.raum,
                start=data["start_at"],
                end=data["end_at"],
                purpose=data["purpose"],
                people=data["people"],
                support_needs=data["support_needs"],
                requester=requester,
                # REMOTE_ADDR only, never X-Forwarded-For (see angebote/views_meldungen.py).
                ip=self.request.META.get("REMOTE_ADDR", ""),
            )
        except ValidationError as error:
            # Someone was faster between the check in the form and the service, or the
            # address sent too many requests this hour.
            form.add_error(None, error)
            response = self.form_invalid(form)
            if getattr(error, "code", None) == RATE_LIMIT_CODE:
                response.status_code = 429
            return response
        return self._sent()

    def form_invalid(self, form):
        if form.is_spam():
            return self._sent()
        return super().form_invalid(form)

    def _sent(self) -> HttpResponse:
        return redirect("raeume:anfrage-gesendet", slug=self.raum.slug)


@method_decorator(never_cache, name="dispatch")
class RaumanfrageSentView(DetailView):
    """What happens next: residents confirm their address first, members wait for the owner."""

    template_name = "angebote/raeume/raumanfrage_gesendet.html"
    context_object_name = "raum"

    def get_queryset(self):
        return raeume_public()


# --- E-mail confirmation of residents' requests ---------------------------------------------


def _anfrage_from_token(token: str) -> tuple[Raumanfrage | None, str]:
    """The request a confirmation link stands for, or the reason it does not ("expired",
    "invalid"). Reads only: the link itself confirms nothing (mail scanners follow links)."""
    signer = signing.TimestampSigner(salt=CONFIRM_SALT)
    try:
        pk = signer.unsign(token, max_age=timedelta(days=CONFIRM_DAYS))
    except signing.SignatureExpired:
        return None, "expired"
    except signing.BadSignature:
        return None, "invalid"
    anfrage = Raumanfrage.objects.select_related("raum").filter(pk=int(pk)).first()
    return anfrage, "" if anfrage else "invalid"


@never_cache
@require_http_methods(["GET", "POST"])
def raumanfrage_bestaetigen(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks, POST confirms: the request then reaches the room's owner."""
    anfrage, problem = _anfrage_from_token(token)
    if problem:
        return _link_refused(request, expired=problem == "expired")
    if request.method == "POST":
        try:
            anfrage = raumanfrage_confirm_email(token=token)
        except ValidationError as error:
            return _link_refused(request, expired=error.code == "expired")
        return render(request, "angebote/raeume/raumanfrage_bestaetigt.html", {"anfrage": anfrage})
    return render(request, "angebote/raeume/raumanfrage_bestaetigen.html", {"anfrage": anfrage})


def _link_refused(request: HttpRequest, *, expired: bool) -> HttpResponse:
    return render(
        request,
        "angebote/raeume/raumanfrage_link_ungueltig.html",
        {"expired": expired},
        status=410 if expired else 400,
    )


# --- iCalendar feed -------------------------------------------------------------------------

FEED_PAST = timedelta(days=30)
FEED_AHEAD = timedelta(days=365)


@require_safe
def raum_belegung_ics(request: HttpRequest, slug: str) -> HttpResponse:
    """Occupied periods (accepted bookings, blocked periods) from 30 days ago to a year ahead,
    in UTC. No names or purposes; each booking keeps its UID, so calendars update in place."""
    raum = get_object_or_404(raeume_public(), slug=slug)
    now = timezone.now()
    window = local_period(now - FEED_PAST, now + FEED_AHEAD)
    domain = urlsplit(settings.SITE_URL).hostname or "sozialraum-jena"
    calendar = Calendar()
    calendar.add("prodid", "-//Stadt Jena//Sozialraum-Portal Jena//DE")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _("Belegung: %(raum)s") % {"raum": raum.name})
    bookings = raum.anfragen.filter(
        status=Raumanfrage.Status.ACCEPTED, period__overlap=window
    ).only("pk", "period")
    for anfrage in bookings:
        calendar.add_component(
            _event(f"raumanfrage-{anfrage.pk}@{domain}", anfrage.period, _("Belegt"), now)
        )
    for sperrzeit in raum.sperrzeiten.filter(period__overlap=window).only("pk", "period"):
        calendar.add_component(
            _event(
                f"sperrzeit-{sperrzeit.pk}@{domain}",
                # An open-ended block ("closed until further notice") ends with the feed.
                local_period(
                    sperrzeit.period.lower or window.lower, sperrzeit.period.upper or window.upper
                ),
                _("Gesperrt"),
                now,
            )
        )
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="belegung-{raum.slug}.ics"'
    return response


def _event(uid: str, period, summary: str, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp.astimezone(UTC))
    event.add("dtstart", period.lower.astimezone(UTC))
    event.add("dtend", period.upper.astimezone(UTC))
    event.add("summary", summary)
    event.add("transp", "OPAQUE")
    return event
