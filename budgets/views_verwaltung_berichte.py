"""The budget office, second part: drawdowns, quarterly reports with their steering talks,
overdue reports, the proof-of-use review, plan-vs-actual per application and per budget, and
the exports (CSV and XLSX, see exports_verwaltung.py). Fachdienst only, as in
views_verwaltung.py."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from budgets import selectors_verwaltung as selectors
from budgets import services, services_berichte
from budgets.exports_verwaltung import FORMATS, Table, export_response
from budgets.forms_verwaltung import NachweisReviewForm, TalkForm, add_service_error
from budgets.models import (
    Foerderantrag,
    Mittelabruf,
    Outputs,
    Quartalsbericht,
    Verwendungsnachweis,
)
from budgets.views_verwaltung import budget_or_404, fachdienst_only, selected_year

ZERO = selectors.ZERO


# --- Drawdowns --------------------------------------------------------------------------------


@fachdienst_only
@require_GET
def drawdowns(request: HttpRequest) -> HttpResponse:
    context = {"abrufe": selectors.open_drawdowns(), "statuses": Mittelabruf.Status}
    return render(request, "budgets/verwaltung/abrufe.html", context)


@fachdienst_only
@require_POST
def drawdown_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Release, mark paid or reject (the button's `status`); the service refuses other moves."""
    abruf = get_object_or_404(Mittelabruf.objects.select_related("antrag"), pk=pk)
    try:
        abruf = services.mittelabruf_decide(
            abruf=abruf, user=request.user, status=request.POST.get("status", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Abruf für „%(title)s“: %(status)s.")
            % {"title": abruf.antrag.title, "status": abruf.get_status_display()},
        )
    return redirect("budgetverwaltung:abrufe")


# --- Quarterly reports and steering talks ----------------------------------------------------


@fachdienst_only
@require_GET
def reports(request: HttpRequest) -> HttpResponse:
    received = list(selectors.received_reports())
    context = {
        "overdue": [
            {
                "antrag": antrag,
                "year": year,
                "quarter": quarter,
                "ended": services_berichte.quarter_bounds(year, quarter)[1],
            }
            for antrag, year, quarter in services_berichte.reports_overdue()
        ],
        "without_talk": [bericht for bericht in received if bericht.talk_date is None],
        "with_talk": [bericht for bericht in received if bericht.talk_date is not None],
    }
    return render(request, "budgets/verwaltung/berichte.html", context)


def _bericht_or_404(pk: int) -> Quartalsbericht:
    return get_object_or_404(selectors.received_reports(), pk=pk)


def _render_bericht(
    request: HttpRequest, bericht: Quartalsbericht, form: TalkForm, status: int = 200
) -> HttpResponse:
    plan = selectors.antrag_plan_ist(bericht.antrag)
    quarter = [getattr(bericht, name) for name in Outputs.FIELDS]
    context = {
        "bericht": bericht,
        "antrag": bericht.antrag,
        "rows": list(zip(plan.outputs, quarter, strict=True)),
        "form": form,
    }
    return render(request, "budgets/verwaltung/bericht.html", context, status=status)


@fachdienst_only
@require_GET
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    bericht = _bericht_or_404(pk)
    initial = {
        "talk_date": bericht.talk_date,
        "participants": bericht.talk_participants,
        "notes": bericht.talk_notes,
        "agreements": bericht.talk_agreements,
    }
    return _render_bericht(request, bericht, TalkForm(initial=initial))


@fachdienst_only
@require_POST
def report_talk(request: HttpRequest, pk: int) -> HttpResponse:
    bericht = _bericht_or_404(pk)
    form = TalkForm(request.POST)
    if form.is_valid():
        try:
            services_berichte.gespraech_record(
                bericht=bericht, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Das Steuerungsgespräch ist festgehalten."))
            return redirect("budgetverwaltung:bericht", pk=bericht.pk)
    return _render_bericht(request, bericht, form, status=400)


# --- Proof of use -----------------------------------------------------------------------------


@fachdienst_only
@require_GET
def proofs(request: HttpRequest) -> HttpResponse:
    nachweise = list(selectors.proofs_of_use())
    context = {
        "waiting": [item for item in nachweise if item.reviewed_at is None],
        "reviewed": [item for item in nachweise if item.reviewed_at is not None],
    }
    return render(request, "budgets/verwaltung/nachweise.html", context)


def _nachweis_or_404(pk: int) -> Verwendungsnachweis:
    return get_object_or_404(selectors.proofs_of_use(), pk=pk)


def _render_nachweis(
    request: HttpRequest, nachweis: Verwendungsnachweis, form=None, status: int = 200
) -> HttpResponse:
    sums = services_berichte.nachweis_arithmetic(nachweis)
    antrag = nachweis.antrag
    if form is None and nachweis.reviewed_at is None:
        accept = min(antrag.approved_amount or ZERO, sums["actual"])
        form = NachweisReviewForm(initial={"accepted_amount": accept})
    context = {
        "nachweis": nachweis,
        "antrag": antrag,
        "plan": selectors.antrag_plan_ist(antrag),
        "belege": nachweis.belege.all(),
        "sums": sums,
        "gap": abs(sums["receipts_gap"]),
        "cost_gap": abs(sums["actual"] - sums["planned"]),
        "refund": services_berichte.refund_due(nachweis),
        "form": form,
    }
    return render(request, "budgets/verwaltung/nachweis.html", context, status=status)


@fachdienst_only
@require_GET
def proof_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_nachweis(request, _nachweis_or_404(pk))


@fachdienst_only
@require_POST
def proof_review(request: HttpRequest, pk: int) -> HttpResponse:
    nachweis = _nachweis_or_404(pk)
    form = NachweisReviewForm(request.POST)
    if form.is_valid():
        try:
            services_berichte.nachweis_review(
                nachweis=nachweis,
                user=request.user,
                accepted_amount=form.cleaned_data["accepted_amount"],
                notes=form.cleaned_data["notes"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("Der Verwendungsnachweis ist geprüft, „%(title)s“ ist abgeschlossen.")
                % {"title": nachweis.antrag.title},
            )
            return redirect("budgetverwaltung:nachweis", pk=nachweis.pk)
    return _render_nachweis(request, nachweis, form, status=400)


# --- Plan vs actual and exports ---------------------------------------------------------------


@fachdienst_only
@require_GET
def antrag_plan_ist(request: HttpRequest, pk: int) -> HttpResponse:
    antrag = get_object_or_404(
        Foerderantrag.objects.select_related("akteur", "budget__sozialraum").defer(
            "budget__sozialraum__boundary"
        ),
        pk=pk,
    )
    context = {"antrag": antrag, "plan": selectors.antrag_plan_ist(antrag)}
    return render(request, "budgets/verwaltung/soll_ist_antrag.html", context)


@fachdienst_only
@require_GET
def budget_plan_ist(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.budget_plan_ist(budget_or_404(pk))
    context = {"budget": plan.budget, "plan": plan, "labels": selectors.output_labels()}
    return render(request, "budgets/verwaltung/soll_ist_budget.html", context)


@fachdienst_only
@require_GET
def budget_plan_ist_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    budget = budget_or_404(pk)
    table = plan_ist_table(selectors.budget_plan_ist(budget))
    filename = f"soll-ist-{budget.sozialraum.slug}-{budget.year}"
    return export_response(table, filename, fmt)


@fachdienst_only
@require_GET
def antraege_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    year = selected_year(request)
    return export_response(antraege_table(year), f"foerderantraege-{year}", fmt)


def plan_ist_table(plan: selectors.BudgetPlanIst) -> Table:
    """One row per application of the budget and a total row; outputs as plan/actual pairs."""
    headers = [
        _("Förderantrag"),
        _("Federführend"),
        _("Stand"),
        _("Bewilligt (€)"),
        _("Ausgezahlt (€)"),
        _("Kosten geplant (€)"),
        _("Kosten ist (€)"),
    ]
    for label in selectors.output_labels():
        headers += [_("%(output)s geplant") % {"output": label}]
        headers += [_("%(output)s ist") % {"output": label}]

    def cells(row: selectors.PlanIstRow) -> list:
        money = [row.approved, row.paid, row.planned_cost, row.actual_cost]
        return money + [figure for pair in row.outputs for figure in pair]

    rows = [
        [row.antrag.title, row.antrag.akteur.name, row.antrag.get_status_display(), *cells(row)]
        for row in plan.rows
    ]
    return Table(
        title=_("Soll-Ist %(budget)s") % {"budget": plan.budget},
        headers=headers,
        rows=rows,
        total=[_("Summe"), "", "", *cells(plan.total)],
        money_columns={3, 4, 5, 6},
    )


def antraege_table(year: int) -> Table:
    """The year's applications (all spaces) with their amounts and a total row."""
    antraege = list(selectors.antraege_of_year(year))
    rows = [
        [
            antrag.budget.sozialraum.name,
            antrag.title,
            antrag.akteur.name,
            ", ".join(partner.name for partner in antrag.partners.all()),
            antrag.get_status_display(),
            antrag.period_start,
            antrag.period_end,
            antrag.requested,
            antrag.approved_amount,
            antrag.paid,
            timezone.localtime(antrag.submitted_at).date() if antrag.submitted_at else None,
        ]
        for antrag in antraege
    ]
    total = [
        _("Summe"),
        *[""] * 6,
        sum((antrag.requested for antrag in antraege), start=ZERO),
        sum((antrag.approved_amount or ZERO for antrag in antraege), start=ZERO),
        sum((antrag.paid for antrag in antraege), start=ZERO),
        None,
    ]
    headers = [
        _("Sozialraum"),
        _("Titel"),
        _("Federführend"),
        _("Partner"),
        _("Stand"),
        _("Beginn"),
        _("Ende"),
        _("Beantragt (€)"),
        _("Bewilligt (€)"),
        _("Ausgezahlt (€)"),
        _("Eingereicht am"),
    ]
    title = _("Förderanträge %(year)s") % {"year": year}
    return Table(title=title, headers=headers, rows=rows, total=total, money_columns={7, 8, 9})
