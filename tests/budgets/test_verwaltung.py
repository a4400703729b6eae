"""The Fachdienst's budget office /verwaltung/budgets/: budgets and ledger, the review queue and
decisions, drawdowns, reports and steering talks, the proof-of-use review, plan-vs-actual, the
exports and the e-mails on each status change. Everybody else gets 404 or the login."""

import csv
import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from budgets import services, services_berichte
from budgets.models import (
    Angebotsbudget,
    Budgetbuchung,
    Foerderantrag,
    Kostenposition,
    Mittelabruf,
    Quartalsbericht,
)
from sozialraeume.models import Membership, Sozialraum, User
from tests.budgets.conftest import make_antrag
from tests.factories import AkteurFactory, AngebotFactory

S = Foerderantrag.Status
M = Mittelabruf.Status


def url(name: str, **kwargs) -> str:
    return reverse(f"budgetverwaltung:{name}", kwargs=kwargs or None)


def page(response) -> str:
    return response.content.decode()


@pytest.fixture
def staff(client, fachdienst):
    client.force_login(fachdienst)
    return client


@pytest.fixture
def treff(budget, akteur_a, member_a, fachdienst):
    """Running: cost plan 600 + 400, approved 900, two reports, 500 € paid."""
    antrag = make_antrag(
        budget,
        akteur_a,
        requested=Decimal("600"),
        status=S.IN_REVIEW,
        title="Offener Treff",
        planned_participants=40,
        planned_sessions=20,
        submitted_at=timezone.now(),
    )
    Kostenposition.objects.create(
        antrag=antrag, category="miete", description="Saalmiete", amount=Decimal("400")
    )
    services.antrag_approve(antrag=antrag, user=fachdienst, amount=Decimal("900"))
    services.antrag_start(antrag=antrag, user=fachdienst)
    for quarter, participants, sessions in [(1, 10, 5), (2, 15, 6)]:
        services_berichte.bericht_submit(
            antrag=antrag,
            user=member_a,
            year=2026,
            quarter=quarter,
            participants=participants,
            sessions=sessions,
        )
    abruf = services.mittelabruf_request(antrag=antrag, user=member_a, amount=Decimal("500"))
    services.mittelabruf_decide(abruf=abruf, user=fachdienst, status=M.RELEASED)
    services.mittelabruf_decide(abruf=abruf, user=fachdienst, status=M.PAID)
    antrag.refresh_from_db()
    return antrag


@pytest.fixture
def nachweis(treff, member_a):
    """Actual 550 + 400 = 950, receipts 300 + 400 = 700 (250 € not covered)."""
    lines = {line.category: line for line in treff.kosten.all()}
    return services_berichte.nachweis_submit(
        antrag=treff,
        user=member_a,
        report="Zwölf Abende mit bis zu 30 Menschen.",
        actual_costs={lines["honorare"].pk: Decimal("550"), lines["miete"].pk: Decimal("400")},
        belege=[
            {"number": "R-1", "date": date(2026, 3, 2), "amount": Decimal("300"), "purpose": "X"},
            {"number": "R-2", "date": date(2026, 6, 2), "amount": Decimal("400"), "purpose": "Y"},
        ],
        outputs={"participants": 30, "sessions": 12},
    )


@pytest.fixture
def naehcafe(budget, akteur_b, fachdienst):
    """Running, approved 2000 of 2500, one report, no proof of use."""
    antrag = make_antrag(
        budget,
        akteur_b,
        requested=Decimal("2500"),
        status=S.IN_REVIEW,
        title="Nähcafé",
        planned_participants=12,
    )
    services.antrag_approve(antrag=antrag, user=fachdienst, amount=Decimal("2000"))
    services.antrag_start(antrag=antrag, user=fachdienst)
    Quartalsbericht.objects.create(antrag=antrag, year=2026, quarter=1, participants=8)
    return antrag


@pytest.fixture
def in_review(budget, akteur_a):
    return make_antrag(
        budget, akteur_a, requested=Decimal("8000"), status=S.IN_REVIEW, title="Stadtteilfest"
    )


def budget_state(budget) -> list:
    return list(budget.buchungen.order_by("pk").values_list("kind", "amount"))


