"""Reads for the social-space profiles (/sozialraeume/<slug>/) and their comparison
(/sozialraeume/vergleich/): what each space has and where it lies below the city average.

Every figure comes from one grouped query over all five spaces, so the cost is a fixed number
of queries (eleven) whatever the number of offers, rooms, actors or ideas. A profile reads the
same figures as the comparison, so the two pages never disagree.

Definitions (also on the pages):
- Offers are the public ones (angebote.selectors.angebote_public): published, current and
  checked within FRESHNESS_HIDE_DAYS. Drafts, offers in review, archived, expired and stale
  offers do not count anywhere.
- An offer is "barrierearm" (accessible) when it has at least one feature of the
  accessibility vocabulary (Merkmal), whichever: physical, sensory or communication. One
  feature does not make an offer accessible to everyone, hence not "barrierefrei".
- "Checked" means checked, or created if never checked, within FRESHNESS_REMIND_DAYS
  (angebote.selectors.checked_since), the interval after which providers are reminded.
- The city average of offers per 1,000 residents is all public offers divided by all
  residents of the latest year, not the mean of the five spaces' rates; the shares likewise.
- "Below the city average" means at least one whole offer short of it: the space would need
  one offer more (or one more free, accessible… offer among its own) to reach the city's
  rate. Decided on exact fractions, never on rounded figures (GAP_MIN_SHORTFALL).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone

from angebote.models import Angebot, Kategorie, Raum
from angebote.selectors import angebote_public, checked_since
from budgets.models import Angebotsbudget
from budgets.selectors import budgets_with_figures
from sozialraeume.models import Akteur, Idee, Konferenz, Population, Sozialraum

# The indicators on which a space can lie below the city average, in the order of the pages.
GAP_INDICATORS = ["per_1000", "free_share", "accessible_share", "easy_share", "checked_share"]
# A space is below the city average when it lacks at least one whole offer to reach it: less
# is rounding noise (3 offers where the city's rate would give 3.07), not a gap to act on.
GAP_MIN_SHORTFALL = 1


@dataclass(frozen=True)
class Ratio:
    """`count` per `per` of `base` (offers per 1,000 residents, a share in per cent)."""

    count: int
    base: int
    per: int

    @property
    def value(self) -> Decimal | None:
        """The ratio, unrounded to the template's precision; None without a base."""
        if not self.base:
            return None
        return Decimal(self.count * self.per) / Decimal(self.base)

    @property
    def magnitude(self) -> Decimal | None:
        """The value without its sign ("3 % fewer" rather than "-3 % more")."""
        value = self.value
        return None if value is None else abs(value)

    def shortfall(self, other: "Ratio") -> Fraction | None:
        """How many more of `count` this would need to reach `other`'s ratio on its own base
        (for offers per 1,000 residents: the offers missing to the city average)."""
        if not self.base or not other.base:
            return None
        return Fraction(other.count * self.base, other.base) - self.count

    def relation(self, other: "Ratio") -> str:
        """Where this lies against `other`: "below" or "above" by at least GAP_MIN_SHORTFALL
        whole units, else "about"; "" when either has no base. Decided on exact fractions."""
        shortfall = self.shortfall(other)
        if shortfall is None:
            return ""
        if shortfall >= GAP_MIN_SHORTFALL:
            return "below"
        return "above" if shortfall <= -GAP_MIN_SHORTFALL else "about"

    def is_below(self, other: "Ratio") -> bool:
        return self.relation(other) == "below"


@dataclass(frozen=True)
class Tally:
    """A label with a number (a category's offers, ideas in one status)."""

    key: str
    label: str
    count: int


@dataclass
class Figures:
    """The counts of one space, or of the whole city; the ratios derive from them."""

    residents: int = 0
    residents_first: int = 0
    offers: int = 0
    free: int = 0
    accessible: int = 0
    easy: int = 0
    checked: int = 0
    rooms: int = 0
    actors: int = 0
    categories: list[Tally] = field(default_factory=list)
    ideas: list[Tally] = field(default_factory=list)
    budget_amount: Decimal | None = None
    budget_approved: Decimal | None = None

    @property
    def trend(self) -> Ratio:
        """Change of residents from the first to the latest year, in per cent."""
        return Ratio(self.residents - self.residents_first, self.residents_first, 100)

    @property
    def per_1000(self) -> Ratio:
        return Ratio(self.offers, self.residents, 1000)

    @property
    def free_share(self) -> Ratio:
        return Ratio(self.free, self.offers, 100)

    @property
    def accessible_share(self) -> Ratio:
        return Ratio(self.accessible, self.offers, 100)

    @property
    def easy_share(self) -> Ratio:
        return Ratio(self.easy, self.offers, 100)

    @property
    def checked_share(self) -> Ratio:
        return Ratio(self.checked, self.offers, 100)

    @property
    def ideas_total(self) -> int:
        return sum(item.count for item in self.ideas)


