"""Who may change what: every mutating page and API endpoint, tried as anonymous, member of
actor A, member of actor B and Fachdienst → expected status and whether the database changed.

The list of endpoints comes from the URL conf: a new URL name must either get a rule in
RULES or be listed in READ_ONLY / EXEMPT with a reason, or test_every_url_has_a_rule fails.
The objects acted on always belong to actor A, so member B plays the outsider who tampers
with ids: the answer must be 404 (not 403) and nothing may change.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from rest_framework.test import APIClient

from angebote.freshness import confirm_token
from angebote.models import Angebot, Problemmeldung, Raum, Raumanfrage, Raumfoto, Sperrzeit
from angebote.services_raeume import local_period
from budgets import services as budget_services
from budgets.models import (
    Angebotsbudget,
    Budgetbuchung,
    Foerderantrag,
    Kostenposition,
    Mittelabruf,
    NachweisPosition,
    Quartalsbericht,
    Verwendungsnachweis,
)
from sozialraeume.models import Invitation, Membership, Sozialraum
from tests.angebote.test_bereich import form_data
from tests.angebote.test_bereich_raeume import png_bytes, room_data
from tests.angebote.test_raum_buchung import next_weekday
from tests.budgets.conftest import make_antrag
from tests.budgets.test_bereich import antrag_data
from tests.factories import AngebotFactory, RaumFactory, load_vocabulary

ROLES = ["anonym", "mitglied_a", "mitglied_b", "fachdienst"]
LOGIN = "login"  # expected "status": redirect to the login page

# Pages and endpoints that change nothing: GET only (they answer 405 to POST, tested below)
# or public reads of published data.
READ_ONLY = {
    "home",
    "healthz",
    "karte",
    "daten",
    "daten-csv",
    "daten-geojson",
    "impressum",
    "datenschutz",
    "leichte-sprache",
    "sozialraeume:list",
    "sozialraeume:detail",
    "akteure:list",
    "akteure:detail",
    "angebote:list",
    "angebote:detail",
    "angebote:detail-leicht",
    "angebote:melden-danke",
    "api-schema",
    "api-docs",
    "api:api-root",
    "api:sozialraum-list",
    "api:sozialraum-detail",
    "api:bezirk-list",
    "api:bezirk-detail",
    "api:angebot-list",
    "api:angebot-detail",
    "api:akteur-list",
    "api:akteur-detail",
    "api:kategorie-list",
    "api:kategorie-detail",
    "api:zielgruppe-list",
    "api:zielgruppe-detail",
    "api:merkmal-list",
    "api:merkmal-detail",
    "konto:uebersicht",
    "konto:passwort-vergessen-gesendet",
    "konto:passwort-neu-fertig",
    "bereich:uebersicht",
    "bereich:angebot",
    "moderation:queue",
    "moderation:item",
    "meldungen:list",
    "verlauf",
    "sozialraeume:aushang",
    "raeume:list",
    "raeume:detail",
    "raeume:belegung",
    "raeume:anfrage-gesendet",
    "api:raum-list",
    "api:raum-detail",
    "budgets:uebersicht",
    "budgets:sozialraum",
    "api:budget-list",
    "api:ausstattung-list",
    "api:ausstattung-detail",
    "bereich:raumanfragen",
    "bereich:raeume",
}

# Endpoints whose permission is not "which actor": with the reason and where they are tested.
EXEMPT = {
    "set_language": "stores only the visitor's language choice in the session",
    "konto:anmelden": "authentication itself; lockout and enumeration in test_konto",
    "konto:abmelden": "ends the own session only",
    "konto:passwort-vergessen": "open to everyone by design; no enumeration, test_konto",
    "konto:passwort-neu": "needs the secret reset token; test_konto",
    "konto:passwort-aendern": "changes the own password only; test_konto",
    "konto:einladung": "needs the secret invitation token; test_invitations",
    "barrierefreiheit": "public feedback form (anyone may send); test_pages",
    "raeume:anfrage-bestaetigen": "needs the secret link from the e-mail; test_raeume_pages",
    "konto:api-schluessel": "creates or deletes the own API key only; test_api_token_page",
    "bereich:raum-kalender": "private iCal feed (GET only), the signed token is the permission; "
    "test_bereich_raeume",
    "admin:*": "Django admin: staff with model permissions only; test_admin",
}


def url_names() -> set[str]:
    """Every named URL of the project, with namespaces ("bereich:angebot")."""

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                yield from walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern):
                if namespace == "admin":
                    yield "admin:*"
                elif pattern.name:
                    yield f"{namespace}:{pattern.name}" if namespace else pattern.name

    return set(walk(get_resolver().url_patterns, None))


@dataclass
class World:
    """Actor A's objects that everybody tries to act on."""

    akteur_a: object
    akteur_b: object
    users: dict
    published: Angebot
    draft: Angebot
    review: Angebot
    meldung: Problemmeldung
    raum: Raum


