"""Forms of the Ideen-Melder, and the FilterSet of the public list (kept here with the other
forms of ideas; the same FilterSet would serve an API of ideas)."""

from decimal import Decimal

import django_filters
from django import forms
from django.conf import settings
from django.contrib.gis.geos import Point
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from angebote.models import Angebot
from angebote.selectors import angebote_public
from budgets.models import Foerderantrag
from jena_sozialraum.forms import AccessibleFormMixin, HoneypotMixin
from sozialraeume.models import Bezirk, Sozialraum
from sozialraeume.models.beteiligung import Idee

TITLE_MIN, TITLE_MAX = 5, 120
TEXT_MIN, TEXT_MAX = 10, 3000


class CoordinateField(forms.DecimalField):
    """A latitude or longitude; a decimal comma as typed in German is accepted too, and more
    than six decimals (pasted from other maps) are rounded to six, about 10 cm."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        value = super().to_python(value)
        return None if value is None else value.quantize(Decimal("0.000001"))


class BezirkChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Bezirk) -> str:
        return f"{obj.name} ({obj.sozialraum.name})"


class IdeeForm(AccessibleFormMixin, HoneypotMixin, forms.Form):
    """A resident's idea. Where: a social space, a district or a point; the point's fields are
    the truth, the map (static/js/ort-waehlen.js) only fills them."""

    kind = forms.ChoiceField(
        label=_("Was möchten Sie einbringen?"),
        choices=Idee.Kind.choices,
        initial=Idee.Kind.IDEA,
        widget=forms.RadioSelect,
    )
    title = forms.CharField(
        label=_("Titel"),
        min_length=TITLE_MIN,
        max_length=TITLE_MAX,
        help_text=_("In wenigen Worten, 5 bis 120 Zeichen. Zum Beispiel: Bank am Spielplatz."),
    )
    text = forms.CharField(
        label=_("Beschreibung"),
        min_length=TEXT_MIN,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Was fehlt, was stört, was wünschen Sie sich? Höchstens 3000 Zeichen."),
    )
    sozialraum = forms.ModelChoiceField(
        label=_("Sozialraum"),
        queryset=Sozialraum.objects.defer("boundary"),
        required=False,
        empty_label=_("Aus Bezirk oder Ort bestimmen"),
        help_text=_("Nicht nötig, wenn Sie einen Bezirk wählen oder einen Ort angeben."),
    )
    bezirk = BezirkChoiceField(
        label=_("Bezirk (freiwillig)"),
        queryset=Bezirk.objects.select_related("sozialraum").defer("geometry").order_by("name"),
        required=False,
        empty_label=_("Kein bestimmter Bezirk"),
    )
    latitude = CoordinateField(
        label=_("Breitengrad (freiwillig)"),
        required=False,
        max_digits=9,
        decimal_places=6,
        min_value=Decimal(-90),
        max_value=Decimal(90),
        help_text=_("Zum Beispiel 50.92712. Die Karte füllt das Feld, wenn Sie hineinklicken."),
    )
    longitude = CoordinateField(
        label=_("Längengrad (freiwillig)"),
        required=False,
        max_digits=9,
        decimal_places=6,
        min_value=Decimal(-180),
        max_value=Decimal(180),
        help_text=_("Zum Beispiel 11.58639."),
    )
    email = forms.EmailField(
        label=_("Ihre E-Mail-Adresse (freiwillig)"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_(
            "Nur wenn Sie erfahren möchten, wie es mit Ihrer Idee weitergeht. Die Adresse wird "
            "nicht veröffentlicht und gelöscht, wenn Ihre Idee abgeschlossen ist."
        ),
    )
    consent = forms.BooleanField(
        label=_("Ich habe die Datenschutzhinweise gelesen und bin einverstanden."),
        error_messages={"required": _("Bitte stimmen Sie den Datenschutzhinweisen zu.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # People never reach the honeypot: its wrapper is hidden, and it is out of the tab order.
        self.fields["website"].widget.attrs.update(tabindex="-1", autocomplete="off")

    def clean(self):
        data = super().clean()
        if isinstance(data.get("text"), str):
            data["text"] = data["text"].replace("\r\n", "\n")
        latitude, longitude = data.get("latitude"), data.get("longitude")
        typed_wrong = "latitude" in self.errors or "longitude" in self.errors
        if (latitude is None) != (longitude is None) and not typed_wrong:
            self.add_error(
                "latitude" if latitude is None else "longitude",
                _("Bitte beide Koordinaten angeben oder beide leer lassen."),
            )
        data["point"] = None
        if latitude is not None and longitude is not None:
            data["point"] = Point(float(longitude), float(latitude), srid=settings.GEO_SRID)
        return data

    def add_service_error(self, error) -> None:
        """Show a ValidationError of services_ideen.idee_submit at its field (the point's at
        the latitude field, which the error summary links to)."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for name, errors in error.error_dict.items():
            field = "latitude" if name == "point" else name
            self.add_error(field if field in self.fields else None, errors)


