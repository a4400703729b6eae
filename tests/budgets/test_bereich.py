"""Applications in the provider area: members of the lead actor write a draft with its cost plan,
submit it, request drawdowns, report quarterly and submit the proof of use. Partners see but do
not change; members of other actors find nothing (404); bad input changes nothing."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from budgets import services, services_antrag, services_berichte
from budgets.models import (
    Angebotsbudget,
    Foerderantrag,
    Mittelabruf,
    Quartalsbericht,
    Verwendungsnachweis,
)
from sozialraeume.models import Sozialraum
from tests.budgets.conftest import make_antrag
from tests.factories import AngebotFactory, load_vocabulary

S = Foerderantrag.Status
YEAR = timezone.localdate().year


@pytest.fixture(autouse=True)
def vocabulary(db):
    load_vocabulary()


def open_budget(fachdienst, slug: str = "lobeda", year: int = YEAR) -> Angebotsbudget:
    budget = Angebotsbudget.objects.create(sozialraum=Sozialraum.objects.get(slug=slug), year=year)
    services.budget_book(
        budget=budget, kind="ansatz", amount=Decimal("10000"), reason="Haushalt", user=fachdienst
    )
    return budget


@pytest.fixture
def budget_now(fachdienst):
    """A budget of the current year, open for applications."""
    return open_budget(fachdienst)


@pytest.fixture
def angebot_a(akteur_a):
    return AngebotFactory(akteur=akteur_a, title="Offener Treff Lobeda")


def antrag_data(budget, akteur, kosten=(("honorare", "Honorare", "1200.50"),), **overrides):
    """The form as a browser sends it: the cost plan as a formset of five rows."""
    data = {
        "budget": budget.pk,
        "akteur": akteur.pk,
        "title": "Nachbarschaftscafé",
        "description": "Ein offenes Café für alle im Stadtteil.",
        "goals": "Begegnung und Nachbarschaftshilfe",
        "new_offer": "Ein wöchentliches Café im Stadtteilzentrum.",
        "period_start": f"{YEAR}-03-01",
        "period_end": f"{YEAR}-12-31",
        "planned_participants": "40",
        "planned_new_participants": "15",
        "planned_sessions": "40",
        "planned_hours": "120",
        "planned_volunteers": "5",
        "planned_partners": "2",
        "kosten-TOTAL_FORMS": "5",
        "kosten-INITIAL_FORMS": "0",
        "kosten-MIN_NUM_FORMS": "0",
        "kosten-MAX_NUM_FORMS": "60",
    }
    for n, (category, description, amount) in enumerate(kosten):
        data[f"kosten-{n}-category"] = category
        data[f"kosten-{n}-description"] = description
        data[f"kosten-{n}-amount"] = amount
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def kosten_of(antrag: Foerderantrag) -> list[tuple]:
    return list(antrag.kosten.order_by("pk").values_list("category", "description", "amount"))


def snapshot(antrag: Foerderantrag) -> tuple:
    antrag = Foerderantrag.objects.get(pk=antrag.pk)
    return (antrag.title, antrag.status, antrag.description, kosten_of(antrag))


@pytest.fixture
def draft_a(budget_now, akteur_a):
    return make_antrag(budget_now, akteur_a, requested=Decimal("800"), new_offer="Neu")


def approved(budget, akteur, fachdienst, amount="900", **fields) -> Foerderantrag:
    antrag = make_antrag(
        budget,
        akteur,
        requested=Decimal("1000"),
        status=S.IN_REVIEW,
        period_start=fields.pop("period_start", date(YEAR, 3, 15)),
        period_end=fields.pop("period_end", date(YEAR, 8, 31)),
        **fields,
    )
    services.antrag_approve(antrag=antrag, user=fachdienst, amount=Decimal(amount))
    antrag.refresh_from_db()
    return antrag


@pytest.fixture
def running_a(budget_now, akteur_a, fachdienst):
    antrag = approved(budget_now, akteur_a, fachdienst)
    services.antrag_start(antrag=antrag, user=fachdienst)
    antrag.refresh_from_db()
    return antrag


# --- Drafts ----------------------------------------------------------------------------------


def test_member_creates_a_draft_whose_requested_amount_is_the_sum_of_its_cost_lines(
    client, member_a, akteur_a, budget_now, angebot_a
):
    client.force_login(member_a)
    kosten = (
        ("honorare", "Honorar Musikerin", "1200,50"),
        ("miete", "Raummiete", "300"),
        ("material", "Kaffee und Kuchen", "99.49"),
    )

    response = client.post(
        reverse("antraege:neu"),
        antrag_data(budget_now, akteur_a, kosten=kosten, angebote=[angebot_a.pk]),
    )

    antrag = Foerderantrag.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("antraege:detail", kwargs={"pk": antrag.pk})
    assert antrag.status == S.DRAFT
    assert antrag.akteur == akteur_a
    assert list(antrag.angebote.all()) == [angebot_a]
    assert antrag.requested_amount == Decimal("1599.99")
    assert kosten_of(antrag) == [
        ("honorare", "Honorar Musikerin", Decimal("1200.50")),
        ("miete", "Raummiete", Decimal("300.00")),
        ("material", "Kaffee und Kuchen", Decimal("99.49")),
    ]
    page = client.get(response["Location"]).content.decode()
    assert "1.599,99 €" in page
    assert "Antrag einreichen" in page


def test_the_form_shows_the_sum_of_the_cost_plan(client, member_a, draft_a):
    client.force_login(member_a)

    response = client.get(reverse("antraege:bearbeiten", kwargs={"pk": draft_a.pk}))

    assert response.status_code == 200
    assert "800,00 €" in response.content.decode()


def test_member_edits_the_draft_and_its_cost_lines(client, member_a, akteur_a, draft_a):
    client.force_login(member_a)
    line = draft_a.kosten.get()
    data = antrag_data(
        draft_a.budget,
        akteur_a,
        kosten=(("honorare", "Honorare", "950"), ("sonstiges", "Werbung", "50")),
        title="Neuer Titel",
        **{"kosten-INITIAL_FORMS": "1", "kosten-0-id": str(line.pk)},
    )

    response = client.post(reverse("antraege:bearbeiten", kwargs={"pk": draft_a.pk}), data)

    assert response.status_code == 302
    draft_a.refresh_from_db()
    assert draft_a.title == "Neuer Titel"
    assert kosten_of(draft_a) == [
        ("honorare", "Honorare", Decimal("950.00")),
        ("sonstiges", "Werbung", Decimal("50.00")),
    ]
    assert draft_a.kosten.order_by("pk").first().pk == line.pk  # edited in place
    assert draft_a.requested_amount == Decimal("1000")


def test_an_emptied_cost_line_is_removed(client, member_a, akteur_a, draft_a):
    client.force_login(member_a)
    line = draft_a.kosten.get()
    data = antrag_data(
        draft_a.budget,
        akteur_a,
        kosten=(("", "", ""), ("miete", "Raum", "100")),
        **{"kosten-INITIAL_FORMS": "1", "kosten-0-id": str(line.pk)},
    )

    client.post(reverse("antraege:bearbeiten", kwargs={"pk": draft_a.pk}), data)

    assert kosten_of(draft_a) == [("miete", "Raum", Decimal("100.00"))]


def test_member_submits_the_draft(client, member_a, draft_a):
    client.force_login(member_a)

    response = client.post(reverse("antraege:einreichen", kwargs={"pk": draft_a.pk}), follow=True)

    draft_a.refresh_from_db()
    assert draft_a.status == S.SUBMITTED
    assert draft_a.submitted_at is not None
    assert "ist eingereicht" in response.content.decode()


def test_a_draft_without_cost_lines_is_not_submitted(client, member_a, draft_a):
    draft_a.kosten.all().delete()
    client.force_login(member_a)

    response = client.post(reverse("antraege:einreichen", kwargs={"pk": draft_a.pk}), follow=True)

    assert "mindestens eine Kostenposition" in response.content.decode()
    assert Foerderantrag.objects.get(pk=draft_a.pk).status == S.DRAFT


def test_a_submitted_application_is_shown_read_only_and_an_edit_is_refused(
    client, member_a, akteur_a, draft_a
):
    services.antrag_submit(antrag=draft_a, user=member_a)
    before = snapshot(draft_a)
    client.force_login(member_a)
    url = reverse("antraege:bearbeiten", kwargs={"pk": draft_a.pk})

    page = client.get(url)
    response = client.post(
        url, antrag_data(draft_a.budget, akteur_a, title="Heimlich geändert"), follow=True
    )

    assert page.status_code == 200
    assert "kann nicht mehr bearbeitet werden" in page.content.decode()
    assert "<form" not in page.content.decode().split("<main", 1)[1].split("</main>")[0]
    assert response.redirect_chain == [(reverse("antraege:detail", kwargs={"pk": draft_a.pk}), 302)]
    assert "kann nicht mehr bearbeitet werden" in response.content.decode()
    assert snapshot(draft_a) == before


def test_the_review_comment_of_a_sent_back_application_is_shown(
    client, member_a, fachdienst, draft_a
):
    services.antrag_submit(antrag=draft_a, user=member_a)
    services.antrag_send_back(
        antrag=draft_a, user=fachdienst, comment="Bitte die Honorare aufschlüsseln."
    )
    client.force_login(member_a)

    detail = client.get(reverse("antraege:detail", kwargs={"pk": draft_a.pk}))
    form = client.get(reverse("antraege:bearbeiten", kwargs={"pk": draft_a.pk}))

    assert "Bitte die Honorare aufschlüsseln." in detail.content.decode()
    assert "Bitte die Honorare aufschlüsseln." in form.content.decode()


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-5", "Bitte einen Betrag größer als 0 angeben."),
        ("0", "Bitte einen Betrag größer als 0 angeben."),
        ("12,345", "Bitte höchstens zwei Nachkommastellen angeben."),
        ("12.3456", "Bitte höchstens zwei Nachkommastellen angeben."),
        # A German thousands dot is refused, not read as a decimal point (1.200 € ≠ 1,20 €).
        ("1.200", "Bitte ohne Tausenderpunkt schreiben"),
        ("1.200,50", "Bitte ohne Tausenderpunkt schreiben"),
        ("zwölf", "Zahl"),
    ],
)
def test_bad_amounts_are_refused_and_nothing_is_stored(
    client, member_a, akteur_a, budget_now, amount, message
):
    client.force_login(member_a)

    response = client.post(
        reverse("antraege:neu"),
        antrag_data(budget_now, akteur_a, kosten=(("honorare", "Honorar", amount),)),
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert 'id="id_kosten-0-amount_fehler1"' in page  # tied to the input
    assert "Bitte prüfen Sie den Kostenplan" in page  # and in the summary
    assert not Foerderantrag.objects.exists()


def test_english_amounts_take_the_decimal_point(client, member_a, akteur_a, budget_now):
    client.force_login(member_a)

    client.post(
        reverse("antraege:neu").replace("/mein-bereich/", "/en/mein-bereich/", 1),
        antrag_data(budget_now, akteur_a, kosten=(("honorare", "Honorar", "1.200"),)),
    )

    assert Foerderantrag.objects.get().requested_amount == Decimal("1.20")


def test_trailing_zeros_are_not_extra_decimals(client, member_a, akteur_a, budget_now):
    client.force_login(member_a)

    client.post(
        reverse("antraege:neu"),
        antrag_data(budget_now, akteur_a, kosten=(("honorare", "Honorar", "12,500"),)),
    )

    assert Foerderantrag.objects.get().requested_amount == Decimal("12.50")


def test_a_started_cost_line_must_be_complete(client, member_a, akteur_a, budget_now):
    client.force_login(member_a)

    response = client.post(
        reverse("antraege:neu"),
        antrag_data(budget_now, akteur_a, kosten=(("honorare", "", "100"),)),
    )

    assert "Zeile 1, Beschreibung: Bitte ausfüllen." in response.content.decode()
    assert not Foerderantrag.objects.exists()


def test_bad_amounts_on_edit_leave_the_draft_unchanged(client, member_a, akteur_a, draft_a):
    before = snapshot(draft_a)
    client.force_login(member_a)
    data = antrag_data(draft_a.budget, akteur_a, title="X", kosten=(("miete", "Raum", "-1"),))

    response = client.post(reverse("antraege:bearbeiten", kwargs={"pk": draft_a.pk}), data)

    assert response.status_code == 200
    assert snapshot(draft_a) == before


def test_budgets_of_past_years_and_unknown_budgets_are_refused(
    client, member_a, akteur_a, fachdienst
):
    old = open_budget(fachdienst, year=YEAR - 1)
    client.force_login(member_a)

    response = client.post(reverse("antraege:neu"), antrag_data(old, akteur_a))

    assert response.status_code == 200
    assert 'id="id_budget_fehler1"' in response.content.decode()
    assert not Foerderantrag.objects.exists()


def test_only_the_lead_actors_published_offers_can_be_linked(
    client, member_a, akteur_a, akteur_b, budget_now
):
    foreign = AngebotFactory(akteur=akteur_b)
    client.force_login(member_a)

    response = client.post(
        reverse("antraege:neu"), antrag_data(budget_now, akteur_a, angebote=[foreign.pk])
    )

    assert response.status_code == 200
    assert not Foerderantrag.objects.exists()


def test_an_offer_or_a_new_offer_is_needed(client, member_a, akteur_a, budget_now):
    client.force_login(member_a)

    response = client.post(reverse("antraege:neu"), antrag_data(budget_now, akteur_a, new_offer=""))

    assert "bestehendes Angebot wählen oder das neue Angebot beschreiben" in (
        response.content.decode()
    )
    assert not Foerderantrag.objects.exists()


def test_a_period_ending_before_it_starts_is_refused(client, member_a, akteur_a, budget_now):
    client.force_login(member_a)

    response = client.post(
        reverse("antraege:neu"),
        antrag_data(budget_now, akteur_a, period_start=f"{YEAR}-06-01", period_end=f"{YEAR}-05-01"),
    )

    assert "Das Ende darf nicht vor dem Beginn liegen." in response.content.decode()
    assert not Foerderantrag.objects.exists()


def test_nobody_applies_in_the_name_of_another_actor(client, member_b, akteur_a, budget_now):
    client.force_login(member_b)

    response = client.post(reverse("antraege:neu"), antrag_data(budget_now, akteur_a))

    assert response.status_code == 200
    assert 'id="id_akteur_fehler1"' in response.content.decode()
    assert not Foerderantrag.objects.exists()


# --- Who sees what ---------------------------------------------------------------------------

PAGES = ["detail", "bearbeiten", "einreichen", "mittelabruf", "bericht", "nachweis"]


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_member_of_another_actor_finds_nothing(client, member_b, running_a, name, method):
    before = (snapshot(running_a), Mittelabruf.objects.count(), Quartalsbericht.objects.count())
    client.force_login(member_b)

    response = getattr(client, method)(
        reverse(f"antraege:{name}", kwargs={"pk": running_a.pk}),
        {"amount": "10", "quarter": f"{YEAR}-2", "report": "Bericht"},
    )

    # The page is GET only and submitting POST only: the wrong method is refused (405) before
    # anything is looked up.
    wrong_method = (method, name) in {("get", "einreichen"), ("post", "detail")}
    assert response.status_code == (405 if wrong_method else 404)
    after = (snapshot(running_a), Mittelabruf.objects.count(), Quartalsbericht.objects.count())
    assert after == before


def test_the_list_shows_own_and_partner_applications_with_their_sums(
    client, member_a, akteur_a, akteur_b, fachdienst, budget_now
):
    mine = approved(budget_now, akteur_a, fachdienst, amount="900", title="Eigener Antrag")
    abruf = services.mittelabruf_request(antrag=mine, user=member_a, amount=Decimal("250"))
    services.mittelabruf_decide(abruf=abruf, user=fachdienst, status=Mittelabruf.Status.RELEASED)
    services.mittelabruf_decide(abruf=abruf, user=fachdienst, status=Mittelabruf.Status.PAID)
    partner = make_antrag(budget_now, akteur_b, title="Antrag mit Partner A")
    partner.partners.add(akteur_a)
    make_antrag(budget_now, akteur_b, title="Fremder Antrag")
    client.force_login(member_a)

    response = client.get(reverse("antraege:list"))

    page = response.content.decode()
    assert "Eigener Antrag" in page and "Antrag mit Partner A" in page
    assert "Fremder Antrag" not in page
    assert "Bewilligt" in page and f"Lobeda {YEAR}" in page
    assert "1.000,00 €" in page and "900,00 €" in page and "250,00 €" in page
    assert "Sie sind Partner" in page
    assert "no-cache" in response["Cache-Control"]


def test_a_partner_sees_the_application_but_cannot_change_it(
    client, akteur_a, akteur_b, member_b, budget_now
):
    antrag = make_antrag(budget_now, akteur_a, new_offer="Neu")
    antrag.partners.add(akteur_b)
    before = snapshot(antrag)
    client.force_login(member_b)

    detail = client.get(reverse("antraege:detail", kwargs={"pk": antrag.pk}))
    edit_page = client.get(reverse("antraege:bearbeiten", kwargs={"pk": antrag.pk}))
    edit = client.post(
        reverse("antraege:bearbeiten", kwargs={"pk": antrag.pk}),
        antrag_data(budget_now, akteur_a, title="Vom Partner geändert"),
    )
    submit = client.post(reverse("antraege:einreichen", kwargs={"pk": antrag.pk}))

    assert detail.status_code == 200
    assert "Offener Treff" in detail.content.decode()
    assert reverse("antraege:bearbeiten", kwargs={"pk": antrag.pk}) not in detail.content.decode()
    assert "Ihre Organisation ist Partner" in detail.content.decode()
    assert (edit_page.status_code, edit.status_code, submit.status_code) == (403, 403, 403)
    assert snapshot(antrag) == before


def test_a_partner_cannot_request_money_or_report(
    client, akteur_b, member_b, running_a, fachdienst
):
    running_a.partners.add(akteur_b)
    client.force_login(member_b)

    abruf = client.post(reverse("antraege:mittelabruf", kwargs={"pk": running_a.pk}), {"amount": 1})
    bericht = client.post(
        reverse("antraege:bericht", kwargs={"pk": running_a.pk}), {"quarter": f"{YEAR}-2"}
    )

    assert (abruf.status_code, bericht.status_code) == (403, 403)
    assert not Mittelabruf.objects.exists() and not Quartalsbericht.objects.exists()


def test_the_fachdienst_does_not_write_applications_in_the_provider_area(
    client, fachdienst, draft_a
):
    client.force_login(fachdienst)

    response = client.get(reverse("antraege:bearbeiten", kwargs={"pk": draft_a.pk}))

    assert response.status_code == 404


def test_internal_notes_of_the_fachdienst_are_never_shown(client, member_a, running_a):
    Foerderantrag.objects.filter(pk=running_a.pk).update(internal_note="GEHEIM: Träger wackelt")
    client.force_login(member_a)

    for name in ("detail", "mittelabruf", "bericht", "nachweis"):
        page = client.get(reverse(f"antraege:{name}", kwargs={"pk": running_a.pk}))
        assert "GEHEIM" not in page.content.decode()


# --- After the approval ----------------------------------------------------------------------


def test_member_requests_a_drawdown_and_sees_its_status(client, member_a, running_a):
    client.force_login(member_a)
    url = reverse("antraege:mittelabruf", kwargs={"pk": running_a.pk})

    response = client.post(url, {"amount": "400,00", "note": "Erste Rate"}, follow=True)

    abruf = Mittelabruf.objects.get()
    assert (abruf.amount, abruf.status, abruf.note) == (Decimal("400"), "angefordert", "Erste Rate")
    page = response.content.decode()
    assert "Angefordert" in page and "400,00 €" in page
    assert "500,00 €" in page  # still available


def test_a_drawdown_beyond_the_approved_amount_is_refused(client, member_a, running_a):
    services.mittelabruf_request(antrag=running_a, user=member_a, amount=Decimal("600"))
    client.force_login(member_a)

    response = client.post(
        reverse("antraege:mittelabruf", kwargs={"pk": running_a.pk}), {"amount": "300.01"}
    )

    assert response.status_code == 200
    assert "Abrufbar sind noch 300,00 €." in response.content.decode()
    assert Mittelabruf.objects.count() == 1


def test_no_drawdown_before_the_approval(client, member_a, draft_a):
    client.force_login(member_a)

    response = client.post(
        reverse("antraege:mittelabruf", kwargs={"pk": draft_a.pk}), {"amount": "10"}
    )

    assert "erst nach der Bewilligung" in response.content.decode()
    assert not Mittelabruf.objects.exists()


def test_member_submits_a_quarterly_report(client, member_a, running_a):
    client.force_login(member_a)
    url = reverse("antraege:bericht", kwargs={"pk": running_a.pk})

    form = client.get(url).content.decode()
    response = client.post(
        url,
        {
            "quarter": f"{YEAR}-2",
            "participants": "14",
            "new_participants": "4",
            "sessions": "12",
            "hours": "30",
            "volunteers": "2",
            "partners": "1",
            "wishes": "Mehr Abende",
            "resources": "Der Garten der Kirchgemeinde",
            "cooperations": "Mit der Schule",
        },
    )

    assert f'value="{YEAR}-1"' in form and f'value="{YEAR}-3"' in form
    assert f'value="{YEAR}-4"' not in form  # the period ends in August
    assert response.status_code == 302
    bericht = Quartalsbericht.objects.get()
    assert (bericht.year, bericht.quarter, bericht.participants) == (YEAR, 2, 14)
    assert bericht.wishes == "Mehr Abende"


def test_a_report_for_a_quarter_outside_the_period_is_refused(client, member_a, running_a):
    client.force_login(member_a)

    response = client.post(
        reverse("antraege:bericht", kwargs={"pk": running_a.pk}),
        {"quarter": f"{YEAR}-4", **dict.fromkeys(Quartalsbericht.FIELDS, "1")},
    )

    assert response.status_code == 200
    assert "nicht im Förderzeitraum" in response.content.decode()
    assert not Quartalsbericht.objects.exists()


def test_a_second_report_for_the_same_quarter_is_refused(client, member_a, running_a):
    services_berichte.bericht_submit(antrag=running_a, user=member_a, year=YEAR, quarter=2)
    client.force_login(member_a)

    response = client.post(
        reverse("antraege:bericht", kwargs={"pk": running_a.pk}),
        {"quarter": f"{YEAR}-2", **dict.fromkeys(Quartalsbericht.FIELDS, "1")},
    )

    assert "schon einen Bericht" in response.content.decode()
    assert Quartalsbericht.objects.count() == 1


def nachweis_data(antrag: Foerderantrag, **overrides) -> dict:
    line = antrag.kosten.get()
    data = {
        f"ist_{line.pk}": "870,50",
        "report": "Das Café lief jede Woche.",
        "participants": "38",
        "new_participants": "12",
        "sessions": "22",
        "hours": "66",
        "volunteers": "4",
        "partners": "2",
        "belege-TOTAL_FORMS": "5",
        "belege-INITIAL_FORMS": "0",
        "belege-MIN_NUM_FORMS": "0",
        "belege-MAX_NUM_FORMS": "200",
        "belege-0-number": "R-1",
        "belege-0-date": f"{YEAR}-04-02",
        "belege-0-amount": "500",
        "belege-0-purpose": "Honorar April",
        "belege-1-number": "R-2",
        "belege-1-date": f"{YEAR}-05-02",
        "belege-1-amount": "370.50",
        "belege-1-purpose": "Honorar Mai",
    }
    data.update(overrides)
    return data


def test_proof_of_use_is_stored_with_its_lines_and_receipts(client, member_a, running_a):
    client.force_login(member_a)

    response = client.post(
        reverse("antraege:nachweis", kwargs={"pk": running_a.pk}), nachweis_data(running_a)
    )

    assert response.status_code == 302
    nachweis = running_a.nachweis
    assert nachweis.report == "Das Café lief jede Woche."
    assert nachweis.participants == 38
    assert list(nachweis.positionen.values_list("kostenposition", "actual_amount")) == [
        (running_a.kosten.get().pk, Decimal("870.50"))
    ]
    assert list(nachweis.belege.values_list("number", "amount", "purpose")) == [
        ("R-1", Decimal("500.00"), "Honorar April"),
        ("R-2", Decimal("370.50"), "Honorar Mai"),
    ]
    page = client.get(response["Location"]).content.decode()
    assert "Der Fachdienst prüft den Nachweis noch." in page and "R-2" in page


def test_more_receipt_rows_keep_what_was_typed_and_store_nothing(client, member_a, running_a):
    client.force_login(member_a)

    response = client.post(
        reverse("antraege:nachweis", kwargs={"pk": running_a.pk}),
        nachweis_data(running_a, mehr_belege="1", report=""),
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="belege-TOTAL_FORMS" value="10"' in page
    assert 'value="R-2"' in page and 'value="Honorar Mai"' in page
    assert 'value="870,50"' in page
    assert "Bitte prüfen Sie" not in page  # not validated yet
    assert not Verwendungsnachweis.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"belege-1-number": "R-1"}, "Jede Belegnummer darf nur einmal vorkommen."),
        ({"belege-1-amount": "1,005"}, "höchstens zwei Nachkommastellen"),
        ({"belege-1-date": ""}, "Zeile 2, Datum: Bitte ausfüllen."),
        ({"report": ""}, "Sachbericht"),
    ],
)
def test_a_bad_proof_of_use_stores_nothing(client, member_a, running_a, overrides, message):
    client.force_login(member_a)

    response = client.post(
        reverse("antraege:nachweis", kwargs={"pk": running_a.pk}),
        nachweis_data(running_a, **overrides),
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Verwendungsnachweis.objects.exists()


def test_after_the_review_the_accepted_amount_and_the_refund_are_shown(
    client, member_a, fachdienst, running_a
):
    abruf = services.mittelabruf_request(antrag=running_a, user=member_a, amount=Decimal("900"))
    services.mittelabruf_decide(abruf=abruf, user=fachdienst, status=Mittelabruf.Status.RELEASED)
    services.mittelabruf_decide(abruf=abruf, user=fachdienst, status=Mittelabruf.Status.PAID)
    line = running_a.kosten.get()
    nachweis = services_berichte.nachweis_submit(
        antrag=running_a,
        user=member_a,
        report="Gut gelaufen.",
        actual_costs={line.pk: Decimal("870.50")},
        belege=[],
        outputs={"participants": 30},
    )
    services_berichte.nachweis_review(
        nachweis=nachweis, user=fachdienst, accepted_amount=Decimal("850"), notes="Intern"
    )
    client.force_login(member_a)

    for name in ("detail", "nachweis"):
        page = client.get(reverse(f"antraege:{name}", kwargs={"pk": running_a.pk})).content
        page = page.decode()
        assert "850,00 €" in page
        assert "50,00 € sind zurückzuzahlen." in page


# --- The service behind the form ---------------------------------------------------------------


def test_antrag_save_is_for_the_lead_actors_members_and_drafts_only(member_a, fachdienst, draft_a):
    kosten = [{"category": "miete", "description": "Raum", "amount": Decimal("10")}]
    save = {"partners": [], "angebote": [], "kosten": kosten}

    with pytest.raises(PermissionDenied):
        services_antrag.antrag_save(antrag=draft_a, user=fachdienst, **save)
    services.antrag_submit(antrag=draft_a, user=member_a)
    draft_a.refresh_from_db()
    with pytest.raises(ValidationError, match="nicht mehr bearbeitet"):
        services_antrag.antrag_save(antrag=draft_a, user=member_a, **save)
    assert kosten_of(draft_a) == [("honorare", "Honorare", Decimal("800.00"))]


def test_unchanged_cost_lines_are_not_saved_again(member_a, draft_a):
    line = draft_a.kosten.get()
    versions = line.history.count()

    services_antrag.antrag_save(
        antrag=draft_a,
        user=member_a,
        partners=[],
        angebote=[],
        kosten=[{"id": line.pk, "category": "honorare", "description": "Honorare", "amount": 800}],
    )

    assert line.history.count() == versions
    assert draft_a.kosten.get().pk == line.pk


def test_a_cost_line_id_of_another_application_makes_a_new_line(member_a, akteur_b, draft_a):
    other = make_antrag(draft_a.budget, akteur_b)
    foreign_line = other.kosten.get()

    services_antrag.antrag_save(
        antrag=draft_a,
        user=member_a,
        partners=[],
        angebote=[],
        kosten=[{"id": foreign_line.pk, "category": "miete", "description": "X", "amount": 5}],
    )

    assert kosten_of(draft_a) == [("miete", "X", Decimal("5.00"))]
    assert kosten_of(other) == [("honorare", "Honorare", Decimal("1000.00"))]
