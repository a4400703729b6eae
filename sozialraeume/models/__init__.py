import hashlib
import secrets
from functools import cached_property

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.contrib.gis.db import models
from django.contrib.gis.db.models.functions import IsValid
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from jena_sozialraum.gis import GeodesicArea


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, email: str) -> "User":
        # People type their address in any capitalisation when they log in.
        return self.get(email__iexact=email)

    def _create_user(self, email: str, password: str | None, **fields) -> "User":
        if not email:
            raise ValueError("Users need an e-mail address.")
        user = self.model(email=self.normalize_email(email), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **fields) -> "User":
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields) -> "User":
        fields.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with e-mail address and password (providers, Fachdienst, admins).

    Residents use the portal without an account.
    """

    email = models.EmailField(_("E-Mail-Adresse"), unique=True)
    name = models.CharField(_("Name"), max_length=150, blank=True)
    is_active = models.BooleanField(_("Aktiv"), default=True)
    is_staff = models.BooleanField(
        _("Zugang zur Verwaltungsoberfläche"),
        default=False,
        help_text=_("Darf sich in der Django-Verwaltung (/admin/) anmelden."),
    )
    is_fachdienst = models.BooleanField(
        _("Fachdienst Soziales"),
        default=False,
        help_text=_(
            "Mitarbeiterin oder Mitarbeiter des Fachdienstes Soziales: darf moderieren, Budgets "
            "verwalten und Personen in jeden Akteur einladen."
        ),
    )
    date_joined = models.DateTimeField(_("Registriert am"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("Benutzerkonto")
        verbose_name_plural = _("Benutzerkonten")
        ordering = ["email"]
        constraints = [
            # One account per address, whatever its capitalisation.
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ci"),
        ]

    def __str__(self) -> str:
        return self.name or self.email

    def get_short_name(self) -> str:
        return self.name or self.email


class Sozialraum(models.Model):
    name = models.CharField(_("Name"), max_length=100, unique=True)
    slug = models.SlugField(_("Kurzname in der Adresse"), max_length=100, unique=True)
    description = models.TextField(_("Kurzbeschreibung"), blank=True)
    colour = models.CharField(
        _("Farbe"),
        max_length=7,
        validators=[
            RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Bitte eine Farbe wie #1a2b3c angeben."))
        ],
        help_text=_("Farbe auf der Karte, als Hex-Wert wie #0072b2."),
    )
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    # Union of the districts' polygons, kept by services.sozialraum_boundaries_refresh() whenever
    # districts change: the map and spatial queries need it often, the districts change rarely.
    boundary = models.MultiPolygonField(
        _("Grenze"), srid=settings.GEO_SRID, null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("Sozialraum")
        verbose_name_plural = _("Sozialräume")
        ordering = ["position", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(colour__regex=r"^#[0-9a-fA-F]{6}$"), name="sozialraum_colour_hex"
            ),
            models.CheckConstraint(
                condition=Q(boundary__isnull=True) | Q(IsValid("boundary")),
                name="sozialraum_boundary_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("sozialraeume:detail", kwargs={"slug": self.slug})


class Bezirk(models.Model):
    """A statistical district (statistischer Bezirk) of the city."""

    number = models.PositiveIntegerField(_("Bezirksnummer"), unique=True)
    name = models.CharField(_("Name"), max_length=100)
    slug = models.SlugField(_("Kurzname in der Adresse"), max_length=100, unique=True)
    sozialraum = models.ForeignKey(
        Sozialraum,
        on_delete=models.PROTECT,
        related_name="bezirke",
        verbose_name=_("Sozialraum"),
    )
    ortsteil = models.CharField(_("Ortsteil"), max_length=100, blank=True)
    geometry = models.MultiPolygonField(_("Fläche"), srid=settings.GEO_SRID)
    area_m2 = models.GeneratedField(
        expression=GeodesicArea("geometry"),
        output_field=models.FloatField(),
        db_persist=True,
        verbose_name=_("Fläche in m²"),
    )

    class Meta:
        verbose_name = _("Bezirk")
        verbose_name_plural = _("Bezirke")
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(condition=Q(IsValid("geometry")), name="bezirk_geometry_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"

    @property
    def area_km2(self) -> float:
        return self.area_m2 / 1_000_000


class Population(models.Model):
    """Residents with main residence in a district on 31 December of a year."""

    bezirk = models.ForeignKey(
        Bezirk, on_delete=models.CASCADE, related_name="population", verbose_name=_("Bezirk")
    )
    year = models.PositiveSmallIntegerField(
        _("Jahr"), validators=[MinValueValidator(1900), MaxValueValidator(2200)]
    )
    residents = models.PositiveIntegerField(_("Einwohner:innen"))

    class Meta:
        verbose_name = _("Einwohnerzahl")
        verbose_name_plural = _("Einwohnerzahlen")
        ordering = ["bezirk", "year"]
        constraints = [
            models.UniqueConstraint(fields=["bezirk", "year"], name="population_one_per_year"),
            models.CheckConstraint(
                condition=Q(year__gte=1900, year__lte=2200), name="population_year_plausible"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bezirk.name} {self.year}: {self.residents}"


class AccessibilityFeedback(models.Model):
    """A message sent through the feedback form of the accessibility statement (BITV 2.0)."""

    name = models.CharField(_("Name"), max_length=200, blank=True)
    email = models.EmailField(_("E-Mail-Adresse"), blank=True)
    page_url = models.CharField(_("Betroffene Seite"), max_length=500, blank=True)
    message = models.TextField(_("Nachricht"), max_length=5000)
    created_at = models.DateTimeField(_("Eingegangen am"), auto_now_add=True)
    handled = models.BooleanField(_("Erledigt"), default=False)

    class Meta:
        verbose_name = _("Rückmeldung zur Barrierefreiheit")
        verbose_name_plural = _("Rückmeldungen zur Barrierefreiheit")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d} {self.message[:40]}"


class Akteur(models.Model):
    """An actor in the social-space network: provider, association, group, office, company…"""

    class Kind(models.TextChoices):
        TRAEGER = "traeger", _("Leistungserbringer / Träger")
        VEREIN = "verein", _("Verein")
        SELBSTHILFE = "selbsthilfegruppe", _("Selbsthilfegruppe")
        STADTTEILBUERO = "stadtteilbuero", _("Stadtteilbüro")
        QUARTIERSMANAGEMENT = "quartiersmanagement", _("Quartiersmanagement")
        ORTSTEILBUERGERMEISTER = "ortsteilbuergermeister", _("Ortsteilbürgermeister:in")
        WOHNUNGSUNTERNEHMEN = "wohnungsunternehmen", _("Wohnungsunternehmen")
        EHRENAMT = "ehrenamtsinitiative", _("Ehrenamtliche Initiative")
        VERWALTUNG = "verwaltung", _("Verwaltung")
        SONSTIGE = "sonstige", _("Sonstige")

    name = models.CharField(_("Name"), max_length=200)
    slug = models.SlugField(_("Kurzname in der Adresse"), max_length=220, unique=True)
    kind = models.CharField(_("Art"), max_length=32, choices=Kind.choices)
    description = models.TextField(_("Beschreibung"), blank=True)
    street_address = models.CharField(_("Straße und Hausnummer"), max_length=200, blank=True)
    postal_code = models.CharField(
        _("Postleitzahl"),
        max_length=5,
        blank=True,
        validators=[RegexValidator(r"^\d{5}$", _("Bitte eine fünfstellige Postleitzahl angeben."))],
    )
    locality = models.CharField(_("Ort"), max_length=100, blank=True, default="Jena")
    point = models.PointField(_("Lage"), srid=settings.GEO_SRID, null=True, blank=True)
    phone = models.CharField(_("Telefon"), max_length=50, blank=True)
    email = models.EmailField(_("E-Mail-Adresse"), blank=True)
    website = models.URLField(_("Website"), blank=True)
    sozialraeume = models.ManyToManyField(
        Sozialraum,
        related_name="akteure",
        blank=True,
        verbose_name=_("Sozialräume, in denen der Akteur arbeitet"),
    )
    hide_address = models.BooleanField(
        _("Keine öffentliche Adresse"),
        default=False,
        help_text=_(
            "Zum Beispiel für Selbsthilfegruppen: Öffentlich erscheinen nur der Bezirk, nicht die "
            "Straße und nicht der genaue Ort, auch bei allen Angeboten dieses Akteurs."
        ),
    )
    is_trusted = models.BooleanField(
        _("Vertrauenswürdig"),
        default=False,
        help_text=_(
            "Vom Fachdienst gesetzt: Angebote und Änderungen dieses Akteurs erscheinen ohne "
            "Prüfung (sie werden trotzdem protokolliert)."
        ),
    )
    is_sample = models.BooleanField(
        _("Beispieldaten"), default=False, help_text=_("Von seed_demo erzeugt, keine echten Daten.")
    )
    # Part of the signed address of the private booking calendar; counting it up makes the
    # old address invalid (angebote.views_bereich_raumkalender).
    calendar_version = models.PositiveIntegerField(
        _("Version der Kalenderadresse"), default=0, editable=False
    )
    created_at = models.DateTimeField(_("Angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Geändert am"), auto_now=True)

    # Audit trail: who changed what and when, including the social spaces.
    history = HistoricalRecords(
        excluded_fields=["created_at", "updated_at"], m2m_fields=[sozialraeume]
    )

    class Meta:
        verbose_name = _("Akteur")
        verbose_name_plural = _("Akteure")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("akteure:detail", kwargs={"slug": self.slug})

    @property
    def is_sensitive(self) -> bool:
        """No public address (the same name as Angebot.is_sensitive, for shared serializers)."""
        return self.hide_address

    @cached_property
    def bezirk(self) -> Bezirk | None:
        """The district the actor's point lies in (one query): shown instead of the address."""
        from sozialraeume.selectors import locate  # selectors import this module

        location = locate(self.point) if self.point else None
        return location.bezirk if location else None


