"""The Fachdienst's budget office /verwaltung/budgets/: the budgets of a year, a budget's ledger
with bookings and reallocations, the review queue and the application page with its decisions.

Everyone but the Fachdienst gets 404, as for other actors' data; anonymous visitors are sent to
the login. The rules are the services'; these views only show their messages in the forms.
Drawdowns, reports, proofs of use, plan-vs-actual and exports: views_verwaltung_berichte.py.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import FormView

from budgets import selectors_verwaltung as selectors
from budgets import services
from budgets.forms_verwaltung import (
    ApproveForm,
    BookingForm,
    BudgetCreateForm,
    ReallocationForm,
    RejectForm,
    SendBackForm,
    YearForm,
    add_service_error,
)
from budgets.models import Angebotsbudget, Budgetbuchung, Foerderantrag, Outputs
from budgets.selectors import budgets_with_figures
from sozialraeume.models import Sozialraum
from sozialraeume.permissions import is_fachdienst

S = Foerderantrag.Status
FIRST_YEAR, LAST_YEAR = 2020, 2100


def fachdienst_only(view: Callable) -> Callable:
    """Login required; then 404 for everyone but the Fachdienst."""

    @wraps(view)
    def check(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not is_fachdienst(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return login_required(check)


class FachdienstMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not is_fachdienst(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


def selected_year(request: HttpRequest) -> int:
    """?jahr=2026, or this year when missing or not a plausible year."""
    try:
        year = int(request.GET.get("jahr", ""))
    except ValueError:
        return timezone.localdate().year
    return year if FIRST_YEAR <= year <= LAST_YEAR else timezone.localdate().year


def year_form(year: int) -> YearForm:
    years = selectors.budget_years(year, timezone.localdate().year)
    return YearForm({"jahr": year}, years=years)


# --- Budgets ----------------------------------------------------------------------------------


@fachdienst_only
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    year = selected_year(request)
    rows, totals = selectors.budget_overview(year)
    context = {"year": year, "year_form": year_form(year), "rows": rows, "totals": totals}
    return render(request, "budgets/verwaltung/uebersicht.html", context)


class BudgetCreateView(FachdienstMixin, FormView):
    """A budget for a space and year, with its initial amount as the ledger's first booking."""

    template_name = "budgets/verwaltung/budget_form.html"
    form_class = BudgetCreateForm

    def get_initial(self):
        initial = {"year": selected_year(self.request)}
        raum = self.request.GET.get("raum")
        if raum:
            initial["sozialraum"] = Sozialraum.objects.filter(slug=raum).first()
        return initial

    def form_valid(self, form: BudgetCreateForm) -> HttpResponse:
        try:
            budget = _budget_create(form, self.request.user)
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        except IntegrityError:  # created by someone else since the form was checked
            form.add_error("year", _("Für diesen Sozialraum gibt es schon ein Budget in dem Jahr."))
            return self.form_invalid(form)
        messages.success(
            self.request, _("Das Budget %(budget)s ist angelegt.") % {"budget": budget}
        )
        return redirect("budgetverwaltung:budget", pk=budget.pk)

    def form_invalid(self, form: BudgetCreateForm) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=400)


@transaction.atomic
def _budget_create(form: BudgetCreateForm, user) -> Angebotsbudget:
    """The budget row and its initial booking, both or neither."""
    budget = form.save()
    services.budget_book(
        budget=budget,
        kind=Budgetbuchung.Kind.INITIAL,
        amount=form.cleaned_data["amount"],
        reason=form.cleaned_data["reason"],
        user=user,
    )
    return budget


def budget_or_404(pk: int) -> Angebotsbudget:
    budget = get_object_or_404(budgets_with_figures(), pk=pk)
    budget.remaining = budget.amount - budget.approved
    return budget


def _render_budget(
    request: HttpRequest,
    budget: Angebotsbudget,
    booking_form: BookingForm | None = None,
    reallocation_form: ReallocationForm | None = None,
    status: int = 200,
) -> HttpResponse:
    targets = selectors.reallocation_targets(budget)
    context = {
        "budget": budget,
        "ledger": selectors.ledger(budget),
        "antraege": selectors.antraege_of_year(budget.year).filter(budget=budget),
        "booking_form": booking_form or BookingForm(prefix="buchung"),
        "reallocation_form": reallocation_form
        or ReallocationForm(prefix="umschichtung", targets=targets),
        "has_targets": targets.exists(),
    }
    return render(request, "budgets/verwaltung/budget.html", context, status=status)


@fachdienst_only
@require_GET
def budget_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_budget(request, budget_or_404(pk))