# --- Who may enter ----------------------------------------------------------------------------

PAGES = [
    ("uebersicht", None),
    ("budget-neu", None),
    ("budget", "budget"),
    ("budget-soll-ist", "budget"),
    ("antraege", None),
    ("antrag", "treff"),
    ("antrag-soll-ist", "treff"),
    ("abrufe", None),
    ("berichte", None),
    ("bericht", "bericht"),
    ("nachweise", None),
    ("nachweis", "nachweis"),
]


@pytest.fixture
def objects(budget, treff, nachweis):
    return {
        "budget": budget,
        "treff": treff,
        "nachweis": nachweis,
        "bericht": treff.berichte.first(),
    }


def page_url(name: str, key: str | None, objects: dict) -> str:
    return url(name, pk=objects[key].pk) if key else url(name)


@pytest.mark.parametrize(("name", "key"), PAGES)
def test_fachdienst_sees_every_page_uncached(staff, objects, name, key):
    response = staff.get(page_url(name, key, objects))

    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.parametrize(("name", "key"), PAGES)
def test_members_get_404_and_anonymous_visitors_the_login(client, member_a, objects, name, key):
    target = page_url(name, key, objects)
    response = client.get(target)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("konto:anmelden"))

    client.force_login(member_a)
    assert client.get(target).status_code == 404


def test_members_cannot_approve_and_nothing_changes(client, member_a, in_review):
    client.force_login(member_a)

    response = client.post(url("antrag-bewilligen", pk=in_review.pk), {"bewilligen-amount": "1"})

    assert response.status_code == 404
    assert Foerderantrag.objects.get(pk=in_review.pk).status == S.IN_REVIEW


# --- Budgets and ledger -----------------------------------------------------------------------


def test_overview_shows_amount_approved_paid_and_remaining_per_space(staff, treff, naehcafe):
    response = staff.get(url("uebersicht"), {"jahr": 2026})

    html = page(response)
    assert "10.000,00 €" in html  # amount
    assert "2.900,00 €" in html  # approved 900 + 2000
    assert "500,00 €" in html  # paid
    assert "7.100,00 €" in html  # remaining
    assert html.count("Noch kein Budget") == 4  # the four other spaces
    assert f'href="{url("budget-neu")}?raum=nord&amp;jahr=2026"' in html


def test_overview_of_another_year_has_no_budgets(staff, budget):
    html = page(staff.get(url("uebersicht"), {"jahr": "2025"}))

    assert html.count("Noch kein Budget") == 5
    assert '<option value="2025" selected>' in html


def test_fachdienst_creates_a_budget_with_its_initial_booking(staff, fachdienst):
    nord = Sozialraum.objects.get(slug="nord")
    form = staff.get(url("budget-neu"), {"raum": "nord", "jahr": "2027"})
    assert f'<option value="{nord.pk}" selected>' in page(form)

    response = staff.post(
        url("budget-neu"),
        {"sozialraum": nord.pk, "year": 2027, "amount": "12500,50", "reason": "Haushalt 2027"},
    )

    budget = Angebotsbudget.objects.get(sozialraum=nord, year=2027)
    assert response.status_code == 302
    assert response["Location"] == url("budget", pk=budget.pk)
    assert budget_state(budget) == [("ansatz", Decimal("12500.50"))]
    assert budget.buchungen.get().author == fachdienst


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("100.001", "höchstens zwei Nachkommastellen"),
        ("0", "größer als 0"),
        ("-5", "größer als 0"),
        ("viel", "Zahl"),
    ],
)
def test_bad_initial_amounts_are_shown_and_nothing_is_created(staff, amount, message):
    nord = Sozialraum.objects.get(slug="nord")

    response = staff.post(
        url("budget-neu"), {"sozialraum": nord.pk, "year": 2027, "amount": amount, "reason": "x"}
    )

    assert response.status_code == 400
    assert message in page(response)
    assert 'aria-invalid="true"' in page(response)
    assert not Angebotsbudget.objects.filter(sozialraum=nord).exists()


