"""Ideen-Melder: the public pages under /ideen/ and the Fachdienst's pages under
/verwaltung/ideen/.

Only the list is a shared, cached page (a GET form, no token). The idea's page carries the
support button and the abuse form (CSRF token) and knows whether this browser supports the
idea, so it is never cached, like the submit form and every Fachdienst page.

Support once per browser: a random token in a long-lived cookie, set only when somebody
clicks "support"; only its keyed hash is stored. No account, nothing else is kept. The client
address is REMOTE_ADDR only (see angebote/views_meldungen.py).
"""

import re
import secrets

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, F, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import FormView, TemplateView
from django_filters.views import FilterView

from angebote.selectors import angebote_public
from budgets.models import Foerderantrag
from budgets.selectors import COMMITTED
from jena_sozialraum.ratelimit import RATE_LIMIT_CODE
from jena_sozialraum.views import FilterQueryMixin
from sozialraeume import services_ideen as services
from sozialraeume.forms_ideen import (
    IdeeAblehnenForm,
    IdeeAntwortForm,
    IdeeFilter,
    IdeeForm,
    IdeeMeldungForm,
)
from sozialraeume.models.beteiligung import Idee, IdeeMeldung
from sozialraeume.permissions import is_fachdienst

SUPPORT_COOKIE = "ideen_browser"
SUPPORT_COOKIE_AGE = 2 * 365 * 24 * 60 * 60  # two years
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32,64}$")


def _client_ip(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "")


def _status_for(error: ValidationError) -> int:
    return 429 if getattr(error, "code", None) == RATE_LIMIT_CODE else 200


# --- Public: list with map ---------------------------------------------------------------------


class IdeeListView(FilterQueryMixin, FilterView):
    filterset_class = IdeeFilter
    template_name = "sozialraeume/ideen/idee_list.html"
    context_object_name = "ideen"
    paginate_by = 20
    # Invalid filter values show their error and no results, never a server error.
    strict = True

    def get_queryset(self):
        return services.ideen_with_place(services.ideen_public()).order_by("-created_at", "-pk")


# --- Public: one idea ------------------------------------------------------------------------


def _published(pk: int) -> Idee:
    return get_object_or_404(services.ideen_with_place(services.ideen_public()), pk=pk)


def _support_token(request: HttpRequest) -> str | None:
    token = request.COOKIES.get(SUPPORT_COOKIE, "")
    return token if _TOKEN.match(token) else None


def _render_detail(
    request: HttpRequest,
    idee: Idee,
    *,
    status: int = 200,
    support_error: str = "",
    report_form: IdeeMeldungForm | None = None,
) -> HttpResponse:
    context = {
        "idee": idee,
        "supported": services.idee_supported_by(idee, _support_token(request)),
        "support_error": support_error,
        "angebote": angebote_public().filter(ideen=idee).only("title", "slug").order_by("title"),
        "antraege": idee.antraege.filter(status__in=COMMITTED)
        .select_related("budget__sozialraum")
        .only("title", "budget__year", "budget__sozialraum__slug")
        .order_by("title"),
        "konferenzen": idee.konferenzen.select_related("sozialraum")
        .only("title", "starts_at", "sozialraum__slug")
        .order_by("starts_at"),
        "report_form": report_form or IdeeMeldungForm(auto_id="meldung_%s"),
    }
    return render(request, "sozialraeume/ideen/idee_detail.html", context, status=status)


@never_cache
@require_GET
def idee_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _published(pk))