@dataclass
class Rule:
    method: str
    url: Callable[[World], str]
    expect: dict[str, object]  # role → status code (or LOGIN)
    changes: set[str]  # roles whose request changes the database
    state: Callable[[World], object]  # a snapshot; compared before and after
    data: Callable[[World], dict] = field(default=lambda w: {})
    api: bool = False


def offer_state(name: str):
    def state(world: World):
        angebot = Angebot.objects.get(pk=getattr(world, name).pk)
        pending = Angebot.objects.filter(draft_of=angebot).values_list("title", "status")
        return (angebot.title, angebot.status, angebot.checked_on, list(pending))

    return state


def count_offers(world: World):
    return Angebot.objects.count()


def meldung_state(world: World):
    meldung = Problemmeldung.objects.get(pk=world.meldung.pk)
    return (meldung.closed_at, Problemmeldung.objects.count())


def raumanfrage_state(world: World):
    return sorted(Raumanfrage.objects.values_list("status", "user", "akteur", "email"))


def raumanfrage_data(world: World) -> dict:
    # Residents fill in name and address; members choose the actor (name and address come
    # from the account). Each role simply ignores the fields its form does not have.
    day = next_weekday(2, 18).date()
    return {
        "akteur": world.akteur_a.pk,
        "name": "Ada Beispiel",
        "email": "ada@example.org",
        "date": day.isoformat(),
        "start": "18:00",
        "end": "20:00",
        "people": 8,
        "purpose": "Treffen der Nachbarschaftsgruppe",
    }


def pk_url(name: str, attr: str):
    return lambda world: reverse(name, kwargs={"pk": getattr(world, attr).pk})


def edit_data(world: World) -> dict:
    return form_data(title="Neuer Titel")


def api_offer_data(world: World) -> dict:
    point = world.published.point
    return {
        "akteur": world.akteur_a.slug,
        "title": "Neu über die API",
        "summary": "Kurz.",
        "kategorien": ["treffpunkt"],
        "place_kind": "vor-ort",
        "latitude": round(point.y, 6),
        "longitude": round(point.x, 6),
    }


# --- Room objects of the provider-area rules ---------------------------------------------------
# Made on first use (the state snapshot runs before the request) and kept on the world, so the
# shared world, and the tests that count its requests, stay as they are.


def made_once(name: str, make: Callable[[World], object]) -> Callable[[World], object]:
    def get(world: World):
        cache = vars(world)
        if name not in cache:
            cache[name] = make(world)
        return cache[name]

    return get


def _request(world: World, user=None, akteur=None) -> Raumanfrage:
    start = next_weekday(2, 18)
    return Raumanfrage.objects.create(
        raum=world.raum,
        period=local_period(start, start + timedelta(hours=2)),
        purpose="Gruppentreffen",
        people=5,
        name="Gruppe",
        email="gruppe@example.org",
        user=user,
        akteur=akteur,
    )


incoming_request = made_once("incoming_request", _request)
own_request = made_once(  # member A asked, for actor A
    "own_request", lambda w: _request(w, user=w.users["mitglied_a"], akteur=w.akteur_a)
)
room_photo = made_once(
    "room_photo",
    lambda w: Raumfoto.objects.create(raum=w.raum, image="raeume/matrix.png", alt_text="Saal"),
)
blocked_period = made_once(
    "blocked_period",
    lambda w: Sperrzeit.objects.create(
        raum=w.raum,
        period=local_period(next_weekday(1, 0), next_weekday(1, 0) + timedelta(days=5)),
    ),
)


def request_state(get: Callable[[World], Raumanfrage]):
    return lambda w: Raumanfrage.objects.values_list("status", "owner_message").get(pk=get(w).pk)


def room_state(world: World):
    raum = Raum.objects.get(pk=world.raum.pk)
    return (raum.name, list(raum.zeiten.values_list("weekday", "opens", "closes")))


def block_data(world: World) -> dict:
    start = next_weekday(3, 0)
    return {
        "start": f"{start:%Y-%m-%dT%H:%M}",
        "end": f"{start + timedelta(days=1):%Y-%m-%dT%H:%M}",
    }


PAGE = {"anonym": LOGIN, "mitglied_a": 302, "mitglied_b": 404, "fachdienst": 302}
STAFF = {"anonym": LOGIN, "mitglied_a": 404, "mitglied_b": 404, "fachdienst": 302}
API = {"anonym": 401, "mitglied_a": 200, "mitglied_b": 404, "fachdienst": 200}
A_AND_STAFF = {"mitglied_a", "fachdienst"}