def test_a_second_budget_for_the_same_space_and_year_is_refused(staff, budget):
    response = staff.post(
        url("budget-neu"),
        {"sozialraum": budget.sozialraum_id, "year": 2026, "amount": "5", "reason": "x"},
    )

    assert response.status_code == 400
    assert "existiert bereits" in page(response)
    assert Angebotsbudget.objects.count() == 1
    assert budget_state(budget) == [("ansatz", Decimal("10000.00"))]


def test_ledger_lists_every_booking_with_author_and_running_balance(staff, budget, fachdienst):
    services.budget_book(
        budget=budget, kind="erhoehung", amount=Decimal("2500"), reason="Nachtrag", user=fachdienst
    )
    services.budget_book(
        budget=budget, kind="kuerzung", amount=Decimal("500"), reason="Sperre", user=fachdienst
    )

    html = page(staff.get(url("budget", pk=budget.pk)))

    assert html.index("Haushalt 2026") < html.index("Nachtrag") < html.index("Sperre")
    assert "+2.500,00 €" in html and "-500,00 €" in html
    assert "12.500,00 €" in html and "12.000,00 €" in html  # the balance after each
    assert html.count("fachdienst@jena.example") == 3


def test_fachdienst_books_an_increase_and_a_decrease(staff, budget):
    response = staff.post(
        url("budget-buchen", pk=budget.pk),
        {"buchung-kind": "erhoehung", "buchung-amount": "1000,50", "buchung-reason": "Nachtrag"},
    )
    assert response.status_code == 302
    staff.post(
        url("budget-buchen", pk=budget.pk),
        {"buchung-kind": "kuerzung", "buchung-amount": "500", "buchung-reason": "Sperre"},
    )

    assert budget_state(budget)[1:] == [
        ("erhoehung", Decimal("1000.50")),
        ("kuerzung", Decimal("-500.00")),
    ]
    assert services.budget_amount(budget) == Decimal("10500.50")


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("10.001", "höchstens zwei Nachkommastellen"),
        ("0", "größer als 0"),
        ("7500", "unter die bewilligte Summe"),  # 10,000 - 7,500 < 2,900 approved
    ],
)
def test_bad_bookings_show_the_message_in_the_form_and_change_nothing(
    staff, budget, treff, naehcafe, amount, message
):
    before = budget_state(budget)

    response = staff.post(
        url("budget-buchen", pk=budget.pk),
        {"buchung-kind": "kuerzung", "buchung-amount": amount, "buchung-reason": "Sperre"},
    )

    html = page(response)
    assert response.status_code == 400
    assert message in html
    assert 'id="id_buchung-amount"' in html and 'aria-invalid="true"' in html
    assert budget_state(budget) == before


def test_reallocation_moves_money_to_another_space_of_the_same_year(staff, budget, fachdienst):
    nord = Angebotsbudget.objects.create(sozialraum=Sozialraum.objects.get(slug="nord"), year=2026)
    other_year = Angebotsbudget.objects.create(
        sozialraum=Sozialraum.objects.get(slug="ost"), year=2027
    )
    form = page(staff.get(url("budget", pk=budget.pk)))
    assert f'value="{nord.pk}"' in form and f'value="{other_year.pk}"' not in form

    response = staff.post(
        url("budget-umschichten", pk=budget.pk),
        {
            "umschichtung-target": nord.pk,
            "umschichtung-amount": "3000",
            "umschichtung-reason": "Lücke",
        },
    )

    assert response.status_code == 302
    assert services.budget_amount(budget) == Decimal("7000")
    assert services.budget_amount(nord) == Decimal("3000")
    html = page(staff.get(url("budget", pk=budget.pk)))
    assert "Umschichtung in einen anderen Sozialraum (Nord)" in html


def test_reallocation_needs_a_reason_and_a_target_of_the_same_year(staff, budget):
    Angebotsbudget.objects.create(sozialraum=Sozialraum.objects.get(slug="nord"), year=2026)
    other_year = Angebotsbudget.objects.create(
        sozialraum=Sozialraum.objects.get(slug="ost"), year=2027
    )

    response = staff.post(
        url("budget-umschichten", pk=budget.pk),
        {
            "umschichtung-target": other_year.pk,
            "umschichtung-amount": "10",
            "umschichtung-reason": "",
        },
    )

    html = page(response)
    assert response.status_code == 400
    assert 'id="id_umschichtung-reason"' in html and html.count('aria-invalid="true"') == 2
    assert Budgetbuchung.objects.count() == 1


