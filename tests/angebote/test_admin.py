from angebote.models import Angebot, Kategorie
from sozialraeume.models import Sozialraum
from tests.factories import AkteurFactory, AngebotFactory, point_in


def _form(akteur, point_geojson: str, **extra) -> dict:
    data = {
        "title": "Neues Erzählcafé",
        "slug": "neues-erzaehlcafe",
        "summary": "Geschichten aus dem Viertel.",
        "akteur": akteur.pk,
        "kategorien": [Kategorie.objects.get(code="treffpunkt").pk],
        "place_kind": "vor-ort",
        "point": point_geojson,
        "sozialraum": Sozialraum.objects.get(slug="ost").pk,
        "cost": "kostenlos",
        "languages": "de",
        "status": "veroeffentlicht",
        "locality": "Jena",
        "zeiten-TOTAL_FORMS": "0",
        "zeiten-INITIAL_FORMS": "0",
    }
    data.update(extra)
    return data


def test_admin_offer_pages_render_with_a_map_widget(admin_client):
    angebot = AngebotFactory()

    for url in ["/admin/angebote/angebot/", f"/admin/angebote/angebot/{angebot.pk}/change/"]:
        response = admin_client.get(url)
        assert response.status_code == 200, url
    assert "leaflet" in response.content.decode().lower()


def test_saving_an_offer_in_admin_sets_district_and_space_from_the_point(admin_client):
    AngebotFactory()  # loads the vocabulary
    akteur = AkteurFactory()

    response = admin_client.post(
        "/admin/angebote/angebot/add/", _form(akteur, point_in(43).geojson)
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    angebot = Angebot.objects.get(slug="neues-erzaehlcafe")
    assert angebot.bezirk.number == 43
    assert angebot.sozialraum.slug == "nord"  # not the "ost" chosen in the form


def test_admin_refuses_a_point_outside_jena_with_a_message(admin_client):
    AngebotFactory()
    akteur = AkteurFactory()
    leipzig = '{"type": "Point", "coordinates": [12.3731, 51.3397]}'

    response = admin_client.post("/admin/angebote/angebot/add/", _form(akteur, leipzig))

    assert response.status_code == 200
    assert "Dieser Ort liegt nicht in Jena." in response.content.decode()
    assert not Angebot.objects.filter(slug="neues-erzaehlcafe").exists()