RULES: dict[str, Rule] = {
    "bereich:angebot-neu": Rule(
        "post",
        lambda w: reverse("bereich:angebot-neu"),
        # B may use the form, but not for actor A: the choice is refused, nothing stored.
        {"anonym": LOGIN, "mitglied_a": 302, "mitglied_b": 200, "fachdienst": 302},
        A_AND_STAFF,
        count_offers,
        data=lambda w: form_data(akteur=w.akteur_a.pk),
    ),
    "bereich:angebot-bearbeiten": Rule(
        "post",
        pk_url("bereich:angebot-bearbeiten", "published"),
        PAGE,
        A_AND_STAFF,
        offer_state("published"),
        data=edit_data,
    ),
    "bereich:angebot-einreichen": Rule(
        "post",
        pk_url("bereich:angebot-einreichen", "draft"),
        PAGE,
        A_AND_STAFF,
        offer_state("draft"),
    ),
    "bereich:angebot-noch-aktuell": Rule(
        "post",
        pk_url("bereich:angebot-noch-aktuell", "published"),
        PAGE,
        A_AND_STAFF,
        offer_state("published"),
    ),
    "bereich:angebot-archivieren": Rule(
        "post",
        pk_url("bereich:angebot-archivieren", "published"),
        PAGE,
        A_AND_STAFF,
        offer_state("published"),
    ),
    "moderation:freigeben": Rule(
        "post",
        pk_url("moderation:freigeben", "review"),
        STAFF,
        {"fachdienst"},
        offer_state("review"),
    ),
    "moderation:zurueckgeben": Rule(
        "post",
        pk_url("moderation:zurueckgeben", "review"),
        STAFF,
        {"fachdienst"},
        offer_state("review"),
        data=lambda w: {"comment": "Bitte ergänzen."},
    ),
    "moderation:vertrauen": Rule(
        "post",
        pk_url("moderation:vertrauen", "review"),
        {"anonym": LOGIN, "mitglied_a": 404, "mitglied_b": 404, "fachdienst": 302},
        {"fachdienst"},
        lambda w: type(w.akteur_a).objects.get(pk=w.akteur_a.pk).is_trusted,
        data=lambda w: {"trusted": "1"},
    ),
    "meldungen:schliessen": Rule(
        "post",
        pk_url("meldungen:schliessen", "meldung"),
        PAGE,
        A_AND_STAFF,
        meldung_state,
        data=lambda w: {"note": "Erledigt."},
    ),
    "angebote:melden": Rule(
        "post",
        lambda w: reverse("angebote:melden", kwargs={"slug": w.published.slug}),
        {role: 302 for role in ROLES},
        set(ROLES),
        meldung_state,
        data=lambda w: {"reason": "zeiten", "message": "Dienstags ist zu."},
    ),
    "angebote:noch-aktuell": Rule(
        # The signed link of a reminder e-mail: the token is the permission.
        "post",
        lambda w: reverse(
            "angebote:noch-aktuell",
            kwargs={"slug": w.published.slug, "token": confirm_token(w.published)},
        ),
        {role: 200 for role in ROLES},
        set(ROLES),
        offer_state("published"),
    ),
    "raeume:anfragen": Rule(
        # Public: anyone may request a room. B may request, but not in the name of actor A:
        # the choice is refused, nothing stored.
        "post",
        lambda w: reverse("raeume:anfragen", kwargs={"slug": w.raum.slug}),
        {"anonym": 302, "mitglied_a": 302, "mitglied_b": 200, "fachdienst": 302},
        {"anonym", "mitglied_a", "fachdienst"},
        raumanfrage_state,
        data=raumanfrage_data,
    ),
    "konto:einladen": Rule(
        # Only the Fachdienst and admins of A may invite into A; editors get no invite page.
        "post",
        lambda w: reverse("konto:einladen"),
        {"anonym": LOGIN, "mitglied_a": 403, "mitglied_b": 403, "fachdienst": 302},
        {"fachdienst"},
        lambda w: Invitation.objects.count(),
        data=lambda w: {"akteur": w.akteur_a.pk, "email": "neu@example.org", "role": "editor"},
    ),
    "api:eigenes-angebot-list": Rule(
        "post",
        lambda w: reverse("api:eigenes-angebot-list"),
        # B may create offers, but not for actor A: a validation error, nothing stored.
        {"anonym": 401, "mitglied_a": 201, "mitglied_b": 400, "fachdienst": 201},
        A_AND_STAFF,
        count_offers,
        data=api_offer_data,
        api=True,
    ),
    "api:eigenes-angebot-detail": Rule(
        "patch",
        lambda w: reverse("api:eigenes-angebot-detail", kwargs={"pk": w.published.pk}),
        # 202: A's change waits for review (A is not trusted); the Fachdienst publishes.
        {"anonym": 401, "mitglied_a": 202, "mitglied_b": 404, "fachdienst": 200},
        A_AND_STAFF,
        offer_state("published"),
        data=lambda w: {"title": "Neuer Titel"},
        api=True,
    ),
    "api:eigenes-angebot-einreichen": Rule(
        "post",
        lambda w: reverse("api:eigenes-angebot-einreichen", kwargs={"pk": w.draft.pk}),
        API,
        A_AND_STAFF,
        offer_state("draft"),
        api=True,
    ),
    "bereich:raum-neu": Rule(
        "post",
        lambda w: reverse("bereich:raum-neu"),
        # B may use the form, but not for actor A: the choice is refused, nothing stored.
        {"anonym": LOGIN, "mitglied_a": 302, "mitglied_b": 200, "fachdienst": 302},
        A_AND_STAFF,
        lambda w: Raum.objects.count(),
        data=lambda w: room_data(akteur=w.akteur_a.pk),
    ),
    "bereich:raum-bearbeiten": Rule(
        "post",
        pk_url("bereich:raum-bearbeiten", "raum"),
        PAGE,
        A_AND_STAFF,
        room_state,
        data=lambda w: room_data(name="Neuer Name"),
    ),
    "bereich:raum-fotos": Rule(
        "post",
        pk_url("bereich:raum-fotos", "raum"),
        PAGE,
        A_AND_STAFF,
        lambda w: w.raum.fotos.count(),
        data=lambda w: {
            "image": SimpleUploadedFile("saal.png", png_bytes(), content_type="image/png"),
            "alt_text": "Saal mit Stuhlkreis",
        },
    ),
    "bereich:raumfoto-loeschen": Rule(
        "post",
        lambda w: reverse("bereich:raumfoto-loeschen", kwargs={"pk": room_photo(w).pk}),
        PAGE,
        A_AND_STAFF,
        lambda w: Raumfoto.objects.filter(pk=room_photo(w).pk).exists(),
    ),
    "bereich:raum-sperrzeiten": Rule(
        "post",
        pk_url("bereich:raum-sperrzeiten", "raum"),
        PAGE,
        A_AND_STAFF,
        lambda w: w.raum.sperrzeiten.count(),
        data=block_data,
    ),
    "bereich:sperrzeit-loeschen": Rule(
        "post",
        lambda w: reverse("bereich:sperrzeit-loeschen", kwargs={"pk": blocked_period(w).pk}),
        PAGE,
        A_AND_STAFF,
        lambda w: Sperrzeit.objects.filter(pk=blocked_period(w).pk).exists(),
    ),
    "bereich:raum-kalender-erneuern": Rule(
        "post",
        lambda w: reverse("bereich:raum-kalender-erneuern", kwargs={"pk": w.akteur_a.pk}),
        PAGE,
        A_AND_STAFF,
        lambda w: type(w.akteur_a).objects.get(pk=w.akteur_a.pk).calendar_version,
    ),
    "bereich:raumanfrage-annehmen": Rule(
        "post",
        lambda w: reverse("bereich:raumanfrage-annehmen", kwargs={"pk": incoming_request(w).pk}),
        PAGE,
        A_AND_STAFF,
        request_state(incoming_request),
    ),
    "bereich:raumanfrage-ablehnen": Rule(
        "post",
        lambda w: reverse("bereich:raumanfrage-ablehnen", kwargs={"pk": incoming_request(w).pk}),
        PAGE,
        A_AND_STAFF,
        request_state(incoming_request),
        data=lambda w: {f"anfrage-{incoming_request(w).pk}-message": "Leider belegt."},
    ),
    "bereich:raumanfrage-stornieren": Rule(
        # Only the person who asked cancels; the owner's side and the Fachdienst do not.
        "post",
        lambda w: reverse("bereich:raumanfrage-stornieren", kwargs={"pk": own_request(w).pk}),
        {"anonym": LOGIN, "mitglied_a": 302, "mitglied_b": 404, "fachdienst": 404},
        {"mitglied_a"},
        request_state(own_request),
    ),
}