def test_reallocation_below_the_approved_sum_is_refused(staff, budget, treff, naehcafe):
    nord = Angebotsbudget.objects.create(sozialraum=Sozialraum.objects.get(slug="nord"), year=2026)

    response = staff.post(
        url("budget-umschichten", pk=budget.pk),
        {
            "umschichtung-target": nord.pk,
            "umschichtung-amount": "7100.01",
            "umschichtung-reason": "x",
        },
    )

    assert response.status_code == 400
    assert "unter die bewilligte Summe" in page(response)
    assert services.budget_amount(nord) == 0


# --- Review queue and decisions ---------------------------------------------------------------


def test_queue_lists_submitted_and_in_review_applications_oldest_first(staff, budget, akteur_a):
    now = timezone.now()
    newer = make_antrag(budget, akteur_a, status=S.SUBMITTED, title="Neuer", submitted_at=now)
    older = make_antrag(
        budget,
        akteur_a,
        status=S.IN_REVIEW,
        title="Älter",
        submitted_at=now - timezone.timedelta(days=3),
    )
    make_antrag(budget, akteur_a, status=S.DRAFT, title="Entwurf")
    make_antrag(budget, akteur_a, status=S.REJECTED, title="Abgelehnt", submitted_at=now)

    response = staff.get(url("antraege"))

    queue = list(response.context["queue"])
    assert queue == [older, newer]
    assert "Entwurf" not in page(response)


def test_application_page_shows_everything_the_decision_needs(staff, budget, akteur_a, akteur_b):
    angebot = AngebotFactory(akteur=akteur_a, title="Treff am Markt")
    antrag = make_antrag(
        budget,
        akteur_a,
        requested=Decimal("600"),
        status=S.SUBMITTED,
        title="Treff",
        planned_sessions=24,
        new_offer="Ein Nähkurs",
    )
    Kostenposition.objects.create(
        antrag=antrag, category="miete", description="Saalmiete", amount=Decimal("400.50")
    )
    antrag.partners.add(akteur_b)
    antrag.angebote.add(angebot)

    html = page(staff.get(url("antrag", pk=antrag.pk)))

    assert "Summe (beantragter Betrag)" in html and "1.000,50 €" in html
    assert "Saalmiete" in html and "Honorare" in html
    assert "Verein B" in html and "Treff am Markt" in html and "Ein Nähkurs" in html
    assert "<dt>Termine</dt><dd>24</dd>" in html
    assert reverse("verlauf", kwargs={"name": "foerderantrag", "pk": antrag.pk}) in html
    assert url("antrag-pruefen", pk=antrag.pk) in html
    assert url("antrag-bewilligen", pk=antrag.pk) not in html  # only once in review


def test_the_whole_path_from_submitted_to_running(staff, budget, akteur_a):
    antrag = make_antrag(budget, akteur_a, requested=Decimal("1000"), status=S.SUBMITTED)

    staff.post(url("antrag-pruefen", pk=antrag.pk))
    assert Foerderantrag.objects.get(pk=antrag.pk).status == S.IN_REVIEW

    response = staff.post(
        url("antrag-bewilligen", pk=antrag.pk),
        {"bewilligen-amount": "800,00", "bewilligen-conditions": "Werbung im Stadtteil"},
    )
    assert response.status_code == 302
    antrag.refresh_from_db()
    assert (antrag.status, antrag.approved_amount) == (S.APPROVED, Decimal("800"))
    assert antrag.conditions == "Werbung im Stadtteil"

    staff.post(url("antrag-starten", pk=antrag.pk))
    assert Foerderantrag.objects.get(pk=antrag.pk).status == S.RUNNING
    history = page(staff.get(reverse("verlauf", kwargs={"name": "foerderantrag", "pk": antrag.pk})))
    assert history.count("fachdienst@jena.example") == 3


