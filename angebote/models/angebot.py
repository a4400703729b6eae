"""Offers (Angebote), shaped after Open Referral HSDS 3: service + location + schedule.

The vocabularies (categories, target groups, accessibility features) are data, loaded from
fixtures/, so the city can extend them without code changes.
"""

from django.conf import settings
from django.contrib.gis.db import models
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from angebote.models.vokabular import Kategorie, Merkmal, Zielgruppe
from sozialraeume.models import Akteur, Bezirk, Sozialraum

SEARCH_CONFIG = "german"


class Angebot(models.Model):
    class PlaceKind(models.TextChoices):
        ON_SITE = "vor-ort", _("Vor Ort an einer Adresse")
        PHONE = "telefon", _("Am Telefon")
        ONLINE = "online", _("Online")
        OUTREACH = "aufsuchend", _("Aufsuchend (kommt zu Ihnen)")

    class Cost(models.TextChoices):
        FREE = "kostenlos", _("Kostenlos")
        AMOUNT = "betrag", _("Mit Kosten")
        ON_REQUEST = "auf-anfrage", _("Kosten auf Anfrage")

    class Status(models.TextChoices):
        DRAFT = "entwurf", _("Entwurf")
        REVIEW = "pruefung", _("In Prüfung")
        PUBLISHED = "veroeffentlicht", _("Veröffentlicht")
        ARCHIVED = "archiviert", _("Archiviert")

    title = models.CharField(_("Titel"), max_length=200)
    slug = models.SlugField(_("Kurzname in der Adresse"), max_length=220, unique=True)
    summary = models.CharField(_("Kurzbeschreibung"), max_length=300)
    description = models.TextField(_("Beschreibung"), blank=True)
    easy_summary = models.TextField(
        _("Kurzbeschreibung in Leichter Sprache"),
        blank=True,
        help_text=_("Kurze Sätze. Ein Gedanke pro Satz. Keine Fremdwörter."),
    )
    akteur = models.ForeignKey(
        Akteur, on_delete=models.PROTECT, related_name="angebote", verbose_name=_("Anbieter")
    )
    kategorien = models.ManyToManyField(
        Kategorie, related_name="angebote", verbose_name=_("Kategorien")
    )
    zielgruppen = models.ManyToManyField(
        Zielgruppe,
        related_name="angebote",
        blank=True,
        verbose_name=_("Zielgruppen"),
        help_text=_("Leer lassen, wenn das Angebot für alle ist."),
    )
    merkmale = models.ManyToManyField(
        Merkmal, related_name="angebote", blank=True, verbose_name=_("Barrierefreiheit")
    )

    place_kind = models.CharField(
        _("Wo findet das Angebot statt?"),
        max_length=20,
        choices=PlaceKind.choices,
        default=PlaceKind.ON_SITE,
    )
    street_address = models.CharField(_("Straße und Hausnummer"), max_length=200, blank=True)
    postal_code = models.CharField(_("Postleitzahl"), max_length=5, blank=True)
    locality = models.CharField(_("Ort"), max_length=100, blank=True, default="Jena")
    point = models.PointField(_("Lage"), srid=settings.GEO_SRID, null=True, blank=True)
    # Both set from the point by services.angebot_locate(); without a fixed place the provider
    # chooses the social space.
    bezirk = models.ForeignKey(
        Bezirk,
        on_delete=models.PROTECT,
        related_name="angebote",
        null=True,
        blank=True,
        editable=False,
        verbose_name=_("Bezirk"),
    )
    sozialraum = models.ForeignKey(
        Sozialraum, on_delete=models.PROTECT, related_name="angebote", verbose_name=_("Sozialraum")
    )

    by_appointment = models.BooleanField(_("Nach Vereinbarung"), default=False)
    valid_from = models.DateField(_("Gültig ab"), null=True, blank=True)
    valid_until = models.DateField(_("Gültig bis"), null=True, blank=True)

    cost = models.CharField(_("Kosten"), max_length=20, choices=Cost.choices, default=Cost.FREE)
    cost_amount = models.DecimalField(
        _("Betrag in Euro"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    cost_note = models.CharField(_("Hinweis zu den Kosten"), max_length=200, blank=True)
    registration_required = models.BooleanField(_("Anmeldung nötig"), default=False)
    languages = ArrayField(
        models.CharField(max_length=3, choices=settings.OFFER_LANGUAGES),
        verbose_name=_("Gesprochene Sprachen"),
        default=list,
        blank=True,
    )

    phone = models.CharField(_("Telefon"), max_length=50, blank=True)
    email = models.EmailField(_("E-Mail-Adresse"), blank=True)
    website = models.URLField(_("Website"), blank=True)
    # Privacy (see angebote.selectors.public_point): the exact point stays stored, so district
    # and social space are still computed from it; only what the public sees changes.
    hide_address = models.BooleanField(
        _("Keine öffentliche Adresse"),
        default=False,
        help_text=_(
            "Zum Beispiel für Selbsthilfegruppen: Öffentlich erscheinen nur der Bezirk und die "
            "Ansprechstelle, nicht die Straße und nicht der genaue Ort auf der Karte."
        ),
    )
    contact_name = models.CharField(
        _("Ansprechstelle"),
        max_length=200,
        blank=True,
        help_text=_(
            "Über wen Interessierte Kontakt aufnehmen, zum Beispiel das Stadtteilbüro oder eine "
            "Ansprechperson. Wird vor allem gebraucht, wenn die Adresse nicht öffentlich ist."
        ),
    )
    contact_phone = models.CharField(_("Telefon der Ansprechstelle"), max_length=50, blank=True)
    contact_email = models.EmailField(_("E-Mail-Adresse der Ansprechstelle"), blank=True)

    status = models.CharField(
        pgettext_lazy("Bearbeitungsstand", "Status"),
        max_length=20,
        choices=Status.choices,
        default=Status.DRAFT,
    )
    checked_on = models.DateField(_("Zuletzt geprüft am"), null=True, blank=True)
    # Set by send_reminders so an offer is reminded at most once per interval and told once
    # that it was hidden.
    reminded_on = models.DateField(_("Erinnert am"), null=True, blank=True, editable=False)
    hidden_notice_on = models.DateField(
        _("Über Ausblenden informiert am"), null=True, blank=True, editable=False
    )
    # Moderation: a change to a published offer by an actor that is not trusted is kept as a
    # draft copy pointing at the published offer, which stays as approved until the Fachdienst
    # approves the copy (services.angebot_approve). The copy is what the diff compares.
    draft_of = models.OneToOneField(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        editable=False,
        related_name="pending_change",
        verbose_name=_("Änderung von"),
    )
    review_comment = models.TextField(
        _("Hinweis aus der Prüfung"),
        blank=True,
        help_text=_("Warum der Fachdienst das Angebot zur Überarbeitung zurückgegeben hat."),
    )
    is_sample = models.BooleanField(
        _("Beispieldaten"), default=False, help_text=_("Von seed_demo erzeugt, keine echten Daten.")
    )
    created_at = models.DateTimeField(_("Angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Geändert am"), auto_now=True)

    # Audit trail: who changed what and when, including the vocabularies.
    history = HistoricalRecords(
        excluded_fields=["search_vector", "created_at", "updated_at"],
        m2m_fields=[kategorien, zielgruppen, merkmale],
    )

    # German full-text search, title before summaries before description; kept by PostgreSQL.
    search_vector = models.GeneratedField(
        expression=(
            SearchVector("title", weight="A", config=SEARCH_CONFIG)
            + SearchVector("summary", "easy_summary", weight="B", config=SEARCH_CONFIG)
            + SearchVector("description", weight="C", config=SEARCH_CONFIG)
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        verbose_name = _("Angebot")
        verbose_name_plural = _("Angebote")
        ordering = ["title"]
        indexes = [
            GinIndex(fields=["search_vector"], name="angebot_search_gin"),
            GinIndex(fields=["languages"], name="angebot_languages_gin"),
            GinIndex(fields=["title"], opclasses=["gin_trgm_ops"], name="angebot_title_trgm"),
            models.Index(fields=["status", "sozialraum"], name="angebot_status_space"),
            # Lists are sorted by title and counted over published, current offers.
            models.Index(fields=["title"], name="angebot_title"),
            models.Index(fields=["status", "valid_until"], name="angebot_status_valid"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(place_kind="vor-ort", point__isnull=False) | ~Q(place_kind="vor-ort"),
                name="angebot_on_site_has_point",
                violation_error_message=_("Ein Angebot vor Ort braucht einen Ort auf der Karte."),
            ),
            models.CheckConstraint(
                condition=(Q(cost="betrag", cost_amount__gte=0) | ~Q(cost="betrag")),
                name="angebot_cost_amount_given",
                violation_error_message=_("Bitte den Betrag in Euro angeben (0 oder mehr)."),
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_until__gte=F("valid_from")),
                name="angebot_valid_period",
                violation_error_message=_("„Gültig bis“ darf nicht vor „Gültig ab“ liegen."),
            ),
            # A pending change is never public itself.
            models.CheckConstraint(
                condition=Q(draft_of__isnull=True) | Q(status__in=["entwurf", "pruefung"]),
                name="angebot_change_not_published",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("angebote:detail", kwargs={"slug": self.slug})

    @property
    def is_free(self) -> bool:
        return self.cost == self.Cost.FREE

    @property
    def is_sensitive(self) -> bool:
        """No public address: the offer's own flag or its actor's (selectors.SENSITIVE in SQL)."""
        return self.hide_address or self.akteur.hide_address

    @property
    def has_contact_point(self) -> bool:
        return bool(self.contact_name or self.contact_phone or self.contact_email)

    def weekly_schedule(self) -> list[tuple[str, list["Zeitfenster"]]]:
        """[(weekday name, windows)] in weekday order, from the (prefetched) windows."""
        days: dict[int, list[Zeitfenster]] = {}
        for window in self.zeiten.all():
            days.setdefault(window.weekday, []).append(window)
        return [
            (Zeitfenster.Weekday(day).label, sorted(windows, key=lambda w: w.opens))
            for day, windows in sorted(days.items())
        ]


# What a provider edits; the diff of a pending change compares exactly these.
CONTENT_FIELDS = [
    "title",
    "summary",
    "description",
    "easy_summary",
    "kategorien",
    "zielgruppen",
    "merkmale",
    "place_kind",
    "street_address",
    "postal_code",
    "locality",
    "point",
    "sozialraum",
    "by_appointment",
    "valid_from",
    "valid_until",
    "cost",
    "cost_amount",
    "cost_note",
    "registration_required",
    "languages",
    "phone",
    "email",
    "website",
    "hide_address",
    "contact_name",
    "contact_phone",
    "contact_email",
]
M2M_FIELDS = ["kategorien", "zielgruppen", "merkmale"]


class Zeitfenster(models.Model):
    """A weekly opening window; `closes` before `opens` means it runs past midnight."""

    class Weekday(models.IntegerChoices):
        MONDAY = 1, _("Montag")
        TUESDAY = 2, _("Dienstag")
        WEDNESDAY = 3, _("Mittwoch")
        THURSDAY = 4, _("Donnerstag")
        FRIDAY = 5, _("Freitag")
        SATURDAY = 6, _("Samstag")
        SUNDAY = 7, _("Sonntag")

    angebot = models.ForeignKey(
        Angebot, on_delete=models.CASCADE, related_name="zeiten", verbose_name=_("Angebot")
    )
    weekday = models.PositiveSmallIntegerField(
        _("Wochentag"),
        choices=Weekday.choices,
        validators=[MinValueValidator(1), MaxValueValidator(7)],
    )
    opens = models.TimeField(_("von"))
    closes = models.TimeField(_("bis"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Öffnungszeit")
        verbose_name_plural = _("Öffnungszeiten")
        ordering = ["weekday", "opens"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weekday__gte=1, weekday__lte=7), name="zeitfenster_weekday_iso"
            ),
            models.CheckConstraint(
                condition=~Q(opens=F("closes")),
                name="zeitfenster_not_empty",
                violation_error_message=_("Beginn und Ende dürfen nicht gleich sein."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"

    @property
    def overnight(self) -> bool:
        return self.closes < self.opens