# --- Budget office (/verwaltung/budgets/): actor A's application in each state, made on first use
# like the room objects above. Only the Fachdienst decides; everybody else gets 404 or the login.


def _budget(world: World, slug: str = "lobeda") -> Angebotsbudget:
    budget = Angebotsbudget.objects.create(sozialraum=Sozialraum.objects.get(slug=slug), year=2026)
    budget_services.budget_book(
        budget=budget,
        kind=Budgetbuchung.Kind.INITIAL,
        amount=Decimal("10000"),
        reason="Haushalt",
        user=world.users["fachdienst"],
    )
    return budget


office_budget = made_once("office_budget", _budget)
other_budget = made_once("other_budget", lambda w: _budget(w, "nord"))


def _antrag(world: World, status: str) -> Foerderantrag:
    antrag = Foerderantrag.objects.create(
        budget=office_budget(world),
        akteur=world.akteur_a,
        title="Offener Treff",
        description="Für alle.",
        goals="Begegnung",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
        status=Foerderantrag.Status.IN_REVIEW if status != "eingereicht" else status,
    )
    Kostenposition.objects.create(
        antrag=antrag, category="honorare", description="Honorare", amount=Decimal("1000")
    )
    fachdienst = world.users["fachdienst"]
    if status in ("bewilligt", "laufend"):
        budget_services.antrag_approve(antrag=antrag, user=fachdienst, amount=Decimal("800"))
    if status == "laufend":
        budget_services.antrag_start(antrag=antrag, user=fachdienst)
    return Foerderantrag.objects.get(pk=antrag.pk)


