"""Budgets: the append-only ledger, the application state machine, approvals that never
exceed a budget (also in parallel), reallocations and drawdowns."""

import itertools
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection, connections, transaction

from budgets import services
from budgets.models import Angebotsbudget, Budgetbuchung, Foerderantrag, Mittelabruf
from sozialraeume.models import Sozialraum
from tests.budgets.conftest import make_antrag

S = Foerderantrag.Status


# --- Ledger ---------------------------------------------------------------------------------


def test_budget_amount_is_the_sum_of_its_bookings(budget, fachdienst):
    services.budget_book(
        budget=budget,
        kind="erhoehung",
        amount=Decimal("2500.50"),
        reason="Nachtrag",
        user=fachdienst,
    )
    services.budget_book(
        budget=budget, kind="kuerzung", amount=Decimal("500"), reason="Sperre", user=fachdienst
    )

    assert services.budget_amount(budget) == Decimal("12000.50")
    assert [b.amount for b in budget.buchungen.all()] == [
        Decimal("10000.00"),
        Decimal("2500.50"),
        Decimal("-500.00"),
    ]


def test_bookings_are_never_updated_or_deleted(budget):
    booking = budget.buchungen.get()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        Budgetbuchung.objects.filter(pk=booking.pk).update(amount=Decimal("99999"))
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM budgets_budgetbuchung WHERE id = %s", [booking.pk])
    assert services.budget_amount(budget) == Decimal("10000")


def test_amounts_with_more_than_two_decimals_or_not_positive_are_refused(budget, fachdienst):
    for amount in (Decimal("10.001"), Decimal("0"), Decimal("-5")):
        with pytest.raises(ValidationError):
            services.budget_book(
                budget=budget, kind="erhoehung", amount=amount, reason="x", user=fachdienst
            )
    assert budget.buchungen.count() == 1


def test_only_the_fachdienst_books(budget, member_a):
    with pytest.raises(PermissionDenied):
        services.budget_book(
            budget=budget, kind="erhoehung", amount=Decimal("1"), reason="x", user=member_a
        )


def test_reallocation_moves_money_with_two_linked_bookings(budget, fachdienst):
    nord = Angebotsbudget.objects.create(sozialraum=Sozialraum.objects.get(slug="nord"), year=2026)

    out, into = services.budget_reallocate(
        source=budget,
        target=nord,
        amount=Decimal("3000"),
        reason="Nord hat Lücken",
        user=fachdienst,
    )

    assert services.budget_amount(budget) == Decimal("7000")
    assert services.budget_amount(nord) == Decimal("3000")
    assert into.counterpart == out and out.author == fachdienst


def test_decrease_or_reallocation_cannot_go_below_what_is_approved(budget, fachdienst, akteur_a):
    antrag = make_antrag(budget, akteur_a, requested=Decimal("8000"), status=S.IN_REVIEW)
    services.antrag_approve(antrag=antrag, user=fachdienst, amount=Decimal("8000"))
    nord = Angebotsbudget.objects.create(sozialraum=Sozialraum.objects.get(slug="nord"), year=2026)

    with pytest.raises(ValidationError, match="bewilligte Summe"):
        services.budget_reallocate(
            source=budget, target=nord, amount=Decimal("2000.01"), reason="x", user=fachdienst
        )
    with pytest.raises(ValidationError, match="bewilligte Summe"):
        services.budget_book(
            budget=budget, kind="kuerzung", amount=Decimal("2000.01"), reason="x", user=fachdienst
        )
    services.budget_reallocate(
        source=budget, target=nord, amount=Decimal("2000"), reason="x", user=fachdienst
    )
    assert services.budget_amount(budget) == Decimal("8000")


# --- State machine --------------------------------------------------------------------------

ACTIONS = {
    S.SUBMITTED: lambda a, u: services.antrag_submit(antrag=a, user=u),
    S.IN_REVIEW: lambda a, u: services.antrag_start_review(antrag=a, user=u),
    S.DRAFT: lambda a, u: services.antrag_send_back(antrag=a, user=u, comment="Bitte ergänzen"),
    S.APPROVED: lambda a, u: services.antrag_approve(antrag=a, user=u, amount=Decimal("500")),
    S.REJECTED: lambda a, u: services.antrag_reject(antrag=a, user=u, reason="Kein Bezug"),
    S.RUNNING: lambda a, u: services.antrag_start(antrag=a, user=u),
    S.CLOSED: lambda a, u: services.antrag_close(antrag=a, user=u),
}


@pytest.mark.parametrize("current,target", list(itertools.product(S.values, S.values)))
def test_every_legal_transition_works_and_every_illegal_one_is_refused(
    current, target, budget, akteur_a, member_a, fachdienst
):
    approved = Decimal("500") if current in (S.APPROVED, S.RUNNING, S.CLOSED) else None
    antrag = make_antrag(budget, akteur_a, status=current, approved_amount=approved)
    who = services.TRANSITIONS.get((current, target))
    user = member_a if who == "provider" else fachdienst

    if who is None:
        with pytest.raises(ValidationError):
            ACTIONS[target](antrag, user)
        antrag.refresh_from_db()
        assert antrag.status == current
    else:
        ACTIONS[target](antrag, user)
        antrag.refresh_from_db()
        assert antrag.status == target
        assert antrag.history.first().history_user == user


def test_the_provider_cannot_decide_and_the_fachdienst_does_not_submit(
    budget, akteur_a, member_a, member_b
):
    antrag = make_antrag(budget, akteur_a, status=S.IN_REVIEW)
    with pytest.raises(PermissionDenied):
        services.antrag_approve(antrag=antrag, user=member_a, amount=Decimal("1"))
    draft = make_antrag(budget, akteur_a)
    with pytest.raises(PermissionDenied):
        services.antrag_submit(antrag=draft, user=member_b)
    assert Foerderantrag.objects.get(pk=draft.pk).status == S.DRAFT


