import pytest
from django.core.management import CommandError, call_command

from sozialraeume.models import Membership, User
from tests.factories import AkteurFactory


def test_demo_users_are_created_once_and_their_credentials_printed(db, settings, capsys):
    settings.DEBUG = True
    akteur = AkteurFactory(name="AAA Beispielverein", is_sample=True)

    call_command("create_demo_users")
    call_command("create_demo_users")

    out = capsys.readouterr().out
    assert "traeger@demo.jena.example / Demo-Traeger-2026" in out
    assert "fachdienst@demo.jena.example / Demo-Fachdienst-2026" in out
    provider = User.objects.get(email="traeger@demo.jena.example")
    assert provider.check_password("Demo-Traeger-2026")
    assert Membership.objects.get(user=provider).akteur == akteur
    assert Membership.objects.get(user=provider).role == Membership.Role.ADMIN
    assert User.objects.get(email="fachdienst@demo.jena.example").is_fachdienst
    assert User.objects.filter(email__endswith="@demo.jena.example").count() == 2


def test_demo_provider_has_a_change_waiting_in_the_moderation_queue(db, settings):
    from angebote.models import Angebot
    from tests.factories import AngebotFactory

    settings.DEBUG = True
    akteur = AkteurFactory(name="AAA Beispielverein", is_sample=True)
    published = AngebotFactory(akteur=akteur, summary="Offener Treff.")

    call_command("create_demo_users")
    call_command("create_demo_users")

    change = Angebot.objects.get(draft_of=published)
    assert change.status == Angebot.Status.REVIEW
    assert change.summary.startswith("Offener Treff. Neu:")
    published.refresh_from_db()
    assert published.summary == "Offener Treff."


def test_demo_users_are_never_created_in_production(db, settings):
    settings.DEBUG = False
    AkteurFactory(is_sample=True)

    with pytest.raises(CommandError, match="only in development"):
        call_command("create_demo_users")

    assert not User.objects.filter(email__endswith="@demo.jena.example").exists()


def test_demo_fachdienst_maintains_goals_in_the_admin(db, settings, client):
    settings.DEBUG = True
    AkteurFactory(name="AAA Beispielverein", is_sample=True)
    call_command("create_demo_users")
    fachdienst = User.objects.get(email="fachdienst@demo.jena.example")

    client.force_login(fachdienst)

    assert client.get("/admin/budgets/ziel/add/").status_code == 200
    assert client.get("/admin/sozialraeume/akteur/").status_code == 200
    # Account permissions stay with the site admins.
    assert client.get("/admin/sozialraeume/user/add/").status_code == 403
