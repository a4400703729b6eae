"""Sample offer budgets for development and demonstrations, loaded by `load_jena --demo`:
budgets for the current and the last year in every social space, applications by sample actors
in every status with drawdowns, quarterly reports and proofs of use (budgets.demo_antraege), and
goals with actions (budgets.demo_ziele). Bookings, transitions, drawdowns, reports and proofs go
through the services, so the ledger, the state machine and "approved ≤ budget" hold as they do
for real data.

The Fachdienst's part (bookings, decisions, payments) needs a Fachdienst account, and none need
exist when `load_jena --demo` runs. The data is booked by a dedicated "System" account
instead: inactive, without a usable password, so nobody can log in with it; it only names the
author in the ledger and the audit trail. The services check that the acting account is active
Fachdienst staff, so the seed hands them the system account with `is_active` set in memory
only; the stored row stays inactive.
"""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from budgets import services
from budgets.demo_antraege import PLANS, demo_antrag_create
from budgets.demo_ziele import demo_ziele_create
from budgets.models import Angebotsbudget
from sozialraeume.models import Akteur, Sozialraum, User

SYSTEM_EMAIL = "system@demo.jena.example"

# Initial amount of the current year per space; the last year had 90 % of it.
AMOUNTS = {
    "lobeda": Decimal("60000"),
    "winzerla": Decimal("48000"),
    "west-zentrum": Decimal("42000"),
    "nord": Decimal("38000"),
    "ost": Decimal("30000"),
}


def system_user() -> User:
    """The inactive account the demo bookings are made in the name of (see the module text)."""
    user = User.objects.filter(email__iexact=SYSTEM_EMAIL).first()
    if user is None:
        user = User.objects.create_user(
            email=SYSTEM_EMAIL,
            password=None,  # unusable: nobody logs in as the system
            name="System (Beispieldaten)",
            is_fachdienst=True,
            is_active=False,
        )
    user.is_active = True  # in memory only, for the services' checks; never saved
    return user


@transaction.atomic
def demo_budgets_seed(*, today: date | None = None) -> int:
    """Create the sample budgets, applications and goals; returns the number of applications
    (0 when there are no sample actors to apply)."""
    today = today or timezone.localdate()
    actors = list(Akteur.objects.filter(is_sample=True).prefetch_related("sozialraeume"))
    if not actors:
        return 0
    user = system_user()
    spaces = {space.slug: space for space in Sozialraum.objects.filter(slug__in=AMOUNTS)}
    for years_ago, share in ((1, Decimal("0.9")), (0, Decimal("1"))):
        _budgets(spaces, today.year - years_ago, share, user)
    for number, plan in enumerate(PLANS):
        demo_antrag_create(
            plan=plan,
            number=number,
            space=spaces[plan.space],
            actors=actors,
            user=user,
            today=today,
        )
    for years_ago in (1, 0):
        for index, space in enumerate(spaces.values()):
            demo_ziele_create(
                space=space,
                year=today.year - years_ago,
                index=index,
                actors=actors,
                done=bool(years_ago),
            )
    return len(PLANS)


def _budgets(spaces: dict[str, Sozialraum], year: int, share: Decimal, user: User) -> None:
    """Initial amounts (`share` of AMOUNTS), one increase and one reallocation."""
    budgets = {}
    for slug, space in spaces.items():
        budget = Angebotsbudget(sozialraum=space, year=year)
        budget.full_clean()
        budget.save()
        services.budget_book(
            budget=budget,
            kind="ansatz",
            amount=AMOUNTS[slug] * share,
            reason=f"Ansatz im Haushalt {year}",
            user=user,
        )
        budgets[slug] = budget
    services.budget_book(
        budget=budgets["lobeda"],
        kind="erhoehung",
        amount=Decimal("5000"),
        reason="Nachtragshaushalt: mehr Angebote in den Schulferien",
        user=user,
    )
    services.budget_reallocate(
        source=budgets["nord"],
        target=budgets["ost"],
        amount=Decimal("4000"),
        reason="Umschichtung: im Sozialraum Ost mehr Anträge als Mittel",
        user=user,
    )