submitted_antrag = made_once("submitted_antrag", lambda w: _antrag(w, "eingereicht"))
review_antrag = made_once("review_antrag", lambda w: _antrag(w, "in-pruefung"))
approved_antrag = made_once("approved_antrag", lambda w: _antrag(w, "bewilligt"))
requested_abruf = made_once(
    "requested_abruf",
    lambda w: Mittelabruf.objects.create(
        antrag=approved_antrag(w), amount=Decimal("100"), requested_by=w.users["mitglied_a"]
    ),
)
quarter_report = made_once(
    "quarter_report",
    lambda w: Quartalsbericht.objects.create(antrag=approved_antrag(w), year=2026, quarter=1),
)


def _nachweis(world: World) -> Verwendungsnachweis:
    antrag = _antrag(world, "laufend")
    nachweis = Verwendungsnachweis.objects.create(antrag=antrag, report="Zwölf Abende.")
    NachweisPosition.objects.create(
        nachweis=nachweis, kostenposition=antrag.kosten.get(), actual_amount=Decimal("700")
    )
    return nachweis


proof_of_use = made_once("proof_of_use", _nachweis)


def office_url(name: str, get: Callable[[World], object]):
    return lambda w: reverse(f"budgetverwaltung:{name}", kwargs={"pk": get(w).pk})


def antrag_status(get: Callable[[World], Foerderantrag]):
    return lambda w: Foerderantrag.objects.values_list("status", "approved_amount").get(
        pk=get(w).pk
    )


def bookings(world: World):
    office_budget(world), other_budget(world)  # made before the snapshot
    return sorted(Budgetbuchung.objects.values_list("budget", "kind", "amount"))


RULES |= {
    "budgetverwaltung:budget-neu": Rule(
        "post",
        lambda w: reverse("budgetverwaltung:budget-neu"),
        STAFF,
        {"fachdienst"},
        lambda w: Angebotsbudget.objects.count(),
        data=lambda w: {
            "sozialraum": Sozialraum.objects.get(slug="ost").pk,
            "year": 2026,
            "amount": "5000",
            "reason": "Haushalt",
        },
    ),
    "budgetverwaltung:budget-buchen": Rule(
        "post",
        office_url("budget-buchen", office_budget),
        STAFF,
        {"fachdienst"},
        bookings,
        data=lambda w: {
            "buchung-kind": "erhoehung",
            "buchung-amount": "100",
            "buchung-reason": "Nachtrag",
        },
    ),
    "budgetverwaltung:budget-umschichten": Rule(
        "post",
        office_url("budget-umschichten", office_budget),
        STAFF,
        {"fachdienst"},
        bookings,
        data=lambda w: {
            "umschichtung-target": other_budget(w).pk,
            "umschichtung-amount": "100",
            "umschichtung-reason": "Lücke",
        },
    ),
    "budgetverwaltung:antrag-pruefen": Rule(
        "post",
        office_url("antrag-pruefen", submitted_antrag),
        STAFF,
        {"fachdienst"},
        antrag_status(submitted_antrag),
    ),
    "budgetverwaltung:antrag-zurueckgeben": Rule(
        "post",
        office_url("antrag-zurueckgeben", review_antrag),
        STAFF,
        {"fachdienst"},
        antrag_status(review_antrag),
        data=lambda w: {"zurueck-comment": "Bitte ergänzen."},
    ),
    "budgetverwaltung:antrag-bewilligen": Rule(
        "post",
        office_url("antrag-bewilligen", review_antrag),
        STAFF,
        {"fachdienst"},
        antrag_status(review_antrag),
        data=lambda w: {"bewilligen-amount": "500"},
    ),
    "budgetverwaltung:antrag-ablehnen": Rule(
        "post",
        office_url("antrag-ablehnen", review_antrag),
        STAFF,
        {"fachdienst"},
        antrag_status(review_antrag),
        data=lambda w: {"ablehnen-reason": "Kein Bezug zum Sozialraum."},
    ),
    "budgetverwaltung:antrag-starten": Rule(
        "post",
        office_url("antrag-starten", approved_antrag),
        STAFF,
        {"fachdienst"},
        antrag_status(approved_antrag),
    ),
    "budgetverwaltung:abruf-entscheiden": Rule(
        "post",
        office_url("abruf-entscheiden", requested_abruf),
        STAFF,
        {"fachdienst"},
        lambda w: Mittelabruf.objects.get(pk=requested_abruf(w).pk).status,
        data=lambda w: {"status": Mittelabruf.Status.RELEASED},
    ),
    "budgetverwaltung:bericht-gespraech": Rule(
        "post",
        office_url("bericht-gespraech", quarter_report),
        STAFF,
        {"fachdienst"},
        lambda w: Quartalsbericht.objects.values_list("talk_date", "talk_participants").get(
            pk=quarter_report(w).pk
        ),
        data=lambda w: {"talk_date": "2026-04-10", "participants": "Träger, Fachdienst"},
    ),
    "budgetverwaltung:nachweis-pruefen": Rule(
        "post",
        office_url("nachweis-pruefen", proof_of_use),
        STAFF,
        {"fachdienst"},
        lambda w: Verwendungsnachweis.objects.values_list("accepted_amount", "reviewed_at").get(
            pk=proof_of_use(w).pk
        ),
        data=lambda w: {"accepted_amount": "500"},
    ),
}
READ_ONLY |= {
    "budgetverwaltung:uebersicht",
    "budgetverwaltung:budget",
    "budgetverwaltung:budget-soll-ist",
    "budgetverwaltung:budget-soll-ist-export",
    "budgetverwaltung:antraege",
    "budgetverwaltung:antraege-export",
    "budgetverwaltung:antrag",
    "budgetverwaltung:antrag-soll-ist",
    "budgetverwaltung:abrufe",
    "budgetverwaltung:berichte",
    "budgetverwaltung:bericht",
    "budgetverwaltung:nachweise",
    "budgetverwaltung:nachweis",
}

