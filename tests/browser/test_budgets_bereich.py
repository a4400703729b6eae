"""Applications in the provider area in a real browser: a provider's member writes an application
with a cost plan and submits it; axe-core finds nothing on the list, the form (empty and with
errors), the application page and the drawdown, report and proof-of-use forms."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from budgets import services, services_berichte
from budgets.models import Angebotsbudget, Foerderantrag, Mittelabruf
from jena_sozialraum.a11y_testing import LANGUAGE_PREFIXES, assert_accessible
from sozialraeume.models import Membership, Sozialraum, User
from tests.browser.test_bereich import PASSWORD, log_in_directly, submit
from tests.budgets.conftest import make_antrag
from tests.factories import AkteurFactory, AngebotFactory

pytestmark = pytest.mark.browser

YEAR = timezone.localdate().year
S = Foerderantrag.Status


@pytest.fixture
def new_page(browser, live_server, jena):
    contexts = []

    def open_page():
        context = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.base_url = live_server.url
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def fachdienst_user(jena):
    return User.objects.create_user(
        email="fachdienst@jena.example", password=PASSWORD, is_fachdienst=True
    )


@pytest.fixture
def akteur(jena):
    return AkteurFactory(name="Stadtteilverein Lobeda")


@pytest.fixture
def provider(akteur):
    user = User.objects.create_user(email="antraege@stadtteilverein.example", password=PASSWORD)
    Membership.objects.create(user=user, akteur=akteur, role="editor")
    return user


@pytest.fixture
def budget(fachdienst_user):
    budget = Angebotsbudget.objects.create(
        sozialraum=Sozialraum.objects.get(slug="lobeda"), year=YEAR
    )
    services.budget_book(
        budget=budget,
        kind="ansatz",
        amount=Decimal("20000"),
        reason="Haushalt",
        user=fachdienst_user,
    )
    return budget


@pytest.fixture
def partner(jena):
    return AkteurFactory(name="Kirchgemeinde Lobeda")


@pytest.fixture
def running(budget, akteur, partner, provider, fachdienst_user):
    """A running project with a paid drawdown, an open one and a quarterly report."""
    antrag = make_antrag(
        budget,
        akteur,
        requested=Decimal("1500"),
        status=S.IN_REVIEW,
        title="Nachbarschaftscafé",
        period_start=date(YEAR, 1, 1),
        period_end=date(YEAR, 12, 31),
        new_offer="Ein wöchentliches Café.",
    )
    antrag.partners.add(partner)
    services.antrag_approve(
        antrag=antrag, user=fachdienst_user, amount=Decimal("1200"), conditions="Aushang im Haus"
    )
    services.antrag_start(antrag=antrag, user=fachdienst_user)
    paid = services.mittelabruf_request(antrag=antrag, user=provider, amount=Decimal("600"))
    for status in (Mittelabruf.Status.RELEASED, Mittelabruf.Status.PAID):
        services.mittelabruf_decide(abruf=paid, user=fachdienst_user, status=status)
    services.mittelabruf_request(antrag=antrag, user=provider, amount=Decimal("200"), note="Rate 2")
    services_berichte.bericht_submit(
        antrag=antrag, user=provider, year=YEAR, quarter=1, participants=12, wishes="Mehr Abende"
    )
    antrag.refresh_from_db()
    return antrag


@pytest.fixture
def reviewed(budget, akteur, provider, fachdienst_user):
    """A closed project whose proof of use the Fachdienst accepted in part: a refund is due."""
    antrag = make_antrag(
        budget, akteur, requested=Decimal("800"), status=S.IN_REVIEW, title="Spielenachmittag"
    )
    services.antrag_approve(antrag=antrag, user=fachdienst_user, amount=Decimal("800"))
    services.antrag_start(antrag=antrag, user=fachdienst_user)
    abruf = services.mittelabruf_request(antrag=antrag, user=provider, amount=Decimal("800"))
    for status in (Mittelabruf.Status.RELEASED, Mittelabruf.Status.PAID):
        services.mittelabruf_decide(abruf=abruf, user=fachdienst_user, status=status)
    nachweis = services_berichte.nachweis_submit(
        antrag=antrag,
        user=provider,
        report="Jede Woche gespielt.",
        actual_costs={antrag.kosten.get().pk: Decimal("750")},
        belege=[
            {"number": "B-1", "date": date(YEAR, 5, 1), "amount": Decimal("750"), "purpose": "Tee"}
        ],
        outputs={"participants": 20},
    )
    services_berichte.nachweis_review(
        nachweis=nachweis, user=fachdienst_user, accepted_amount=Decimal("750")
    )
    return antrag


def open_as(new_page, user: User, path: str, language: str = "de"):
    page = new_page()
    log_in_directly(page, user)
    response = page.goto(page.base_url + LANGUAGE_PREFIXES[language] + path)
    assert response.status == 200
    return page


def test_provider_writes_and_submits_an_application(new_page, provider, akteur, budget):
    offer = AngebotFactory(akteur=akteur, title="Offener Treff Lobeda")
    page = open_as(new_page, provider, "/mein-bereich/")

    submit(page, page.get_by_role("link", name="Förderanträge"))
    submit(page, page.get_by_role("link", name="Neuen Antrag anlegen"))
    page.select_option("#id_budget", str(budget.pk))
    page.fill("#id_title", "Nachbarschaftscafé")
    page.fill("#id_description", "Ein offenes Café für alle.")
    page.fill("#id_goals", "Begegnung")
    page.get_by_label("Offener Treff Lobeda (Stadtteilverein Lobeda)").check()
    page.fill("#id_period_start", f"{YEAR}-03-01")
    page.fill("#id_period_end", f"{YEAR}-12-31")
    page.fill("#id_planned_participants", "40")
    page.select_option("#id_kosten-0-category", "honorare")
    page.fill("#id_kosten-0-description", "Honorar Musikerin")
    page.fill("#id_kosten-0-amount", "1200,50")
    page.select_option("#id_kosten-1-category", "material")
    page.get_by_label("Beschreibung, Zeile 2").fill("Kaffee und Kuchen")
    page.get_by_label("Betrag in Euro, Zeile 2").fill("99,50")
    submit(page, page.get_by_role("button", name="Entwurf speichern"))

    assert page.locator(".error-summary").count() == 0, page.locator(".error-summary").inner_text()
    antrag = Foerderantrag.objects.get()
    assert page.locator("h1").inner_text() == "Nachbarschaftscafé"
    assert "1.300,00 €" in page.locator("main").inner_text()
    assert antrag.requested_amount == Decimal("1300.00")
    assert list(antrag.angebote.all()) == [offer]

    submit(page, page.get_by_role("button", name="Antrag einreichen"))

    assert "ist eingereicht" in page.locator(".messages").inner_text()
    antrag.refresh_from_db()
    assert antrag.status == S.SUBMITTED
    assert page.get_by_role("link", name="Entwurf bearbeiten").count() == 0


@pytest.mark.parametrize("language", LANGUAGE_PREFIXES)
@pytest.mark.parametrize(
    "path",
    [
        "/mein-bereich/antraege/",
        "/mein-bereich/antraege/neu/",
        "/mein-bereich/antraege/{running}/",
        "/mein-bereich/antraege/{running}/mittelabruf/",
        "/mein-bereich/antraege/{running}/quartalsbericht/",
        "/mein-bereich/antraege/{running}/verwendungsnachweis/",
        "/mein-bereich/antraege/{reviewed}/",
        "/mein-bereich/antraege/{reviewed}/verwendungsnachweis/",
    ],
)
def test_application_pages_have_no_accessibility_violations(
    new_page, axe, provider, running, reviewed, path, language
):
    page = open_as(
        new_page, provider, path.format(running=running.pk, reviewed=reviewed.pk), language
    )

    assert_accessible(page, axe, language)


@pytest.mark.parametrize("language", LANGUAGE_PREFIXES)
def test_application_form_with_errors_has_no_accessibility_violations(
    new_page, axe, provider, budget, language
):
    page = open_as(new_page, provider, "/mein-bereich/antraege/neu/", language)
    page.select_option("#id_kosten-0-category", "honorare")
    page.fill("#id_kosten-0-amount", "12.345")
    page.select_option("#id_kosten-1-category", "miete")
    page.fill("#id_kosten-1-description", "Raum")
    page.fill("#id_kosten-1-amount", "-5")
    submit(page, page.locator("main form button[type=submit]"))

    assert page.locator(".error-summary").count() == 2
    assert page.locator("#id_title[aria-invalid=true]").count() == 1
    assert page.locator("#id_kosten-0-amount[aria-invalid=true]").count() == 1
    assert page.locator("#id_kosten-0-description[aria-invalid=true]").count() == 1
    assert page.locator("#id_kosten-1-amount[aria-invalid=true]").count() == 1
    assert not Foerderantrag.objects.exists()
    assert_accessible(page, axe, language)


@pytest.mark.parametrize("language", LANGUAGE_PREFIXES)
@pytest.mark.parametrize(
    ("path", "fill"),
    [
        ("mittelabruf", {"#id_amount": "5000"}),
        ("quartalsbericht", {"#id_participants": "-1"}),
        ("verwendungsnachweis", {"#id_belege-0-number": "B-1", "#id_belege-0-amount": "1,005"}),
    ],
)
def test_forms_after_the_approval_with_errors_have_no_accessibility_violations(
    new_page, axe, provider, running, path, fill, language
):
    page = open_as(new_page, provider, f"/mein-bereich/antraege/{running.pk}/{path}/", language)
    for selector, value in fill.items():
        page.fill(selector, value)
    submit(page, page.locator("main form button[type=submit]:not([name])"))

    assert page.locator(".error-summary").count() >= 1
    assert page.locator("[aria-invalid=true]").count() >= 1
    assert_accessible(page, axe, language)
