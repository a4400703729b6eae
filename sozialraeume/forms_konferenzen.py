"""The form for a social-space conference: what, when (local time), where (a portal room of the
space or an address), agenda, minutes, participating actors and ideas discussed."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from angebote.models import Raum
from jena_sozialraum.forms import AccessibleFormMixin
from sozialraeume.models import Akteur, Idee, Konferenz, Sozialraum
from sozialraeume.services_konferenzen import local_moment

# Long enough for a real agenda and detailed minutes, short enough to refuse pasted junk.
AGENDA_MAX = 5_000
MINUTES_MAX = 30_000


class RaumChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Raum) -> str:
        return f"{obj.name}, {obj.street_address}"


class KonferenzForm(AccessibleFormMixin, forms.ModelForm):
    date = forms.DateField(
        label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    start = forms.TimeField(
        label=_("Beginn (Uhrzeit)"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    end = forms.TimeField(
        label=_("Ende (Uhrzeit)"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    end_date = forms.DateField(
        label=_("Enddatum (freiwillig)"),
        required=False,
        help_text=_("Nur wenn die Konferenz an einem anderen Tag endet, als sie beginnt."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    raum = RaumChoiceField(
        queryset=Raum.objects.none(),
        required=False,
        label=_("Raum im Portal"),
        empty_label=_("Kein Raum aus dem Portal (Adresse unten angeben)"),
        help_text=_("Räume im Sozialraum, die im Portal eingetragen sind."),
    )

    field_order = [
        "title",
        "date",
        "start",
        "end",
        "end_date",
        "raum",
        "address",
        "agenda",
        "minutes",
        "akteure",
        "ideen",
    ]

    class Meta:
        model = Konferenz
        fields = ["title", "raum", "address", "agenda", "minutes", "akteure", "ideen"]
        widgets = {
            "agenda": forms.Textarea(attrs={"rows": 8}),
            "minutes": forms.Textarea(attrs={"rows": 12}),
            "akteure": forms.CheckboxSelectMultiple,
            "ideen": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "address": _(
                "Wenn die Konferenz nicht in einem Raum des Portals stattfindet, zum Beispiel "
                "„Stadtteilzentrum, Musterstraße 1, 07745 Jena“."
            ),
            "minutes": _("Öffentlich. Erscheint nach der Konferenz auf ihrer Seite."),
        }

    def __init__(self, *args, sozialraum: Sozialraum, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.sozialraum = sozialraum
        current = self.instance
        # Inactive rooms and actors are offered only if the conference already uses them.
        self.fields["raum"].queryset = Raum.objects.filter(sozialraum=sozialraum).filter(
            Q(is_active=True) | Q(pk=current.raum_id)
        )
        linked_akteure = current.akteure.all() if current.pk else Akteur.objects.none()
        self.fields["akteure"].queryset = (
            Akteur.objects.filter(Q(sozialraeume=sozialraum) | Q(pk__in=linked_akteure))
            .distinct()
            .order_by("name")
        )
        # Only published ideas are offered; links to ideas that were hidden or never published
        # (made in the admin) stay, without showing their titles here.
        self.fields["ideen"].queryset = Idee.objects.filter(
            sozialraum=sozialraum, moderation=Idee.Moderation.PUBLISHED
        ).order_by("-created_at")
        for name, limit in (("agenda", AGENDA_MAX), ("minutes", MINUTES_MAX)):
            self.fields[name].validators.append(MaxLengthValidator(limit))
            self.fields[name].widget.attrs["maxlength"] = limit
        if current.pk and not self.is_bound:
            starts, ends = (
                timezone.localtime(current.starts_at),
                timezone.localtime(current.ends_at),
            )
            self.initial.update(date=starts.date(), start=starts.time(), end=ends.time())
            if ends.date() != starts.date():
                self.initial["end_date"] = ends.date()

    def clean_ideen(self):
        ideen = list(self.cleaned_data["ideen"])
        if self.instance.pk:
            ideen += self.instance.ideen.exclude(moderation=Idee.Moderation.PUBLISHED)
        return ideen

    def clean(self):
        data = super().clean()
        for name in ("agenda", "minutes"):
            if isinstance(data.get(name), str):
                data[name] = data[name].replace("\r\n", "\n")
        self._clean_period(data)
        if not data.get("raum") and not data.get("address") and "address" not in self.errors:
            self.add_error("address", _("Bitte einen Raum wählen oder eine Adresse angeben."))
        return data

    def _clean_period(self, data: dict) -> None:
        day, start, end = data.get("date"), data.get("start"), data.get("end")
        if day is None or start is None or end is None:
            return
        try:
            starts = local_moment(day, start)
        except ValidationError as error:
            self.add_error("start", error)
            return
        try:
            ends = local_moment(data.get("end_date") or day, end)
        except ValidationError as error:
            self.add_error("end", error)
            return
        if ends <= starts:
            self.add_error("end", _("Das Ende muss nach dem Beginn liegen."))
            return
        self.instance.starts_at, self.instance.ends_at = starts, ends
