"""The provider's room forms: the room with its place (latitude/longitude, filled by the map in
static/js/ort-waehlen.js as for offers, see forms_ort.py), bookable hours, photos, blocked
periods, and the owner's answer to a request."""

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from angebote.forms import ZeitfensterForm
from angebote.forms_ort import CoordinatesFormMixin, coordinate_fields
from angebote.models import Raum, Raumfoto
from jena_sozialraum.forms import AccessibleFormMixin
from sozialraeume.models import Akteur

# Pillow's names of the formats a browser shows everywhere; the file's name is checked by the
# model (FileExtensionValidator), its content here, so a GIF called .png is refused too.
IMAGE_FORMATS = {"JPEG", "PNG", "WEBP"}


class RaumForm(AccessibleFormMixin, CoordinatesFormMixin, forms.ModelForm):
    akteur = forms.ModelChoiceField(queryset=Akteur.objects.none(), label=_("Eigentümer"))
    latitude, longitude = coordinate_fields(required=True)  # every room has a place

    class Meta:
        model = Raum
        fields = [
            "name",
            "description",
            "street_address",
            "postal_code",
            "locality",
            "capacity",
            "area_m2",
            "merkmale",
            "ausstattung",
            "cost",
            "price_per_hour",
            "usage",
            "min_notice_hours",
            "max_days_ahead",
            "is_active",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "merkmale": forms.CheckboxSelectMultiple,
            "ausstattung": forms.CheckboxSelectMultiple,
            "cost": forms.RadioSelect,
            "usage": forms.RadioSelect,
        }
        help_texts = {
            "price_per_hour": _("Nur bei „Euro pro Stunde“."),
            "min_notice_hours": _("So viele Stunden vor dem Beginn muss eine Anfrage kommen."),
        }

    def __init__(self, *args, akteure: QuerySet[Akteur], **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["akteur"]  # a room does not change its owner here
        else:
            self.fields["akteur"].queryset = akteure
            if akteure.count() == 1:
                self.fields["akteur"].initial = akteure.first()
        for name in ("merkmale", "ausstattung"):
            self.fields[name].queryset = self.fields[name].queryset.order_by("position", "name")

    def clean(self):
        data = super().clean()
        if isinstance(data.get("description"), str):
            data["description"] = data["description"].replace("\r\n", "\n")
        if data.get("cost") == Raum.Cost.HOURLY and data.get("price_per_hour") is None:
            self.add_error("price_per_hour", _("Bitte den Preis pro Stunde angeben."))
        return data

    def _post_clean(self):
        data = self.cleaned_data
        if data.get("akteur"):
            self.instance.akteur = data["akteur"]
        super()._post_clean()

    def _get_validation_exclusions(self):
        # District, social space and slug come from the service (raum_save).
        return {*super()._get_validation_exclusions(), "point", "bezirk", "sozialraum", "slug"}


class RaumzeitForm(ZeitfensterForm):
    """One bookable window; unlike an offer's times, a room's window ends on the same day."""

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens"), data.get("closes")
        if opens and closes and closes < opens and "closes" not in self.errors:
            self.add_error("closes", _("Das Ende muss nach dem Beginn liegen."))
        return data


RaumzeitFormSet = forms.formset_factory(RaumzeitForm, extra=0, max_num=21)


def raumzeiten_formset(data=None, *, raum: Raum) -> forms.BaseFormSet:
    """The room's bookable windows plus three empty rows."""
    initial = []
    if raum.pk:
        initial = [
            {"weekday": z.weekday, "opens": z.opens, "closes": z.closes}
            for z in raum.zeiten.order_by("weekday", "opens")
        ]
    formset = RaumzeitFormSet(data, initial=initial, prefix="zeiten")
    formset.extra = 3
    return formset


class RaumfotoForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = Raumfoto
        fields = ["image", "alt_text"]
        widgets = {
            "image": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        }
        help_texts = {
            "alt_text": _(
                "Für Menschen, die das Foto nicht sehen können. Zum Beispiel: "
                "„Heller Raum mit zwölf Stühlen im Kreis und großen Fenstern“."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["image"].help_text = _("JPEG, PNG oder WebP, höchstens %(limit)s.") % {
            "limit": filesizeformat(settings.IMAGE_MAX_BYTES)
        }
        self.fields["alt_text"].error_messages["required"] = _(
            "Bitte beschreiben Sie, was auf dem Foto zu sehen ist."
        )

    def clean_image(self):
        image = self.cleaned_data.get("image")
        # forms.ImageField has let Pillow open and verify the file and kept its format.
        pillow_image = getattr(image, "image", None)
        if pillow_image is not None and pillow_image.format not in IMAGE_FORMATS:
            raise forms.ValidationError(
                _("Bitte laden Sie ein Foto als JPEG, PNG oder WebP hoch."), code="format"
            )
        return image

    def clean_alt_text(self):
        return self.cleaned_data["alt_text"].strip()


class SperrzeitForm(AccessibleFormMixin, forms.Form):
    start = forms.DateTimeField(
        label=_("Gesperrt ab"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Datum und Uhrzeit, zum Beispiel 2025-12-22 00:00."),
    )
    end = forms.DateTimeField(
        label=_("Gesperrt bis"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Bis zu diesem Zeitpunkt, ausschließlich."),
    )
    reason = forms.CharField(
        label=_("Grund (freiwillig)"),
        required=False,
        max_length=200,
        help_text=_("Zum Beispiel „Ferien“ oder „Renovierung“."),
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end <= start:
            self.add_error("end", _("Das Ende muss nach dem Beginn liegen."))
        return data


class AnnehmenForm(AccessibleFormMixin, forms.Form):
    """The owner's answer to one request (one form per request, prefixed with its id)."""

    message = forms.CharField(
        label=_("Nachricht an die anfragende Person"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Beim Annehmen freiwillig, beim Ablehnen nötig. Geht per E-Mail hinaus."),
    )


class AblehnenForm(AnnehmenForm):
    def clean_message(self):
        message = self.cleaned_data["message"].strip()
        if not message:
            raise forms.ValidationError(
                _("Bitte schreiben Sie kurz, warum Sie ablehnen."), code="required"
            )
        return message
