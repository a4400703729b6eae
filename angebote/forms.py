"""The provider's offer form. The place is given as latitude/longitude fields, which a map
(static/js/ort-waehlen.js) fills when JavaScript runs; without it they are typed in (see
forms_ort.py)."""

from django import forms
from django.conf import settings
from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from angebote.forms_ort import MISSING_PLACE, CoordinatesFormMixin, coordinate_fields
from angebote.models import CONTENT_FIELDS, Angebot, Zeitfenster
from jena_sozialraum.forms import AccessibleFormMixin
from sozialraeume.models import Akteur


def _formfield(field, **kwargs):
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"  # "verein.de" means https://verein.de
    return field.formfield(**kwargs)


class AngebotForm(AccessibleFormMixin, CoordinatesFormMixin, forms.ModelForm):
    akteur = forms.ModelChoiceField(queryset=Akteur.objects.none(), label=_("Anbieter"))
    # Optional here: an offer needs a place only on site, which clean() checks.
    latitude, longitude = coordinate_fields(required=False)
    languages = forms.MultipleChoiceField(
        label=_("Gesprochene Sprachen"),
        choices=settings.OFFER_LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Angebot
        formfield_callback = _formfield
        fields = [name for name in CONTENT_FIELDS if name not in ("point", "languages")]
        widgets = {
            "kategorien": forms.CheckboxSelectMultiple,
            "zielgruppen": forms.CheckboxSelectMultiple,
            "merkmale": forms.CheckboxSelectMultiple,
            "place_kind": forms.RadioSelect,
            "cost": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 6}),
            "easy_summary": forms.Textarea(attrs={"rows": 4}),
            "valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "valid_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "sozialraum": _(
                "Nur für Angebote ohne festen Ort. Sonst ergibt sich der Sozialraum aus dem Ort."
            ),
        }

    def __init__(self, *args, akteure: QuerySet[Akteur], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["akteur"].queryset = akteure
        if self.instance.pk or self.instance.draft_of_id:
            # The actor of an existing offer does not change.
            del self.fields["akteur"]
        elif akteure.count() == 1:
            self.fields["akteur"].initial = akteure.first()
        self.fields["sozialraum"].required = False
        for name in ("kategorien", "zielgruppen", "merkmale"):
            self.fields[name].queryset = self.fields[name].queryset.order_by("position", "name")

    def clean(self):
        data = super().clean()
        for name in ("description", "easy_summary"):
            # Browsers send line breaks as CRLF; stored text uses LF, so an unchanged text
            # does not show up as a change in the moderation diff.
            if isinstance(data.get(name), str):
                data[name] = data[name].replace("\r\n", "\n")
        latitude, longitude = data.get("latitude"), data.get("longitude")
        on_site = data.get("place_kind") == Angebot.PlaceKind.ON_SITE
        missing = latitude is None or longitude is None
        typed_wrong = "latitude" in self.errors or "longitude" in self.errors
        if on_site and missing and not typed_wrong:
            self.add_error("latitude", MISSING_PLACE)
        if not on_site and not data.get("sozialraum"):
            self.add_error(
                "sozialraum",
                _("Bitte wählen Sie den Sozialraum, in dem das Angebot vor allem wirkt."),
            )
        if data.get("cost") == Angebot.Cost.AMOUNT and data.get("cost_amount") is None:
            self.add_error("cost_amount", _("Bitte den Betrag in Euro angeben (0 oder mehr)."))
        return data

    def _post_clean(self):
        data = self.cleaned_data
        if "akteur" in self.fields and data.get("akteur"):
            self.instance.akteur = data["akteur"]
        super()._post_clean()

    def _get_validation_exclusions(self):
        # District and social space come from the point in the service (angebot_locate).
        return {*super()._get_validation_exclusions(), "sozialraum", "point"}


class ZeitfensterForm(AccessibleFormMixin, forms.Form):
    """One weekly time window; an empty row is ignored."""

    weekday = forms.TypedChoiceField(
        label=_("Wochentag"),
        choices=[("", "—"), *Zeitfenster.Weekday.choices],
        coerce=int,
        required=False,
    )
    opens = forms.TimeField(
        label=_("von"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    closes = forms.TimeField(
        label=_("bis"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )

    def clean(self):
        data = super().clean()
        given = [data.get(name) not in (None, "") for name in ("weekday", "opens", "closes")]
        if any(given) and not all(given):
            raise forms.ValidationError(_("Bitte Wochentag, Beginn und Ende angeben."))
        if all(given) and data["opens"] == data["closes"]:
            self.add_error("closes", _("Beginn und Ende dürfen nicht gleich sein."))
        return data

    @property
    def window(self) -> tuple | None:
        data = getattr(self, "cleaned_data", {})
        if data.get("weekday") in (None, "") or data.get("opens") is None:
            return None
        return (data["weekday"], data["opens"], data["closes"])


ZeitfensterFormSet = forms.formset_factory(ZeitfensterForm, extra=0, max_num=21)


def zeiten_formset(data=None, *, angebot: Angebot | None, source: Angebot | None = None):
    """The weekly times of the offer (or of `source` for a new draft copy) plus empty rows."""
    initial = []
    holder = source or angebot
    if holder is not None and holder.pk:
        initial = [
            {"weekday": z.weekday, "opens": z.opens, "closes": z.closes}
            for z in holder.zeiten.all()
        ]
    formset = ZeitfensterFormSet(data, initial=initial, prefix="zeiten")
    formset.extra = 3
    return formset
