"""Demo actors and offers for `manage.py seed_demo`: plausible, clearly marked, fast.

Points are drawn by PostGIS inside the districts' polygons (ST_GeneratePoints), more where more
people live; rows are written with bulk_create and located afterwards by two UPDATEs. The same
seed on the same database gives the same data (dates count back from today).
"""

import random
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.gis.geos import Point
from django.db import connection, transaction
from django.utils import timezone

from angebote import demo_texts as texts
from angebote.models import Angebot, Kategorie, Merkmal, Zeitfenster, Zielgruppe
from angebote.services import angebote_locate_all
from jena_sozialraum.slugs import german_slugify
from sozialraeume.models import Akteur, Bezirk
from sozialraeume.selectors import bezirke_with_residents, latest_population_year

BATCH_SIZE = 1000
# Added to every district's residents so villages get a few offers too.
RESIDENTS_FLOOR = 300
NO_FIXED_PLACE_SHARE = 0.1
STALE_SHARE = 0.05
NO_FIXED_PLACE_KINDS = (
    Angebot.PlaceKind.PHONE,
    Angebot.PlaceKind.ONLINE,
    Angebot.PlaceKind.OUTREACH,
)

KIND_WEIGHTS = {
    Akteur.Kind.TRAEGER: 6,
    Akteur.Kind.VEREIN: 6,
    Akteur.Kind.SELBSTHILFE: 2,
    Akteur.Kind.STADTTEILBUERO: 1,
    Akteur.Kind.QUARTIERSMANAGEMENT: 1,
    Akteur.Kind.ORTSTEILBUERGERMEISTER: 1,
    Akteur.Kind.WOHNUNGSUNTERNEHMEN: 1,
    Akteur.Kind.EHRENAMT: 2,
    Akteur.Kind.VERWALTUNG: 1,
    Akteur.Kind.SONSTIGE: 1,
}

# Chance that an offer has an accessibility feature; physical ones only for offers on site.
FEATURE_ODDS = {
    "stufenlos": 0.55,
    "rollstuhl-wc": 0.35,
    "aufzug": 0.25,
    "hoeranlage": 0.1,
    "gebaerdensprache": 0.06,
    "leichte-sprache": 0.2,
    "blindenleitsystem": 0.05,
    "reizarm": 0.12,
    "sitzplaetze": 0.4,
    "parkplatz": 0.2,
    "assistenzhund": 0.3,
}
FEATURES_WITHOUT_PLACE = {"gebaerdensprache", "leichte-sprache"}
DEFAULT_FEATURE_ODDS = 0.1

# Weekly windows by part of the day: (opens, closes, weight). Night windows run past midnight.
SLOTS = {
    "morning": ((time(9), time(12), 4), (time(8, 30), time(11, 30), 2), (time(10), time(13), 3)),
    "afternoon": ((time(14), time(17), 4), (time(13), time(16), 2), (time(15), time(18), 3)),
    "evening": ((time(18), time(20), 3), (time(19), time(21, 30), 2)),
    "night": (
        (time(20), time(1), 2),
        (time(21), time(2), 1),
        (time(22), time(3), 1),
        (time(19, 30), time(0, 30), 1),
    ),
}
PART_WEIGHTS = {"morning": 40, "afternoon": 38, "evening": 16, "night": 6}
WEEKDAY_WEIGHTS = (5, 5, 5, 5, 5, 3, 1)
AMOUNTS = tuple(Decimal(a) for a in ("1.00", "1.50", "2.00", "2.50", "3.00", "5.00", "8.00"))
COST_NOTES = ("pro Termin", "pro Monat", "Ermäßigung mit Jena-Pass", "inklusive Material")
# The Bundesnetzagentur keeps 030 23125 000–999 for fiction: no real person gets called.
FICTIONAL_PHONE = "030 23125 {:03d}"


def _checked_days_ago(rng: random.Random) -> int:
    """Most offers checked within 300 days; about 5 % older, to show reminders and hiding."""
    if rng.random() < STALE_SHARE:
        return rng.randint(301, 730)
    return rng.randint(0, 300)


class DemoDataError(Exception):
    """The database lacks what demo data needs (districts, vocabulary)."""


@dataclass(frozen=True)
class DemoResult:
    actors: int
    offers: int
    located: int


@dataclass(frozen=True)
class _District:
    pk: int
    place: str
    sozialraum_id: int
    sozialraum_slug: str
    weight: int


@dataclass
class _Offer:
    """An offer being built, with the relations written after it has a primary key."""

    angebot: Angebot
    kategorien: list[int] = field(default_factory=list)
    zielgruppen: list[int] = field(default_factory=list)
    merkmale: list[int] = field(default_factory=list)
    zeiten: list[tuple[int, time, time]] = field(default_factory=list)


