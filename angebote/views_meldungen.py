"""Problem reports: the public form under each offer (no account needed) and the private list
under /mein-bereich/meldungen/.

Every page here carries a form or personal data, so all are never_cache and none lands in the
shared page cache. The offer's detail page itself only links here and stays cacheable.

The client's address is REMOTE_ADDR only. X-Forwarded-For is never trusted, since any client
can send it; behind a reverse proxy the application server must set REMOTE_ADDR to the real
client address (as for the login lockout, see AXES settings).
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, FormView, ListView

from angebote.models import Problemmeldung
from angebote.selectors import angebote_public
from angebote.services_meldungen import problemmeldung_close, problemmeldung_create
from jena_sozialraum.forms import AccessibleFormMixin, HoneypotMixin
from jena_sozialraum.ratelimit import RATE_LIMIT_CODE
from sozialraeume.permissions import akteure_of, is_fachdienst

# --- Forms (kept beside their only views) ------------------------------------------------------


class ProblemmeldungForm(AccessibleFormMixin, HoneypotMixin, forms.ModelForm):
    reason = forms.ChoiceField(
        label=gettext_lazy("Was stimmt nicht?"),
        choices=Problemmeldung.Reason.choices,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Problemmeldung
        fields = ["reason", "message", "email"]
        labels = {
            "message": gettext_lazy("Ihre Nachricht"),
            "email": gettext_lazy("Ihre E-Mail-Adresse für Rückfragen (freiwillig)"),
        }
        help_texts = {
            "message": gettext_lazy(
                "Was ist richtig? Zum Beispiel die neue Adresse oder die neuen Zeiten. "
                "Bei „Etwas anderes“ bitte ausfüllen. Höchstens 2000 Zeichen."
            ),
            "email": gettext_lazy(
                "Nur wenn der Anbieter Sie bei Fragen erreichen darf. Die Adresse sehen nur "
                "der Anbieter und der Fachdienst Soziales."
            ),
        }
        widgets = {
            "message": forms.Textarea(attrs={"rows": 6}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # People never reach the honeypot: its wrapper is hidden, and it is out of the tab order.
        self.fields["website"].widget.attrs.update(tabindex="-1", autocomplete="off")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == Problemmeldung.Reason.SONSTIGES and not cleaned.get("message"):
            self.add_error("message", _("Bitte beschreiben Sie kurz, was nicht stimmt."))
        return cleaned


class ProblemmeldungCloseForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Notiz (freiwillig)"), required=False, max_length=2000
    )


# --- Public: report a problem -----------------------------------------------------------------


@method_decorator(never_cache, name="dispatch")
class ProblemmeldungCreateView(FormView):
    """Only for offers residents can see; anything else is a 404 like the detail page."""

    template_name = "angebote/melden.html"
    form_class = ProblemmeldungForm

    def dispatch(self, request, *args, **kwargs):
        self.angebot = get_object_or_404(
            angebote_public().select_related("akteur"), slug=kwargs["slug"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(angebot=self.angebot, **kwargs)

    def form_valid(self, form):
        # A bot that filled the honeypot sees the same thanks; nothing is stored or sent.
        if form.is_spam():
            return self._thanks()
        try:
            problemmeldung_create(
                angebot=self.angebot,
                reason=form.cleaned_data["reason"],
                message=form.cleaned_data["message"],
                email=form.cleaned_data["email"],
                ip=self.request.META.get("REMOTE_ADDR", ""),
            )
        except ValidationError as error:
            form.add_error(None, error)
            status = 429 if getattr(error, "code", None) == RATE_LIMIT_CODE else 200
            return self.render_to_response(self.get_context_data(form=form), status=status)
        return self._thanks()

    def form_invalid(self, form):
        if form.is_spam():
            return self._thanks()
        return super().form_invalid(form)

    def _thanks(self) -> HttpResponse:
        return redirect("angebote:melden-danke", slug=self.angebot.slug)


@method_decorator(never_cache, name="dispatch")
class ProblemmeldungThanksView(DetailView):
    template_name = "angebote/melden_danke.html"
    context_object_name = "angebot"

    def get_queryset(self):
        return angebote_public()


# --- Private: the reports of one's actors -------------------------------------------------------


def problemmeldungen_visible_to(user) -> QuerySet[Problemmeldung]:
    """The reports a user may see and close: all for the Fachdienst, else their actors'."""
    meldungen = Problemmeldung.objects.select_related("angebot__akteur", "closed_by")
    if is_fachdienst(user):
        return meldungen
    return meldungen.filter(angebot__akteur__in=akteure_of(user))


@method_decorator(never_cache, name="dispatch")
class ProblemmeldungListView(LoginRequiredMixin, ListView):
    """Open reports, or with ?erledigt=1 the closed ones, newest first."""

    template_name = "angebote/meldungen.html"
    context_object_name = "meldungen"
    paginate_by = 50

    def get_queryset(self):
        self.show_closed = self.request.GET.get("erledigt") == "1"
        meldungen = problemmeldungen_visible_to(self.request.user)
        if self.show_closed:
            return meldungen.filter(closed_at__isnull=False).order_by("-closed_at", "-pk")
        return meldungen.filter(closed_at__isnull=True).order_by("-created_at", "-pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            show_closed=self.show_closed,
            filter_query="erledigt=1" if self.show_closed else "",
            is_fachdienst=is_fachdienst(self.request.user),
            **kwargs,
        )


@never_cache
@login_required
@require_POST
def problemmeldung_schliessen(request: HttpRequest, pk: int) -> HttpResponse:
    """Close a report with an optional note. Reports of other actors are a 404, not a 403:
    their existence is nobody else's business."""
    meldung = get_object_or_404(problemmeldungen_visible_to(request.user), pk=pk)
    form = ProblemmeldungCloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["note"]))
        return redirect("meldungen:list")
    try:
        problemmeldung_close(meldung=meldung, user=request.user, note=form.cleaned_data["note"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Die Meldung zu „%(title)s“ ist als erledigt markiert.")
            % {"title": meldung.angebot.title},
        )
    return redirect("meldungen:list")
