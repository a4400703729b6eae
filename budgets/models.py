"""Social-space offer budgets (Angebotsbudgets): money per social space and year, kept as an
append-only ledger, and the applications (Förderanträge) funded from it.

Invariants the database or the services hold:
- a budget's amount is the sum of its ledger bookings; bookings are never updated or deleted
  (a trigger refuses it, migration 0002);
- the approved amounts of a budget never add up to more than its amount (services lock the
  budget row for every approval and reallocation);
- paid drawdowns never exceed the approved amount of their application.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from angebote.models import Angebot
from sozialraeume.models import Akteur, Sozialraum

MONEY = {"max_digits": 12, "decimal_places": 2}
CENT = Decimal("0.01")


class Angebotsbudget(models.Model):
    sozialraum = models.ForeignKey(
        Sozialraum, on_delete=models.PROTECT, related_name="budgets", verbose_name=_("Sozialraum")
    )
    year = models.PositiveSmallIntegerField(
        _("Jahr"), validators=[MinValueValidator(2020), MaxValueValidator(2100)]
    )

    class Meta:
        verbose_name = _("Angebotsbudget")
        verbose_name_plural = _("Angebotsbudgets")
        ordering = ["-year", "sozialraum__name"]
        constraints = [
            models.UniqueConstraint(fields=["sozialraum", "year"], name="budget_space_year"),
        ]

    def __str__(self) -> str:
        return f"{self.sozialraum.name} {self.year}"

    @property
    def amount(self) -> Decimal:
        """The sum of the ledger (use selectors for lists: this is one query per budget)."""
        return self.buchungen.aggregate(total=Sum("amount"))["total"] or Decimal("0")


class Budgetbuchung(models.Model):
    """One line of a budget's ledger. Append-only: corrections are new bookings."""

    class Kind(models.TextChoices):
        INITIAL = "ansatz", _("Ansatz (Anfangsbetrag)")
        INCREASE = "erhoehung", _("Erhöhung")
        DECREASE = "kuerzung", _("Kürzung")
        TRANSFER_OUT = "umschichtung-ab", _("Umschichtung in einen anderen Sozialraum")
        TRANSFER_IN = "umschichtung-zu", _("Umschichtung aus einem anderen Sozialraum")

    budget = models.ForeignKey(
        Angebotsbudget,
        on_delete=models.PROTECT,
        related_name="buchungen",
        verbose_name=_("Budget"),
    )
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    # Signed: decreases and transfers out are negative.
    amount = models.DecimalField(_("Betrag in Euro"), **MONEY)
    reason = models.CharField(_("Begründung"), max_length=500)
    # The other half of a reallocation between two spaces.
    counterpart = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Gegenbuchung"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Gebucht von"),
    )
    created_at = models.DateTimeField(_("Gebucht am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Budgetbuchung")
        verbose_name_plural = _("Budgetbuchungen")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind__in=["ansatz", "erhoehung", "umschichtung-zu"], amount__gt=0)
                    | Q(kind__in=["kuerzung", "umschichtung-ab"], amount__lt=0)
                ),
                name="buchung_sign_matches_kind",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="buchung_reason_given"),
        ]

    def __str__(self) -> str:
        return f"{self.budget}: {self.amount} €"


