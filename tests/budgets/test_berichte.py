"""Quarterly reports, steering talks, overdue reports, proof of use, review and refund."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from budgets import services, services_berichte
from budgets.models import Foerderantrag, Mittelabruf
from tests.budgets.conftest import make_antrag

S = Foerderantrag.Status


@pytest.fixture
def running(budget, akteur_a, fachdienst):
    antrag = make_antrag(
        budget,
        akteur_a,
        requested=Decimal("1000"),
        status=S.IN_REVIEW,
        period_start=date(2026, 3, 15),
        period_end=date(2026, 8, 31),
    )
    services.antrag_approve(antrag=antrag, user=fachdienst, amount=Decimal("900"))
    services.antrag_start(antrag=antrag, user=fachdienst)
    antrag.refresh_from_db()
    return antrag


def test_quarters_of_the_period():
    antrag = Foerderantrag(period_start=date(2026, 3, 15), period_end=date(2026, 8, 31))
    assert services_berichte.quarters_of(antrag) == [(2026, 1), (2026, 2), (2026, 3)]
    assert services_berichte.quarter_bounds(2026, 4) == (date(2026, 10, 1), date(2026, 12, 31))


def test_report_for_a_quarter_outside_the_period_is_refused(running, member_a):
    with pytest.raises(ValidationError, match="nicht im Förderzeitraum"):
        services_berichte.bericht_submit(antrag=running, user=member_a, year=2026, quarter=4)
    services_berichte.bericht_submit(
        antrag=running, user=member_a, year=2026, quarter=2, participants=14, wishes="Mehr Abende"
    )
    with pytest.raises(ValidationError, match="schon einen Bericht"):
        services_berichte.bericht_submit(antrag=running, user=member_a, year=2026, quarter=2)
    assert running.berichte.count() == 1


def test_only_members_report_and_only_the_fachdienst_records_the_talk(
    running, member_a, member_b, fachdienst
):
    with pytest.raises(PermissionDenied):
        services_berichte.bericht_submit(antrag=running, user=member_b, year=2026, quarter=1)
    bericht = services_berichte.bericht_submit(antrag=running, user=member_a, year=2026, quarter=1)
    talk = {"talk_date": date(2026, 4, 10), "participants": "Träger, Fachdienst"}
    with pytest.raises(PermissionDenied):
        services_berichte.gespraech_record(
            bericht=bericht, user=member_a, notes="", agreements="", **talk
        )
    services_berichte.gespraech_record(
        bericht=bericht, user=fachdienst, notes="Gut angelaufen", agreements="Mehr Werbung", **talk
    )
    bericht.refresh_from_db()
    assert bericht.talk_agreements == "Mehr Werbung"


def test_missing_reports_are_flagged_after_the_quarter_ends(running, member_a):
    services_berichte.bericht_submit(antrag=running, user=member_a, year=2026, quarter=1)

    overdue = services_berichte.reports_overdue(today=date(2026, 10, 2))

    assert [(a.pk, y, q) for a, y, q in overdue] == [(running.pk, 2026, 2), (running.pk, 2026, 3)]
    assert services_berichte.reports_overdue(today=date(2026, 6, 30)) == []


def test_proof_of_use_review_computes_the_refund_and_closes(running, member_a, fachdienst):
    abruf = services.mittelabruf_request(antrag=running, user=member_a, amount=Decimal("900"))
    services.mittelabruf_decide(abruf=abruf, user=fachdienst, status=Mittelabruf.Status.RELEASED)
    services.mittelabruf_decide(abruf=abruf, user=fachdienst, status=Mittelabruf.Status.PAID)
    line = running.kosten.get()
    receipts = [
        {"number": "R-1", "date": date(2026, 5, 2), "amount": Decimal("500"), "purpose": "Honorar"},
        {"number": "R-2", "date": date(2026, 7, 2), "amount": Decimal("250"), "purpose": "Honorar"},
    ]
    nachweis = services_berichte.nachweis_submit(
        antrag=running,
        user=member_a,
        report="Zwölf Abende mit 15 Menschen.",
        actual_costs={line.pk: Decimal("750.00")},
        belege=receipts,
        outputs={"participants": 15, "sessions": 12},
    )
    sums = services_berichte.nachweis_arithmetic(nachweis)
    assert sums == {
        "planned": Decimal("1000"),
        "actual": Decimal("750"),
        "receipts": Decimal("750"),
        "receipts_gap": Decimal("0"),
        "paid": Decimal("900"),
    }
    with pytest.raises(ValidationError, match="0 bis 750"):
        services_berichte.nachweis_review(
            nachweis=nachweis, user=fachdienst, accepted_amount=Decimal("800")
        )

    services_berichte.nachweis_review(
        nachweis=nachweis, user=fachdienst, accepted_amount=Decimal("700")
    )

    nachweis.refresh_from_db()
    assert services_berichte.refund_due(nachweis) == Decimal("200")
    assert Foerderantrag.objects.get(pk=running.pk).status == S.CLOSED


def test_proof_of_use_needs_every_plan_line(running, member_a):
    with pytest.raises(ValidationError, match="jede Zeile"):
        services_berichte.nachweis_submit(
            antrag=running, user=member_a, report="x", actual_costs={}, belege=[], outputs={}
        )