def test_approval_is_limited_by_request_and_budget(budget, akteur_a, fachdienst):
    antrag = make_antrag(budget, akteur_a, requested=Decimal("12000"), status=S.IN_REVIEW)
    with pytest.raises(ValidationError, match=r"nur noch 10\.000,00 €"):
        services.antrag_approve(antrag=antrag, user=fachdienst, amount=Decimal("11000"))
    small = make_antrag(budget, akteur_a, requested=Decimal("300"), status=S.IN_REVIEW)
    with pytest.raises(ValidationError, match="höchstens der beantragte Betrag"):
        services.antrag_approve(antrag=small, user=fachdienst, amount=Decimal("300.01"))
    services.antrag_approve(
        antrag=small, user=fachdienst, amount=Decimal("250"), conditions="Bericht"
    )
    small.refresh_from_db()
    assert (small.status, small.approved_amount, small.conditions) == (
        S.APPROVED,
        Decimal("250"),
        "Bericht",
    )


def test_submitting_needs_a_cost_plan(budget, akteur_a, member_a):
    antrag = make_antrag(budget, akteur_a)
    antrag.kosten.all().delete()
    with pytest.raises(ValidationError, match="Kostenposition"):
        services.antrag_submit(antrag=antrag, user=member_a)
    assert Foerderantrag.objects.get(pk=antrag.pk).status == S.DRAFT


# --- Drawdowns ------------------------------------------------------------------------------


def test_drawdowns_never_exceed_the_approved_amount(budget, akteur_a, member_a, fachdienst):
    antrag = make_antrag(budget, akteur_a, status=S.IN_REVIEW)
    services.antrag_approve(antrag=antrag, user=fachdienst, amount=Decimal("800"))
    first = services.mittelabruf_request(antrag=antrag, user=member_a, amount=Decimal("500"))
    with pytest.raises(ValidationError, match="300"):
        services.mittelabruf_request(antrag=antrag, user=member_a, amount=Decimal("300.01"))
    services.mittelabruf_decide(abruf=first, user=fachdienst, status=Mittelabruf.Status.RELEASED)
    services.mittelabruf_decide(abruf=first, user=fachdienst, status=Mittelabruf.Status.PAID)
    with pytest.raises(ValidationError):
        services.mittelabruf_decide(
            abruf=first, user=fachdienst, status=Mittelabruf.Status.RELEASED
        )
    assert services.antrag_paid(antrag) == Decimal("500")


def test_no_drawdown_before_approval(budget, akteur_a, member_a):
    antrag = make_antrag(budget, akteur_a, status=S.SUBMITTED)
    with pytest.raises(ValidationError, match="nach der Bewilligung"):
        services.mittelabruf_request(antrag=antrag, user=member_a, amount=Decimal("1"))


# --- Concurrency ----------------------------------------------------------------------------


def run_in_threads(calls) -> list[str]:
    barrier = threading.Barrier(len(calls))
    outcomes, lock = [], threading.Lock()

    def run(call):
        try:
            barrier.wait()
            call()
            result = "ok"
        except ValidationError as error:
            result = "refused: " + " ".join(error.messages)
        except Exception as error:  # would reach the user as a server error
            result = f"error: {error!r}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_approvals_never_exceed_the_budget(jena, akteur_a, fachdienst):
    budget = Angebotsbudget.objects.create(sozialraum=Sozialraum.objects.get(slug="ost"), year=2026)
    services.budget_book(
        budget=budget, kind="ansatz", amount=Decimal("10000"), reason="Haushalt", user=fachdienst
    )
    antraege = [
        make_antrag(
            budget, akteur_a, requested=Decimal("1500"), status=S.IN_REVIEW, title=f"Projekt {n}"
        )
        for n in range(20)
    ]

    outcomes = run_in_threads(
        [
            lambda a=a: services.antrag_approve(antrag=a, user=fachdienst, amount=Decimal("1500"))
            for a in antraege
        ]
    )

    assert outcomes.count("ok") == 6  # 6 * 1500 = 9000; a seventh would need 10500
    refused = [o for o in outcomes if o != "ok"]
    assert len(refused) == 14 and all(o.startswith("refused: ") and "frei" in o for o in refused)
    assert services.budget_approved(budget) == Decimal("9000") <= services.budget_amount(budget)


@pytest.mark.django_db(transaction=True)
def test_a_reallocation_racing_approvals_cannot_break_the_invariant(jena, akteur_a, fachdienst):
    budget = Angebotsbudget.objects.create(
        sozialraum=Sozialraum.objects.get(slug="nord"), year=2026
    )
    other = Angebotsbudget.objects.create(sozialraum=Sozialraum.objects.get(slug="ost"), year=2026)
    services.budget_book(
        budget=budget, kind="ansatz", amount=Decimal("10000"), reason="Haushalt", user=fachdienst
    )
    antraege = [
        make_antrag(budget, akteur_a, requested=Decimal("2000"), status=S.IN_REVIEW, title=f"P{n}")
        for n in range(5)
    ]
    calls = [
        lambda a=a: services.antrag_approve(antrag=a, user=fachdienst, amount=Decimal("2000"))
        for a in antraege
    ]
    calls += [
        lambda: services.budget_reallocate(
            source=budget, target=other, amount=Decimal("3000"), reason="x", user=fachdienst
        )
        for _ in range(3)
    ]

    outcomes = run_in_threads(calls)

    assert not [o for o in outcomes if o.startswith("error")], outcomes
    assert services.budget_approved(budget) <= services.budget_amount(budget)
    assert services.budget_amount(budget) + services.budget_amount(other) == Decimal("10000")
