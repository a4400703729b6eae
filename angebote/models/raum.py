"""Rooms (Räume) that actors share, their bookable hours, blocked periods, photos, and the
requests for them. Accepted requests are bookings; PostgreSQL makes them overlap-free."""

from django.conf import settings
from django.contrib.gis.db import models
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField, RangeOperators
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from angebote.models.angebot import Zeitfenster
from angebote.models.vokabular import Ausstattung, Merkmal
from jena_sozialraum.images import validate_image_size
from sozialraeume.models import Akteur, Bezirk, Sozialraum


class Raum(models.Model):
    class Cost(models.TextChoices):
        FREE = "kostenlos", _("Kostenlos")
        HOURLY = "pro-stunde", _("Euro pro Stunde")
        ON_REQUEST = "auf-anfrage", _("Kosten auf Anfrage")

    class Usage(models.TextChoices):
        EVERYONE = "alle", _("Alle")
        NON_PROFIT = "gemeinnuetzig", _("Gemeinnützige Gruppen")
        PROVIDERS = "eingliederungshilfe", _("Leistungserbringer der Eingliederungshilfe")

    akteur = models.ForeignKey(
        Akteur, on_delete=models.PROTECT, related_name="raeume", verbose_name=_("Eigentümer")
    )
    name = models.CharField(_("Name"), max_length=200)
    slug = models.SlugField(_("Kurzname in der Adresse"), max_length=220, unique=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    street_address = models.CharField(_("Straße und Hausnummer"), max_length=200)
    postal_code = models.CharField(_("Postleitzahl"), max_length=5, blank=True)
    locality = models.CharField(_("Ort"), max_length=100, default="Jena")
    point = models.PointField(_("Lage"), srid=settings.GEO_SRID)
    # Set from the point by services.raum_save (one PostGIS query).
    bezirk = models.ForeignKey(
        Bezirk,
        on_delete=models.PROTECT,
        related_name="raeume",
        editable=False,
        verbose_name=_("Bezirk"),
    )
    sozialraum = models.ForeignKey(
        Sozialraum,
        on_delete=models.PROTECT,
        related_name="raeume",
        editable=False,
        verbose_name=_("Sozialraum"),
    )
    capacity = models.PositiveSmallIntegerField(
        _("Plätze (Personen)"), validators=[MinValueValidator(1), MaxValueValidator(2000)]
    )
    area_m2 = models.DecimalField(
        _("Fläche in m²"),
        max_digits=7,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
    )
    merkmale = models.ManyToManyField(
        Merkmal, related_name="raeume", blank=True, verbose_name=_("Barrierefreiheit")
    )
    ausstattung = models.ManyToManyField(
        Ausstattung, related_name="raeume", blank=True, verbose_name=_("Ausstattung")
    )
    cost = models.CharField(_("Kosten"), max_length=20, choices=Cost.choices, default=Cost.FREE)
    price_per_hour = models.DecimalField(
        _("Euro pro Stunde"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    usage = models.CharField(
        _("Wer darf den Raum nutzen?"),
        max_length=30,
        choices=Usage.choices,
        default=Usage.EVERYONE,
    )
    min_notice_hours = models.PositiveSmallIntegerField(
        _("Mindestvorlauf in Stunden"), default=48, validators=[MaxValueValidator(24 * 60)]
    )
    max_days_ahead = models.PositiveSmallIntegerField(
        _("Höchstens so viele Tage im Voraus"),
        default=90,
        validators=[MinValueValidator(1), MaxValueValidator(730)],
    )
    is_active = models.BooleanField(
        _("Öffentlich sichtbar"),
        default=True,
        help_text=_("Ausgeschaltet erscheint der Raum nicht in der Suche; Buchungen bleiben."),
    )
    is_sample = models.BooleanField(
        _("Beispieldaten"), default=False, help_text=_("Von seed_demo erzeugt, keine echten Daten.")
    )
    created_at = models.DateTimeField(_("Angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Geändert am"), auto_now=True)

    history = HistoricalRecords(
        excluded_fields=["created_at", "updated_at"], m2m_fields=[merkmale, ausstattung]
    )

    class Meta:
        verbose_name = _("Raum")
        verbose_name_plural = _("Räume")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cost="pro-stunde", price_per_hour__isnull=False)
                | ~Q(cost="pro-stunde"),
                name="raum_hourly_price_given",
                violation_error_message=_("Bitte den Preis pro Stunde angeben."),
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="raum_capacity_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("raeume:detail", kwargs={"slug": self.slug})

    @property
    def is_free(self) -> bool:
        return self.cost == self.Cost.FREE


class Raumzeit(models.Model):
    """When a room can be booked on a weekday (local wall-clock time, no overnight windows)."""

    raum = models.ForeignKey(
        Raum, on_delete=models.CASCADE, related_name="zeiten", verbose_name=_("Raum")
    )
    weekday = models.PositiveSmallIntegerField(
        _("Wochentag"),
        choices=Zeitfenster.Weekday.choices,
        validators=[MinValueValidator(1), MaxValueValidator(7)],
    )
    opens = models.TimeField(_("von"))
    closes = models.TimeField(_("bis"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Buchbare Zeit")
        verbose_name_plural = _("Buchbare Zeiten")
        ordering = ["weekday", "opens"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weekday__gte=1, weekday__lte=7), name="raumzeit_weekday_iso"
            ),
            models.CheckConstraint(
                condition=Q(closes__gt=F("opens")),
                name="raumzeit_closes_after_opens",
                violation_error_message=_("Das Ende muss nach dem Beginn liegen."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class Sperrzeit(models.Model):
    """A period in which the room cannot be booked (holidays, repairs)."""

    raum = models.ForeignKey(
        Raum, on_delete=models.CASCADE, related_name="sperrzeiten", verbose_name=_("Raum")
    )
    period = DateTimeRangeField(_("Zeitraum"))
    reason = models.CharField(_("Grund"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Sperrzeit")
        verbose_name_plural = _("Sperrzeiten")
        ordering = ["period"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period__isempty=False),
                name="sperrzeit_not_empty",
                violation_error_message=_("Das Ende muss nach dem Beginn liegen."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.raum}: {self.period.lower:%d.%m.%Y}–{self.period.upper:%d.%m.%Y}"


class Raumfoto(models.Model):
    raum = models.ForeignKey(
        Raum, on_delete=models.CASCADE, related_name="fotos", verbose_name=_("Raum")
    )
    image = models.ImageField(
        _("Foto"),
        upload_to="raeume/%Y/",
        validators=[
            FileExtensionValidator(["jpg", "jpeg", "png", "webp"]),
            validate_image_size,
        ],
    )
    alt_text = models.CharField(
        _("Was ist auf dem Foto zu sehen?"),
        max_length=300,
        help_text=_("Für Menschen, die das Foto nicht sehen können (Alternativtext)."),
    )
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Foto")
        verbose_name_plural = _("Fotos")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(alt_text=""), name="raumfoto_alt_text_given"),
        ]

    def __str__(self) -> str:
        return self.alt_text


class Raumanfrage(models.Model):
    """A request for a room in a period; accepted requests are the room's bookings."""

    class Status(models.TextChoices):
        UNCONFIRMED = "unbestaetigt", _("E-Mail-Adresse noch nicht bestätigt")
        PENDING = "offen", _("Offen")
        ACCEPTED = "angenommen", _("Angenommen")
        DECLINED = "abgelehnt", _("Abgelehnt")
        CANCELLED = "storniert", _("Storniert")

    raum = models.ForeignKey(
        Raum, on_delete=models.PROTECT, related_name="anfragen", verbose_name=_("Raum")
    )
    period = DateTimeRangeField(_("Zeitraum"))
    purpose = models.CharField(_("Wofür brauchen Sie den Raum?"), max_length=300)
    people = models.PositiveSmallIntegerField(
        _("Wie viele Personen kommen?"), validators=[MinValueValidator(1)]
    )
    support_needs = models.TextField(
        _("Unterstützung oder Barrierefreiheit, die Sie brauchen"), blank=True, max_length=2000
    )
    # A member of an actor requests for that actor; residents without an account give name and
    # address and confirm the address by a link before the owner sees the request.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="raumanfragen",
        verbose_name=_("Konto"),
    )
    akteur = models.ForeignKey(
        Akteur,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="raumanfragen",
        verbose_name=_("Für den Akteur"),
    )
    name = models.CharField(_("Ihr Name"), max_length=200)
    email = models.EmailField(_("Ihre E-Mail-Adresse"))
    status = models.CharField(
        _("Stand"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    owner_message = models.TextField(_("Nachricht des Raumanbieters"), blank=True)
    decided_at = models.DateTimeField(_("Entschieden am"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Entschieden von"),
    )
    # Requests without an account: for the hourly limit (jena_sozialraum.ratelimit); emptied
    # after IP_HASH_KEEP_DAYS. Empty for members' requests.
    ip_hash = models.CharField(
        _("Prüfwert der IP-Adresse"), max_length=64, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("Angefragt am"), auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["ip_hash"])

    class Meta:
        verbose_name = _("Raumanfrage")
        verbose_name_plural = _("Raumanfragen")
        ordering = ["period"]
        constraints = [
            # The invariant of the whole feature: accepted bookings of a room never overlap,
            # whatever runs concurrently. Needs the btree_gist extension (room equality).
            ExclusionConstraint(
                name="raumanfrage_no_double_booking",
                expressions=[("raum", RangeOperators.EQUAL), ("period", RangeOperators.OVERLAPS)],
                condition=Q(status="angenommen"),
                violation_error_message=_("Der Raum ist in diesem Zeitraum schon vergeben."),
            ),
            models.CheckConstraint(
                condition=Q(period__isempty=False),
                name="raumanfrage_not_empty",
                violation_error_message=_("Das Ende muss nach dem Beginn liegen."),
            ),
            models.CheckConstraint(condition=Q(people__gte=1), name="raumanfrage_people"),
        ]
        indexes = [
            models.Index(fields=["raum", "status"], name="raumanfrage_raum_status"),
            models.Index(fields=["ip_hash", "created_at"], name="raumanfrage_ip_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.raum}: {self.period.lower:%d.%m.%Y %H:%M}"
