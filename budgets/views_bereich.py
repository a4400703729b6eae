"""Applications (Förderanträge) in the provider area /mein-bereich/antraege/.

The members of an application's lead actor write the draft, submit it, request drawdowns and
submit reports and the proof of use. Members of partner actors see it all but change nothing
(403: they know the application exists). Applications of other actors are not found (404),
so their existence does not leak. Every page is personal, so none is cached (bereich_urls.py).
"""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import DecimalField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, FormView, TemplateView
from django.views.generic.edit import FormMixin, ProcessFormView

from budgets import services, services_berichte
from budgets.forms_bereich import (
    AntragForm,
    BerichtForm,
    MittelabrufForm,
    NachweisForm,
    belege_formset,
    kosten_formset,
    kosten_lines,
    kosten_sum,
    quarter_label,
    typed_rows,
)
from budgets.models import Foerderantrag, Kostenposition, Mittelabruf, Outputs, Verwendungsnachweis
from budgets.services_antrag import antrag_save, is_lead_member, require_draft
from sozialraeume.models import User
from sozialraeume.permissions import akteure_of

S = Foerderantrag.Status
MONEY = DecimalField(max_digits=12, decimal_places=2)


# --- Who sees what ---------------------------------------------------------------------------


def antraege_of(user: User) -> QuerySet[Foerderantrag]:
    """The applications the user's actors lead or take part in as partners."""
    akteure = akteure_of(user)
    ids = Foerderantrag.objects.filter(Q(akteur__in=akteure) | Q(partners__in=akteure))
    return Foerderantrag.objects.filter(pk__in=ids.values("pk")).select_related(
        "budget__sozialraum", "akteur"
    )


def with_sums(antraege: QuerySet[Foerderantrag]) -> QuerySet[Foerderantrag]:
    """Requested (sum of the cost plan) and paid (sum of paid drawdowns), one query for all."""

    def total(queryset):
        summed = queryset.filter(antrag=OuterRef("pk")).values("antrag").annotate(t=Sum("amount"))
        return Coalesce(Subquery(summed.values("t")), Value(Decimal("0")), output_field=MONEY)

    return antraege.annotate(
        requested_sum=total(Kostenposition.objects),
        paid_sum=total(Mittelabruf.objects.filter(status=Mittelabruf.Status.PAID)),
    )


def _led(request: HttpRequest, pk: int) -> Foerderantrag:
    """An application the user may act on: 404 if not theirs at all, 403 for partners."""
    antrag = get_object_or_404(antraege_of(request.user), pk=pk)
    if not is_lead_member(request.user, antrag):
        raise PermissionDenied("Partners see the application but do not change it.")
    return antrag


def _nachweis(antrag: Foerderantrag) -> Verwendungsnachweis | None:
    try:
        return antrag.nachweis
    except Verwendungsnachweis.DoesNotExist:
        return None


