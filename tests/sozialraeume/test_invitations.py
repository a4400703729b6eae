"""Invitations into an actor: who may invite, the mail and its link, accepting, refusals."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from sozialraeume.models import Invitation, Membership
from sozialraeume.permissions import (
    akteure_of,
    can_edit_akteur_content,
    can_manage_akteur,
    manageable_akteure,
)
from sozialraeume.services import invitation_accept, invitation_create
from tests.factories import AkteurFactory

User = get_user_model()
NEW_PASSWORD = "Saale-Ufer-Abend-42"


@pytest.fixture
def akteur_a(db):
    return AkteurFactory(name="Verein A")


@pytest.fixture
def akteur_b(db):
    return AkteurFactory(name="Verein B")


@pytest.fixture
def fachdienst(db):
    return User.objects.create_user(email="fd@jena.example", password="x", is_fachdienst=True)


def member(akteur, role, email):
    user = User.objects.create_user(email=email, password="x")
    Membership.objects.create(user=user, akteur=akteur, role=role)
    return user


@pytest.fixture
def admin_a(akteur_a):
    return member(akteur_a, Membership.Role.ADMIN, "admin-a@example.org")


@pytest.fixture
def editor_a(akteur_a):
    return member(akteur_a, Membership.Role.EDITOR, "editor-a@example.org")


@pytest.fixture
def invite(client, django_capture_on_commit_callbacks):
    """Post the invitation form as `user`; the mail is sent after the commit, as in real use."""

    def post(user, akteur, email="neu@example.org", role="editor"):
        client.force_login(user)
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                "/konto/einladen/", {"email": email, "akteur": akteur.pk, "role": role}
            )

    return post


def invitation_link(message) -> str:
    return re.search(r"http://testserver(/\S*konto/einladung/[\w-]+/)", message.body)[1]


def test_permissions_follow_roles_and_the_fachdienst_may_act_for_every_actor(
    akteur_a, akteur_b, admin_a, editor_a, fachdienst
):
    assert can_manage_akteur(admin_a, akteur_a)
    assert not can_manage_akteur(admin_a, akteur_b)
    assert not can_manage_akteur(editor_a, akteur_a)
    assert can_edit_akteur_content(editor_a, akteur_a)
    assert not can_edit_akteur_content(editor_a, akteur_b)
    assert can_manage_akteur(fachdienst, akteur_b)
    assert can_edit_akteur_content(fachdienst, akteur_b)
    assert list(akteure_of(editor_a)) == [akteur_a]
    assert list(manageable_akteure(editor_a)) == []
    assert set(manageable_akteure(fachdienst)) >= {akteur_a, akteur_b}


def test_fachdienst_invitation_mails_a_link_that_creates_account_and_membership(
    client, invite, akteur_a, fachdienst
):
    response = invite(fachdienst, akteur_a, email="Neu@Example.org", role="admin")

    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.akteur, invitation.role) == (
        "Neu@example.org",
        akteur_a,
        "admin",
    )
    assert invitation.invited_by == fachdienst
    assert invitation.expires_at - invitation.created_at == pytest.approx(
        timedelta(days=14), abs=timedelta(seconds=5)
    )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["Neu@example.org"]
    assert "Verein A" in mail.outbox[0].subject
    link = invitation_link(mail.outbox[0])
    # Only a hash of the token is stored.
    assert link.rstrip("/").rsplit("/", 1)[1] not in invitation.token_hash

    client.logout()
    assert client.get(link).status_code == 200
    accepted = client.post(
        link, {"name": "Neue Person", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )

    assert accepted.status_code == 302
    assert accepted["Location"] == "/konto/"
    user = User.objects.get(email__iexact="neu@example.org")
    assert user.name == "Neue Person"
    assert user.check_password(NEW_PASSWORD)
    assert Membership.objects.get(user=user).akteur == akteur_a
    assert Membership.objects.get(user=user).role == "admin"
    assert client.session["_auth_user_id"] == str(user.pk)
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None


def test_accepting_checks_password_rules_and_keeps_the_invitation_open(
    client, invite, akteur_a, fachdienst
):
    invite(fachdienst, akteur_a)
    link = invitation_link(mail.outbox[0])
    client.logout()

    response = client.post(link, {"name": "Neu", "password1": "12345678", "password2": "12345678"})

    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    assert not User.objects.filter(email="neu@example.org").exists()
    assert Invitation.objects.get().accepted_at is None


def test_a_used_invitation_link_is_refused(client, invite, akteur_a, fachdienst):
    invite(fachdienst, akteur_a)
    link = invitation_link(mail.outbox[0])
    client.logout()
    data = {"name": "Neu", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    client.post(link, data)
    client.logout()

    response = client.post(link, {**data, "password1": "Anderes-Passwort-9"})

    assert response.status_code == 410
    assert "bereits angenommen" in response.content.decode()
    assert User.objects.get(email="neu@example.org").check_password(NEW_PASSWORD)


def test_an_expired_invitation_link_is_refused(client, invite, akteur_a, fachdienst):
    invite(fachdienst, akteur_a)
    link = invitation_link(mail.outbox[0])
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    client.logout()

    response = client.post(
        link, {"name": "Neu", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )

    assert response.status_code == 410
    assert "abgelaufen" in response.content.decode()
    assert not User.objects.filter(email="neu@example.org").exists()


def test_an_unknown_invitation_token_shows_a_friendly_page(client, db):
    response = client.get("/konto/einladung/ausgedacht/")

    assert response.status_code == 404
    assert "ungültig" in response.content.decode()


def test_an_existing_account_is_added_to_the_actor_without_changing_its_password(
    client, invite, akteur_a, akteur_b, fachdienst
):
    existing = member(akteur_b, Membership.Role.EDITOR, "bekannt@example.org")
    invite(fachdienst, akteur_a, email="BEKANNT@example.org")
    link = invitation_link(mail.outbox[0])
    client.logout()

    response = client.post(link)

    assert response.status_code == 302
    assert response["Location"] == "/konto/anmelden/"
    assert set(akteure_of(existing)) == {akteur_a, akteur_b}
    existing.refresh_from_db()
    assert existing.check_password("x")
    assert User.objects.filter(email__iexact="bekannt@example.org").count() == 1


def test_actor_admin_invites_into_own_actor(client, invite, akteur_a, admin_a):
    response = invite(admin_a, akteur_a)

    assert response.status_code == 302
    assert Invitation.objects.get().akteur == akteur_a
    assert len(mail.outbox) == 1


def test_actor_admin_cannot_invite_into_another_actor(client, invite, akteur_a, akteur_b, admin_a):
    response = invite(admin_a, akteur_b)

    assert response.status_code == 200
    assert response.context["form"].errors["akteur"]
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_actor_admin_cannot_invite_into_another_actor_through_the_service(akteur_b, admin_a):
    with pytest.raises(PermissionDenied):
        invitation_create(
            akteur=akteur_b,
            email="x@example.org",
            role="editor",
            invited_by=admin_a,
            base_url="http://testserver",
        )
    assert not Invitation.objects.exists()


def test_an_editor_cannot_invite_at_all(client, invite, akteur_a, editor_a):
    client.force_login(editor_a)

    assert client.get("/konto/einladen/").status_code == 403
    assert invite(editor_a, akteur_a).status_code == 403
    assert not Invitation.objects.exists()


def test_inviting_requires_login(client, akteur_a):
    response = client.get("/konto/einladen/")

    assert response.status_code == 302
    assert response["Location"].startswith("/konto/anmelden/")


def test_inviting_a_current_member_is_refused_with_a_form_error(
    client, invite, akteur_a, admin_a, editor_a
):
    response = invite(admin_a, akteur_a, email="EDITOR-A@example.org")

    assert response.status_code == 200
    assert "gehört schon zu diesem Akteur" in response.content.decode()
    assert not Invitation.objects.exists()


def test_invitation_page_answers_in_english(client, akteur_a, fachdienst):
    client.force_login(fachdienst)

    response = client.get("/en/konto/einladen/")

    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]


def test_accepting_twice_through_the_service_is_refused(akteur_a, fachdienst):
    invitation = invitation_create(
        akteur=akteur_a,
        email="zwei@example.org",
        role="editor",
        invited_by=fachdienst,
        base_url="http://testserver",
    )
    invitation_accept(invitation=invitation, password=NEW_PASSWORD, name="Zwei")

    with pytest.raises(ValidationError, match="bereits angenommen"):
        invitation_accept(invitation=invitation, password=NEW_PASSWORD, name="Zwei")
    assert Membership.objects.filter(user__email="zwei@example.org").count() == 1