class Foerderantrag(models.Model):
    """An application for money from a budget, by a lead actor, possibly with partners."""

    class Status(models.TextChoices):
        DRAFT = "entwurf", _("Entwurf")
        SUBMITTED = "eingereicht", _("Eingereicht")
        IN_REVIEW = "in-pruefung", _("In Prüfung")
        APPROVED = "bewilligt", _("Bewilligt")
        REJECTED = "abgelehnt", _("Abgelehnt")
        RUNNING = "laufend", _("Laufend")
        CLOSED = "abgeschlossen", _("Abgeschlossen")

    budget = models.ForeignKey(
        Angebotsbudget,
        on_delete=models.PROTECT,
        related_name="antraege",
        verbose_name=_("Budget"),
    )
    akteur = models.ForeignKey(
        Akteur,
        on_delete=models.PROTECT,
        related_name="foerderantraege",
        verbose_name=_("Antragsteller (federführend)"),
    )
    partners = models.ManyToManyField(
        Akteur, related_name="partner_antraege", blank=True, verbose_name=_("Partner")
    )
    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(_("Beschreibung"))
    angebote = models.ManyToManyField(
        Angebot,
        related_name="foerderantraege",
        blank=True,
        verbose_name=_("Geförderte Angebote"),
    )
    new_offer = models.TextField(
        _("Neues Angebot"),
        blank=True,
        help_text=_("Wenn das Angebot noch nicht im Portal steht: was entstehen soll."),
    )
    goals = models.TextField(_("Ziele"))
    period_start = models.DateField(_("Beginn"))
    period_end = models.DateField(_("Ende"))

    planned_participants = models.PositiveIntegerField(_("Teilnehmende"), default=0)
    planned_new_participants = models.PositiveIntegerField(_("Neue Teilnehmende"), default=0)
    planned_sessions = models.PositiveIntegerField(_("Termine"), default=0)
    planned_hours = models.PositiveIntegerField(_("Stunden"), default=0)
    planned_volunteers = models.PositiveIntegerField(_("Beteiligte Ehrenamtliche"), default=0)
    planned_partners = models.PositiveIntegerField(_("Kooperationspartner"), default=0)

    status = models.CharField(
        _("Stand"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    approved_amount = models.DecimalField(
        _("Bewilligter Betrag in Euro"), **MONEY, null=True, blank=True
    )
    conditions = models.TextField(_("Auflagen"), blank=True)
    rejection_reason = models.TextField(_("Ablehnungsgrund"), blank=True)
    review_comment = models.TextField(
        _("Hinweis zur Überarbeitung"),
        blank=True,
        help_text=_("Warum der Antrag zur Überarbeitung zurückgegeben wurde."),
    )
    internal_note = models.TextField(
        _("Interne Notiz des Fachdienstes"),
        blank=True,
        help_text=_("Nur für den Fachdienst; nie öffentlich."),
    )
    submitted_at = models.DateTimeField(_("Eingereicht am"), null=True, blank=True)
    decided_at = models.DateTimeField(_("Entschieden am"), null=True, blank=True)
    created_at = models.DateTimeField(_("Angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Geändert am"), auto_now=True)

    history = HistoricalRecords(
        excluded_fields=["created_at", "updated_at"], m2m_fields=[partners, angebote]
    )

    class Meta:
        verbose_name = _("Förderantrag")
        verbose_name_plural = _("Förderanträge")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="antrag_period_order",
                violation_error_message=_("Das Ende darf nicht vor dem Beginn liegen."),
            ),
            models.CheckConstraint(
                condition=Q(approved_amount__isnull=True) | Q(approved_amount__gte=0),
                name="antrag_approved_not_negative",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["bewilligt", "laufend", "abgeschlossen"])
                | Q(approved_amount__isnull=False),
                name="antrag_approved_has_amount",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def requested_amount(self) -> Decimal:
        """The sum of the cost plan (one query unless annotated by a selector)."""
        return self.kosten.aggregate(total=Sum("amount"))["total"] or Decimal("0")


class Kostenposition(models.Model):
    """A line of an application's cost plan."""

    class Category(models.TextChoices):
        PERSONNEL = "personal", _("Personal")
        FEES = "honorare", _("Honorare")
        RENT = "miete", _("Miete")
        MATERIAL = "material", _("Sachkosten und Material")
        OTHER = "sonstiges", _("Sonstiges")

    antrag = models.ForeignKey(
        Foerderantrag,
        on_delete=models.CASCADE,
        related_name="kosten",
        verbose_name=_("Förderantrag"),
    )
    category = models.CharField(_("Kostenart"), max_length=20, choices=Category.choices)
    description = models.CharField(_("Beschreibung"), max_length=300)
    amount = models.DecimalField(_("Betrag in Euro"), **MONEY, validators=[MinValueValidator(CENT)])
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Kostenposition")
        verbose_name_plural = _("Kostenplan")
        ordering = ["category", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="kosten_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.description}"


class Mittelabruf(models.Model):
    """A drawdown: the actor requests part of the approved amount; the Fachdienst releases it
    and marks it paid."""

    class Status(models.TextChoices):
        REQUESTED = "angefordert", _("Angefordert")
        RELEASED = "freigegeben", _("Freigegeben")
        PAID = "ausgezahlt", _("Ausgezahlt")
        REJECTED = "abgelehnt", _("Abgelehnt")

    antrag = models.ForeignKey(
        Foerderantrag,
        on_delete=models.PROTECT,
        related_name="mittelabrufe",
        verbose_name=_("Förderantrag"),
    )
    amount = models.DecimalField(_("Betrag in Euro"), **MONEY, validators=[MinValueValidator(CENT)])
    note = models.CharField(_("Hinweis"), max_length=300, blank=True)
    status = models.CharField(
        _("Stand"), max_length=20, choices=Status.choices, default=Status.REQUESTED
    )
    requested_at = models.DateTimeField(_("Angefordert am"), auto_now_add=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Angefordert von"),
    )
    decided_at = models.DateTimeField(_("Bearbeitet am"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Mittelabruf")
        verbose_name_plural = _("Mittelabrufe")
        ordering = ["requested_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="abruf_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.antrag}: {self.amount} €"


class Outputs(models.Model):
    """The six output figures planned in an application and reported against it."""

    participants = models.PositiveIntegerField(_("Teilnehmende"), default=0)
    new_participants = models.PositiveIntegerField(_("Neue Teilnehmende"), default=0)
    sessions = models.PositiveIntegerField(_("Termine"), default=0)
    hours = models.PositiveIntegerField(_("Stunden"), default=0)
    volunteers = models.PositiveIntegerField(_("Beteiligte Ehrenamtliche"), default=0)
    partners = models.PositiveIntegerField(_("Kooperationspartner"), default=0)

    FIELDS = ["participants", "new_participants", "sessions", "hours", "volunteers", "partners"]

    class Meta:
        abstract = True


class Quartalsbericht(Outputs):
    """What a running project achieved in one quarter, with what people wanted and which
    neighbourhood resources and cooperations were used."""

    antrag = models.ForeignKey(
        Foerderantrag,
        on_delete=models.PROTECT,
        related_name="berichte",
        verbose_name=_("Förderantrag"),
    )
    year = models.PositiveSmallIntegerField(_("Jahr"))
    quarter = models.PositiveSmallIntegerField(
        _("Quartal"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    wishes = models.TextField(_("Was die Menschen sich gewünscht haben"), blank=True)
    resources = models.TextField(_("Genutzte Ressourcen im Stadtteil"), blank=True)
    cooperations = models.TextField(_("Kooperationen"), blank=True)
    submitted_at = models.DateTimeField(_("Eingereicht am"), auto_now_add=True)
    # The quarterly steering talk (Steuerungsgespräch) about this report.
    talk_date = models.DateField(_("Steuerungsgespräch am"), null=True, blank=True)
    talk_participants = models.TextField(_("Teilnehmende am Gespräch"), blank=True)
    talk_notes = models.TextField(_("Notizen zum Gespräch"), blank=True)
    talk_agreements = models.TextField(_("Vereinbarungen"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Quartalsbericht")
        verbose_name_plural = _("Quartalsberichte")
        ordering = ["year", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["antrag", "year", "quarter"], name="bericht_one_per_quarter"
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="bericht_quarter_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.antrag}: Q{self.quarter}/{self.year}"


class Verwendungsnachweis(Outputs):
    """Proof of use at the end: actual cost per plan line, receipts, a factual report and the
    actual outputs; the Fachdienst sets the accepted amount."""

    antrag = models.OneToOneField(
        Foerderantrag,
        on_delete=models.PROTECT,
        related_name="nachweis",
        verbose_name=_("Förderantrag"),
    )
    report = models.TextField(_("Sachbericht"))
    submitted_at = models.DateTimeField(_("Eingereicht am"), auto_now_add=True)
    accepted_amount = models.DecimalField(
        _("Anerkannter Betrag in Euro"),
        **MONEY,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    review_notes = models.TextField(_("Prüfvermerk"), blank=True)
    reviewed_at = models.DateTimeField(_("Geprüft am"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Verwendungsnachweis")
        verbose_name_plural = _("Verwendungsnachweise")

    def __str__(self) -> str:
        return str(self.antrag)


class NachweisPosition(models.Model):
    """The actual cost of one line of the cost plan."""

    nachweis = models.ForeignKey(
        Verwendungsnachweis,
        on_delete=models.CASCADE,
        related_name="positionen",
        verbose_name=_("Verwendungsnachweis"),
    )
    kostenposition = models.ForeignKey(
        Kostenposition,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Kostenposition"),
    )
    actual_amount = models.DecimalField(
        _("Tatsächliche Kosten in Euro"), **MONEY, validators=[MinValueValidator(0)]
    )

    class Meta:
        verbose_name = _("Ist-Kosten")
        verbose_name_plural = _("Ist-Kosten")
        constraints = [
            models.UniqueConstraint(
                fields=["nachweis", "kostenposition"], name="nachweis_line_once"
            ),
            models.CheckConstraint(
                condition=Q(actual_amount__gte=0), name="nachweis_line_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kostenposition}: {self.actual_amount} €"


class Beleg(models.Model):
    """A receipt listed in a proof of use."""

    nachweis = models.ForeignKey(
        Verwendungsnachweis,
        on_delete=models.CASCADE,
        related_name="belege",
        verbose_name=_("Verwendungsnachweis"),
    )
    number = models.CharField(_("Belegnummer"), max_length=50)
    date = models.DateField(_("Datum"))
    amount = models.DecimalField(_("Betrag in Euro"), **MONEY, validators=[MinValueValidator(CENT)])
    purpose = models.CharField(_("Zweck"), max_length=300)

    class Meta:
        verbose_name = _("Beleg")
        verbose_name_plural = _("Belege")
        ordering = ["date", "number"]
        constraints = [
            models.UniqueConstraint(fields=["nachweis", "number"], name="beleg_number_once"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="beleg_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.amount} €)"


class Ziel(models.Model):
    """A goal of a social space's balanced scorecard, broken into actions."""

    class Perspective(models.TextChoices):
        PEOPLE = "menschen", _("Menschen")
        NEIGHBOURHOOD = "sozialraum", _("Sozialraum und Kooperation")
        PROCESSES = "prozesse", _("Prozesse")
        FINANCES = "finanzen", _("Finanzen")

    sozialraum = models.ForeignKey(
        Sozialraum, on_delete=models.PROTECT, related_name="ziele", verbose_name=_("Sozialraum")
    )
    year = models.PositiveSmallIntegerField(_("Jahr"))
    perspective = models.CharField(_("Perspektive"), max_length=20, choices=Perspective.choices)
    title = models.CharField(_("Ziel"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True)
    antraege = models.ManyToManyField(
        Foerderantrag, related_name="ziele", blank=True, verbose_name=_("Förderanträge")
    )
    history = HistoricalRecords(m2m_fields=[antraege])

    class Meta:
        verbose_name = _("Ziel")
        verbose_name_plural = _("Ziele")
        ordering = ["sozialraum", "year", "perspective", "title"]

    def __str__(self) -> str:
        return self.title


class Massnahme(models.Model):
    """An action towards a goal; the goal's progress is the share of its actions done."""

    class Status(models.TextChoices):
        PLANNED = "geplant", _("Geplant")
        IN_PROGRESS = "laufend", _("In Arbeit")
        DONE = "erledigt", _("Erledigt")

    ziel = models.ForeignKey(
        Ziel, on_delete=models.CASCADE, related_name="massnahmen", verbose_name=_("Ziel")
    )
    title = models.CharField(_("Maßnahme"), max_length=200)
    responsible = models.ForeignKey(
        Akteur,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="massnahmen",
        verbose_name=_("Verantwortlich"),
    )
    due_on = models.DateField(_("Fällig am"), null=True, blank=True)
    status = models.CharField(
        _("Stand"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Maßnahme")
        verbose_name_plural = _("Maßnahmen")
        ordering = ["due_on", "title"]

    def __str__(self) -> str:
        return self.title
