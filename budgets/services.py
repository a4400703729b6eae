"""Writes to budgets: ledger bookings, reallocations, the application state machine and
drawdowns. Every function checks who may do it and runs in one transaction; the ones that
touch the "approved ≤ budget" invariant lock the budget row first."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from budgets import notifications
from budgets.models import CENT, Angebotsbudget, Budgetbuchung, Foerderantrag, Mittelabruf
from sozialraeume.models import User
from sozialraeume.permissions import can_edit_akteur_content, is_fachdienst

S = Foerderantrag.Status

# Which status may follow which, and who moves it: "provider" (the lead actor's members) or
# "fachdienst". Everything not listed is refused.
TRANSITIONS: dict[tuple[str, str], str] = {
    (S.DRAFT, S.SUBMITTED): "provider",
    (S.SUBMITTED, S.IN_REVIEW): "fachdienst",
    (S.SUBMITTED, S.DRAFT): "fachdienst",  # send back for changes
    (S.IN_REVIEW, S.DRAFT): "fachdienst",
    (S.IN_REVIEW, S.APPROVED): "fachdienst",
    (S.IN_REVIEW, S.REJECTED): "fachdienst",
    (S.APPROVED, S.RUNNING): "fachdienst",
    (S.RUNNING, S.CLOSED): "fachdienst",
}


def euros(value: Decimal, field: str) -> Decimal:
    """Euros with at most two decimals; anything finer is refused, not rounded."""
    value = Decimal(value)
    if value != value.quantize(CENT):
        raise ValidationError({field: _("Bitte höchstens zwei Nachkommastellen angeben.")})
    return value


def euro_text(amount: Decimal) -> str:
    """An amount for messages, written the reader's way ("7.100,00" on German pages)."""
    return number_format(amount, decimal_pos=2, use_l10n=True, force_grouping=True)


def require_fachdienst(user: User) -> None:
    if not is_fachdienst(user):
        raise PermissionDenied("Only the Fachdienst manages budgets.")


def _locked_budget(budget_id: int) -> Angebotsbudget:
    return Angebotsbudget.objects.select_for_update().get(pk=budget_id)


# --- Ledger ---------------------------------------------------------------------------------


def budget_amount(budget: Angebotsbudget) -> Decimal:
    return budget.buchungen.aggregate(total=Sum("amount"))["total"] or Decimal("0")


def budget_approved(budget: Angebotsbudget) -> Decimal:
    """The sum the budget is committed to: approved, running and closed applications."""
    committed = budget.antraege.filter(status__in=[S.APPROVED, S.RUNNING, S.CLOSED])
    return committed.aggregate(total=Sum("approved_amount"))["total"] or Decimal("0")


@transaction.atomic
def budget_book(
    *, budget: Angebotsbudget, kind: str, amount: Decimal, reason: str, user: User
) -> Budgetbuchung:
    """Add an initial amount, an increase (positive `amount`) or a decrease (positive `amount`,
    booked negative). A decrease cannot push the budget below what is already approved."""
    require_fachdienst(user)
    amount = euros(amount, "amount")
    if amount <= 0:
        raise ValidationError({"amount": _("Bitte einen Betrag größer als 0 angeben.")})
    kinds = Budgetbuchung.Kind
    if kind not in (kinds.INITIAL, kinds.INCREASE, kinds.DECREASE):
        raise ValidationError({"kind": _("Umschichtungen bitte über die Umschichtung buchen.")})
    budget = _locked_budget(budget.pk)
    if kind == kinds.INITIAL and budget.buchungen.exists():
        raise ValidationError(
            {"kind": _("Dieses Budget hat schon einen Ansatz. Bitte als Erhöhung buchen.")}
        )
    signed = -amount if kind == kinds.DECREASE else amount
    _check_not_below_approved(budget, signed)
    booking = Budgetbuchung(
        budget=budget, kind=kind, amount=signed, reason=reason.strip(), author=user
    )
    booking.full_clean()
    booking.save()
    return booking


