"""Social-space profiles (/sozialraeume/<slug>/) and their comparison (/sozialraeume/vergleich/):
indicators on known data, what does not count, the city average, gaps named in words, links,
and a number of queries that does not grow with the offers."""

import re
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db import connection
from django.db.models import Max, Min, Sum
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from angebote.models import Angebot
from budgets import services as budget_services
from budgets.models import Angebotsbudget, Foerderantrag
from sozialraeume.models import Bezirk, Idee, Konferenz, Population, Sozialraum
from sozialraeume.selectors_profil import Ratio, comparison, profile
from tests.budgets.conftest import make_antrag
from tests.factories import AkteurFactory, AngebotFactory, RaumFactory

GAP = "unter dem Stadtdurchschnitt"
MARKER = 'class="luecke"'


def district(slug: str) -> int:
    """The number of a district of the social space `slug`."""
    return Bezirk.objects.filter(sozialraum__slug=slug).order_by("number")[0].number


def residents(slug: str | None = None) -> int:
    """Residents in the latest year, from the loaded Jena data (of a space, or of the city)."""
    latest = Population.objects.aggregate(year=Max("year"))["year"]
    rows = Population.objects.filter(year=latest)
    if slug:
        rows = rows.filter(bezirk__sozialraum__slug=slug)
    return rows.aggregate(total=Sum("residents"))["total"]


