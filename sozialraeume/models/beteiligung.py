"""Participation: residents' ideas (Ideen-Melder) with support and abuse reports, and the
social-space conferences (Sozialraumkonferenzen) where actors and residents meet."""

from django.conf import settings
from django.contrib.gis.db import models
from django.core.validators import MaxLengthValidator, MinLengthValidator
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sozialraeume.models import Akteur, Bezirk, Sozialraum


class Idee(models.Model):
    class Kind(models.TextChoices):
        IDEA = "idee", _("Idee")
        NEED = "bedarf", _("Bedarf")
        PROBLEM = "problem", _("Problem")

    class Status(models.TextChoices):
        NEW = "neu", _("Neu")
        REVIEW = "in-pruefung", _("Wird geprüft")
        IN_PROGRESS = "in-arbeit", _("In Arbeit")
        DONE = "erledigt", _("Erledigt")
        NOT_FEASIBLE = "nicht-umsetzbar", _("Nicht umsetzbar")

    class AnswerFrom(models.TextChoices):
        FACHDIENST = "fachdienst", _("Fachdienst Soziales")
        KONFERENZ = "konferenz", _("Sozialraumkonferenz")

    class Moderation(models.TextChoices):
        WAITING = "wartet", _("Wartet auf Freigabe")
        PUBLISHED = "freigegeben", _("Veröffentlicht")
        REJECTED = "abgelehnt", _("Nicht veröffentlicht")
        HIDDEN = "versteckt", _("Nach Meldung versteckt")

    sozialraum = models.ForeignKey(
        Sozialraum, on_delete=models.PROTECT, related_name="ideen", verbose_name=_("Sozialraum")
    )
    bezirk = models.ForeignKey(
        Bezirk,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ideen",
        verbose_name=_("Bezirk"),
    )
    point = models.PointField(_("Ort auf der Karte"), srid=settings.GEO_SRID, null=True, blank=True)
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices, default=Kind.IDEA)
    title = models.CharField(_("Titel"), max_length=120, validators=[MinLengthValidator(5)])
    text = models.TextField(
        _("Beschreibung"), validators=[MinLengthValidator(10), MaxLengthValidator(3000)]
    )
    # Only for status e-mails; never shown, never published.
    email = models.EmailField(_("E-Mail-Adresse (freiwillig)"), blank=True)
    consent = models.BooleanField(_("Einwilligung in die Datenschutzhinweise"), default=False)
    status = models.CharField(_("Stand"), max_length=20, choices=Status.choices, default=Status.NEW)
    moderation = models.CharField(
        _("Freigabe"), max_length=20, choices=Moderation.choices, default=Moderation.WAITING
    )
    answer = models.TextField(_("Antwort"), blank=True)
    answered_at = models.DateTimeField(_("Beantwortet am"), null=True, blank=True)
    answer_from = models.CharField(
        _("Antwort von"),
        max_length=20,
        choices=AnswerFrom.choices,
        default=AnswerFrom.FACHDIENST,
        help_text=_("Wer antwortet: der Fachdienst oder die Sozialraumkonferenz des Sozialraums."),
    )
    angebote = models.ManyToManyField(
        "angebote.Angebot",
        related_name="ideen",
        blank=True,
        verbose_name=_("Angebote, die darauf antworten"),
    )
    antraege = models.ManyToManyField(
        "budgets.Foerderantrag",
        related_name="ideen",
        blank=True,
        verbose_name=_("Förderanträge, die darauf antworten"),
    )
    support_count = models.PositiveIntegerField(_("Unterstützungen"), default=0, editable=False)
    # For the hourly limit only; emptied after IP_HASH_KEEP_DAYS (manage.py forget_ip_hashes).
    ip_hash = models.CharField(
        _("Prüfwert der IP-Adresse"), max_length=64, blank=True, editable=False
    )
    is_sample = models.BooleanField(
        _("Beispieldaten"), default=False, help_text=_("Von seed_demo erzeugt, keine echten Daten.")
    )
    created_at = models.DateTimeField(_("Eingereicht am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Geändert am"), auto_now=True)
    # The e-mail address stays out of the audit trail: it is contact data, kept only until the
    # idea is settled (services_ideen clears it), and must not outlive that in old versions.
    history = HistoricalRecords(
        excluded_fields=["support_count", "updated_at", "email", "ip_hash"],
        m2m_fields=[angebote, antraege],
    )

    class Meta:
        verbose_name = _("Idee")
        verbose_name_plural = _("Ideen")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["moderation", "sozialraum"], name="idee_public_space"),
            models.Index(fields=["ip_hash", "created_at"], name="idee_ip_recent"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(consent=True), name="idee_consent_given"),
            models.CheckConstraint(
                condition=Q(support_count__gte=0), name="idee_support_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("ideen:detail", kwargs={"pk": self.pk})


class IdeeUnterstuetzung(models.Model):
    """One browser supports an idea once (a random cookie token, stored only as a hash)."""

    idee = models.ForeignKey(
        Idee, on_delete=models.CASCADE, related_name="unterstuetzungen", verbose_name=_("Idee")
    )
    browser_hash = models.CharField(_("Prüfwert des Browsers"), max_length=64)
    ip_hash = models.CharField(_("Prüfwert der IP-Adresse"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("Am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Unterstützung")
        verbose_name_plural = _("Unterstützungen")
        constraints = [
            models.UniqueConstraint(fields=["idee", "browser_hash"], name="support_once"),
        ]
        indexes = [models.Index(fields=["ip_hash", "created_at"], name="support_ip_recent")]

    def __str__(self) -> str:
        return f"{self.idee} ({self.created_at:%d.%m.%Y})"


class IdeeMeldung(models.Model):
    """Someone reports an idea as abusive; the Fachdienst reviews and may hide it."""

    class Outcome(models.TextChoices):
        OPEN = "offen", _("Offen")
        HIDDEN = "versteckt", _("Idee versteckt")
        KEPT = "belassen", _("Idee bleibt sichtbar")

    idee = models.ForeignKey(
        Idee, on_delete=models.CASCADE, related_name="meldungen", verbose_name=_("Idee")
    )
    reason = models.TextField(
        _("Was ist daran nicht in Ordnung?"), validators=[MaxLengthValidator(1000)]
    )
    ip_hash = models.CharField(_("Prüfwert der IP-Adresse"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("Gemeldet am"), auto_now_add=True)
    outcome = models.CharField(
        _("Ergebnis"), max_length=20, choices=Outcome.choices, default=Outcome.OPEN
    )
    reviewed_at = models.DateTimeField(_("Geprüft am"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Geprüft von"),
    )
    history = HistoricalRecords(excluded_fields=["ip_hash"])

    class Meta:
        verbose_name = _("Meldung zu einer Idee")
        verbose_name_plural = _("Meldungen zu Ideen")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.idee}: {self.get_outcome_display()}"


class Konferenz(models.Model):
    """A social-space conference: date, place (a portal room or an address), agenda, public
    minutes after the meeting, participating actors and the ideas discussed."""

    sozialraum = models.ForeignKey(
        Sozialraum,
        on_delete=models.PROTECT,
        related_name="konferenzen",
        verbose_name=_("Sozialraum"),
    )
    title = models.CharField(_("Titel"), max_length=200)
    starts_at = models.DateTimeField(_("Beginn"))
    ends_at = models.DateTimeField(_("Ende"))
    raum = models.ForeignKey(
        "angebote.Raum",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="konferenzen",
        verbose_name=_("Raum im Portal"),
    )
    address = models.CharField(
        _("Adresse"),
        max_length=300,
        blank=True,
        help_text=_("Wenn die Konferenz nicht in einem Raum des Portals stattfindet."),
    )
    agenda = models.TextField(_("Tagesordnung"), blank=True)
    minutes = models.TextField(
        _("Protokoll"), blank=True, help_text=_("Öffentlich, nach der Konferenz.")
    )
    akteure = models.ManyToManyField(
        Akteur, related_name="konferenzen", blank=True, verbose_name=_("Beteiligte Akteure")
    )
    ideen = models.ManyToManyField(
        Idee, related_name="konferenzen", blank=True, verbose_name=_("Besprochene Ideen")
    )
    created_at = models.DateTimeField(_("Angelegt am"), auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[akteure, ideen])

    class Meta:
        verbose_name = _("Sozialraumkonferenz")
        verbose_name_plural = _("Sozialraumkonferenzen")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="konferenz_ends_after_start",
                violation_error_message=_("Das Ende muss nach dem Beginn liegen."),
            ),
            models.CheckConstraint(
                condition=Q(raum__isnull=False) | ~Q(address=""),
                name="konferenz_has_place",
                violation_error_message=_("Bitte einen Raum wählen oder eine Adresse angeben."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("konferenzen:detail", kwargs={"slug": self.sozialraum.slug, "pk": self.pk})