# --- Applications in the provider area (/mein-bereich/antraege/): only the lead actor's members
# write; the Fachdienst decides on its own pages and so finds nothing here (404), like actor B.


def _applicant_budget(world: World) -> Angebotsbudget:
    """A budget open for applications (current year), unlike the office's fixed year."""
    budget = Angebotsbudget.objects.create(
        sozialraum=Sozialraum.objects.get(slug="winzerla"), year=timezone.localdate().year
    )
    budget_services.budget_book(
        budget=budget,
        kind=Budgetbuchung.Kind.INITIAL,
        amount=Decimal("10000"),
        reason="Haushalt",
        user=world.users["fachdienst"],
    )
    return budget


applicant_budget = made_once("applicant_budget", _applicant_budget)
draft_antrag = made_once(
    "draft_antrag",
    lambda w: make_antrag(applicant_budget(w), w.akteur_a, new_offer="Ein neues Café."),
)
running_antrag = made_once("running_antrag", lambda w: _antrag(w, "laufend"))
MEMBERS_OF_A = {"anonym": LOGIN, "mitglied_a": 302, "mitglied_b": 404, "fachdienst": 404}


def applicant_url(name: str, get: Callable[[World], object]):
    return lambda w: reverse(f"antraege:{name}", kwargs={"pk": get(w).pk})


def draft_state(world: World):
    antrag = Foerderantrag.objects.get(pk=draft_antrag(world).pk)
    return (antrag.title, antrag.status, list(antrag.kosten.values_list("description", "amount")))


def nachweis_data(world: World) -> dict:
    antrag = running_antrag(world)
    return {
        f"ist_{antrag.kosten.get().pk}": "700",
        "report": "Zwölf Abende.",
        **dict.fromkeys(Quartalsbericht.FIELDS, "1"),
        "belege-TOTAL_FORMS": "1",
        "belege-INITIAL_FORMS": "0",
    }


RULES |= {
    "antraege:neu": Rule(
        "post",
        lambda w: reverse("antraege:neu"),
        # B and the Fachdienst may open the form, but not apply for actor A: nothing stored.
        {"anonym": LOGIN, "mitglied_a": 302, "mitglied_b": 200, "fachdienst": 200},
        {"mitglied_a"},
        lambda w: Foerderantrag.objects.count(),
        data=lambda w: antrag_data(applicant_budget(w), w.akteur_a),
    ),
    "antraege:bearbeiten": Rule(
        "post",
        applicant_url("bearbeiten", draft_antrag),
        MEMBERS_OF_A,
        {"mitglied_a"},
        draft_state,
        data=lambda w: antrag_data(applicant_budget(w), w.akteur_a, title="Neuer Titel"),
    ),
    "antraege:einreichen": Rule(
        "post", applicant_url("einreichen", draft_antrag), MEMBERS_OF_A, {"mitglied_a"}, draft_state
    ),
    "antraege:mittelabruf": Rule(
        "post",
        applicant_url("mittelabruf", approved_antrag),
        MEMBERS_OF_A,
        {"mitglied_a"},
        lambda w: Mittelabruf.objects.filter(antrag=approved_antrag(w)).count(),
        data=lambda w: {"amount": "100"},
    ),
    "antraege:bericht": Rule(
        "post",
        applicant_url("bericht", approved_antrag),
        MEMBERS_OF_A,
        {"mitglied_a"},
        lambda w: Quartalsbericht.objects.filter(antrag=approved_antrag(w)).count(),
        data=lambda w: {"quarter": "2026-2", **dict.fromkeys(Quartalsbericht.FIELDS, "3")},
    ),
    "antraege:nachweis": Rule(
        "post",
        applicant_url("nachweis", running_antrag),
        MEMBERS_OF_A,
        {"mitglied_a"},
        lambda w: Verwendungsnachweis.objects.filter(antrag=running_antrag(w)).exists(),
        data=nachweis_data,
    ),
}
READ_ONLY |= {"antraege:list", "antraege:detail"}

# --- Social-space conferences (/sozialraeume/<slug>/konferenzen/): actor A works in Ost, actor B
# in Nord. The Fachdienst and A's members enter and edit Ost's conferences; B finds no form.