@transaction.atomic
def budget_reallocate(
    *,
    source: Angebotsbudget,
    target: Angebotsbudget,
    amount: Decimal,
    reason: str,
    user: User,
) -> tuple[Budgetbuchung, Budgetbuchung]:
    """Move money between two spaces' budgets: two bookings pointing at each other."""
    require_fachdienst(user)
    amount = euros(amount, "amount")
    if amount <= 0:
        raise ValidationError({"amount": _("Bitte einen Betrag größer als 0 angeben.")})
    if source.pk == target.pk:
        raise ValidationError({"target": _("Bitte ein anderes Budget als Ziel wählen.")})
    # Both rows locked, always in the same order, so two opposite reallocations cannot deadlock.
    locked = {
        b.pk: b
        for b in Angebotsbudget.objects.select_for_update()
        .filter(pk__in=[source.pk, target.pk])
        .order_by("pk")
    }
    source, target = locked[source.pk], locked[target.pk]
    _check_not_below_approved(source, -amount)
    out = Budgetbuchung(
        budget=source,
        kind=Budgetbuchung.Kind.TRANSFER_OUT,
        amount=-amount,
        reason=reason.strip(),
        author=user,
    )
    out.full_clean()
    out.save()
    into = Budgetbuchung(
        budget=target,
        kind=Budgetbuchung.Kind.TRANSFER_IN,
        amount=amount,
        reason=reason.strip(),
        author=user,
        counterpart=out,
    )
    into.full_clean()
    into.save()
    return out, into


def _check_not_below_approved(budget: Angebotsbudget, change: Decimal) -> None:
    if change >= 0:
        return
    remaining = budget_amount(budget) + change
    approved = budget_approved(budget)
    if remaining < approved:
        raise ValidationError(
            {
                "amount": _(
                    "Das Budget würde unter die bewilligte Summe von %(approved)s € fallen."
                )
                % {"approved": euro_text(approved)}
            }
        )


# --- Applications ---------------------------------------------------------------------------


def _transition(antrag: Foerderantrag, target: str, user: User) -> Foerderantrag:
    """Lock the application, check the move and who makes it; the caller sets the rest."""
    antrag = Foerderantrag.objects.select_for_update().get(pk=antrag.pk)
    who = TRANSITIONS.get((antrag.status, target))
    if who is None:
        raise ValidationError(
            _("Ein Antrag im Stand „%(current)s“ kann nicht „%(target)s“ werden.")
            % {"current": antrag.get_status_display(), "target": S(target).label},
            code="transition",
        )
    if who == "fachdienst" and not is_fachdienst(user):
        raise PermissionDenied("Only the Fachdienst decides this.")
    if who == "provider" and not can_edit_akteur_content(user, antrag.akteur):
        raise PermissionDenied("Only the lead actor's members submit.")
    antrag.status = target
    antrag._history_user = user
    return antrag


@transaction.atomic
def antrag_submit(*, antrag: Foerderantrag, user: User) -> Foerderantrag:
    antrag = _transition(antrag, S.SUBMITTED, user)
    if not antrag.kosten.exists():
        raise ValidationError(_("Bitte mindestens eine Kostenposition angeben."), code="costs")
    antrag.submitted_at = timezone.now()
    antrag.review_comment = ""
    antrag.save()
    notifications.antrag_status_changed(antrag)
    return antrag


@transaction.atomic
def antrag_start_review(*, antrag: Foerderantrag, user: User) -> Foerderantrag:
    antrag = _transition(antrag, S.IN_REVIEW, user)
    antrag.save()
    notifications.antrag_status_changed(antrag)
    return antrag


@transaction.atomic
def antrag_send_back(*, antrag: Foerderantrag, user: User, comment: str) -> Foerderantrag:
    if not comment.strip():
        raise ValidationError({"comment": _("Bitte schreiben Sie, was geändert werden soll.")})
    antrag = _transition(antrag, S.DRAFT, user)
    antrag.review_comment = comment.strip()
    antrag.save()
    notifications.antrag_status_changed(antrag)
    return antrag


@transaction.atomic
def antrag_approve(
    *, antrag: Foerderantrag, user: User, amount: Decimal, conditions: str = ""
) -> Foerderantrag:
    """Approve up to the requested amount and at most what remains in the budget.

    The budget row is locked before the sum is read, so parallel approvals take turns and
    their total can never exceed the budget.
    """
    require_fachdienst(user)
    amount = euros(amount, "amount")
    budget = _locked_budget(antrag.budget_id)
    antrag = _transition(antrag, S.APPROVED, user)
    requested = antrag.requested_amount
    if amount <= 0:
        raise ValidationError({"amount": _("Bitte einen Betrag größer als 0 angeben.")})
    if amount > requested:
        raise ValidationError(
            {
                "amount": _("Bewilligt werden kann höchstens der beantragte Betrag (%(n)s €).")
                % {"n": euro_text(requested)}
            }
        )
    remaining = budget_amount(budget) - budget_approved(budget)
    if amount > remaining:
        raise ValidationError(
            {
                "amount": _("Im Budget %(budget)s sind nur noch %(n)s € frei.")
                % {"budget": budget, "n": euro_text(remaining)}
            }
        )
    antrag.approved_amount = amount
    antrag.conditions = conditions.strip()
    antrag.decided_at = timezone.now()
    antrag.save()
    notifications.antrag_status_changed(antrag)
    return antrag