def test_send_back_needs_a_comment_and_then_returns_the_draft(staff, in_review):
    response = staff.post(url("antrag-zurueckgeben", pk=in_review.pk), {"zurueck-comment": " "})
    assert response.status_code == 400
    assert 'id="id_zurueck-comment"' in page(response)
    assert Foerderantrag.objects.get(pk=in_review.pk).status == S.IN_REVIEW

    staff.post(url("antrag-zurueckgeben", pk=in_review.pk), {"zurueck-comment": "Bitte Miete."})

    in_review.refresh_from_db()
    assert (in_review.status, in_review.review_comment) == (S.DRAFT, "Bitte Miete.")


def test_reject_needs_a_reason(staff, in_review):
    assert staff.post(url("antrag-ablehnen", pk=in_review.pk), {}).status_code == 400
    assert Foerderantrag.objects.get(pk=in_review.pk).status == S.IN_REVIEW

    staff.post(url("antrag-ablehnen", pk=in_review.pk), {"ablehnen-reason": "Kein Bezug."})

    in_review.refresh_from_db()
    assert (in_review.status, in_review.rejection_reason) == (S.REJECTED, "Kein Bezug.")


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("8000.01", "höchstens der beantragte Betrag"),
        ("7100.01", "sind nur noch 7.100,00 € frei"),  # 10,000 - 2,900 approved
        ("0", "größer als 0"),
        ("5.555", "höchstens zwei Nachkommastellen"),
    ],
)
def test_approving_too_much_shows_the_service_message_and_changes_nothing(
    staff, in_review, treff, naehcafe, amount, message
):
    response = staff.post(url("antrag-bewilligen", pk=in_review.pk), {"bewilligen-amount": amount})

    html = page(response)
    assert response.status_code == 400
    assert message in html
    assert 'id="id_bewilligen-amount"' in html and 'aria-invalid="true"' in html
    in_review.refresh_from_db()
    assert (in_review.status, in_review.approved_amount) == (S.IN_REVIEW, None)


def test_an_illegal_transition_is_a_message_not_a_change(staff, treff):
    response = staff.post(url("antrag-pruefen", pk=treff.pk), follow=True)

    assert "kann nicht" in page(response)
    assert Foerderantrag.objects.get(pk=treff.pk).status == S.RUNNING


# --- Drawdowns --------------------------------------------------------------------------------


@pytest.fixture
def requested(treff, member_a):
    return services.mittelabruf_request(antrag=treff, user=member_a, amount=Decimal("200"))


def test_drawdowns_list_shows_requested_and_released_only(staff, treff, requested):
    html = page(staff.get(url("abrufe")))

    assert "200,00 €" in html
    assert "900,00 € / 500,00 €" in html  # approved / paid so far
    assert html.count(url("abruf-entscheiden", pk=requested.pk)) == 1
    paid = treff.mittelabrufe.get(status=M.PAID)
    assert url("abruf-entscheiden", pk=paid.pk) not in html


def test_fachdienst_releases_and_pays_a_drawdown(staff, requested):
    target = url("abruf-entscheiden", pk=requested.pk)

    staff.post(target, {"status": M.RELEASED})
    assert Mittelabruf.objects.get(pk=requested.pk).status == M.RELEASED
    staff.post(target, {"status": M.PAID})

    requested.refresh_from_db()
    assert requested.status == M.PAID and requested.decided_at is not None


def test_fachdienst_rejects_a_drawdown_and_illegal_moves_are_refused(staff, requested):
    target = url("abruf-entscheiden", pk=requested.pk)

    response = staff.post(target, {"status": M.PAID}, follow=True)
    assert "kann nicht so geändert werden" in page(response)
    assert Mittelabruf.objects.get(pk=requested.pk).status == M.REQUESTED

    staff.post(target, {"status": M.REJECTED})
    assert Mittelabruf.objects.get(pk=requested.pk).status == M.REJECTED


# --- Reports and steering talks ---------------------------------------------------------------


def test_reports_page_flags_missing_reports_and_lists_received_ones(staff, treff):
    html = page(staff.get(url("berichte")))

    # Today is after the third quarter of 2026; reports exist for Q1 and Q2.
    assert "1 fehlender Bericht" in html and "3/2026" in html
    assert html.count(url("bericht", pk=treff.berichte.get(quarter=1).pk)) == 1


