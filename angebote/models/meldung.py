"""Problem reports of residents about an offer (Problem melden)."""

from django.conf import settings
from django.contrib.gis.db import models
from django.core.validators import MaxLengthValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from angebote.models.angebot import Angebot


class MeldungReason(models.TextChoices):
    """What is wrong with an offer, in the words residents choose from."""

    ADRESSE = "adresse", _("Adresse stimmt nicht")
    ZEITEN = "zeiten", _("Zeiten stimmen nicht")
    KONTAKT = "kontakt", _("Kontakt stimmt nicht")
    BEENDET = "beendet", _("Angebot gibt es nicht mehr")
    SONSTIGES = "sonstiges", _("Etwas anderes")


class Problemmeldung(models.Model):
    """A resident's report that something about a published offer is wrong or outdated.

    Residents report without an account. Of the client only a keyed hash of the IP address is
    kept, so the number of reports per address can be limited without storing the address.
    """

    Reason = MeldungReason

    MESSAGE_MAX_LENGTH = 2000

    angebot = models.ForeignKey(
        Angebot, on_delete=models.CASCADE, related_name="meldungen", verbose_name=_("Angebot")
    )
    reason = models.CharField(_("Was stimmt nicht?"), max_length=20, choices=Reason.choices)
    message = models.TextField(
        _("Nachricht"), blank=True, validators=[MaxLengthValidator(MESSAGE_MAX_LENGTH)]
    )
    email = models.EmailField(_("E-Mail-Adresse für Rückfragen"), blank=True)
    # HMAC-SHA256 of the client IP with SECRET_KEY (services_meldungen.ip_hash), for the limit.
    # Emptied after IP_HASH_KEEP_DAYS (manage.py forget_ip_hashes).
    ip_hash = models.CharField(
        _("Prüfwert der IP-Adresse"), max_length=64, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("Gemeldet am"), auto_now_add=True)
    closed_at = models.DateTimeField(_("Erledigt am"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Erledigt von"),
    )
    closing_note = models.TextField(_("Notiz zur Erledigung"), blank=True)

    # Closing is recorded with who and when (history_user, history_date).
    history = HistoricalRecords(excluded_fields=["ip_hash"])

    class Meta:
        verbose_name = _("Problemmeldung")
        verbose_name_plural = _("Problemmeldungen")
        ordering = ["-created_at"]
        indexes = [
            # The rate limit counts an address's reports of the last hour.
            models.Index(fields=["ip_hash", "created_at"], name="problemmeldung_ip_time"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(reason__in=MeldungReason.values),
                name="problemmeldung_reason_valid",
            ),
            models.CheckConstraint(
                condition=~Q(reason=MeldungReason.SONSTIGES, message=""),
                name="problemmeldung_other_has_message",
                violation_error_message=_("Bitte beschreiben Sie kurz, was nicht stimmt."),
            ),
            models.CheckConstraint(
                condition=Q(closed_by__isnull=True) | Q(closed_at__isnull=False),
                name="problemmeldung_closed_by_when_closed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.angebot} – {self.get_reason_display()}"

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None