class IdeeMeldungForm(AccessibleFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Was ist an dieser Idee nicht in Ordnung?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Zum Beispiel Beleidigungen, persönliche Daten anderer oder Werbung. "
            "Höchstens 1000 Zeichen."
        ),
    )


# --- Fachdienst --------------------------------------------------------------------------------


class AngebotChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Angebot) -> str:
        return obj.title


class AntragChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Foerderantrag) -> str:
        return f"{obj.title} ({obj.budget.year}, {obj.get_status_display()})"


class IdeeAntwortForm(AccessibleFormMixin, forms.Form):
    """Status, public answer and links of a published idea. Offers and applications to choose
    from: the public offers and the non-draft applications of the idea's social space, plus
    whatever is linked already."""

    status = forms.ChoiceField(label=_("Stand"), choices=Idee.Status.choices)
    answer = forms.CharField(
        label=_("Öffentliche Antwort"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Erscheint unter der Idee. Die einreichende Person bekommt sie per E-Mail, wenn sie "
            "eine Adresse angegeben hat. Höchstens 3000 Zeichen."
        ),
    )
    answer_from = forms.ChoiceField(
        label=_("Die Antwort kommt von"),
        choices=Idee.AnswerFrom.choices,
        widget=forms.RadioSelect,
    )
    angebote = AngebotChoiceField(
        label=_("Angebote, die darauf antworten"),
        queryset=Angebot.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    antraege = AntragChoiceField(
        label=_("Förderanträge, die darauf antworten"),
        queryset=Foerderantrag.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, idee: Idee, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "status": idee.status,
                "answer": idee.answer,
                "answer_from": idee.answer_from,
                "angebote": list(idee.angebote.all()),
                "antraege": list(idee.antraege.all()),
            },
        )
        super().__init__(*args, **kwargs)
        public = angebote_public().filter(sozialraum=idee.sozialraum).values("pk")
        self.fields["angebote"].queryset = (
            Angebot.objects.filter(Q(pk__in=public) | Q(ideen=idee)).distinct().order_by("title")
        )
        self.fields["antraege"].queryset = _antraege_for(idee)

    def clean(self):
        data = super().clean()
        if isinstance(data.get("answer"), str):
            data["answer"] = data["answer"].replace("\r\n", "\n")
        return data


def _antraege_for(idee: Idee) -> QuerySet[Foerderantrag]:
    of_space = Q(budget__sozialraum=idee.sozialraum) & ~Q(status=Foerderantrag.Status.DRAFT)
    return (
        Foerderantrag.objects.filter(of_space | Q(ideen=idee))
        .select_related("budget")
        .distinct()
        .order_by("-budget__year", "title")
    )


class IdeeAblehnenForm(AccessibleFormMixin, forms.Form):
    note = forms.CharField(
        label=_("Begründung für die einreichende Person (freiwillig)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Geht nur per E-Mail an die Person, wenn sie eine Adresse angegeben hat."),
    )


# --- Public list filters ---------------------------------------------------------------------


class IdeeFilterForm(AccessibleFormMixin, forms.Form):
    pass


class IdeeFilter(django_filters.FilterSet):
    sozialraum = django_filters.ModelChoiceFilter(
        queryset=Sozialraum.objects.defer("boundary"),
        to_field_name="slug",
        label=_("Sozialraum"),
        empty_label=_("Alle Sozialräume"),
    )
    status = django_filters.ChoiceFilter(
        choices=Idee.Status.choices, label=_("Stand"), empty_label=_("Jeder Stand")
    )
    art = django_filters.ChoiceFilter(
        field_name="kind", choices=Idee.Kind.choices, label=_("Art"), empty_label=_("Jede Art")
    )

    class Meta:
        model = Idee
        fields = []
        form = IdeeFilterForm
