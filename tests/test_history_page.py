"""The Fachdienst sees each object's history in the portal: who changed which field when."""

from django.urls import reverse

from angebote import services
from angebote.models import Kategorie
from tests.factories import AngebotFactory


def test_fachdienst_sees_who_changed_which_field(client, fachdienst, member_a, akteur_a):
    angebot = AngebotFactory(akteur=akteur_a, title="Offener Treff", kategorien=["treffpunkt"])
    angebot.title = "Offener Treff am Abend"
    services.angebot_edit(
        angebot=angebot,
        user=fachdienst,
        kategorien=Kategorie.objects.filter(code__in=["treffpunkt", "beratung"]),
        zielgruppen=[],
        merkmale=[],
        zeiten=[],
    )
    client.force_login(fachdienst)

    response = client.get(reverse("verlauf", kwargs={"name": "angebot", "pk": angebot.pk}))

    page = response.content.decode()
    assert response.status_code == 200
    assert "fachdienst@jena.example" in page
    assert "Offener Treff am Abend" in page and "Offener Treff</td>" in page
    assert str(Kategorie.objects.get(code="beratung")) in page
    assert "no-cache" in response["Cache-Control"]


def test_history_is_not_found_for_others(client, member_a, akteur_a):
    angebot = AngebotFactory(akteur=akteur_a)
    client.force_login(member_a)
    url = reverse("verlauf", kwargs={"name": "angebot", "pk": angebot.pk})
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_unknown_model_or_object_is_not_found(client, fachdienst):
    client.force_login(fachdienst)
    assert client.get(reverse("verlauf", kwargs={"name": "user", "pk": 1})).status_code == 404
    assert client.get(reverse("verlauf", kwargs={"name": "angebot", "pk": 999})).status_code == 404


def test_object_without_recorded_history_says_so(client, fachdienst, akteur_a):
    angebot = AngebotFactory(akteur=akteur_a)
    angebot.history.all().delete()  # like bulk-loaded demo data
    client.force_login(fachdienst)

    response = client.get(reverse("verlauf", kwargs={"name": "angebot", "pk": angebot.pk}))

    assert response.status_code == 200
    assert "noch keine Änderung aufgezeichnet" in response.content.decode()
