from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.gis.db.models import Union
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Func, OuterRef, Subquery
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jena_sozialraum.page_cache import clear_page_cache
from sozialraeume.bezirke_file import BezirkRecord
from sozialraeume.models import (
    AccessibilityFeedback,
    Akteur,
    Bezirk,
    Invitation,
    Membership,
    Population,
    Sozialraum,
    User,
)
from sozialraeume.permissions import can_manage_akteur, is_fachdienst


@dataclass(frozen=True)
class BezirkeImportResult:
    created: int
    updated: int
    population_rows: int


@transaction.atomic
def bezirke_import(*, records: Iterable[BezirkRecord]) -> BezirkeImportResult:
    """Create or update districts by official number, upsert their population, redraw spaces.

    Districts missing from the records are kept: offers and rooms may refer to them.
    """
    created = updated = rows = 0
    for record in records:
        bezirk = Bezirk.objects.filter(number=record.number).first() or Bezirk(number=record.number)
        is_new = bezirk.pk is None
        bezirk.name = record.name
        bezirk.slug = record.slug
        bezirk.sozialraum = record.sozialraum
        bezirk.ortsteil = record.ortsteil
        bezirk.geometry = record.geometry
        try:
            bezirk.full_clean()
        except ValidationError as error:
            where = f"features[{record.index}] (bezirk_nr {record.number})"
            raise ValidationError(f"{where}: {'; '.join(error.messages)}") from error
        bezirk.save()
        created += is_new
        updated += not is_new
        population = [
            Population(bezirk=bezirk, year=year, residents=residents)
            for year, residents in record.population.items()
        ]
        Population.objects.bulk_create(
            population,
            update_conflicts=True,
            unique_fields=["bezirk", "year"],
            update_fields=["residents"],
        )
        rows += len(population)
    sozialraum_boundaries_refresh()
    return BezirkeImportResult(created=created, updated=updated, population_rows=rows)


def sozialraum_boundaries_refresh() -> None:
    """Set every social space's boundary to the union of its districts (one UPDATE)."""
    union = (
        Bezirk.objects.filter(sozialraum=OuterRef("pk"))
        .values("sozialraum")
        .annotate(shape=Func(Union("geometry"), function="ST_Multi"))
        .values("shape")
    )
    Sozialraum.objects.update(boundary=Subquery(union[:1]))
    clear_page_cache()  # bulk updates send no signals


def accessibility_feedback_create(
    *, message: str, name: str = "", email: str = "", page_url: str = ""
) -> AccessibilityFeedback:
    feedback = AccessibilityFeedback(message=message, name=name, email=email, page_url=page_url)
    feedback.full_clean()
    feedback.save()
    return feedback


def invitation_create(
    *, akteur: Akteur, email: str, role: str, invited_by: User, base_url: str
) -> Invitation:
    """Invite `email` into `akteur` and send the link (valid INVITATION_DAYS days).

    Allowed for the Fachdienst (any actor) and for the actor's admins. `base_url` is the
    scheme and host the link starts with (request.build_absolute_uri("/") in views).
    """
    if not can_manage_akteur(invited_by, akteur):
        raise PermissionDenied("Only the Fachdienst and the actor's admins may invite.")
    token = Invitation.new_token()
    invitation = Invitation(
        email=User.objects.normalize_email(email.strip()),
        akteur=akteur,
        role=role,
        invited_by=invited_by,
        token_hash=Invitation.hash_token(token),
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_DAYS),
    )
    if Membership.objects.filter(user__email__iexact=invitation.email, akteur=akteur).exists():
        raise ValidationError(
            {"email": _("Diese Person gehört schon zu diesem Akteur.")}, code="member"
        )
    with transaction.atomic():
        invitation.full_clean()
        invitation.save()
        link = base_url.rstrip("/") + reverse("konto:einladung", kwargs={"token": token})
        context = {"invitation": invitation, "link": link}
        subject = _("Einladung in das Sozialraum-Portal Jena: %(akteur)s") % {"akteur": akteur.name}
        body = render_to_string("konto/mail/einladung.txt", context)
        transaction.on_commit(
            lambda: send_mail(str(subject), body, None, [invitation.email], fail_silently=False)
        )
    return invitation


def invitation_accept(
    *, invitation: Invitation, password: str | None = None, name: str = ""
) -> User:
    """Turn an invitation into a membership, creating the account if the address has none.

    An existing account keeps its password and name. Expired or used invitations are refused.
    """
    with transaction.atomic():
        # Locked, so two clicks on the same link cannot both succeed.
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.is_used:
            raise ValidationError(
                _("Diese Einladung wurde bereits angenommen. Bitte melden Sie sich an."),
                code="used",
            )
        if invitation.is_expired:
            raise ValidationError(
                _(
                    "Diese Einladung ist abgelaufen. Bitten Sie die Person, die Sie eingeladen "
                    "hat, um eine neue Einladung."
                ),
                code="expired",
            )
        user = User.objects.filter(email__iexact=invitation.email).first()
        if user is None:
            if not password:
                raise ValidationError(_("Bitte legen Sie ein Passwort fest."), code="password")
            user = User(email=invitation.email, name=name.strip())
            user.set_password(password)
            user.full_clean()
            user.save()
        membership = Membership.objects.filter(user=user, akteur=invitation.akteur).first()
        if membership is None:
            membership = Membership(user=user, akteur=invitation.akteur, role=invitation.role)
            membership.full_clean()
            membership.save()
        elif invitation.role == Membership.Role.ADMIN:
            # An invitation never lowers a role someone already has.
            membership.role = Membership.Role.ADMIN
            membership.save(update_fields=["role"])
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
    return user


@transaction.atomic
def akteur_set_trusted(*, akteur: Akteur, user: User, trusted: bool) -> Akteur:
    """The Fachdienst lets an actor publish without review (or takes that back); recorded."""
    if not is_fachdienst(user):
        raise PermissionDenied("Only the Fachdienst decides whom to trust.")
    akteur.is_trusted = trusted
    akteur._history_user = user
    akteur.save(update_fields=["is_trusted", "updated_at"])
    return akteur