def demo_clear() -> tuple[int, int]:
    """Delete sample offers, then sample actors no real offer refers to: (offers, actors)."""
    _, offers = Angebot.objects.filter(is_sample=True).delete()
    _, actors = Akteur.objects.filter(is_sample=True, angebote__isnull=True).delete()
    return offers.get(Angebot._meta.label, 0), actors.get(Akteur._meta.label, 0)


@transaction.atomic
def demo_seed(
    *,
    offers: int,
    actors: int,
    seed: int,
    on_progress: Callable[[int], None] = lambda n: None,
) -> DemoResult:
    """Create `actors` sample actors and `offers` sample offers; report progress per batch."""
    if offers and not actors:
        raise DemoDataError("Offers need at least one actor (--actors).")
    generator = _Generator(random.Random(seed), timezone.localdate())
    akteure = generator.create_actors(actors, on_progress)
    created = generator.create_offers(offers, akteure, on_progress)
    located = 0
    if created:
        located = angebote_locate_all(
            Angebot.objects.filter(is_sample=True, pk__gte=created[0], pk__lte=created[-1])
        )
    return DemoResult(actors=len(akteure), offers=len(created), located=located)


class _Slugs:
    """Unique slugs for many new rows with one query (unique_slug() asks once per row)."""

    def __init__(self, model, prefix: str):
        self.taken = set(
            model.objects.filter(slug__startswith=prefix).values_list("slug", flat=True)
        )
        self.next_number: dict[str, int] = {}

    def make(self, text: str, max_length: int = 200) -> str:
        base = german_slugify(text)[:max_length].strip("-")
        slug, number = base, self.next_number.get(base, 2)
        while slug in self.taken:
            slug, number = f"{base}-{number}", number + 1
        self.next_number[base] = number
        self.taken.add(slug)
        return slug