def _ost_konferenz(world: World):
    from sozialraeume.models import Konferenz
    from sozialraeume.services_konferenzen import konferenz_save

    ost = Sozialraum.objects.get(slug="ost")
    world.akteur_a.sozialraeume.add(ost)
    world.akteur_b.sozialraeume.add(Sozialraum.objects.get(slug="nord"))
    start = timezone.now() + timedelta(days=14)
    konferenz = Konferenz(
        sozialraum=ost,
        title="Frühjahrskonferenz",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        address="Stadtteilbüro Ost",
    )
    return konferenz_save(konferenz=konferenz, user=None)


ost_konferenz = made_once("ost_konferenz", _ost_konferenz)


def konferenz_state(world: World):
    from sozialraeume.models import Konferenz

    ost_konferenz(world)  # made before the snapshot
    return sorted(Konferenz.objects.values_list("title", "starts_at"))


def konferenz_data(world: World) -> dict:
    return {
        "title": "Sommerkonferenz",
        "date": (timezone.localdate() + timedelta(days=30)).isoformat(),
        "start": "17:00",
        "end": "19:00",
        "address": "Stadtteilbüro Ost",
    }


RULES |= {
    "konferenzen:neu": Rule(
        "post",
        lambda w: reverse("konferenzen:neu", kwargs={"slug": "ost"}),
        PAGE,
        A_AND_STAFF,
        konferenz_state,
        data=konferenz_data,
    ),
    "konferenzen:bearbeiten": Rule(
        "post",
        lambda w: reverse(
            "konferenzen:bearbeiten", kwargs={"slug": "ost", "pk": ost_konferenz(w).pk}
        ),
        PAGE,
        A_AND_STAFF,
        konferenz_state,
        data=konferenz_data,
    ),
}
READ_ONLY |= {"konferenzen:list", "konferenzen:detail", "konferenzen:ics"}


# --- Ideen-Melder (/ideen/, /verwaltung/ideen/): anyone submits, supports and reports (stored
# for every role); only the Fachdienst publishes, rejects, answers and reviews reports.


def _idee(world: World, moderation: str):
    from sozialraeume.models import Idee
    from sozialraeume.services_ideen import idee_submit

    idee = idee_submit(
        sozialraum=Sozialraum.objects.get(slug="lobeda"),
        bezirk=None,
        point=None,
        kind="idee",
        title="Bank am Spielplatz",
        text="Am Spielplatz fehlt eine Bank.",
        email="",
        consent=True,
        ip="10.9.9.9",
    )
    Idee.objects.filter(pk=idee.pk).update(moderation=moderation)
    return Idee.objects.get(pk=idee.pk)


waiting_idee = made_once("waiting_idee", lambda w: _idee(w, "wartet"))
public_idee = made_once("public_idee", lambda w: _idee(w, "freigegeben"))


def _idee_meldung(world: World):
    from sozialraeume.services_ideen import idee_report

    return idee_report(idee=public_idee(world), reason="Beleidigend.", ip="10.9.9.8")


idee_meldung = made_once("idee_meldung", _idee_meldung)


def idee_state(get: Callable[[World], object]):
    def state(world: World):
        from sozialraeume.models import Idee

        fields = ("moderation", "status", "answer", "support_count")
        return Idee.objects.values_list(*fields).get(pk=get(world).pk)

    return state


def ideen_count(world: World):
    from sozialraeume.models import Idee

    return Idee.objects.count()


def idee_meldungen_state(world: World):
    from sozialraeume.models import IdeeMeldung

    public_idee(world)  # made before the snapshot
    return sorted(IdeeMeldung.objects.values_list("pk", "outcome"))


def idee_url(name: str, get: Callable[[World], object]):
    return lambda w: reverse(name, kwargs={"pk": get(w).pk})


ANYONE_STORES = {role: 302 for role in ROLES}

