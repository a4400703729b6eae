"""Forms of the provider area's applications: the draft with its cost plan, drawdowns,
quarterly reports and the proof of use with its receipts.

The forms give the nicer message; the services (services.py, services_berichte.py,
services_antrag.py) hold the rules. Amounts are typed as people write them ("1250,50" or
"1250.50"); more than two decimals is refused, never rounded.
"""

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.formats import get_format
from django.utils.translation import gettext_lazy as _

from angebote.models import Angebot
from budgets.models import (
    CENT,
    Foerderantrag,
    Kostenposition,
    Mittelabruf,
    Outputs,
    Quartalsbericht,
    Verwendungsnachweis,
)
from budgets.services import euros
from budgets.services_antrag import budgets_open_for_applications
from budgets.services_berichte import quarters_of
from jena_sozialraum.forms import AccessibleFormMixin
from sozialraeume.models import Akteur

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
FILL_IN = _("Bitte ausfüllen.")


# "1.200" or "1.200,50": in German the dot groups thousands, elsewhere it is the decimal point.
THOUSANDS_DOT = re.compile(r"-?\d{1,3}(\.\d{3})+(,\d*)?")


class EuroField(forms.DecimalField):
    """An amount in euros: more than 0 (or at least 0), at most two decimals.

    Accepts the decimal comma and point. A German "1.200" is refused rather than guessed: read
    as a decimal point it would silently become 1,20 €.
    """

    def __init__(self, *, allow_zero: bool = False, **kwargs):
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("localize", True)
        super().__init__(**kwargs)
        self.allow_zero = allow_zero
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})

    def to_python(self, value):
        if (
            isinstance(value, str)
            and get_format("DECIMAL_SEPARATOR") == ","
            and THOUSANDS_DOT.fullmatch(value.strip())
        ):
            raise ValidationError(
                _("Bitte ohne Tausenderpunkt schreiben, zum Beispiel 1200 oder 1200,50."),
                code="thousands",
            )
        return super().to_python(value)

    def clean(self, value):
        value = super().clean(value)
        # "12,500" is 12.50 €: stored with the column's two decimals.
        return value if value is None else value.quantize(CENT)

    def validate(self, value):
        super().validate(value)
        if value in self.empty_values:
            return
        try:
            euros(value, "amount")
        except ValidationError as error:
            raise ValidationError(error.message_dict["amount"]) from None
        if self.allow_zero and value < 0:
            raise ValidationError(_("Bitte keinen negativen Betrag angeben."))
        if not self.allow_zero and value <= 0:
            raise ValidationError(_("Bitte einen Betrag größer als 0 angeben."))


class RowForm(AccessibleFormMixin, forms.Form):
    """A row of a table formset: an empty row is ignored, a started one must be complete."""

    row_fields: list[str] = []

    def clean(self):
        data = super().clean()
        given = [name for name in self.row_fields if data.get(name) not in (None, "")]
        failed = [name for name in self.row_fields if name in self.errors]
        if given or failed:
            for name in self.row_fields:
                if name not in given and name not in failed:
                    self.add_error(name, FILL_IN)
        return data

    @property
    def is_filled(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return all(data.get(name) not in (None, "") for name in self.row_fields)


# --- The application -----------------------------------------------------------------------


class AkteurChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Akteur) -> str:
        return obj.name


class AngebotChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Angebot) -> str:
        return f"{obj.title} ({obj.akteur.name})"


