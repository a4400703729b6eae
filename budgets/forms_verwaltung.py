"""Forms of the Fachdienst's budget office. They only read the input; the rules (amounts with
at most two decimals and above 0, not below the approved sum, not more than remains, legal
transitions) are the services', whose messages land on the field they concern."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from budgets.models import Angebotsbudget, Budgetbuchung
from jena_sozialraum.forms import AccessibleFormMixin
from sozialraeume.models import Sozialraum


class EuroField(forms.DecimalField):
    """An amount in euros as typed: 1500,50 (German) or 1500.50. Precision and sign are
    checked by the services, so every page shows the same message."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("localize", True)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")


def add_service_error(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on the field it names when the form has
    it, else at the top of the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _text(label, rows: int = 3, required: bool = True, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
        max_length=kwargs.pop("max_length", 5000),
        **kwargs,
    )


class YearForm(AccessibleFormMixin, forms.Form):
    """The year selector of the overview (GET)."""

    jahr = forms.TypedChoiceField(label=_("Jahr"), coerce=int)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jahr"].choices = [(year, year) for year in years]


class BudgetCreateForm(AccessibleFormMixin, forms.ModelForm):
    amount = EuroField(label=_("Ansatz in Euro"))
    reason = forms.CharField(
        label=_("Begründung"),
        max_length=500,
        initial=_("Haushaltsansatz"),
        help_text=_("Steht im Buchungsjournal, zum Beispiel der Beschluss, auf dem er beruht."),
    )

    class Meta:
        model = Angebotsbudget
        fields = ["sozialraum", "year"]
        widgets = {"year": forms.NumberInput(attrs={"min": 2020, "max": 2100})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sozialraum"].queryset = Sozialraum.objects.defer("boundary")


class BookingForm(AccessibleFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Art der Buchung"),
        choices=[
            (Budgetbuchung.Kind.INCREASE, Budgetbuchung.Kind.INCREASE.label),
            (Budgetbuchung.Kind.DECREASE, Budgetbuchung.Kind.DECREASE.label),
        ],
        widget=forms.RadioSelect,
        initial=Budgetbuchung.Kind.INCREASE,
    )
    amount = EuroField(label=_("Betrag in Euro"))
    reason = forms.CharField(label=_("Begründung"), max_length=500)


class ReallocationForm(AccessibleFormMixin, forms.Form):
    target = forms.ModelChoiceField(
        label=_("In das Budget von"), queryset=Angebotsbudget.objects.none()
    )
    amount = EuroField(label=_("Betrag in Euro"))
    reason = forms.CharField(label=_("Begründung"), max_length=500)

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = targets
        self.fields["target"].label_from_instance = lambda budget: budget.sozialraum.name


class SendBackForm(AccessibleFormMixin, forms.Form):
    comment = _text(
        _("Was soll der Antragsteller ändern?"),
        rows=4,
        max_length=2000,
        help_text=_("Der Antragsteller bekommt diesen Text per E-Mail."),
    )


class ApproveForm(AccessibleFormMixin, forms.Form):
    amount = EuroField(
        label=_("Bewilligter Betrag in Euro"),
        help_text=_("Höchstens der beantragte Betrag und höchstens, was im Budget noch frei ist."),
    )
    conditions = _text(_("Auflagen"), required=False)


class RejectForm(AccessibleFormMixin, forms.Form):
    reason = _text(
        _("Ablehnungsgrund"),
        help_text=_("Der Antragsteller bekommt diesen Text per E-Mail."),
    )


class TalkForm(AccessibleFormMixin, forms.Form):
    talk_date = forms.DateField(
        label=_("Datum des Steuerungsgesprächs"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    participants = _text(_("Teilnehmende am Gespräch"), rows=2)
    notes = _text(_("Notizen zum Gespräch"), rows=5, required=False)
    agreements = _text(_("Vereinbarungen"), rows=4, required=False)


class NachweisReviewForm(AccessibleFormMixin, forms.Form):
    accepted_amount = EuroField(
        label=_("Anerkannter Betrag in Euro"),
        help_text=_(
            "Höchstens der bewilligte Betrag und höchstens die tatsächlichen Kosten. "
            "Nach der Prüfung ist das Projekt abgeschlossen."
        ),
    )
    notes = _text(_("Prüfvermerk"), rows=4, required=False)