def test_fachdienst_records_the_steering_talk(staff, treff):
    bericht = treff.berichte.get(quarter=1)

    response = staff.post(
        url("bericht-gespraech", pk=bericht.pk),
        {
            "talk_date": "2026-04-10",
            "participants": "Träger, Fachdienst",
            "notes": "Gut angelaufen",
            "agreements": "Mehr Werbung",
        },
    )

    assert response.status_code == 302
    bericht.refresh_from_db()
    assert bericht.talk_date == date(2026, 4, 10)
    assert (bericht.talk_participants, bericht.talk_agreements) == (
        "Träger, Fachdienst",
        "Mehr Werbung",
    )
    html = page(staff.get(url("bericht", pk=bericht.pk)))
    assert 'value="2026-04-10"' in html and "Mehr Werbung" in html


def test_a_talk_without_date_or_participants_is_refused(staff, treff):
    bericht = treff.berichte.get(quarter=1)

    response = staff.post(url("bericht-gespraech", pk=bericht.pk), {"talk_date": "10.13.2026"})

    assert response.status_code == 400
    assert page(response).count('aria-invalid="true"') == 2
    assert Quartalsbericht.objects.get(pk=bericht.pk).talk_date is None


# --- Proof of use -----------------------------------------------------------------------------


def test_proof_of_use_page_shows_sums_and_the_receipts_gap_in_words(staff, nachweis):
    html = page(staff.get(url("nachweis", pk=nachweis.pk)))

    assert "Es fehlen Belege:" in html
    assert "Den tatsächlichen Kosten von 950,00 € stehen Belege über 700,00 € gegenüber" in html
    assert "250,00 € sind nicht belegt" in html
    assert "Die tatsächlichen Kosten liegen 50,00 € unter dem Kostenplan." in html
    # Initial accepted amount: the lower of approved (900) and actual (950).
    assert 'value="900,00"' in html


def test_review_sets_the_accepted_amount_closes_and_shows_the_refund(staff, nachweis, treff):
    response = staff.post(
        url("nachweis-pruefen", pk=nachweis.pk),
        {"accepted_amount": "400", "notes": "Belege fehlen teilweise."},
    )

    assert response.status_code == 302
    nachweis.refresh_from_db()
    assert nachweis.accepted_amount == Decimal("400")
    assert Foerderantrag.objects.get(pk=treff.pk).status == S.CLOSED
    html = page(staff.get(url("nachweis", pk=nachweis.pk)))
    assert "100,00 € (ausgezahlt minus anerkannt)" in html  # paid 500 - accepted 400
    assert url("nachweis-pruefen", pk=nachweis.pk) not in html


def test_accepting_more_than_approved_and_spent_is_refused(staff, nachweis, treff):
    response = staff.post(url("nachweis-pruefen", pk=nachweis.pk), {"accepted_amount": "900.01"})

    assert response.status_code == 400
    assert "0 bis 900,00" in page(response)
    nachweis.refresh_from_db()
    assert (nachweis.accepted_amount, nachweis.reviewed_at) == (None, None)
    assert Foerderantrag.objects.get(pk=treff.pk).status == S.RUNNING


# --- Plan vs actual ---------------------------------------------------------------------------


def test_plan_vs_actual_of_an_application(staff, nachweis, treff):
    response = staff.get(url("antrag-soll-ist", pk=treff.pk))

    plan = response.context["plan"]
    participants, _new, sessions, *_ = plan.outputs
    assert (participants.planned, participants.reported, participants.proof) == (40, 25, 30)
    assert participants.difference == -10
    assert (sessions.planned, sessions.reported, sessions.actual) == (20, 11, 12)
    assert [(c.planned, c.actual, c.difference) for c in plan.costs] == [
        (Decimal("600"), Decimal("550"), Decimal("-50")),
        (Decimal("400"), Decimal("400"), Decimal("0")),
    ]
    assert (plan.planned_cost, plan.actual_cost) == (Decimal("1000"), Decimal("950"))
    assert "Summe aus 2 Quartalsberichten" in page(response)


def test_plan_vs_actual_before_the_proof_of_use_uses_the_reports(staff, treff):
    plan = staff.get(url("antrag-soll-ist", pk=treff.pk)).context["plan"]

    assert plan.outputs[0].actual == 25
    assert plan.actual_cost is None
    assert all(line.actual is None for line in plan.costs)