class Role(models.TextChoices):
    """What a member may do for an actor."""

    EDITOR = "editor", _("Redaktion")
    ADMIN = "admin", _("Verwaltung des Akteurs")


class Membership(models.Model):
    """A user works for an actor: edits its content (editor) or also invites colleagues (admin)."""

    Role = Role

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("Benutzerkonto")
    )
    akteur = models.ForeignKey(
        Akteur, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("Akteur")
    )
    role = models.CharField(_("Rolle"), max_length=16, choices=Role.choices, default=Role.EDITOR)
    created_at = models.DateTimeField(_("Angelegt am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Mitgliedschaft")
        verbose_name_plural = _("Mitgliedschaften")
        ordering = ["akteur__name", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["user", "akteur"], name="membership_unique"),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="membership_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.akteur} ({self.get_role_display()})"


class Invitation(models.Model):
    """An invitation by e-mail to join an actor. Only a hash of the link's token is stored,
    so a leaked database does not contain usable links."""

    Role = Role

    email = models.EmailField(_("E-Mail-Adresse"))
    akteur = models.ForeignKey(
        Akteur, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("Akteur")
    )
    role = models.CharField(_("Rolle"), max_length=16, choices=Role.choices, default=Role.EDITOR)
    invited_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        related_name="invitations_sent",
        verbose_name=_("Eingeladen von"),
    )
    token_hash = models.CharField(_("Prüfwert des Links"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("Angelegt am"), auto_now_add=True)
    expires_at = models.DateTimeField(_("Gültig bis"))
    accepted_at = models.DateTimeField(_("Angenommen am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Einladung")
        verbose_name_plural = _("Einladungen")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(role__in=Role.values), name="invitation_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.akteur}"

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_used(self) -> bool:
        return self.accepted_at is not None


# Participation models live in their own module; imported here so Django finds them.
from sozialraeume.models.beteiligung import (  # noqa: E402
    Idee,
    IdeeMeldung,
    IdeeUnterstuetzung,
    Konferenz,
)

__all__ = [
    "AccessibilityFeedback",
    "Akteur",
    "Bezirk",
    "Idee",
    "IdeeMeldung",
    "IdeeUnterstuetzung",
    "Invitation",
    "Konferenz",
    "Membership",
    "Population",
    "Role",
    "Sozialraum",
    "User",
]