class AntragForm(AccessibleFormMixin, forms.ModelForm):
    akteur = AkteurChoiceField(
        queryset=Akteur.objects.none(), label=_("Antragsteller (federführend)")
    )
    partners = forms.ModelMultipleChoiceField(
        queryset=Akteur.objects.none(),
        required=False,
        label=_("Partner"),
        help_text=_("Andere Akteure, die das Projekt mit Ihnen tragen. Sie sehen den Antrag."),
        widget=forms.CheckboxSelectMultiple,
    )
    angebote = AngebotChoiceField(
        queryset=Angebot.objects.none(),
        required=False,
        label=_("Geförderte Angebote"),
        help_text=_("Veröffentlichte Angebote des federführenden Akteurs."),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Foerderantrag
        fields = [
            "budget",
            "akteur",
            "title",
            "description",
            "new_offer",
            "goals",
            "period_start",
            "period_end",
            "planned_participants",
            "planned_new_participants",
            "planned_sessions",
            "planned_hours",
            "planned_volunteers",
            "planned_partners",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "new_offer": forms.Textarea(attrs={"rows": 3}),
            "goals": forms.Textarea(attrs={"rows": 4}),
            "period_start": DATE_WIDGET,
            "period_end": DATE_WIDGET,
        }
        help_texts = {
            "budget": _(
                "Sozialraum und Jahr. Anträge gibt es für das laufende und das nächste Jahr."
            ),
        }

    def __init__(self, *args, akteure: QuerySet[Akteur], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["budget"].queryset = budgets_open_for_applications()
        self.fields["akteur"].queryset = akteure.order_by("name")
        self.fields["partners"].queryset = Akteur.objects.order_by("name")
        self.fields["angebote"].queryset = (
            Angebot.objects.filter(
                akteur__in=akteure, status=Angebot.Status.PUBLISHED, draft_of__isnull=True
            )
            .select_related("akteur")
            .order_by("akteur__name", "title")
        )
        if self.instance.pk:
            self.initial["partners"] = list(self.instance.partners.all())
            self.initial["angebote"] = list(self.instance.angebote.all())
        elif len(self.fields["akteur"].queryset) == 1:
            self.initial["akteur"] = self.fields["akteur"].queryset[0].pk

    def clean(self):
        data = super().clean()
        for name in ("description", "new_offer", "goals"):
            # Browsers send CRLF; stored text uses LF.
            if isinstance(data.get(name), str):
                data[name] = data[name].replace("\r\n", "\n")
        return data


class KostenForm(RowForm):
    """One line of the cost plan; `id` names the stored line it edits."""

    row_fields = ["category", "description", "amount"]

    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    category = forms.ChoiceField(
        label=_("Kostenart"),
        choices=[("", "—"), *Kostenposition.Category.choices],
        required=False,
    )
    description = forms.CharField(label=_("Beschreibung"), max_length=300, required=False)
    amount = EuroField(label=_("Betrag in Euro"), required=False)

    @property
    def line(self) -> dict | None:
        if not self.is_filled:
            return None
        return {name: self.cleaned_data[name] for name in ("id", *self.row_fields)}


KostenFormSet = forms.formset_factory(KostenForm, extra=0, max_num=60)


def kosten_formset(data=None, *, antrag: Foerderantrag) -> forms.BaseFormSet:
    """The stored cost lines plus empty rows to add more."""
    initial = []
    if antrag.pk:
        initial = [
            {
                "id": line.pk,
                "category": line.category,
                "description": line.description,
                "amount": line.amount,
            }
            for line in antrag.kosten.all()
        ]
    formset = KostenFormSet(data, initial=initial, prefix="kosten")
    formset.extra = 3 if initial else 5
    return formset


def kosten_lines(formset: forms.BaseFormSet) -> list[dict]:
    return [form.line for form in formset.forms if form.line]


def kosten_sum(formset: forms.BaseFormSet, antrag: Foerderantrag) -> Decimal:
    """What the form's cost plan adds up to: the typed lines if they are valid, else the stored."""
    if formset.is_bound and formset.is_valid():
        return sum((line["amount"] for line in kosten_lines(formset)), Decimal("0"))
    return antrag.requested_amount if antrag.pk else Decimal("0")


# --- Drawdowns and reports -----------------------------------------------------------------


class MittelabrufForm(AccessibleFormMixin, forms.ModelForm):
    amount = EuroField(label=_("Betrag in Euro"))

    class Meta:
        model = Mittelabruf
        fields = ["amount", "note"]


def quarter_label(year: int, quarter: int) -> str:
    return _("%(quarter)s. Quartal %(year)s") % {"quarter": quarter, "year": year}


class BerichtForm(AccessibleFormMixin, forms.ModelForm):
    quarter = forms.ChoiceField(
        label=_("Quartal"),
        error_messages={
            "invalid_choice": _("Dieses Quartal liegt nicht im Förderzeitraum des Projekts.")
        },
    )

    class Meta:
        model = Quartalsbericht
        fields = [*Outputs.FIELDS, "wishes", "resources", "cooperations"]
        widgets = {
            "wishes": forms.Textarea(attrs={"rows": 3}),
            "resources": forms.Textarea(attrs={"rows": 3}),
            "cooperations": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, antrag: Foerderantrag, **kwargs):
        super().__init__(*args, **kwargs)
        reported = set(antrag.berichte.values_list("year", "quarter"))
        self.fields["quarter"].choices = [
            (f"{year}-{quarter}", quarter_label(year, quarter))
            for year, quarter in quarters_of(antrag)
        ]
        open_quarters = [q for q in quarters_of(antrag) if q not in reported]
        if open_quarters:
            self.fields["quarter"].initial = "{}-{}".format(*open_quarters[0])

    @property
    def year_and_quarter(self) -> tuple[int, int]:
        year, quarter = self.cleaned_data["quarter"].split("-")
        return int(year), int(quarter)


# --- Proof of use ----------------------------------------------------------------------------


class NachweisForm(AccessibleFormMixin, forms.ModelForm):
    """The factual report and actual outputs, and one actual-cost field per cost plan line."""

    class Meta:
        model = Verwendungsnachweis
        fields = ["report", *Outputs.FIELDS]
        widgets = {"report": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, antrag: Foerderantrag, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = list(antrag.kosten.all())
        for line in self.lines:
            field = EuroField(label=_("Ist-Kosten: %(line)s") % {"line": line}, allow_zero=True)
            field.line = line  # the template shows the planned amount next to it
            self.fields[self.cost_field(line)] = field

    @staticmethod
    def cost_field(line: Kostenposition) -> str:
        return f"ist_{line.pk}"

    @property
    def cost_fields(self):
        return [self[self.cost_field(line)] for line in self.lines]

    @property
    def actual_costs(self) -> dict[int, Decimal]:
        return {line.pk: self.cleaned_data[self.cost_field(line)] for line in self.lines}

    @property
    def outputs(self) -> dict[str, int]:
        return {name: self.cleaned_data[name] for name in Outputs.FIELDS}


class BelegForm(RowForm):
    row_fields = ["number", "date", "amount", "purpose"]

    number = forms.CharField(label=_("Belegnummer"), max_length=50, required=False)
    date = forms.DateField(label=_("Datum"), required=False, widget=DATE_WIDGET)
    amount = EuroField(label=_("Betrag in Euro"), required=False)
    purpose = forms.CharField(label=_("Zweck"), max_length=300, required=False)

    @property
    def beleg(self) -> dict | None:
        if not self.is_filled:
            return None
        return {name: self.cleaned_data[name] for name in self.row_fields}


class BaseBelegFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        numbers = [form.cleaned_data["number"] for form in self.forms if form.beleg]
        if len(numbers) != len(set(numbers)):
            raise ValidationError(_("Jede Belegnummer darf nur einmal vorkommen."))

    @property
    def belege(self) -> list[dict]:
        return [form.beleg for form in self.forms if form.beleg]


BelegFormSet = forms.formset_factory(BelegForm, formset=BaseBelegFormSet, extra=5, max_num=200)


def belege_formset(data=None, *, initial: list[dict] | None = None) -> BaseBelegFormSet:
    """Five empty rows, or the rows typed so far plus five (the "more rows" button)."""
    return BelegFormSet(data, initial=initial, prefix="belege")


def typed_rows(formset: BaseBelegFormSet) -> list[dict]:
    """The raw values of a bound formset's rows, to show them again unvalidated."""
    return [{name: row[name].value() for name in BelegForm.row_fields} for row in formset.forms]
