"""Who may do what for which actor. Views, forms and services ask here, so each rule is
written once."""

from django.db.models import QuerySet

from sozialraeume.models import Akteur, Membership, Sozialraum


def is_fachdienst(user) -> bool:
    """Fachdienst Soziales staff (and site admins) may act for every actor."""
    return bool(
        user.is_authenticated and user.is_active and (user.is_fachdienst or user.is_superuser)
    )


def _is_member(user, akteur: Akteur, roles: list[str]) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    return Membership.objects.filter(user=user, akteur=akteur, role__in=roles).exists()


def can_manage_akteur(user, akteur: Akteur) -> bool:
    """May invite people into the actor and manage its members."""
    return is_fachdienst(user) or _is_member(user, akteur, [Membership.Role.ADMIN])


def can_edit_akteur_content(user, akteur: Akteur) -> bool:
    """May edit the actor's data and offers."""
    return is_fachdienst(user) or _is_member(user, akteur, Membership.Role.values)


def can_edit_konferenz(user, sozialraum: Sozialraum) -> bool:
    """May create and edit the conferences of a social space: the Fachdienst and members (any
    role) of an actor working in that space."""
    if is_fachdienst(user):
        return True
    if not (user.is_authenticated and user.is_active):
        return False
    return Membership.objects.filter(user=user, akteur__sozialraeume=sozialraum).exists()


def akteure_of(user) -> QuerySet[Akteur]:
    """The actors the user is a member of (in any role)."""
    if not (user.is_authenticated and user.is_active):
        return Akteur.objects.none()
    return Akteur.objects.filter(memberships__user=user).distinct()


def manageable_akteure(user) -> QuerySet[Akteur]:
    """The actors the user may invite people into: all for the Fachdienst, else own as admin."""
    if is_fachdienst(user):
        return Akteur.objects.all()
    if not (user.is_authenticated and user.is_active):
        return Akteur.objects.none()
    return Akteur.objects.filter(
        memberships__user=user, memberships__role=Membership.Role.ADMIN
    ).distinct()