def two_places(value: Decimal) -> str:
    """As the template's floatformat:2 rounds (half up), without localisation."""
    return str(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def offers_in(slug: str, count: int, **fields) -> list[Angebot]:
    return [AngebotFactory(bezirk_number=district(slug), **fields) for _ in range(count)]


def row(html: str, attribute: str, value: str) -> str:
    """The table row (or list item) carrying attribute="value"."""
    match = re.search(rf'<(tr|li) {attribute}="{value}">(.*?)</\1>', html, re.S)
    assert match, f"no {attribute}={value}"
    return match.group(2)


@pytest.fixture
def known_offers(db):
    """Lobeda 10, West/Zentrum 5, Nord 1, Winzerla and Ost none. At the city's rate Nord
    would have 3.1 offers (2.1 missing: below), West/Zentrum 4.1 (about), Lobeda 3.8 (above)."""
    offers_in("lobeda", 10)
    offers_in("west-zentrum", 5)
    offers_in("nord", 1)


def test_offers_per_1000_residents_per_space_come_from_the_latest_population(client, known_offers):
    data = {p.sozialraum.slug: p for p in comparison().spaces}

    for slug, count in [("lobeda", 10), ("west-zentrum", 5), ("nord", 1), ("ost", 0)]:
        expected = Decimal(count * 1000) / Decimal(residents(slug))
        assert data[slug].offers == count
        assert data[slug].residents == residents(slug)
        assert data[slug].per_1000.value == expected
    expected = Decimal(10_000) / Decimal(residents("lobeda"))
    html = client.get("/sozialraeume/lobeda/").content.decode()
    assert f'data-value="{two_places(expected)}"' in html
    assert two_places(expected).replace(".", ",") in row(html, "data-gebiet", "lobeda")


def test_city_average_is_all_public_offers_over_all_residents(client, known_offers):
    city = comparison().city

    expected = Decimal(16 * 1000) / Decimal(residents())
    assert city.offers == 16
    assert city.residents == residents()
    assert city.per_1000.value == expected
    # Not the mean of the five spaces' rates.
    rates = [p.per_1000.value for p in comparison().spaces]
    assert expected != sum(rates) / len(rates)
    html = client.get("/sozialraeume/vergleich/").content.decode()
    assert f'data-value="{two_places(expected)}"' in row(html, "data-gebiet", "stadt")


def test_drafts_offers_in_review_archived_expired_and_stale_offers_do_not_count(db):
    today = timezone.localdate()
    offers_in("nord", 1)
    offers_in("nord", 1, status=Angebot.Status.DRAFT)
    offers_in("nord", 1, status=Angebot.Status.REVIEW)
    offers_in("nord", 1, status=Angebot.Status.ARCHIVED)
    offers_in("nord", 1, valid_until=today - timedelta(days=1))
    offers_in("nord", 1, checked_on=today - timedelta(days=400))

    nord = profile(Sozialraum.objects.get(slug="nord"))

    assert nord.offers == 1
    assert nord.city.offers == 1


def test_free_accessible_easy_language_and_recently_checked_offers_are_counted(db):
    today = timezone.localdate()
    offers_in(
        "ost",
        1,
        merkmale=["stufenlos"],
        easy_summary="Hier treffen sich Menschen.",
        checked_on=today,
    )
    offers_in(
        "ost",
        1,
        cost=Angebot.Cost.AMOUNT,
        cost_amount=5,
        checked_on=today - timedelta(days=200),  # public, but not checked within 180 days
    )
    offers_in("ost", 1, merkmale=["aufzug", "hoeranlage"])  # never checked, created today

    ost = profile(Sozialraum.objects.get(slug="ost"))

    assert (ost.offers, ost.free, ost.accessible, ost.easy, ost.checked) == (3, 2, 2, 1, 2)
    assert ost.accessible_share.value == Decimal(200) / 3
    assert ost.easy_share.value == Decimal(100) / 3


def test_categories_rooms_actors_ideas_budget_and_next_conference_of_a_space(client, fachdienst):
    lobeda = Sozialraum.objects.get(slug="lobeda")
    nord = Sozialraum.objects.get(slug="nord")
    offers_in("lobeda", 1, kategorien=["treffpunkt", "beratung"])
    offers_in("lobeda", 1, kategorien=["beratung"])
    RaumFactory(bezirk_number=district("lobeda"))
    RaumFactory(bezirk_number=district("lobeda"), is_active=False)
    RaumFactory(bezirk_number=district("nord"))
    for spaces in [[lobeda], [lobeda, nord], [nord]]:
        AkteurFactory().sozialraeume.set(spaces)
    for status, moderation in [
        (Idee.Status.NEW, Idee.Moderation.PUBLISHED),
        (Idee.Status.NEW, Idee.Moderation.PUBLISHED),
        (Idee.Status.DONE, Idee.Moderation.PUBLISHED),
        (Idee.Status.NEW, Idee.Moderation.WAITING),
        (Idee.Status.NEW, Idee.Moderation.HIDDEN),
    ]:
        Idee.objects.create(
            sozialraum=lobeda,
            title="Eine Bank am Spielplatz",
            text="Bitte eine Bank für die Eltern.",
            consent=True,
            status=status,
            moderation=moderation,
        )
    year = timezone.localdate().year
    budget = Angebotsbudget.objects.create(sozialraum=lobeda, year=year)
    budget_services.budget_book(
        budget=budget, kind="ansatz", amount=Decimal("8000"), reason="Haushalt", user=fachdienst
    )
    make_antrag(
        budget,
        AkteurFactory(),
        status=Foerderantrag.Status.APPROVED,
        approved_amount=Decimal("2500"),
    )
    now = timezone.now()
    for days, title in [(-30, "Vergangene Konferenz"), (60, "Spätere"), (14, "Nächste")]:
        Konferenz.objects.create(
            sozialraum=lobeda,
            title=title,
            starts_at=now + timedelta(days=days),
            ends_at=now + timedelta(days=days, hours=2),
            address="Stadtteilbüro Lobeda",
        )

    space = profile(lobeda)

    categories = {item.key: item.count for item in space.categories}
    assert categories["treffpunkt"] == 1
    assert categories["beratung"] == 2
    assert categories["sport-bewegung"] == 0
    assert space.rooms == 1
    assert space.actors == 2
    assert space.city.actors == 3  # the actor in two spaces counts once for the city
    assert {item.key: item.count for item in space.ideas} == {
        "neu": 2,
        "in-pruefung": 0,
        "in-arbeit": 0,
        "erledigt": 1,
        "nicht-umsetzbar": 0,
    }
    assert (space.budget_amount, space.budget_approved) == (Decimal("8000"), Decimal("2500"))
    assert space.next_konferenz.title == "Nächste"
    html = client.get("/sozialraeume/lobeda/").content.decode()
    assert "8.000,00 €" in html
    assert "2.500,00 €" in html
    assert f'href="/budgets/{year}/lobeda/"' in html
    assert "Nächste</a>" in html
    assert "Spätere" not in html
    assert profile(nord).budget is None


def test_residents_trend_compares_the_first_and_the_latest_year(client, db):
    years = Population.objects.aggregate(first=Min("year"), latest=Max("year"))
    first = Population.objects.filter(
        year=years["first"], bezirk__sozialraum__slug="winzerla"
    ).aggregate(total=Sum("residents"))["total"]
    latest = residents("winzerla")

    trend = profile(Sozialraum.objects.get(slug="winzerla")).trend

    assert trend.value == Decimal((latest - first) * 100) / Decimal(first)
    html = client.get("/sozialraeume/winzerla/").content.decode()
    percent = abs(trend.value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    direction = "mehr" if trend.value >= 0 else "weniger"
    assert f"{str(percent).replace('.', ',')} % {direction} als Ende {years['first']}" in html


def test_comparison_names_a_space_below_the_city_average_in_words_and_not_one_above(
    client, known_offers
):
    html = client.get("/sozialraeume/vergleich/").content.decode()

    nord = row(html, "data-gebiet", "nord")
    lobeda = row(html, "data-gebiet", "lobeda")
    assert MARKER in nord
    assert GAP in nord
    assert "▼" in nord  # a symbol and a frame besides the words and the colour
    assert MARKER not in lobeda
    assert "über dem Stadtdurchschnitt" in lobeda
    assert "etwa im Stadtdurchschnitt" in row(html, "data-gebiet", "west-zentrum")
    summary = html.split('id="je-1000-titel"')[0]
    gaps = row(summary, "data-sozialraum", "nord")
    assert "Angebote je 1.000 Einwohner:innen: 0,05, unter dem Stadtdurchschnitt" in gaps
    assert "rechnerisch fehlen 2,1 Angebote" in gaps
    assert 'data-sozialraum="lobeda"' not in summary
    assert 'data-sozialraum="west-zentrum"' not in summary
    assert MARKER in client.get("/sozialraeume/nord/").content.decode()
    assert MARKER not in client.get("/sozialraeume/lobeda/").content.decode()


@pytest.mark.parametrize(
    ("count", "relation"),
    [(0, "below"), (1, "below"), (2, "about"), (3, "about"), (4, "above")],
)
def test_below_the_city_average_means_at_least_one_whole_offer_short(count, relation):
    """A space of 10,000 residents where the city's rate gives 2.5 offers: 1.5 or more missing
    is a gap, half an offer either way is rounding, 1.5 more is above."""
    city = Ratio(25, 100_000, 1000)

    assert Ratio(count, 10_000, 1000).relation(city) == relation
    assert Ratio(count, 10_000, 1000).is_below(city) == (relation == "below")


def test_exactly_one_offer_short_is_below_the_city_average():
    city = Ratio(2, 10, 100)

    assert Ratio(1, 10, 100).relation(city) == "below"
    assert Ratio(3, 10, 100).relation(city) == "above"
    assert Ratio(0, 0, 100).relation(city) == ""


def test_comparison_shows_the_five_spaces_side_by_side_in_german_and_english(client, db):
    german = client.get("/sozialraeume/vergleich/")
    english = client.get("/en/sozialraeume/vergleich/")

    assert german.status_code == english.status_code == 200
    html = german.content.decode()
    for name in ["Lobeda", "Winzerla", "West/Zentrum", "Nord", "Ost"]:
        assert f">{name}</a></th>" in html
    assert "<caption" in html
    assert '<th scope="col" class="num">Ganze Stadt</th>' in html
    assert '<html lang="en">' in english.content.decode()


def test_profile_links_to_the_space_s_offers_rooms_actors_ideas_and_conferences(client, db):
    html = client.get("/sozialraeume/ost/").content.decode()
    english = client.get("/en/sozialraeume/ost/").content.decode()

    for href in [
        "/angebote/?sozialraum=ost",
        "/raeume/?sozialraum=ost",
        "/akteure/?sozialraum=ost",
        "/ideen/?sozialraum=ost",
        "/sozialraeume/ost/konferenzen/",
        "/sozialraeume/vergleich/",
    ]:
        assert f'href="{href}"' in html
        assert f'href="/en{href}"' in english
    assert "/budgets/" not in html.split('id="budget-titel"')[1].split("</section>")[0]


def test_comparison_needs_a_fixed_number_of_queries(db, django_assert_max_num_queries):
    offers_in("lobeda", 3, merkmale=["stufenlos"], kategorien=["treffpunkt", "beratung"])

    with django_assert_max_num_queries(11):
        comparison()


@pytest.mark.parametrize("path", ["/sozialraeume/nord/", "/sozialraeume/vergleich/"])
def test_pages_need_as_many_queries_for_many_offers_as_for_one(
    client, db, path, django_assert_max_num_queries
):
    offers_in("nord", 1)
    with CaptureQueriesContext(connection) as one_offer:
        client.get(path)
    for slug in ["nord", "ost", "lobeda"]:
        offers_in(slug, 4, merkmale=["stufenlos", "aufzug"], kategorien=["treffpunkt", "bildung"])
        offers_in(slug, 2, easy_summary="Kurz und klar.", cost=Angebot.Cost.ON_REQUEST)
        RaumFactory(bezirk_number=district(slug))

    with django_assert_max_num_queries(len(one_offer.captured_queries)):
        response = client.get(path)

    assert response.status_code == 200