@dataclass
class SpaceProfile(Figures):
    sozialraum: Sozialraum | None = None
    budget: Angebotsbudget | None = None
    next_konferenz: Konferenz | None = None
    city: Figures | None = None
    first_year: int | None = None  # of the population figures
    latest_year: int | None = None
    budget_year: int | None = None

    @property
    def relation(self) -> dict[str, str]:
        """Per indicator of GAP_INDICATORS: "below", "about" or "above" the city average."""
        return {
            name: getattr(self, name).relation(getattr(self.city, name)) for name in GAP_INDICATORS
        }

    @property
    def below(self) -> dict[str, bool]:
        return {name: value == "below" for name, value in self.relation.items()}

    @property
    def shortfall(self) -> dict[str, Decimal | None]:
        """Per indicator: the offers missing to the city average (negative: more than it)."""
        result = {}
        for name in GAP_INDICATORS:
            missing = getattr(self, name).shortfall(getattr(self.city, name))
            result[name] = (
                None if missing is None else Decimal(missing.numerator) / missing.denominator
            )
        return result

    @property
    def gaps(self) -> list[str]:
        return [name for name, below in self.below.items() if below]


@dataclass
class Comparison:
    spaces: list[SpaceProfile]
    city: Figures
    first_year: int | None
    latest_year: int | None
    budget_year: int
    # Rows for tables with the spaces as columns: (label, counts per space, city count).
    category_rows: list[tuple[str, list[int], int]]
    idea_rows: list[tuple[str, list[int], int]]


def comparison(today: date | None = None) -> Comparison:
    """The indicators of all social spaces and the city, in a fixed number of queries."""
    today = today or timezone.localdate()
    spaces = list(Sozialraum.objects.defer("boundary").order_by("position", "name"))
    first_year, latest_year, residents = _residents()
    offers = _offer_counts(today)
    kategorien = list(Kategorie.objects.order_by("position", "name"))
    per_category = _grouped(angebote_public(today), "kategorien", Count("pk"))
    ideas = _grouped(
        Idee.objects.filter(moderation=Idee.Moderation.PUBLISHED), "status", Count("pk")
    )
    rooms = dict(
        Raum.objects.filter(is_active=True)
        .order_by()
        .values_list("sozialraum_id")
        .annotate(n=Count("pk"))
    )
    through = Akteur.sozialraeume.through.objects.order_by()
    actors = dict(through.values_list("sozialraum_id").annotate(n=Count("akteur_id")))
    budgets = {b.sozialraum_id: b for b in budgets_with_figures(today.year)}
    konferenzen = {k.sozialraum_id: k for k in _next_konferenzen()}

    city = Figures(
        residents=sum(first_last[1] for first_last in residents.values()),
        residents_first=sum(first_last[0] for first_last in residents.values()),
        rooms=sum(rooms.values()),
        # An actor working in several spaces counts once for the city.
        actors=through.aggregate(n=Count("akteur_id", distinct=True))["n"],
        **{name: sum(row[name] for row in offers.values()) for name in OFFER_COUNTS},
    )
    profiles = []
    for space in spaces:
        first, latest = residents.get(space.pk, (0, 0))
        budget = budgets.get(space.pk)
        profiles.append(
            SpaceProfile(
                sozialraum=space,
                residents=latest,
                residents_first=first,
                rooms=rooms.get(space.pk, 0),
                actors=actors.get(space.pk, 0),
                categories=[
                    Tally(k.code, k.label, per_category[space.pk].get(k.pk, 0)) for k in kategorien
                ],
                ideas=[
                    Tally(value, label, ideas[space.pk].get(value, 0))
                    for value, label in Idee.Status.choices
                ],
                budget=budget,
                budget_amount=budget.ledger_amount if budget else None,
                budget_approved=budget.approved if budget else None,
                next_konferenz=konferenzen.get(space.pk),
                city=city,
                first_year=first_year,
                latest_year=latest_year,
                budget_year=today.year,
                **offers.get(space.pk, dict.fromkeys(OFFER_COUNTS, 0)),
            )
        )
    city.categories = [
        Tally(k.code, k.label, sum(p.categories[i].count for p in profiles))
        for i, k in enumerate(kategorien)
    ]
    city.ideas = [
        Tally(value, label, sum(p.ideas[i].count for p in profiles))
        for i, (value, label) in enumerate(Idee.Status.choices)
    ]
    if budgets:
        city.budget_amount = sum((b.ledger_amount for b in budgets.values()), Decimal("0"))
        city.budget_approved = sum((b.approved for b in budgets.values()), Decimal("0"))
    return Comparison(
        spaces=profiles,
        city=city,
        first_year=first_year,
        latest_year=latest_year,
        budget_year=today.year,
        category_rows=_rows(profiles, city, "categories"),
        idea_rows=_rows(profiles, city, "ideas"),
    )


