"""The budget flow end to end in a real browser, three people in three browser contexts: a
provider's member logs in, writes an application with a two-line cost plan and submits it; the
Fachdienst logs in, finds it in the review queue, starts the review and approves part of it
with a condition; an anonymous visitor sees the new approved sum on /budgets/ (table and chart)
and the project on the space's page, without the condition or the internal note. The member
gets an e-mail about the approval; axe-core finds nothing on the pages of the Fachdienst and
the visitor."""

from decimal import Decimal

import pytest
from django.utils import timezone

from budgets import services
from budgets.models import Angebotsbudget, Foerderantrag
from jena_sozialraum.a11y_testing import assert_accessible
from sozialraeume.models import Membership, Sozialraum, User
from tests.browser.test_bereich import PASSWORD, log_in_with_form, submit
from tests.factories import AkteurFactory, AngebotFactory

pytestmark = pytest.mark.browser

YEAR = timezone.localdate().year
S = Foerderantrag.Status
TITLE = "Nachbarschaftscafé Lobeda"
CONDITION = "Teilnahmeliste an jedem Termin führen"
INTERNAL_NOTE = "Träger hatte 2024 Verzug beim Nachweis"


@pytest.fixture
def new_page(browser, live_server, jena):
    """Opens pages in fresh browser contexts (separate cookies: one per person)."""
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
def member(akteur):
    user = User.objects.create_user(email="antraege@stadtteilverein.example", password=PASSWORD)
    Membership.objects.create(user=user, akteur=akteur, role="editor")
    return user


@pytest.fixture
def offer(akteur):
    return AngebotFactory(akteur=akteur, title="Offener Treff Lobeda")


@pytest.fixture
def budget(fachdienst_user):
    budget = Angebotsbudget.objects.create(
        sozialraum=Sozialraum.objects.get(slug="lobeda"), year=YEAR
    )
    services.budget_book(
        budget=budget,
        kind="ansatz",
        amount=Decimal("20000"),
        reason=f"Haushalt {YEAR}",
        user=fachdienst_user,
    )
    return budget


# --- Helpers ------------------------------------------------------------------------------


def approved_cell(page):
    return page.locator("table.budget-table tr[data-sozialraum=lobeda] td[data-field=approved]")


def approved_bar(page):
    return page.locator("svg g.group[data-sozialraum=lobeda] rect[data-field=approved]")


def overview_row(page):
    return page.locator("main tbody tr").filter(has=page.get_by_role("link", name="Lobeda"))


def write_and_submit_application(page, budget: Angebotsbudget) -> Foerderantrag:
    submit(page, page.get_by_role("link", name="Förderanträge"))
    submit(page, page.get_by_role("link", name="Neuen Antrag anlegen"))
    page.select_option("#id_budget", str(budget.pk))
    page.fill("#id_title", TITLE)
    page.fill("#id_description", "Ein offenes Café für alle im Stadtteil.")
    page.fill("#id_goals", "Begegnung zwischen Alt und Jung")
    page.get_by_label("Offener Treff Lobeda (Stadtteilverein Lobeda)").check()
    page.fill("#id_period_start", f"{YEAR}-03-01")
    page.fill("#id_period_end", f"{YEAR}-12-31")
    page.fill("#id_planned_participants", "40")
    page.select_option("#id_kosten-0-category", "honorare")
    page.fill("#id_kosten-0-description", "Honorar Moderation")
    page.fill("#id_kosten-0-amount", "800")
    page.select_option("#id_kosten-1-category", "material")
    page.get_by_label("Beschreibung, Zeile 2").fill("Kaffee und Kuchen")
    page.get_by_label("Betrag in Euro, Zeile 2").fill("400,00")
    submit(page, page.get_by_role("button", name="Entwurf speichern"))

    assert page.locator(".error-summary").count() == 0, page.locator(".error-summary").inner_text()
    assert page.locator("h1").inner_text() == TITLE
    assert "1.200,00 €" in page.locator("dl.facts").inner_text()
    submit(page, page.get_by_role("button", name="Antrag einreichen"))
    assert "ist eingereicht" in page.locator(".messages").inner_text()

    antrag = Foerderantrag.objects.get(title=TITLE)
    assert antrag.status == S.SUBMITTED
    assert antrag.requested_amount == Decimal("1200.00")
    assert sorted(antrag.kosten.values_list("amount", flat=True)) == [
        Decimal("400.00"),
        Decimal("800.00"),
    ]
    return antrag