@never_cache
@require_POST
def idee_unterstuetzen(request: HttpRequest, pk: int) -> HttpResponse:
    idee = _published(pk)
    token = _support_token(request) or secrets.token_urlsafe(32)
    try:
        counted = services.idee_support(idee=idee, browser_token=token, ip=_client_ip(request))
    except ValidationError as error:
        return _render_detail(
            request, idee, status=_status_for(error), support_error=" ".join(error.messages)
        )
    if counted:
        messages.success(request, _("Danke! Ihre Unterstützung ist gezählt."))
    else:
        messages.info(request, _("Sie unterstützen diese Idee schon. Jeder Browser zählt einmal."))
    response = redirect(reverse("ideen:detail", kwargs={"pk": idee.pk}) + "#unterstuetzen")
    response.set_cookie(
        SUPPORT_COOKIE,
        token,
        max_age=SUPPORT_COOKIE_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


@method_decorator(never_cache, name="dispatch")
class IdeeMeldenView(FormView):
    """Report abuse. The form is also on the idea's page; this page shows it with errors."""

    template_name = "sozialraeume/ideen/idee_melden.html"
    form_class = IdeeMeldungForm

    def dispatch(self, request, *args, **kwargs):
        self.idee = _published(kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "auto_id": "meldung_%s"}

    def get_context_data(self, **kwargs):
        return super().get_context_data(idee=self.idee, **kwargs)

    def form_valid(self, form):
        try:
            services.idee_report(
                idee=self.idee, reason=form.cleaned_data["reason"], ip=_client_ip(self.request)
            )
        except ValidationError as error:
            form.add_error(None, error)
            context = self.get_context_data(form=form)
            return self.render_to_response(context, status=_status_for(error))
        messages.success(
            self.request,
            _("Danke für Ihre Meldung. Der Fachdienst Soziales prüft sie bald."),
        )
        return redirect("ideen:detail", pk=self.idee.pk)


# --- Public: submit ----------------------------------------------------------------------------


@method_decorator(never_cache, name="dispatch")
class IdeeCreateView(FormView):
    template_name = "sozialraeume/ideen/idee_form.html"
    form_class = IdeeForm

    def form_valid(self, form):
        # A bot that filled the honeypot sees the same thanks; nothing is stored.
        if form.is_spam():
            return redirect("ideen:danke")
        data = form.cleaned_data
        try:
            services.idee_submit(
                sozialraum=data["sozialraum"],
                bezirk=data["bezirk"],
                point=data["point"],
                kind=data["kind"],
                title=data["title"],
                text=data["text"],
                email=data["email"],
                consent=data["consent"],
                ip=_client_ip(self.request),
            )
        except ValidationError as error:
            form.add_service_error(error)
            context = self.get_context_data(form=form)
            return self.render_to_response(context, status=_status_for(error))
        return redirect("ideen:danke")

    def form_invalid(self, form):
        if form.is_spam():
            return redirect("ideen:danke")
        return super().form_invalid(form)


@method_decorator(never_cache, name="dispatch")
class IdeeThanksView(TemplateView):
    template_name = "sozialraeume/ideen/idee_danke.html"


# --- Fachdienst: /verwaltung/ideen/ ------------------------------------------------------------
# Everybody else gets 404, as for the offer moderation.


def _require_fachdienst(request: HttpRequest) -> None:
    if not is_fachdienst(request.user):
        raise Http404


@login_required
@require_GET
def verwaltung_queue(request: HttpRequest) -> HttpResponse:
    _require_fachdienst(request)
    ideen = Idee.objects.select_related("sozialraum").defer("sozialraum__boundary")
    open_reports = Q(meldungen__outcome=IdeeMeldung.Outcome.OPEN)
    context = {
        "waiting": ideen.filter(moderation=Idee.Moderation.WAITING).order_by("created_at"),
        "reported": ideen.annotate(open_reports=Count("meldungen", filter=open_reports))
        .filter(open_reports__gt=0)
        .order_by("created_at"),
        # Unanswered first (PostgreSQL sorts NULL last in ascending order otherwise).
        "published": ideen.filter(moderation=Idee.Moderation.PUBLISHED).order_by(
            F("answered_at").asc(nulls_first=True), "-created_at"
        ),
    }
    return render(request, "sozialraeume/ideen/verwaltung_queue.html", context)


def _any_idea(pk: int) -> Idee:
    queryset = (
        Idee.objects.select_related("sozialraum", "bezirk")
        .defer("sozialraum__boundary", "bezirk__geometry")
        .prefetch_related(
            Prefetch(
                "meldungen",
                queryset=IdeeMeldung.objects.select_related("reviewed_by").order_by("-created_at"),
            ),
            "angebote",
            Prefetch("antraege", queryset=Foerderantrag.objects.select_related("budget")),
        )
    )
    return get_object_or_404(queryset, pk=pk)


def _render_item(
    request: HttpRequest,
    idee: Idee,
    *,
    answer_form: IdeeAntwortForm | None = None,
    reject_form: IdeeAblehnenForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "idee": idee,
        "answer_form": answer_form or IdeeAntwortForm(idee=idee),
        "reject_form": reject_form or IdeeAblehnenForm(prefix="ablehnen"),
        "open_reports": [m for m in idee.meldungen.all() if m.outcome == IdeeMeldung.Outcome.OPEN],
    }
    return render(request, "sozialraeume/ideen/verwaltung_idee.html", context, status=status)


@login_required
@require_GET
def verwaltung_idee(request: HttpRequest, pk: int) -> HttpResponse:
    _require_fachdienst(request)
    return _render_item(request, _any_idea(pk))


def _done(request: HttpRequest, message: str, pk: int | None = None) -> HttpResponse:
    messages.success(request, message)
    if pk is None:
        return redirect("ideenverwaltung:queue")
    return redirect("ideenverwaltung:idee", pk=pk)


def _refused(request: HttpRequest, error: ValidationError, pk: int) -> HttpResponse:
    messages.error(request, " ".join(error.messages))
    return redirect("ideenverwaltung:idee", pk=pk)


@login_required
@require_POST
def verwaltung_freigeben(request: HttpRequest, pk: int) -> HttpResponse:
    _require_fachdienst(request)
    idee = _any_idea(pk)
    try:
        services.idee_publish(idee=idee, user=request.user)
    except ValidationError as error:
        return _refused(request, error, pk)
    message = _("„%(title)s“ ist veröffentlicht. Sie können jetzt Stand und Antwort setzen.")
    return _done(request, message % {"title": idee.title}, pk)


@login_required
@require_POST
def verwaltung_ablehnen(request: HttpRequest, pk: int) -> HttpResponse:
    _require_fachdienst(request)
    idee = _any_idea(pk)
    form = IdeeAblehnenForm(request.POST, prefix="ablehnen")
    if not form.is_valid():
        return _render_item(request, idee, reject_form=form, status=400)
    try:
        services.idee_reject(idee=idee, user=request.user, note=form.cleaned_data["note"])
    except ValidationError as error:
        return _refused(request, error, pk)
    return _done(request, _("„%(title)s“ wird nicht veröffentlicht.") % {"title": idee.title})


@login_required
@require_POST
def verwaltung_antworten(request: HttpRequest, pk: int) -> HttpResponse:
    _require_fachdienst(request)
    idee = _any_idea(pk)
    form = IdeeAntwortForm(request.POST, idee=idee)
    if not form.is_valid():
        return _render_item(request, idee, answer_form=form, status=400)
    data = form.cleaned_data
    try:
        services.idee_answer(
            idee=idee,
            user=request.user,
            status=data["status"],
            answer=data["answer"],
            answer_from=data["answer_from"],
            angebote=data["angebote"],
            antraege=data["antraege"],
        )
    except ValidationError as error:
        return _refused(request, error, pk)
    return _done(
        request,
        _("Stand und Antwort von „%(title)s“ sind gespeichert.") % {"title": idee.title},
        pk,
    )


@login_required
@require_POST
def verwaltung_meldung_pruefen(request: HttpRequest, pk: int) -> HttpResponse:
    """Hide the reported idea (outcome=versteckt) or keep it (outcome=belassen)."""
    _require_fachdienst(request)
    meldung = get_object_or_404(IdeeMeldung.objects.select_related("idee"), pk=pk)
    outcome = request.POST.get("outcome")
    if outcome not in (IdeeMeldung.Outcome.HIDDEN, IdeeMeldung.Outcome.KEPT):
        messages.error(request, _("Bitte wählen Sie: verstecken oder sichtbar lassen."))
        return redirect("ideenverwaltung:idee", pk=meldung.idee_id)
    hide = outcome == IdeeMeldung.Outcome.HIDDEN
    try:
        services.idee_meldung_review(meldung=meldung, user=request.user, hide=hide)
    except ValidationError as error:
        return _refused(request, error, meldung.idee_id)
    if hide:
        message = _("„%(title)s“ ist jetzt versteckt.")
    else:
        message = _("„%(title)s“ bleibt sichtbar; die Meldungen sind erledigt.")
    return _done(request, message % {"title": meldung.idee.title}, meldung.idee_id)
