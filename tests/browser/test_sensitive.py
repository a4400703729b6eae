"""An offer without a public address in the browser: the mini map outlines its district and
draws no pin; axe finds nothing on the page."""

import pytest

from jena_sozialraum.a11y_testing import assert_accessible
from sozialraeume.models import Akteur
from tests.factories import AkteurFactory, AngebotFactory

pytestmark = pytest.mark.browser


def test_sensitive_offer_page_shows_the_district_without_a_pin_and_is_accessible(page, axe):
    gruppe = AkteurFactory(
        name="Selbsthilfegruppe Lichtblick", kind=Akteur.Kind.SELBSTHILFE, hide_address=True
    )
    angebot = AngebotFactory(
        title="Gesprächskreis für Angehörige",
        akteur=gruppe,
        street_address="Stille Straße 3",
        easy_summary="Hier reden Angehörige miteinander.",
        kategorien=["treffpunkt"],
        contact_name="Selbsthilfe-Kontaktstelle im Stadtteilbüro",
        contact_phone="03641 507070",
        contact_email="kontakt@selbsthilfe.example",
    )

    page.goto(page.base_url + angebot.get_absolute_url())

    page.locator("#karte path").first.wait_for()
    assert page.locator("#karte .leaflet-interactive").count() == 0
    assert page.locator("#karte path").count() == 1
    assert "Stille Straße" not in page.content()
    assert page.get_by_text("Bezirk Lobeda-Ost").is_visible()
    assert page.get_by_role("link", name="03641 507070").is_visible()
    assert_accessible(page, axe, "de")
