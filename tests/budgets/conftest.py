"""Fixtures for budgets: a budget of 10,000 € for Lobeda 2026 and applications to it."""

from datetime import date
from decimal import Decimal

import pytest

from budgets import services
from budgets.models import Angebotsbudget, Foerderantrag, Kostenposition
from sozialraeume.models import Sozialraum

S = Foerderantrag.Status


@pytest.fixture
def budget(fachdienst):
    budget = Angebotsbudget.objects.create(
        sozialraum=Sozialraum.objects.get(slug="lobeda"), year=2026
    )
    services.budget_book(
        budget=budget,
        kind="ansatz",
        amount=Decimal("10000"),
        reason="Haushalt 2026",
        user=fachdienst,
    )
    return budget


def make_antrag(budget, akteur, requested=Decimal("1000"), status=S.DRAFT, **fields):
    antrag = Foerderantrag.objects.create(
        budget=budget,
        akteur=akteur,
        title=fields.pop("title", "Offener Treff"),
        description="Ein Treff für alle.",
        goals="Begegnung",
        period_start=fields.pop("period_start", date(2026, 1, 1)),
        period_end=fields.pop("period_end", date(2026, 12, 31)),
        status=status,
        **fields,
    )
    Kostenposition.objects.create(
        antrag=antrag, category="honorare", description="Honorare", amount=requested
    )
    return antrag
