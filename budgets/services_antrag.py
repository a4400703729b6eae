"""Writing an application (Förderantrag) in the provider area: a draft with its partners,
offers and cost plan. Submitting and everything after it are in services.py and
services_berichte.py; this module only adds what a draft needs.

Only the lead actor's members write a draft. The Fachdienst decides on applications and so does
not write them (it has its own pages), even though it may edit the actors' offers.
"""

from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from angebote.models import Angebot
from budgets.models import CENT, Angebotsbudget, Foerderantrag, Kostenposition
from budgets.services import S, euros
from sozialraeume.models import Akteur, User
from sozialraeume.permissions import akteure_of

# What the applicant writes; status, amounts, dates and the Fachdienst's texts stay as stored.
EDITABLE_FIELDS = [
    "budget",
    "akteur",
    "title",
    "description",
    "new_offer",
    "goals",
    "period_start",
    "period_end",
    "planned_participants",
    "planned_new_participants",
    "planned_sessions",
    "planned_hours",
    "planned_volunteers",
    "planned_partners",
]


def budgets_open_for_applications(today: date | None = None) -> QuerySet[Angebotsbudget]:
    """Applications go to existing budgets of the current or the next year."""
    year = (today or timezone.localdate()).year
    return (
        Angebotsbudget.objects.filter(year__in=[year, year + 1])
        .select_related("sozialraum")
        .order_by("year", "sozialraum__name")
    )


def is_lead_member(user: User, antrag: Foerderantrag) -> bool:
    return akteure_of(user).filter(pk=antrag.akteur_id).exists()


def require_draft(antrag: Foerderantrag) -> None:
    if antrag.status != S.DRAFT:
        raise ValidationError(
            _(
                "Dieser Antrag ist im Stand „%(status)s“ und kann nicht mehr bearbeitet werden. "
                "Wenn etwas geändert werden muss, gibt der Fachdienst ihn zur Überarbeitung zurück."
            )
            % {"status": antrag.get_status_display()},
            code="not_a_draft",
        )


@transaction.atomic
def antrag_save(
    *,
    antrag: Foerderantrag,
    user: User,
    partners: Iterable[Akteur],
    angebote: Iterable[Angebot],
    kosten: Sequence[Mapping],
) -> Foerderantrag:
    """Create or update a draft with its partners, linked offers and cost plan.

    `kosten` are the lines in order: dicts with category, description, amount and optionally
    the id of the stored line they replace; stored lines not named are removed. The requested
    amount is their sum. Returns the saved application (for an update, the stored row with the
    editable fields of `antrag` copied onto it).
    """
    if antrag.pk is not None:
        stored = Foerderantrag.objects.select_for_update().get(pk=antrag.pk)
        if not is_lead_member(user, stored):
            raise PermissionDenied("Only the lead actor's members edit a draft.")
        require_draft(stored)
        for name in EDITABLE_FIELDS:
            setattr(stored, name, getattr(antrag, name))
        antrag = stored
    else:
        antrag.status = S.DRAFT
    if not is_lead_member(user, antrag):
        raise PermissionDenied("Only members of the lead actor apply in its name.")

    partners, angebote = set(partners), list(angebote)
    errors = _check_relations(antrag, partners, angebote)
    antrag._history_user = user
    try:
        antrag.full_clean()
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    antrag.save()
    antrag.partners.set(partners)
    antrag.angebote.set(angebote)
    _save_kosten(antrag, kosten, user)
    return antrag


def _check_relations(
    antrag: Foerderantrag, partners: set[Akteur], angebote: list[Angebot]
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    open_budgets = budgets_open_for_applications()
    if antrag.budget_id and not open_budgets.filter(pk=antrag.budget_id).exists():
        errors["budget"] = [
            _("Anträge gibt es nur für Budgets des laufenden und des nächsten Jahres.")
        ]
    if any(partner.pk == antrag.akteur_id for partner in partners):
        errors["partners"] = [_("Der federführende Akteur kann nicht zugleich Partner sein.")]
    foreign = [
        a
        for a in angebote
        if a.akteur_id != antrag.akteur_id
        or a.status != Angebot.Status.PUBLISHED
        or a.draft_of_id is not None
    ]
    if foreign:
        errors["angebote"] = [
            _("Bitte nur veröffentlichte Angebote des federführenden Akteurs wählen.")
        ]
    elif not angebote and not antrag.new_offer.strip():
        errors["angebote"] = [
            _("Bitte ein bestehendes Angebot wählen oder das neue Angebot beschreiben.")
        ]
    return errors


def _save_kosten(antrag: Foerderantrag, kosten: Sequence[Mapping], user: User) -> None:
    """Update lines in place (their history stays readable), add new ones, drop the rest."""
    stored = {line.pk: line for line in antrag.kosten.all()}
    for fields in kosten:
        line = stored.pop(fields.get("id"), None) or Kostenposition(antrag=antrag)
        amount = euros(fields["amount"], "kosten").quantize(CENT)  # "12.500" is 12.50
        if amount <= 0:
            raise ValidationError({"kosten": _("Bitte einen Betrag größer als 0 angeben.")})
        new = (fields["category"], fields["description"].strip(), amount)
        if line.pk is not None and (line.category, line.description, line.amount) == new:
            continue
        line.category, line.description, line.amount = new
        line._history_user = user
        line.full_clean()
        line.save()
    for line in stored.values():
        line._history_user = user
        line.delete()
