"""Writes about running projects: quarterly reports and steering talks, the proof of use at
the end, its review and the refund that follows."""

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from budgets.models import (
    Beleg,
    Foerderantrag,
    NachweisPosition,
    Quartalsbericht,
    Verwendungsnachweis,
)
from budgets.services import (
    S,
    antrag_close,
    antrag_paid,
    euro_text,
    euros,
    require_fachdienst,
)
from sozialraeume.models import User
from sozialraeume.permissions import can_edit_akteur_content


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    first = date(year, 3 * quarter - 2, 1)
    last = date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1) - timedelta(
        days=1
    )
    return first, last


def quarters_of(antrag: Foerderantrag) -> list[tuple[int, int]]:
    """(year, quarter) pairs the application's period touches."""
    quarters, year, quarter = [], antrag.period_start.year, (antrag.period_start.month - 1) // 3 + 1
    while quarter_bounds(year, quarter)[0] <= antrag.period_end:
        quarters.append((year, quarter))
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return quarters


@transaction.atomic
def bericht_submit(
    *, antrag: Foerderantrag, user: User, year: int, quarter: int, **fields
) -> Quartalsbericht:
    """A running project reports a quarter of its period (once per quarter)."""
    antrag = Foerderantrag.objects.select_for_update().get(pk=antrag.pk)
    if not can_edit_akteur_content(user, antrag.akteur):
        raise PermissionDenied("Only the lead actor's members report.")
    if antrag.status not in (S.APPROVED, S.RUNNING):
        raise ValidationError(_("Berichte gibt es für bewilligte und laufende Projekte."))
    if (year, quarter) not in quarters_of(antrag):
        raise ValidationError(
            {"quarter": _("Dieses Quartal liegt nicht im Förderzeitraum des Projekts.")}
        )
    if antrag.berichte.filter(year=year, quarter=quarter).exists():
        raise ValidationError({"quarter": _("Für dieses Quartal gibt es schon einen Bericht.")})
    bericht = Quartalsbericht(antrag=antrag, year=year, quarter=quarter, **fields)
    bericht._history_user = user
    bericht.full_clean()
    bericht.save()
    return bericht


@transaction.atomic
def gespraech_record(
    *,
    bericht: Quartalsbericht,
    user: User,
    talk_date: date,
    participants: str,
    notes: str,
    agreements: str,
) -> Quartalsbericht:
    """The Fachdienst records the steering talk about a quarterly report."""
    require_fachdienst(user)
    bericht = Quartalsbericht.objects.select_for_update().get(pk=bericht.pk)
    bericht.talk_date = talk_date
    bericht.talk_participants = participants.strip()
    bericht.talk_notes = notes.strip()
    bericht.talk_agreements = agreements.strip()
    bericht._history_user = user
    bericht.full_clean()
    bericht.save()
    return bericht


def reports_overdue(today: date | None = None) -> list[tuple[Foerderantrag, int, int]]:
    """(application, year, quarter) for every ended quarter of an approved or running project
    without a report — shown to the Fachdienst once the quarter is over."""
    today = today or timezone.localdate()
    overdue = []
    running = Foerderantrag.objects.filter(status__in=[S.APPROVED, S.RUNNING]).prefetch_related(
        "berichte"
    )
    for antrag in running.select_related("akteur", "budget__sozialraum"):
        done = {(b.year, b.quarter) for b in antrag.berichte.all()}
        for year, quarter in quarters_of(antrag):
            if quarter_bounds(year, quarter)[1] < today and (year, quarter) not in done:
                overdue.append((antrag, year, quarter))
    return overdue


