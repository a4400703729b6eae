"""Demo budgets: both years in every space, applications in every status, the invariants of
real data, and a second load that adds nothing. (Each test loads the whole demo, about four
seconds, so related checks share a test.)"""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from budgets import services
from budgets.demo import demo_budgets_seed
from budgets.models import (
    Angebotsbudget,
    Budgetbuchung,
    Foerderantrag,
    Massnahme,
    Mittelabruf,
    Quartalsbericht,
    Ziel,
)
from budgets.services_berichte import refund_due
from sozialraeume.models import Sozialraum, User
from tests.factories import AkteurFactory


@pytest.fixture
def demo(db):
    call_command("load_jena", "--demo", verbosity=0)


def counts() -> dict[str, int]:
    models = [
        Angebotsbudget,
        Budgetbuchung,
        Foerderantrag,
        Mittelabruf,
        Quartalsbericht,
        Ziel,
        Massnahme,
        User,
    ]
    return {model.__name__: model.objects.count() for model in models}


def test_demo_has_budgets_for_this_and_last_year_in_every_space(demo):
    year = timezone.localdate().year
    for space in Sozialraum.objects.all():
        assert set(space.budgets.values_list("year", flat=True)) == {year - 1, year}, space
        for budget in space.budgets.all():
            assert budget.buchungen.filter(kind="ansatz").count() == 1
    assert Budgetbuchung.objects.filter(kind="erhoehung").exists()
    transfer_in = Budgetbuchung.objects.filter(kind="umschichtung-zu")
    assert transfer_in.exists()
    assert all(booking.counterpart.kind == "umschichtung-ab" for booking in transfer_in)
    # Booked in the name of an account nobody can log in with.
    system = User.objects.filter(pk__in=Budgetbuchung.objects.values("author")).get()
    assert system.is_fachdienst
    assert not system.is_active
    assert not system.has_usable_password()
    for budget in Angebotsbudget.objects.all():
        assert services.budget_approved(budget) <= services.budget_amount(budget), budget


def test_demo_applications_cover_every_status_with_drawdowns_reports_and_goals(demo):
    antraege = Foerderantrag.objects.all()
    assert set(antraege.values_list("status", flat=True)) == set(Foerderantrag.Status.values)
    assert not antraege.exclude(akteur__is_sample=True).exists()
    assert all(antrag.kosten.exists() for antrag in antraege)
    assert antraege.filter(status="entwurf").exclude(review_comment="").exists()
    # The rules of the application form: the lead's own offers or a described new offer.
    assert antraege.filter(angebote__isnull=False).exists()
    for antrag in antraege:
        assert all(angebot.akteur_id == antrag.akteur_id for angebot in antrag.angebote.all())
        assert antrag.angebote.exists() or antrag.new_offer
        assert antrag.akteur not in antrag.partners.all()
    for antrag in Foerderantrag.objects.filter(
        status__in=["bewilligt", "laufend", "abgeschlossen"]
    ):
        assert antrag.approved_amount <= antrag.requested_amount
        assert services.antrag_paid(antrag) <= antrag.approved_amount
    assert set(Mittelabruf.objects.values_list("status", flat=True)) >= {
        "angefordert",
        "freigegeben",
        "ausgezahlt",
    }
    running = Quartalsbericht.objects.filter(antrag__status="laufend")
    assert running.exists()
    assert running.filter(talk_date__isnull=False).exclude(talk_agreements="").exists()
    closed = Foerderantrag.objects.filter(status="abgeschlossen")
    assert all(antrag.nachweis.reviewed_at for antrag in closed)
    assert any(refund_due(antrag.nachweis) > Decimal("0") for antrag in closed)
    assert set(Massnahme.objects.values_list("status", flat=True)) == set(Massnahme.Status.values)
    for space in Sozialraum.objects.all():
        assert Ziel.objects.filter(sozialraum=space, year=timezone.localdate().year).exists()


def test_loading_the_demo_again_adds_nothing(demo):
    before = counts()

    call_command("load_jena", "--demo", verbosity=0)

    assert counts() == before


@pytest.mark.parametrize("today", [date(2027, 1, 4), date(2027, 7, 1), date(2027, 12, 31)])
def test_demo_works_on_any_day_of_the_year(db, today):
    """Which quarters have ended depends on the day the demo is loaded."""
    AkteurFactory(is_sample=True)

    assert demo_budgets_seed(today=today) > 0

    assert set(Angebotsbudget.objects.values_list("year", flat=True)) == {2026, 2027}
    assert set(Foerderantrag.objects.values_list("status", flat=True)) == set(
        Foerderantrag.Status.values
    )
    assert Quartalsbericht.objects.filter(talk_date__isnull=False).exists()