def _add_errors(form, error: ValidationError) -> None:
    """A service's refusal shown on the form: at its field if the form has it, else on top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def berichte_of(antrag: Foerderantrag) -> list:
    berichte = list(antrag.berichte.all())
    for bericht in berichte:
        bericht.label = quarter_label(bericht.year, bericht.quarter)
    return berichte


def _outputs(antrag: Foerderantrag, berichte: list, nachweis) -> list[dict]:
    """Planned figures next to the sum of the quarterly reports and the proof of use."""
    return [
        {
            "label": Outputs._meta.get_field(name).verbose_name,
            "planned": getattr(antrag, f"planned_{name}"),
            "reported": sum(getattr(bericht, name) for bericht in berichte),
            "actual": getattr(nachweis, name, None),
        }
        for name in Outputs.FIELDS
    ]


def antrag_context(antrag: Foerderantrag, user: User) -> dict:
    """Everything the application page shows (also the read-only edit page and the proof of
    use). Never the Fachdienst's internal note or review notes."""
    nachweis = _nachweis(antrag)
    reviewed = nachweis is not None and nachweis.reviewed_at is not None
    kosten = list(antrag.kosten.all())
    if nachweis is not None:
        actual = dict(nachweis.positionen.values_list("kostenposition", "actual_amount"))
        for line in kosten:
            line.actual = actual.get(line.pk)
    berichte = berichte_of(antrag)
    return {
        "antrag": antrag,
        "is_lead": is_lead_member(user, antrag),
        "partners": antrag.partners.order_by("name"),
        "angebote": antrag.angebote.order_by("title"),
        "kosten": kosten,
        "requested": sum((line.amount for line in kosten), Decimal("0")),
        "actual_total": sum((getattr(line, "actual", None) or 0 for line in kosten), Decimal("0")),
        "paid": services.antrag_paid(antrag),
        "abrufe": antrag.mittelabrufe.all(),
        "berichte": berichte,
        "outputs": _outputs(antrag, berichte, nachweis),
        "nachweis": nachweis,
        "refund": services_berichte.refund_due(nachweis) if reviewed else None,
        "can_draw": antrag.status in (S.APPROVED, S.RUNNING),
        "can_report": antrag.status in (S.APPROVED, S.RUNNING),
        "can_prove": antrag.status == S.RUNNING and nachweis is None,
    }


# --- List and application page ---------------------------------------------------------------


class AntragListView(LoginRequiredMixin, TemplateView):
    """The applications of the user's actors with status, budget and the three sums."""

    template_name = "budgets/bereich/antrag_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["antraege"] = with_sums(antraege_of(user)).order_by("-created_at")
        context["lead_ids"] = set(akteure_of(user).values_list("pk", flat=True))
        context["has_akteure"] = bool(context["lead_ids"])
        return context


class AntragDetailView(LoginRequiredMixin, DetailView):
    template_name = "budgets/bereich/antrag_detail.html"
    context_object_name = "antrag"

    def get_queryset(self):
        return antraege_of(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(antrag_context(self.object, self.request.user))
        return context


# --- Writing the draft -------------------------------------------------------------------------


class AntragFormView(LoginRequiredMixin, FormMixin, ProcessFormView, TemplateView):
    """Create (no pk) or edit a draft with its cost plan. A submitted application is shown read
    only; a POST to it is refused with a message and changes nothing."""

    template_name = "budgets/bereich/antrag_form.html"
    form_class = AntragForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.object = _led(request, kwargs["pk"]) if "pk" in kwargs else Foerderantrag()
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.object
        kwargs["akteure"] = akteure_of(self.request.user)
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        kosten = context.setdefault("kosten", kosten_formset(antrag=self.object))
        context["antrag"] = self.object
        context["kosten_summe"] = kosten_sum(kosten, self.object)
        context["has_akteure"] = akteure_of(self.request.user).exists()
        return context

    def _refusal(self) -> str | None:
        if self.object.pk is None:
            return None
        try:
            require_draft(self.object)
        except ValidationError as error:
            return " ".join(error.messages)
        return None

    def get(self, request, *args, **kwargs):
        refusal = self._refusal()
        if refusal:
            context = antrag_context(self.object, request.user)
            return render(
                request, "budgets/bereich/antrag_detail.html", {**context, "notice": refusal}
            )
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        refusal = self._refusal()
        if refusal:
            messages.error(request, refusal)
            return redirect("antraege:detail", pk=self.object.pk)
        is_new = self.object.pk is None
        form = self.get_form()
        kosten = kosten_formset(request.POST, antrag=self.object)
        if form.is_valid() and kosten.is_valid():
            try:
                antrag = antrag_save(
                    antrag=form.instance,
                    user=request.user,
                    partners=form.cleaned_data["partners"],
                    angebote=form.cleaned_data["angebote"],
                    kosten=kosten_lines(kosten),
                )
            except ValidationError as error:
                if is_new:
                    form.instance.pk = None  # the transaction was rolled back
                _add_errors(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "Der Entwurf ist gespeichert. Prüfen Sie ihn und reichen Sie ihn ein, "
                        "wenn er fertig ist."
                    ),
                )
                return redirect("antraege:detail", pk=antrag.pk)
        return self.render_to_response(self.get_context_data(form=form, kosten=kosten))