@fachdienst_only
@require_POST
def budget_book(request: HttpRequest, pk: int) -> HttpResponse:
    budget = budget_or_404(pk)
    form = BookingForm(request.POST, prefix="buchung")
    if form.is_valid():
        try:
            booking = services.budget_book(budget=budget, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("%(kind)s über %(amount)s € ist gebucht.")
                % {
                    "kind": booking.get_kind_display(),
                    "amount": services.euro_text(abs(booking.amount)),
                },
            )
            return redirect("budgetverwaltung:budget", pk=budget.pk)
    return _render_budget(request, budget, booking_form=form, status=400)


@fachdienst_only
@require_POST
def budget_reallocate(request: HttpRequest, pk: int) -> HttpResponse:
    budget = budget_or_404(pk)
    targets = selectors.reallocation_targets(budget)
    form = ReallocationForm(request.POST, prefix="umschichtung", targets=targets)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.budget_reallocate(
                source=budget,
                target=data["target"],
                amount=data["amount"],
                reason=data["reason"],
                user=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("%(amount)s € sind in das Budget %(target)s umgeschichtet.")
                % {"amount": services.euro_text(data["amount"]), "target": data["target"]},
            )
            return redirect("budgetverwaltung:budget", pk=budget.pk)
    return _render_budget(request, budget, reallocation_form=form, status=400)


# --- Review queue and applications ------------------------------------------------------------


@fachdienst_only
@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    year = selected_year(request)
    context = {
        "queue": selectors.review_queue(),
        "year": year,
        "year_form": year_form(year),
        "antraege": selectors.antraege_of_year(year),
    }
    return render(request, "budgets/verwaltung/antraege.html", context)


def _antrag_or_404(pk: int) -> Foerderantrag:
    try:
        return selectors.antrag_for_review(pk)
    except Foerderantrag.DoesNotExist:
        raise Http404 from None


def _render_antrag(
    request: HttpRequest, antrag: Foerderantrag, forms: dict | None = None, status: int = 200
) -> HttpResponse:
    budget = budget_or_404(antrag.budget_id)
    forms = forms or {}
    context = {
        "antrag": antrag,
        "budget": budget,
        "send_back_form": forms.get("zurueck") or SendBackForm(prefix="zurueck"),
        "approve_form": forms.get("bewilligen")
        or ApproveForm(prefix="bewilligen", initial={"amount": antrag.requested}),
        "reject_form": forms.get("ablehnen") or RejectForm(prefix="ablehnen"),
        "outputs": [
            (label, getattr(antrag, f"planned_{name}"))
            for name, label in zip(Outputs.FIELDS, selectors.output_labels(), strict=True)
        ],
    }
    return render(request, "budgets/verwaltung/antrag.html", context, status=status)


@fachdienst_only
@require_GET
def antrag_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_antrag(request, _antrag_or_404(pk))


def _decide(
    request: HttpRequest,
    pk: int,
    run: Callable[..., Foerderantrag],
    done: str,
    form_class=None,
    prefix: str = "",
) -> HttpResponse:
    """Run one decision on an application: with a form, its errors and the service's show on
    the application page (400, nothing changed); without, an illegal move is a message."""
    antrag = _antrag_or_404(pk)
    if form_class is None:
        try:
            run(antrag=antrag, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, done % {"title": antrag.title})
        return redirect("budgetverwaltung:antrag", pk=antrag.pk)
    form = form_class(request.POST, prefix=prefix)
    if form.is_valid():
        try:
            run(antrag=antrag, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, done % {"title": antrag.title})
            return redirect("budgetverwaltung:antrag", pk=antrag.pk)
    return _render_antrag(request, antrag, {prefix: form}, status=400)


@fachdienst_only
@require_POST
def antrag_start_review(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(
        request, pk, services.antrag_start_review, _("„%(title)s“ ist jetzt in Prüfung.")
    )


@fachdienst_only
@require_POST
def antrag_send_back(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(
        request,
        pk,
        services.antrag_send_back,
        _("„%(title)s“ ist zur Überarbeitung zurückgegeben."),
        SendBackForm,
        "zurueck",
    )


@fachdienst_only
@require_POST
def antrag_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(
        request,
        pk,
        services.antrag_approve,
        _("„%(title)s“ ist bewilligt."),
        ApproveForm,
        "bewilligen",
    )


@fachdienst_only
@require_POST
def antrag_reject(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(
        request,
        pk,
        services.antrag_reject,
        _("„%(title)s“ ist abgelehnt."),
        RejectForm,
        "ablehnen",
    )


@fachdienst_only
@require_POST
def antrag_start(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, services.antrag_start, _("„%(title)s“ läuft jetzt."))
