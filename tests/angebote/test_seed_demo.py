from django.contrib.postgres.search import SearchQuery
from django.core.management import call_command
from django.db.models import Count, F

from angebote.models import SEARCH_CONFIG, Angebot, Kategorie, Zeitfenster
from sozialraeume.models import Akteur
from tests.factories import AkteurFactory, AngebotFactory

OFFERS, ACTORS = 150, 12


def _seed(offers=OFFERS, actors=ACTORS, seed=7) -> None:
    call_command(
        "seed_demo",
        "--clear-samples",
        offers=offers,
        actors=actors,
        seed=seed,
        verbosity=0,
    )


def _samples():
    return Angebot.objects.filter(is_sample=True)


def _snapshot() -> list[tuple]:
    offers = _samples().order_by("slug").select_related("akteur").prefetch_related("zeiten")
    return [
        (
            a.slug,
            a.title,
            a.summary,
            a.description,
            a.akteur.name,
            a.place_kind,
            a.point.coords if a.point else None,
            a.sozialraum_id,
            a.cost,
            a.cost_amount,
            a.languages,
            a.status,
            a.checked_on,
            sorted(a.kategorien.values_list("code", flat=True)),
            sorted(a.merkmale.values_list("code", flat=True)),
            [(z.weekday, z.opens, z.closes) for z in a.zeiten.all()],
        )
        for a in offers
    ]


def test_seed_demo_creates_the_requested_offers_and_actors_marked_as_samples(db):
    _seed()

    assert _samples().count() == OFFERS
    actors = Akteur.objects.filter(is_sample=True)
    assert actors.count() == ACTORS
    assert set(actors.values_list("kind", flat=True)) == set(Akteur.Kind.values)
    assert all(name.startswith("Beispiel: ") for name in actors.values_list("name", flat=True))
    assert not _samples().exclude(title__startswith="Beispiel: ").exists()
    assert not _samples().exclude(description__contains="Beispieldaten").exists()
    assert not _samples().exclude(easy_summary__contains="nur ein Beispiel").exists()


def test_every_demo_offer_on_site_lies_inside_its_district_of_the_same_space(db):
    _seed()

    on_site = _samples().filter(place_kind=Angebot.PlaceKind.ON_SITE)
    assert on_site.count() > OFFERS * 0.75
    assert not on_site.filter(point__isnull=True).exists()
    assert not on_site.filter(bezirk__isnull=True).exists()
    assert not on_site.exclude(point__within=F("bezirk__geometry")).exists()
    assert not on_site.exclude(sozialraum=F("bezirk__sozialraum")).exists()


def test_some_demo_offers_have_no_fixed_place_but_a_chosen_space(db):
    _seed()

    elsewhere = _samples().exclude(place_kind=Angebot.PlaceKind.ON_SITE)
    assert 0 < elsewhere.count() < OFFERS * 0.25
    assert set(elsewhere.values_list("point", "bezirk")) == {(None, None)}
    assert not elsewhere.filter(sozialraum__isnull=True).exists()


def test_same_seed_gives_the_same_demo_data_and_another_seed_other_data(db):
    _seed(seed=11)
    first = _snapshot()

    _seed(seed=11)
    assert _snapshot() == first

    _seed(seed=12)
    assert _snapshot() != first


def test_demo_offers_mix_categories_costs_languages_and_times(db):
    _seed()

    offers = _samples()
    categories = offers.annotate(n=Count("kategorien")).values_list("n", flat=True)
    assert set(categories) <= {1, 2, 3} and len(set(categories)) > 1
    assert offers.filter(cost=Angebot.Cost.AMOUNT, cost_amount__gt=0).exists()
    assert offers.filter(cost=Angebot.Cost.FREE).count() > OFFERS / 2
    assert offers.filter(languages=["de"]).count() > OFFERS / 2
    assert offers.exclude(languages=["de"]).exists()
    assert offers.filter(by_appointment=True).exists()
    windows = Zeitfenster.objects.filter(angebot__in=offers)
    assert windows.filter(closes__lt=F("opens")).exists()  # past midnight
    assert not offers.annotate(n=Count("zeiten")).filter(n__gt=4).exists()
    assert offers.filter(status=Angebot.Status.PUBLISHED).count() > OFFERS * 0.7
    assert not offers.filter(checked_on__isnull=True).exists()


def test_demo_texts_are_found_by_german_full_text_search(db):
    _seed(offers=300)

    for word in ("Beratungen", "Frühstück", "Sport"):
        query = SearchQuery(word, config=SEARCH_CONFIG)
        assert _samples().filter(search_vector=query).exists(), word


def test_clear_samples_deletes_only_sample_rows(db):
    _seed()
    real = AngebotFactory(title="Echtes Angebot", akteur=AkteurFactory(slug="echter-verein"))
    sample_actor_with_real_offer = Akteur.objects.filter(is_sample=True).first()
    AngebotFactory(title="Echt bei Beispiel", akteur=sample_actor_with_real_offer)

    _seed(offers=0, actors=0)

    assert not _samples().exists()
    assert set(Angebot.objects.values_list("title", flat=True)) >= {
        "Echtes Angebot",
        "Echt bei Beispiel",
    }
    assert Akteur.objects.filter(pk=real.akteur_id).exists()
    assert list(Akteur.objects.filter(is_sample=True)) == [sample_actor_with_real_offer]


def test_load_jena_with_demo_loads_the_fixture_and_locates_its_offers(db):
    Angebot.objects.all().delete()
    Akteur.objects.all().delete()

    call_command("load_jena", demo=True, verbosity=0)

    offers = Angebot.objects.all()
    assert 30 <= offers.count() <= 60
    assert 10 <= Akteur.objects.count() <= 20
    assert not offers.filter(is_sample=False).exists()
    on_site = offers.filter(point__isnull=False)
    assert not on_site.filter(bezirk__isnull=True).exists()
    assert not on_site.exclude(point__within=F("bezirk__geometry")).exists()
    assert not on_site.exclude(sozialraum=F("bezirk__sozialraum")).exists()
    # Sequences follow the fixture's primary keys: new rows do not collide with them.
    highest = max(offers.values_list("pk", flat=True))
    assert AngebotFactory(title="Nach dem Laden").pk > highest


def test_load_jena_loads_demo_data_only_into_empty_tables(db):
    Angebot.objects.all().delete()
    AkteurFactory(name="Echter Verein")

    call_command("load_jena", demo=True, verbosity=0)

    assert not Angebot.objects.exists()
    assert list(Akteur.objects.values_list("name", flat=True)) == ["Echter Verein"]


def test_load_jena_loads_the_vocabulary_when_there_is_none(db):
    Kategorie.objects.all().delete()

    call_command("load_jena", verbosity=0)

    assert Kategorie.objects.filter(code="beratung").exists()
    assert Kategorie.objects.count() == 16
