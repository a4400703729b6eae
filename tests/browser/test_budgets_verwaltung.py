"""The Fachdienst's budget office in a real browser: axe-core finds nothing on the overview, a
budget's ledger, the review queue, an application page with an approval error shown and the
proof-of-use review."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from budgets import services, services_berichte
from budgets.models import Angebotsbudget, Foerderantrag, Kostenposition
from jena_sozialraum.a11y_testing import assert_accessible
from sozialraeume.models import Membership, Sozialraum, User
from tests.browser.test_bereich import PASSWORD, log_in_directly
from tests.factories import AkteurFactory

pytestmark = pytest.mark.browser

S = Foerderantrag.Status


@pytest.fixture
def fachdienst(jena):
    return User.objects.create_user(
        email="fachdienst@jena.example", password=PASSWORD, is_fachdienst=True
    )


@pytest.fixture
def office(fachdienst):
    """Lobeda and Nord 2026; in Lobeda a running project with reports and a proof of use, and
    an application in review that asks for more than remains."""
    year = timezone.localdate().year
    akteur = AkteurFactory(name="Stadtteilbüro Lobeda")
    member = User.objects.create_user(email="buero@lobeda.example", password=PASSWORD)
    Membership.objects.create(user=member, akteur=akteur, role="editor")
    budgets = {}
    for slug, amount in [("lobeda", "5000"), ("nord", "3000")]:
        budgets[slug] = Angebotsbudget.objects.create(
            sozialraum=Sozialraum.objects.get(slug=slug), year=year
        )
        services.budget_book(
            budget=budgets[slug],
            kind="ansatz",
            amount=Decimal(amount),
            reason=f"Haushalt {year}",
            user=fachdienst,
        )
    running = _antrag(budgets["lobeda"], akteur, "Offener Treff", S.IN_REVIEW, year)
    services.antrag_approve(antrag=running, user=fachdienst, amount=Decimal("900"))
    services.antrag_start(antrag=running, user=fachdienst)
    services_berichte.bericht_submit(
        antrag=running, user=member, year=year, quarter=1, participants=12, sessions=6
    )
    lines = list(running.kosten.all())
    nachweis = services_berichte.nachweis_submit(
        antrag=running,
        user=member,
        report="Zwölf Abende.",
        actual_costs={line.pk: line.amount for line in lines},
        belege=[
            {"number": "R-1", "date": date(year, 3, 2), "amount": Decimal("500"), "purpose": "X"}
        ],
        outputs={"participants": 20, "sessions": 12},
    )
    waiting = _antrag(budgets["lobeda"], akteur, "Stadtteilfest", S.IN_REVIEW, year, "4500")
    return {"budget": budgets["lobeda"], "waiting": waiting, "nachweis": nachweis}


def _antrag(budget, akteur, title, status, year, honorare="600"):
    antrag = Foerderantrag.objects.create(
        budget=budget,
        akteur=akteur,
        title=title,
        description="Für alle im Stadtteil.",
        goals="Begegnung",
        period_start=date(year, 1, 1),
        period_end=date(year, 12, 31),
        status=status,
        planned_participants=30,
        submitted_at=timezone.now(),
    )
    Kostenposition.objects.create(
        antrag=antrag, category="honorare", description="Honorare", amount=Decimal(honorare)
    )
    Kostenposition.objects.create(
        antrag=antrag, category="miete", description="Saalmiete", amount=Decimal("400")
    )
    return antrag


def open_as(page, user, path: str):
    log_in_directly(page, user)
    response = page.goto(page.base_url + path)
    assert response.status == 200
    return page


def test_overview_has_no_accessibility_violations(page, axe, fachdienst, office):
    open_as(page, fachdienst, "/verwaltung/budgets/")

    assert page.locator("main tbody tr").count() == 5
    assert_accessible(page, axe, "de")


def test_budget_ledger_page_has_no_accessibility_violations(page, axe, fachdienst, office):
    open_as(page, fachdienst, f"/verwaltung/budgets/{office['budget'].pk}/")

    assert page.locator("#journal-titel ~ .table-scroll tbody tr").count() == 1
    assert_accessible(page, axe, "de")


def test_review_queue_has_no_accessibility_violations(page, axe, fachdienst, office):
    open_as(page, fachdienst, "/verwaltung/budgets/antraege/")

    assert "Stadtteilfest" in page.locator("#warteschlange-titel + p + .table-scroll").inner_text()
    assert_accessible(page, axe, "de")


def test_approval_error_is_shown_accessibly_and_nothing_changes(page, axe, fachdienst, office):
    waiting = office["waiting"]
    open_as(page, fachdienst, f"/verwaltung/budgets/antraege/{waiting.pk}/")
    page.fill("#id_bewilligen-amount", "4500")
    with page.expect_navigation() as navigation:
        page.locator("form[action$='/bewilligen/'] button[type=submit]").click()

    assert navigation.value.status == 400
    assert page.locator("#id_bewilligen-amount[aria-invalid=true]").count() == 1
    assert "nur noch 4.100,00 € frei" in page.locator(".error-summary").inner_text()
    page.locator(".error-summary a[href='#id_bewilligen-amount']").click()
    assert page.evaluate("document.activeElement.id") == "id_bewilligen-amount"
    waiting.refresh_from_db()
    assert waiting.status == S.IN_REVIEW
    assert_accessible(page, axe, "de")


def test_proof_of_use_review_has_no_accessibility_violations(page, axe, fachdienst, office):
    open_as(page, fachdienst, f"/verwaltung/budgets/nachweise/{office['nachweis'].pk}/")

    assert "Es fehlen Belege" in page.locator("#belege-luecke").inner_text()
    assert_accessible(page, axe, "de")


def test_proof_of_use_review_in_the_browser_closes_the_project(page, fachdienst, office):
    nachweis = office["nachweis"]
    open_as(page, fachdienst, f"/verwaltung/budgets/nachweise/{nachweis.pk}/")
    page.fill("#id_accepted_amount", "800")
    with page.expect_navigation():
        page.locator("form[action$='/pruefen/'] button[type=submit]").click()

    assert "ist abgeschlossen" in page.locator(".messages").inner_text()
    assert page.locator("#rueckforderung").inner_text() == "keine"
    nachweis.refresh_from_db()
    assert nachweis.accepted_amount == Decimal("800")