@transaction.atomic
def nachweis_submit(
    *,
    antrag: Foerderantrag,
    user: User,
    report: str,
    actual_costs: dict[int, Decimal],
    belege: list[dict],
    outputs: dict[str, int],
) -> Verwendungsnachweis:
    """The proof of use at the end: actual cost per plan line (by Kostenposition id), the
    receipts (number, date, amount, purpose) and the actual outputs."""
    antrag = Foerderantrag.objects.select_for_update().get(pk=antrag.pk)
    if not can_edit_akteur_content(user, antrag.akteur):
        raise PermissionDenied("Only the lead actor's members submit the proof of use.")
    if antrag.status != S.RUNNING:
        raise ValidationError(_("Einen Verwendungsnachweis gibt es für laufende Projekte."))
    if Verwendungsnachweis.objects.filter(antrag=antrag).exists():
        raise ValidationError(_("Für dieses Projekt gibt es schon einen Verwendungsnachweis."))
    lines = {line.pk: line for line in antrag.kosten.all()}
    if set(actual_costs) != set(lines):
        raise ValidationError(
            {"actual_costs": _("Bitte für jede Zeile des Kostenplans die Ist-Kosten angeben.")}
        )
    nachweis = Verwendungsnachweis(antrag=antrag, report=report.strip(), **outputs)
    nachweis._history_user = user
    nachweis.full_clean()
    nachweis.save()
    for line_id, amount in actual_costs.items():
        position = NachweisPosition(
            nachweis=nachweis,
            kostenposition=lines[line_id],
            actual_amount=euros(amount, "actual_costs"),
        )
        position.full_clean()
        position.save()
    for fields in belege:
        beleg = Beleg(nachweis=nachweis, **fields)
        beleg.amount = euros(beleg.amount, "belege")
        beleg.full_clean()
        beleg.save()
    return nachweis


def nachweis_arithmetic(nachweis: Verwendungsnachweis) -> dict[str, Decimal]:
    """The sums the Fachdienst checks: planned, actual, receipts, paid, and their gaps."""
    planned = nachweis.antrag.kosten.aggregate(total=Sum("amount"))["total"] or Decimal("0")
    actual = nachweis.positionen.aggregate(total=Sum("actual_amount"))["total"] or Decimal("0")
    receipts = nachweis.belege.aggregate(total=Sum("amount"))["total"] or Decimal("0")
    return {
        "planned": planned,
        "actual": actual,
        "receipts": receipts,
        "receipts_gap": actual - receipts,
        "paid": antrag_paid(nachweis.antrag),
    }


def refund_due(nachweis: Verwendungsnachweis) -> Decimal:
    """Paid minus accepted, if positive; 0 before the review or when nothing is owed."""
    if nachweis.accepted_amount is None:
        return Decimal("0")
    return max(antrag_paid(nachweis.antrag) - nachweis.accepted_amount, Decimal("0"))


@transaction.atomic
def nachweis_review(
    *, nachweis: Verwendungsnachweis, user: User, accepted_amount: Decimal, notes: str = ""
) -> Verwendungsnachweis:
    """The Fachdienst accepts an amount (at most the approved amount and at most the actual
    costs) and closes the application; a refund due follows from paid minus accepted."""
    require_fachdienst(user)
    nachweis = Verwendungsnachweis.objects.select_for_update().get(pk=nachweis.pk)
    if nachweis.reviewed_at is not None:
        raise ValidationError(_("Dieser Verwendungsnachweis ist schon geprüft."))
    accepted_amount = euros(accepted_amount, "accepted_amount")
    sums = nachweis_arithmetic(nachweis)
    limit = min(nachweis.antrag.approved_amount, sums["actual"])
    if accepted_amount < 0 or accepted_amount > limit:
        raise ValidationError(
            {
                "accepted_amount": _(
                    "Anerkannt werden können 0 bis %(n)s € (bewilligt und tatsächlich ausgegeben)."
                )
                % {"n": euro_text(limit)}
            }
        )
    nachweis.accepted_amount = accepted_amount
    nachweis.review_notes = notes.strip()
    nachweis.reviewed_at = timezone.now()
    nachweis._history_user = user
    nachweis.save()
    antrag_close(antrag=nachweis.antrag, user=user)
    return nachweis
