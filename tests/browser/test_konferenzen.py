"""axe-core on the conference pages of a social space, in German and English: the list with
upcoming and past conferences, a past conference with room, minutes, actors and an idea, and
the form empty and with errors."""

from datetime import timedelta

import pytest
from django.utils import timezone

from jena_sozialraum.a11y_testing import LANGUAGE_PREFIXES, assert_accessible
from sozialraeume.models import Idee, Konferenz, Membership, Sozialraum, User
from sozialraeume.services_konferenzen import konferenz_save
from tests.browser.test_bereich import PASSWORD, log_in_directly
from tests.factories import AkteurFactory, RaumFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def konferenzen(jena):
    lobeda = Sozialraum.objects.get(slug="lobeda")
    verein = AkteurFactory(name="Nachbarschaftsverein Lobeda")
    verein.sozialraeume.add(lobeda)
    saal = RaumFactory(name="Saal im Stadtteilzentrum", akteur=verein, bezirk_number=63)
    idee = Idee.objects.create(
        sozialraum=lobeda,
        title="Bänke am Teich",
        text="Am Teich fehlen Bänke zum Ausruhen.",
        consent=True,
        moderation=Idee.Moderation.PUBLISHED,
        ip_hash="0" * 64,
    )
    now = timezone.now()

    def make(days: int, title: str, **fields) -> Konferenz:
        start = now + timedelta(days=days)
        return konferenz_save(
            konferenz=Konferenz(
                sozialraum=lobeda,
                title=title,
                starts_at=start,
                ends_at=start + timedelta(hours=2),
                agenda="1. Begrüßung\n2. Treffpunkte für Jugendliche\n3. Verschiedenes",
                **fields,
            ),
            user=None,
            akteure=[verein],
            ideen=[idee] if days < 0 else [],
        )

    make(14, "Frühjahrskonferenz", address="Gemeindesaal, Am Teich 2, 07747 Jena")
    past = make(-30, "Winterkonferenz", raum=saal, minutes="Wir gründen eine AG.\n\nDanke!")
    user = User.objects.create_user(email="mitglied@verein.example", password=PASSWORD)
    Membership.objects.create(user=user, akteur=verein, role=Membership.Role.EDITOR)
    return {"space": lobeda, "past": past, "user": user}


def url(page, language: str, path: str) -> str:
    return page.base_url + LANGUAGE_PREFIXES[language] + path


@pytest.mark.parametrize("language", LANGUAGE_PREFIXES)
def test_conference_list_has_no_accessibility_violations(page, axe, konferenzen, language):
    response = page.goto(url(page, language, "/sozialraeume/lobeda/konferenzen/"))

    assert response.status == 200
    assert page.locator("article.offer-card").count() == 2
    assert page.get_by_text("Wir gründen eine AG.").count() == 1
    assert_accessible(page, axe, language)


@pytest.mark.parametrize("language", LANGUAGE_PREFIXES)
def test_conference_detail_has_no_accessibility_violations(page, axe, konferenzen, language):
    log_in_directly(page, konferenzen["user"])  # with the edit link
    past = konferenzen["past"]
    page.goto(url(page, language, f"/sozialraeume/lobeda/konferenzen/{past.pk}/"))

    assert page.locator("h1").inner_text() == "Winterkonferenz"
    assert page.get_by_role("link", name="Saal im Stadtteilzentrum").count() == 1
    assert page.get_by_role("link", name="Bänke am Teich").count() == 1
    assert page.get_by_text("Danke!").count() == 1
    assert_accessible(page, axe, language)


@pytest.mark.parametrize("language", LANGUAGE_PREFIXES)
def test_conference_form_empty_and_with_errors_has_no_accessibility_violations(
    page, axe, konferenzen, language
):
    log_in_directly(page, konferenzen["user"])
    page.goto(url(page, language, "/sozialraeume/lobeda/konferenzen/neu/"))
    assert page.locator("#id_raum option").count() == 2  # none, and the room in Lobeda
    assert_accessible(page, axe, language)

    page.fill("#id_title", "Sommerkonferenz")
    page.fill("#id_date", (timezone.localdate() + timedelta(days=30)).isoformat())
    page.fill("#id_start", "19:00")
    page.fill("#id_end", "17:00")
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()

    assert page.locator(".error-summary").is_visible()
    assert page.locator("#id_end[aria-invalid=true]").count() == 1
    assert page.locator("#id_address[aria-invalid=true]").count() == 1
    assert not Konferenz.objects.filter(title="Sommerkonferenz").exists()
    assert_accessible(page, axe, language)