def test_plan_vs_actual_of_a_budget_sums_its_applications(
    staff, budget, nachweis, naehcafe, in_review
):
    response = staff.get(url("budget-soll-ist", pk=budget.pk))

    plan = response.context["plan"]
    assert [row.antrag.title for row in plan.rows] == ["Nähcafé", "Offener Treff"]  # not in review
    total = plan.total
    assert (total.approved, total.paid) == (Decimal("2900"), Decimal("500"))
    assert (total.planned_cost, total.actual_cost) == (Decimal("3500"), Decimal("950"))
    assert total.outputs[0] == (52, 38)  # participants: 40 + 12 planned, 30 + 8 actual
    assert plan.with_proof == 1
    assert "Ein Verwendungsnachweis liegt für 1 von 2 Projekten vor" in page(response)


# --- Exports ----------------------------------------------------------------------------------


def read_csv(response) -> list[list[str]]:
    assert response.content.startswith(b"\xef\xbb\xbf")  # BOM, for Excel
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def read_xlsx(response) -> list[tuple]:
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    return list(workbook.active.values)


def test_plan_vs_actual_exports_open_and_contain_the_sums(staff, budget, nachweis, naehcafe):
    as_csv = staff.get(url("budget-soll-ist-export", pk=budget.pk, fmt="csv"))
    as_xlsx = staff.get(url("budget-soll-ist-export", pk=budget.pk, fmt="xlsx"))

    assert as_csv["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="soll-ist-lobeda-2026.csv"' in as_csv["Content-Disposition"]
    rows = read_csv(as_csv)
    assert rows[0][:7] == [
        "Förderantrag",
        "Federführend",
        "Stand",
        "Bewilligt (€)",
        "Ausgezahlt (€)",
        "Kosten geplant (€)",
        "Kosten ist (€)",
    ]
    assert rows[0][7:9] == ["Teilnehmende geplant", "Teilnehmende ist"]
    assert rows[1][:7] == ["Nähcafé", "Verein B", "Laufend", "2000,00", "0,00", "2500,00", ""]
    assert rows[-1][:9] == ["Summe", "", "", "2900,00", "500,00", "3500,00", "950,00", "52", "38"]

    sheet = read_xlsx(as_xlsx)
    assert sheet[0] == tuple(rows[0])
    total = sheet[-1]
    assert total[0] == "Summe"
    assert [Decimal(str(value)) for value in total[3:7]] == [
        Decimal("2900"),
        Decimal("500"),
        Decimal("3500"),
        Decimal("950"),
    ]
    assert total[7:9] == (52, 38)


def test_applications_export_lists_the_years_applications_with_sums(
    staff, budget, treff, naehcafe, in_review, akteur_a
):
    make_antrag(budget, akteur_a, status=S.DRAFT, title="Nie eingereicht")

    rows = read_csv(staff.get(url("antraege-export", fmt="csv"), {"jahr": 2026}))
    sheet = read_xlsx(staff.get(url("antraege-export", fmt="xlsx"), {"jahr": 2026}))

    titles = [row[1] for row in rows[1:-1]]
    assert titles == ["Nähcafé", "Offener Treff", "Stadtteilfest"]
    assert rows[-1][7:10] == ["11500,00", "2900,00", "500,00"]  # requested, approved, paid
    assert rows[2][5:7] == ["01.01.2026", "31.12.2026"]
    assert [Decimal(str(value)) for value in sheet[-1][7:10]] == [
        Decimal("11500"),
        Decimal("2900"),
        Decimal("500"),
    ]
    assert sheet[2][5] == timezone.datetime(2026, 1, 1)
    assert read_csv(staff.get(url("antraege-export", fmt="csv"), {"jahr": 2025}))[1][0] == "Summe"


def test_text_from_applicants_never_becomes_a_formula(staff, budget, akteur_a, fachdienst):
    antrag = make_antrag(budget, akteur_a, status=S.IN_REVIEW, title="=HYPERLINK(1)")
    services.antrag_approve(antrag=antrag, user=fachdienst, amount=Decimal("10"))

    rows = read_csv(staff.get(url("budget-soll-ist-export", pk=budget.pk, fmt="csv")))
    workbook = openpyxl.load_workbook(
        io.BytesIO(staff.get(url("budget-soll-ist-export", pk=budget.pk, fmt="xlsx")).content)
    )

    assert rows[1][0] == "'=HYPERLINK(1)"
    cell = workbook.active["A2"]
    assert (cell.value, cell.data_type) == ("=HYPERLINK(1)", "s")


def test_unknown_export_formats_are_not_found(staff, budget):
    assert staff.get(url("budget-soll-ist-export", pk=budget.pk, fmt="pdf")).status_code == 404
    assert staff.get(url("antraege-export", fmt="json")).status_code == 404


# --- E-mails ----------------------------------------------------------------------------------


@pytest.fixture
def second_member(akteur_a):
    user = User.objects.create_user(email="zwei@verein-a.example", password="x-Y-z-12345678")
    Membership.objects.create(user=user, akteur=akteur_a, role="editor")
    return user


def test_each_status_change_mails_each_member_of_the_lead_actor(
    staff, budget, akteur_a, member_a, second_member, mailoutbox, django_capture_on_commit_callbacks
):
    outsider = AkteurFactory(name="Partner C")
    antrag = make_antrag(budget, akteur_a, requested=Decimal("1000"), status=S.SUBMITTED)
    antrag.partners.add(outsider)

    with django_capture_on_commit_callbacks(execute=True):
        staff.post(url("antrag-pruefen", pk=antrag.pk))
    assert sorted(message.to for message in mailoutbox) == [
        ["a@verein-a.example"],
        ["zwei@verein-a.example"],
    ]
    assert "In Prüfung" in mailoutbox[0].subject
    assert reverse("antraege:detail", kwargs={"pk": antrag.pk}) in mailoutbox[0].body

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(
            url("antrag-bewilligen", pk=antrag.pk),
            {"bewilligen-amount": "750", "bewilligen-conditions": "Aushang im Stadtteil"},
        )
    assert len(mailoutbox) == 2
    body = mailoutbox[0].body
    assert "Bewilligt sind 750,00 €." in body and "Aushang im Stadtteil" in body
    assert "Offener Treff" in mailoutbox[0].subject

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(url("antrag-starten", pk=antrag.pk))
    assert len(mailoutbox) == 2 and "Laufend" in mailoutbox[0].subject


def test_refused_decisions_send_no_mail(
    staff, in_review, member_a, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(url("antrag-bewilligen", pk=in_review.pk), {"bewilligen-amount": "99999"})

    assert mailoutbox == []


def test_send_back_and_rejection_mails_carry_the_text(
    staff, budget, akteur_a, member_a, mailoutbox, django_capture_on_commit_callbacks
):
    first = make_antrag(budget, akteur_a, status=S.IN_REVIEW, title="Erster")
    second = make_antrag(budget, akteur_a, status=S.IN_REVIEW, title="Zweiter")

    with django_capture_on_commit_callbacks(execute=True):
        staff.post(url("antrag-zurueckgeben", pk=first.pk), {"zurueck-comment": "Bitte Miete."})
        staff.post(url("antrag-ablehnen", pk=second.pk), {"ablehnen-reason": "Kein Bezug."})

    sent_back, rejected = mailoutbox
    assert "Entwurf" in sent_back.subject and "Bitte Miete." in sent_back.body
    assert "Abgelehnt" in rejected.subject and "Kein Bezug." in rejected.body


def test_closing_by_the_proof_review_mails_accepted_amount_and_refund(
    staff, nachweis, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(url("nachweis-pruefen", pk=nachweis.pk), {"accepted_amount": "400"})

    (message,) = mailoutbox
    assert "Abgeschlossen" in message.subject
    assert "anerkannt: 400,00 €" in message.body and "Zurückzuzahlen sind 100,00 €." in message.body


def test_drawdown_decisions_mail_the_members(
    staff, requested, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(url("abruf-entscheiden", pk=requested.pk), {"status": M.RELEASED})

    (message,) = mailoutbox
    assert message.to == ["a@verein-a.example"]
    assert "Freigegeben" in message.subject
    assert "Ihr Mittelabruf über 200,00 € für „Offener Treff“" in message.body