@transaction.atomic
def antrag_reject(*, antrag: Foerderantrag, user: User, reason: str) -> Foerderantrag:
    if not reason.strip():
        raise ValidationError({"reason": _("Bitte einen Grund angeben.")})
    antrag = _transition(antrag, S.REJECTED, user)
    antrag.rejection_reason = reason.strip()
    antrag.decided_at = timezone.now()
    antrag.save()
    notifications.antrag_status_changed(antrag)
    return antrag


@transaction.atomic
def antrag_start(*, antrag: Foerderantrag, user: User) -> Foerderantrag:
    antrag = _transition(antrag, S.RUNNING, user)
    antrag.save()
    notifications.antrag_status_changed(antrag)
    return antrag


@transaction.atomic
def antrag_close(*, antrag: Foerderantrag, user: User) -> Foerderantrag:
    antrag = _transition(antrag, S.CLOSED, user)
    antrag.save()
    notifications.antrag_status_changed(antrag)
    return antrag


# --- Drawdowns ------------------------------------------------------------------------------


def _paid_or_pending(antrag: Foerderantrag) -> Decimal:
    active = antrag.mittelabrufe.exclude(status=Mittelabruf.Status.REJECTED)
    return active.aggregate(total=Sum("amount"))["total"] or Decimal("0")


@transaction.atomic
def mittelabruf_request(
    *, antrag: Foerderantrag, user: User, amount: Decimal, note: str = ""
) -> Mittelabruf:
    """The actor asks for part of the approved amount; open and paid drawdowns together never
    exceed it."""
    antrag = Foerderantrag.objects.select_for_update().get(pk=antrag.pk)
    if not can_edit_akteur_content(user, antrag.akteur):
        raise PermissionDenied("Only the lead actor's members request money.")
    if antrag.status not in (S.APPROVED, S.RUNNING):
        raise ValidationError(_("Mittel können erst nach der Bewilligung abgerufen werden."))
    amount = euros(amount, "amount")
    if amount <= 0:
        raise ValidationError({"amount": _("Bitte einen Betrag größer als 0 angeben.")})
    available = antrag.approved_amount - _paid_or_pending(antrag)
    if amount > available:
        raise ValidationError(
            {"amount": _("Abrufbar sind noch %(n)s €.") % {"n": euro_text(available)}}
        )
    abruf = Mittelabruf(antrag=antrag, amount=amount, note=note.strip(), requested_by=user)
    abruf._history_user = user
    abruf.full_clean()
    abruf.save()
    return abruf


@transaction.atomic
def mittelabruf_decide(*, abruf: Mittelabruf, user: User, status: str) -> Mittelabruf:
    """The Fachdienst releases, pays or rejects a drawdown (requested → released → paid)."""
    require_fachdienst(user)
    abruf = Mittelabruf.objects.select_for_update().get(pk=abruf.pk)
    allowed = {
        Mittelabruf.Status.REQUESTED: {Mittelabruf.Status.RELEASED, Mittelabruf.Status.REJECTED},
        Mittelabruf.Status.RELEASED: {Mittelabruf.Status.PAID},
    }
    if status not in allowed.get(abruf.status, set()):
        raise ValidationError(
            _("Ein Abruf im Stand „%(current)s“ kann nicht so geändert werden.")
            % {"current": abruf.get_status_display()}
        )
    abruf.status = status
    abruf.decided_at = timezone.now()
    abruf._history_user = user
    abruf.save(update_fields=["status", "decided_at"])
    notifications.mittelabruf_decided(abruf)
    return abruf


def antrag_paid(antrag: Foerderantrag) -> Decimal:
    paid = antrag.mittelabrufe.filter(status=Mittelabruf.Status.PAID)
    return paid.aggregate(total=Sum("amount"))["total"] or Decimal("0")