class _Generator:
    def __init__(self, rng: random.Random, today: date):
        self.rng = rng
        self.today = today
        self.districts = _districts()
        if not self.districts:
            raise DemoDataError("No districts found: run `manage.py load_jena` first.")
        self.kategorien = dict(Kategorie.objects.order_by("code").values_list("code", "pk"))
        self.primary_codes = [code for code in self.kategorien if code in texts.CATEGORY_TEXTS]
        if not self.primary_codes:
            raise DemoDataError("No categories found: run `manage.py load_jena` first.")
        self.zielgruppen = list(Zielgruppe.objects.order_by("code").values_list("pk", flat=True))
        self.merkmale = list(Merkmal.objects.order_by("code").values_list("code", "pk"))
        self.languages = [code for code, _ in settings.OFFER_LANGUAGES if code not in ("de", "gsg")]

    # --- actors -------------------------------------------------------------------------------

    def create_actors(self, count: int, on_progress) -> list[tuple[Akteur, _District]]:
        rng = self.rng
        kinds = list(Akteur.Kind.values)
        rng.shuffle(kinds)
        kinds = kinds[:count] + rng.choices(
            list(KIND_WEIGHTS), weights=list(KIND_WEIGHTS.values()), k=max(0, count - len(kinds))
        )
        districts = self._pick_districts(count)
        points = self._points(districts)
        slugs = _Slugs(Akteur, "beispiel")
        created: list[tuple[Akteur, _District]] = []
        for kind, district, point in zip(kinds, districts, points, strict=True):
            name = texts.SAMPLE_PREFIX + rng.choice(texts.ACTOR_NAMES[kind]).format(
                ort=district.place
            )
            slug = slugs.make(name)
            has_address = rng.random() < 0.85
            akteur = Akteur(
                name=name,
                slug=slug,
                kind=kind,
                description=f"{texts.ACTOR_DESCRIPTIONS[kind]}\n\n{texts.SAMPLE_NOTE_ACTOR}",
                street_address=self._street() if has_address else "",
                postal_code=self._postal_code(district) if has_address else "",
                point=point if has_address else None,
                phone=FICTIONAL_PHONE.format(rng.randrange(1000)) if rng.random() < 0.8 else "",
                email=f"{slug[:40].strip('-')}@example.org" if rng.random() < 0.7 else "",
                website=f"https://example.org/{slug}" if rng.random() < 0.5 else "",
                is_sample=True,
            )
            created.append((akteur, district))
        for start in range(0, len(created), BATCH_SIZE):
            batch = created[start : start + BATCH_SIZE]
            Akteur.objects.bulk_create([akteur for akteur, _ in batch])
            self._link_spaces(batch)
            on_progress(len(batch))
        return created

    def _link_spaces(self, batch: list[tuple[Akteur, _District]]) -> None:
        space_ids = sorted({d.sozialraum_id for d in self.districts})
        through = Akteur.sozialraeume.through
        rows = []
        for akteur, district in batch:
            spaces = {district.sozialraum_id}
            if self.rng.random() < 0.15:
                spaces.add(self.rng.choice(space_ids))
            rows += [through(akteur_id=akteur.pk, sozialraum_id=pk) for pk in sorted(spaces)]
        through.objects.bulk_create(rows)

    # --- offers -------------------------------------------------------------------------------

    def create_offers(
        self, count: int, akteure: list[tuple[Akteur, _District]], on_progress
    ) -> list[int]:
        rng = self.rng
        on_site = [rng.random() >= NO_FIXED_PLACE_SHARE for _ in range(count)]
        districts = self._pick_districts(sum(on_site))
        points = iter(zip(districts, self._points(districts), strict=True))
        by_space: dict[int, list[tuple[Akteur, _District]]] = defaultdict(list)
        for akteur, district in akteure:
            by_space[district.sozialraum_id].append((akteur, district))
        slugs = _Slugs(Angebot, "beispiel")

        created: list[int] = []
        for start in range(0, count, BATCH_SIZE):
            batch = []
            for is_on_site in on_site[start : start + BATCH_SIZE]:
                if is_on_site:
                    district, point = next(points)
                    nearby = by_space.get(district.sozialraum_id)
                    akteur, _ = rng.choice(nearby if nearby and rng.random() < 0.8 else akteure)
                else:
                    akteur, district = rng.choice(akteure)
                    point = None
                batch.append(self._offer(akteur, district, point, slugs))
            Angebot.objects.bulk_create([offer.angebot for offer in batch])
            self._write_relations(batch)
            created += [offer.angebot.pk for offer in batch]
            on_progress(len(batch))
        return created

    def _offer(self, akteur: Akteur, district: _District, point: Point | None, slugs) -> _Offer:
        rng = self.rng
        primary = rng.choice(self.primary_codes)
        others = [code for code in self.kategorien if code != primary]
        extra = min(len(others), _pick(rng, {0: 55, 1: 35, 2: 10}))
        codes = [primary, *rng.sample(others, extra)]
        text = texts.CATEGORY_TEXTS[primary]
        place_kind = Angebot.PlaceKind.ON_SITE if point else rng.choice(NO_FIXED_PLACE_KINDS)
        merkmal_codes = self._features(on_site=point is not None)
        cost = _pick(
            rng,
            {Angebot.Cost.FREE: 65, Angebot.Cost.AMOUNT: 20, Angebot.Cost.ON_REQUEST: 15},
        )
        zeiten, by_appointment = self._windows()
        groups = _pick(rng, {0: 50, 1: 35, 2: 15})

        title = texts.SAMPLE_PREFIX + rng.choice(text.titles).format(ort=district.place)
        sentences = rng.sample(text.sentences, 2)
        secondary = texts.CATEGORY_TEXTS.get(codes[1]) if len(codes) > 1 else None
        if secondary:
            sentences.append(rng.choice(secondary.sentences))
        if point is None:
            sentences.append(texts.PLACE_SENTENCES[place_kind])
        sentences.append(rng.choice(texts.GENERAL_SENTENCES))
        easy = [rng.choice(text.easy)]
        if cost == Angebot.Cost.FREE:
            easy.append(texts.EASY_FREE)
        if by_appointment:
            easy.append(texts.EASY_APPOINTMENT)
        easy.append(texts.SAMPLE_NOTE_EASY)

        angebot = Angebot(
            title=title,
            slug=slugs.make(title),
            summary=rng.choice(text.summaries),
            description=" ".join(sentences) + "\n\n" + texts.SAMPLE_NOTE,
            easy_summary=" ".join(easy),
            akteur=akteur,
            place_kind=place_kind,
            street_address=self._street() if point else "",
            postal_code=self._postal_code(district) if point else "",
            point=point,
            bezirk_id=district.pk if point else None,
            sozialraum_id=district.sozialraum_id,
            by_appointment=by_appointment,
            cost=cost,
            cost_amount=rng.choice(AMOUNTS) if cost == Angebot.Cost.AMOUNT else None,
            cost_note=rng.choice(COST_NOTES) if cost == Angebot.Cost.AMOUNT else "",
            registration_required=by_appointment or rng.random() < 0.2,
            languages=self._languages(sign_language="gebaerdensprache" in merkmal_codes),
            phone=akteur.phone,
            email=akteur.email,
            website=akteur.website if rng.random() < 0.5 else "",
            status=_pick(
                rng,
                {
                    Angebot.Status.PUBLISHED: 88,
                    Angebot.Status.REVIEW: 4,
                    Angebot.Status.DRAFT: 4,
                    Angebot.Status.ARCHIVED: 4,
                },
            ),
            checked_on=self.today - timedelta(days=_checked_days_ago(rng)),
            is_sample=True,
        )
        return _Offer(
            angebot=angebot,
            kategorien=[self.kategorien[code] for code in codes],
            zielgruppen=rng.sample(self.zielgruppen, min(len(self.zielgruppen), groups)),
            merkmale=[pk for code, pk in self.merkmale if code in merkmal_codes],
            zeiten=zeiten,
        )

    def _features(self, *, on_site: bool) -> set[str]:
        chosen = set()
        for code, _ in self.merkmale:
            if not on_site and code not in FEATURES_WITHOUT_PLACE:
                continue
            if self.rng.random() < FEATURE_ODDS.get(code, DEFAULT_FEATURE_ODDS):
                chosen.add(code)
        return chosen

    def _languages(self, *, sign_language: bool) -> list[str]:
        languages = ["de"]
        if self.rng.random() < 0.2:
            languages += self.rng.sample(self.languages, self.rng.randint(1, 2))
        if sign_language:
            languages.append("gsg")
        return languages

    def _windows(self) -> tuple[list[tuple[int, time, time]], bool]:
        """Weekly windows, at most one per part of a day, and whether it is by appointment."""
        rng = self.rng
        by_appointment = rng.random() < 0.15
        count = (
            _pick(rng, {0: 70, 1: 30})
            if by_appointment
            else _pick(rng, {0: 4, 1: 30, 2: 30, 3: 20, 4: 16})
        )
        windows: dict[tuple[int, str], tuple[time, time]] = {}
        for _ in range(count):
            weekday = rng.choices(range(1, 8), weights=WEEKDAY_WEIGHTS)[0]
            part = _pick(rng, PART_WEIGHTS)
            slots = SLOTS[part]
            opens, closes, _ = rng.choices(slots, weights=[s[2] for s in slots])[0]
            windows.setdefault((weekday, part), (opens, closes))
        zeiten = sorted(
            (weekday, opens, closes) for (weekday, _), (opens, closes) in windows.items()
        )
        return zeiten, by_appointment or not zeiten

    def _write_relations(self, batch: list[_Offer]) -> None:
        for relation, column in (
            ("kategorien", "kategorie_id"),
            ("zielgruppen", "zielgruppe_id"),
            ("merkmale", "merkmal_id"),
        ):
            through = getattr(Angebot, relation).through
            through.objects.bulk_create(
                through(angebot_id=offer.angebot.pk, **{column: pk})
                for offer in batch
                for pk in getattr(offer, relation)
            )
        Zeitfenster.objects.bulk_create(
            Zeitfenster(angebot_id=offer.angebot.pk, weekday=weekday, opens=opens, closes=closes)
            for offer in batch
            for weekday, opens, closes in offer.zeiten
        )

    # --- places -------------------------------------------------------------------------------

    def _pick_districts(self, count: int) -> list[_District]:
        return self.rng.choices(self.districts, weights=[d.weight for d in self.districts], k=count)

    def _points(self, districts: Sequence[_District]) -> list[Point]:
        """One point inside each given district, in the given order (one PostGIS query)."""
        counts = Counter(d.pk for d in districts)
        ids = sorted(counts)
        seeds = [self.rng.randint(1, 2**31 - 1) for _ in ids]
        table = Bezirk._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT n.id, ST_X(p.geom), ST_Y(p.geom) "
                "FROM unnest(%s::bigint[], %s::integer[], %s::integer[]) AS n(id, amount, seed) "
                f"JOIN {table} AS b ON b.id = n.id "
                "CROSS JOIN LATERAL ST_Dump(ST_GeneratePoints(b.geometry, n.amount, n.seed)) AS p "
                "ORDER BY n.id, p.path",
                [ids, [counts[pk] for pk in ids], seeds],
            )
            generated: dict[int, list[Point]] = defaultdict(list)
            for pk, x, y in cursor.fetchall():
                generated[pk].append(Point(x, y, srid=settings.GEO_SRID))
        return [generated[d.pk].pop() for d in districts]

    def _street(self) -> str:
        return f"{self.rng.choice(texts.STREETS)} {self.rng.randint(1, 60)}"

    def _postal_code(self, district: _District) -> str:
        return self.rng.choice(texts.POSTAL_CODES.get(district.sozialraum_slug, ("07743",)))


def _districts() -> list[_District]:
    year = latest_population_year()
    rows = (
        bezirke_with_residents(year)
        .order_by("number")
        .values_list("pk", "name", "ortsteil", "sozialraum_id", "sozialraum__slug", "residents")
    )
    return [
        _District(
            pk=pk,
            place=ortsteil or name,
            sozialraum_id=space_id,
            sozialraum_slug=space_slug,
            weight=residents + RESIDENTS_FLOOR,
        )
        for pk, name, ortsteil, space_id, space_slug, residents in rows
    ]


def _pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]