RULES |= {
    "ideen:neu": Rule(
        "post",
        lambda w: reverse("ideen:neu"),
        ANYONE_STORES,
        set(ROLES),
        ideen_count,
        data=lambda w: {
            "kind": "bedarf",
            "title": "Treff für Jugendliche",
            "text": "Abends fehlt ein Ort für Jugendliche.",
            "sozialraum": Sozialraum.objects.get(slug="nord").pk,
            "consent": "on",
        },
    ),
    "ideen:unterstuetzen": Rule(
        "post",
        idee_url("ideen:unterstuetzen", public_idee),
        ANYONE_STORES,
        set(ROLES),
        idee_state(public_idee),
    ),
    "ideen:melden": Rule(
        "post",
        idee_url("ideen:melden", public_idee),
        ANYONE_STORES,
        set(ROLES),
        idee_meldungen_state,
        data=lambda w: {"reason": "Das ist Werbung."},
    ),
    "ideenverwaltung:freigeben": Rule(
        "post",
        idee_url("ideenverwaltung:freigeben", waiting_idee),
        STAFF,
        {"fachdienst"},
        idee_state(waiting_idee),
    ),
    "ideenverwaltung:ablehnen": Rule(
        "post",
        idee_url("ideenverwaltung:ablehnen", waiting_idee),
        STAFF,
        {"fachdienst"},
        idee_state(waiting_idee),
        data=lambda w: {"ablehnen-note": "Betrifft nicht Jena."},
    ),
    "ideenverwaltung:antworten": Rule(
        "post",
        idee_url("ideenverwaltung:antworten", public_idee),
        STAFF,
        {"fachdienst"},
        idee_state(public_idee),
        data=lambda w: {
            "status": "in-arbeit",
            "answer": "Wir kümmern uns.",
            "answer_from": "fachdienst",
        },
    ),
    "ideenverwaltung:meldung-pruefen": Rule(
        "post",
        idee_url("ideenverwaltung:meldung-pruefen", idee_meldung),
        STAFF,
        {"fachdienst"},
        lambda w: (idee_meldung(w).pk, idee_meldungen_state(w), idee_state(public_idee)(w)),
        data=lambda w: {"outcome": "versteckt"},
    ),
}
READ_ONLY |= {
    "ideen:list",
    "ideen:detail",
    "ideen:danke",
    "ideenverwaltung:queue",
    "ideenverwaltung:idee",
}


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Photos uploaded by the room rules land in a temporary folder."""
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def world(akteur_a, akteur_b, member_a, member_b, fachdienst) -> World:
    load_vocabulary()
    yesterday = timezone.localdate() - timezone.timedelta(days=1)
    published = AngebotFactory(akteur=akteur_a, title="Offener Treff", checked_on=yesterday)
    return World(
        akteur_a=akteur_a,
        akteur_b=akteur_b,
        users={
            "anonym": None,
            "mitglied_a": member_a,
            "mitglied_b": member_b,
            "fachdienst": fachdienst,
        },
        published=published,
        draft=AngebotFactory(akteur=akteur_a, status=Angebot.Status.DRAFT),
        review=AngebotFactory(akteur=akteur_a, status=Angebot.Status.REVIEW),
        meldung=Problemmeldung.objects.create(
            angebot=published, reason="zeiten", message="Zu.", ip_hash="0" * 64
        ),
        raum=RaumFactory(akteur=akteur_a, name="Saal A"),
    )


def test_every_url_has_a_rule():
    names = url_names()
    unclassified = names - set(RULES) - READ_ONLY - set(EXEMPT)
    assert not unclassified, f"add a rule to RULES, READ_ONLY or EXEMPT for: {unclassified}"
    stale = (set(RULES) | READ_ONLY | set(EXEMPT)) - names
    assert not stale, f"rules for URLs that no longer exist: {stale}"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(RULES))
def test_permission_matrix(name, role, world, client):
    rule = RULES[name]
    user = world.users[role]
    if rule.api:
        client = APIClient()
        if user:
            client.force_authenticate(user)
    elif user:
        client.force_login(user)
    before = rule.state(world)

    send = getattr(client, rule.method)
    if rule.api:
        response = send(rule.url(world), rule.data(world), format="json")
    else:
        response = send(rule.url(world), rule.data(world))

    expected = rule.expect[role]
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("konto:anmelden"))
    else:
        assert response.status_code == expected, response.content[:500]
    changed = rule.state(world) != before
    assert changed == (role in rule.changes), f"{name} as {role}: changed={changed}"


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonym", Raumanfrage.Status.UNCONFIRMED),
        ("mitglied_a", Raumanfrage.Status.PENDING),
        ("fachdienst", Raumanfrage.Status.PENDING),
    ],
)
def test_room_requests_without_account_wait_for_the_email_confirmation(role, status, world, client):
    """Only a request from an account reaches the owner at once."""
    user = world.users[role]
    if user:
        client.force_login(user)

    client.post(
        reverse("raeume:anfragen", kwargs={"slug": world.raum.slug}), raumanfrage_data(world)
    )

    anfrage = Raumanfrage.objects.get()
    assert anfrage.status == status
    assert anfrage.user == user
    assert anfrage.akteur == (world.akteur_a if role == "mitglied_a" else None)


def test_read_only_pages_refuse_to_change_anything(client, world):
    """A POST to a public HTML page never counts as a write (405, or 403 without CSRF)."""
    client.force_login(world.users["fachdienst"])
    url = reverse("angebote:detail", kwargs={"slug": world.published.slug})
    before = offer_state("published")(world)
    assert client.post(url, {"title": "X"}).status_code == 405
    assert offer_state("published")(world) == before


def test_membership_of_both_actors_is_not_confused(client, world):
    """A member of B who is also an editor of A can act for A; the rule is per actor."""
    Membership.objects.create(
        user=world.users["mitglied_b"], akteur=world.akteur_a, role=Membership.Role.EDITOR
    )
    client.force_login(world.users["mitglied_b"])
    response = client.post(
        reverse("bereich:angebot-noch-aktuell", kwargs={"pk": world.published.pk})
    )
    assert response.status_code == 302
    assert Angebot.objects.get(pk=world.published.pk).checked_on == timezone.localdate()


# --- Social-space profiles and their comparison (/sozialraeume/vergleich/): public reads. At the
# end of the module so parallel branches append without conflicts; it runs before any test.
READ_ONLY |= {"sozialraeume:vergleich"}