def approve_in_part(page, axe, antrag: Foerderantrag) -> None:
    """From the budget overview through the queue to the decision on the application."""
    assert page.url == page.base_url + "/verwaltung/budgets/"
    assert "0,00 €" in overview_row(page).locator("td").nth(1).inner_text()
    assert_accessible(page, axe, "de")

    budget_nav = page.get_by_role("navigation", name="Budgetverwaltung")
    submit(page, budget_nav.get_by_role("link", name="Anträge", exact=True))
    queue = page.locator("section[aria-labelledby=warteschlange-titel]")
    assert "1 Antrag wartet" in queue.locator("h2").inner_text()
    assert_accessible(page, axe, "de")

    submit(page, queue.get_by_role("link", name=TITLE))
    assert page.url == page.base_url + f"/verwaltung/budgets/antraege/{antrag.pk}/"
    assert "1.200,00 €" in page.locator("#kosten-titel ~ .table-scroll tfoot").inner_text()
    assert_accessible(page, axe, "de")

    submit(page, page.get_by_role("button", name="Prüfung beginnen"))
    assert "ist jetzt in Prüfung" in page.locator(".messages").inner_text()
    antrag.refresh_from_db()
    assert antrag.status == S.IN_REVIEW
    assert_accessible(page, axe, "de")

    page.fill("#id_bewilligen-amount", "900,00")
    page.fill("#id_bewilligen-conditions", CONDITION)
    submit(page, page.get_by_role("button", name="Bewilligen", exact=True))
    assert "ist bewilligt" in page.locator(".messages").inner_text()
    facts = page.locator("dl.facts").first.inner_text()
    assert "900,00 €" in facts
    assert CONDITION in facts
    antrag.refresh_from_db()
    assert antrag.status == S.APPROVED
    assert antrag.approved_amount == Decimal("900.00")
    assert antrag.conditions == CONDITION
    assert_accessible(page, axe, "de")

    submit(page, budget_nav.get_by_role("link", name="Budgets", exact=True))
    cells = overview_row(page).locator("td").all_inner_texts()
    assert cells[:4] == ["20.000,00 €", "900,00 €", "0,00 €", "19.100,00 €"]


def assert_nothing_internal(page, member: User) -> None:
    html = page.content()
    assert CONDITION not in html
    assert INTERNAL_NOTE not in html
    assert member.email not in html


# --- The flow -----------------------------------------------------------------------------


def test_submitted_application_approved_in_part_shows_its_sum_on_the_public_pages(
    new_page, axe, mailoutbox, member, fachdienst_user, budget, offer
):
    visitor = new_page()
    visitor.goto(visitor.base_url + "/budgets/")
    assert approved_cell(visitor).inner_text() == "0,00"

    # 1. The provider's member writes the application and submits it.
    provider_page = new_page()
    log_in_with_form(provider_page, member)
    assert provider_page.url == provider_page.base_url + "/mein-bereich/"
    antrag = write_and_submit_application(provider_page, budget)

    # 2. The Fachdienst approves 900 of the 1,200 € with a condition.
    office_page = new_page()
    log_in_with_form(office_page, fachdienst_user, "/konto/anmelden/?next=/verwaltung/budgets/")
    approve_in_part(office_page, axe, antrag)
    # Only the Fachdienst could have written it; it must still never reach the public.
    Foerderantrag.objects.filter(pk=antrag.pk).update(internal_note=INTERNAL_NOTE)

    approval_mails = [mail for mail in mailoutbox if mail.subject.endswith(": Bewilligt")]
    assert len(approval_mails) == 1
    assert approval_mails[0].to == [member.email]
    assert TITLE in approval_mails[0].subject
    assert "Bewilligt sind 900,00 €." in approval_mails[0].body
    assert CONDITION in approval_mails[0].body
    assert all(mail.to == [member.email] for mail in mailoutbox)

    # 3. The visitor sees the new sum in the table and the chart, and the project.
    response = visitor.goto(visitor.base_url + "/budgets/")
    assert response.status == 200
    assert approved_cell(visitor).inner_text() == "900,00"
    assert approved_cell(visitor).get_attribute("data-value") == "900.00"
    assert approved_bar(visitor).get_attribute("data-value") == "900.00"
    assert float(approved_bar(visitor).get_attribute("width")) > 0
    funded = visitor.locator(
        "table.budget-table tr[data-sozialraum=lobeda] td[data-field=funded_projects]"
    )
    assert funded.inner_text() == "1"
    assert_nothing_internal(visitor, member)
    assert_accessible(visitor, axe, "de")

    submit(visitor, visitor.locator("table.budget-table tr[data-sozialraum=lobeda] th a"))
    assert visitor.url == visitor.base_url + f"/budgets/{YEAR}/lobeda/"
    assert visitor.locator("dd[data-field=approved]").inner_text() == "900,00 €"
    projects = visitor.locator("article.project")
    assert projects.count() == 1
    assert projects.locator("h3").inner_text() == TITLE
    project = projects.inner_text()
    assert "Stadtteilverein Lobeda" in project
    assert "900,00 €" in project
    assert f"01.03.{YEAR} bis 31.12.{YEAR}" in project
    offer_link = projects.get_by_role("link", name="Offener Treff Lobeda")
    assert offer_link.get_attribute("href") == offer.get_absolute_url()
    assert_nothing_internal(visitor, member)
    assert_accessible(visitor, axe, "de")