@login_required
@require_POST
def antrag_einreichen(request: HttpRequest, pk: int) -> HttpResponse:
    antrag = _led(request, pk)
    try:
        services.antrag_submit(antrag=antrag, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Der Antrag ist eingereicht. Der Fachdienst prüft ihn und meldet sich bei Ihnen."),
        )
    return redirect("antraege:detail", pk=pk)


# --- Drawdowns, reports, proof of use -----------------------------------------------------------


class LedAntragMixin(LoginRequiredMixin):
    """Pages of one application that only the lead actor's members use."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.antrag = _led(request, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)


class MittelabrufView(LedAntragMixin, FormView):
    """The drawdowns with their status and the form to request one."""

    template_name = "budgets/bereich/mittelabruf.html"
    form_class = MittelabrufForm

    def get_context_data(self, **kwargs):
        abrufe = list(self.antrag.mittelabrufe.all())
        committed = sum(
            (a.amount for a in abrufe if a.status != Mittelabruf.Status.REJECTED), Decimal("0")
        )
        approved = self.antrag.approved_amount
        return super().get_context_data(
            antrag=self.antrag,
            abrufe=abrufe,
            available=None if approved is None else approved - committed,
            can_draw=self.antrag.status in (S.APPROVED, S.RUNNING),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            services.mittelabruf_request(
                antrag=self.antrag,
                user=self.request.user,
                amount=form.cleaned_data["amount"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            _add_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request, _("Der Mittelabruf ist angefordert. Der Fachdienst gibt ihn frei.")
        )
        return redirect("antraege:mittelabruf", pk=self.antrag.pk)


class BerichtView(LedAntragMixin, FormView):
    """The quarterly reports so far and the form for the next one."""

    template_name = "budgets/bereich/bericht.html"
    form_class = BerichtForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "antrag": self.antrag}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            antrag=self.antrag,
            berichte=berichte_of(self.antrag),
            can_report=self.antrag.status in (S.APPROVED, S.RUNNING),
            **kwargs,
        )

    def form_valid(self, form):
        year, quarter = form.year_and_quarter
        fields = {name: form.cleaned_data[name] for name in form._meta.fields}
        try:
            services_berichte.bericht_submit(
                antrag=self.antrag, user=self.request.user, year=year, quarter=quarter, **fields
            )
        except ValidationError as error:
            _add_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Der Bericht für das %(quarter)s ist eingereicht.")
            % {"quarter": quarter_label(year, quarter)},
        )
        return redirect("antraege:detail", pk=self.antrag.pk)


class NachweisView(LedAntragMixin, FormMixin, ProcessFormView, TemplateView):
    """The proof of use: the form with actual costs and receipts while the project runs, then
    the stored proof with the accepted amount and any refund after the Fachdienst's review."""

    template_name = "budgets/bereich/nachweis.html"
    form_class = NachweisForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "antrag": self.antrag}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(antrag_context(self.antrag, self.request.user))
        context.setdefault("belege", belege_formset())
        return context

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        belege = belege_formset(request.POST)
        if "mehr_belege" in request.POST:
            # Without JavaScript: show what was typed, unvalidated, with five more empty rows.
            form = self.form_class(initial=request.POST.dict(), antrag=self.antrag)
            belege = belege_formset(initial=typed_rows(belege))
            return self.render_to_response(self.get_context_data(form=form, belege=belege))
        if form.is_valid() and belege.is_valid():
            try:
                services_berichte.nachweis_submit(
                    antrag=self.antrag,
                    user=request.user,
                    report=form.cleaned_data["report"],
                    actual_costs=form.actual_costs,
                    belege=belege.belege,
                    outputs=form.outputs,
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Der Verwendungsnachweis ist eingereicht. Der Fachdienst prüft ihn."),
                )
                return redirect("antraege:nachweis", pk=self.antrag.pk)
        return self.render_to_response(self.get_context_data(form=form, belege=belege))