def profile(sozialraum: Sozialraum, today: date | None = None) -> SpaceProfile:
    """One space's indicators with the city's beside them (`.city`), as in the comparison."""
    return next(p for p in comparison(today).spaces if p.sozialraum.pk == sozialraum.pk)


# --- Queries --------------------------------------------------------------------------------

OFFER_COUNTS = ["offers", "free", "accessible", "easy", "checked"]


def _offer_counts(today: date) -> dict[int, dict[str, int]]:
    """Per space id the public offers in total, free, accessible, with an easy-language
    summary and checked within FRESHNESS_REMIND_DAYS (one query)."""
    has_feature = Exists(Angebot.merkmale.through.objects.filter(angebot_id=OuterRef("pk")))
    checked = checked_since(today - timedelta(days=settings.FRESHNESS_REMIND_DAYS))
    rows = (
        angebote_public(today)
        .order_by()
        .values("sozialraum_id")
        .annotate(
            offers=Count("pk"),
            free=Count("pk", filter=Q(cost=Angebot.Cost.FREE)),
            accessible=Count("pk", filter=Q(has_feature)),
            easy=Count("pk", filter=~Q(easy_summary="")),
            checked=Count("pk", filter=checked),
        )
    )
    return {row.pop("sozialraum_id"): row for row in rows}


def _residents() -> tuple[int | None, int | None, dict[int, tuple[int, int]]]:
    """The first and latest year of the population figures and per space id the residents in
    both years (one query over all years: five spaces times a dozen years are few rows)."""
    rows = list(
        Population.objects.order_by()
        .values_list("bezirk__sozialraum_id", "year")
        .annotate(total=Sum("residents"))
    )
    years = {year for _, year, _ in rows}
    if not years:
        return None, None, {}
    first, latest = min(years), max(years)
    by_space: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for space_id, year, total in rows:
        if year == first:
            by_space[space_id][0] = total
        if year == latest:
            by_space[space_id][1] = total
    return first, latest, {space_id: (a, b) for space_id, (a, b) in by_space.items()}


def _grouped(queryset, key: str, aggregate) -> dict[int, dict]:
    """{space id: {key value: aggregate}} from one GROUP BY query."""
    result: dict[int, dict] = defaultdict(dict)
    rows = queryset.order_by().values_list("sozialraum_id", key).annotate(n=aggregate)
    for space_id, value, n in rows:
        if value is not None:  # an offer without category (LEFT JOIN)
            result[space_id][value] = n
    return result


def _next_konferenzen():
    """Per space the conference running now or starting next (PostgreSQL DISTINCT ON)."""
    return (
        Konferenz.objects.filter(ends_at__gt=timezone.now())
        .select_related("raum")
        .only("sozialraum_id", "title", "starts_at", "ends_at", "address", "raum__name")
        .order_by("sozialraum_id", "starts_at")
        .distinct("sozialraum_id")
    )


def _rows(profiles: list[SpaceProfile], city: Figures, name: str):
    """Transpose a list attribute (categories, ideas) into rows with the spaces as columns."""
    return [
        (item.label, [getattr(p, name)[i].count for p in profiles], item.count)
        for i, item in enumerate(getattr(city, name))
    ]
