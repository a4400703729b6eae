"""Ideen-Melder: submitting (bad input, honeypot, rate limit), visibility before approval,
support once per browser, abuse reports, the Fachdienst's moderation with e-mails and history,
the list's filters and the demo ideas."""

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.cache import caches
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from angebote.models import Angebot
from budgets.models import Angebotsbudget, Foerderantrag
from sozialraeume import services_ideen as services
from sozialraeume.demo_ideen import demo_ideen_seed
from sozialraeume.models import (
    Bezirk,
    Idee,
    IdeeMeldung,
    IdeeUnterstuetzung,
    Konferenz,
    Sozialraum,
    User,
)
from sozialraeume.views_ideen import SUPPORT_COOKIE
from tests.factories import AkteurFactory, AngebotFactory, point_in

LOBEDA_OST, WINZERLA = 63, 90
BERLIN = ("52.520008", "13.404954")
M, S = Idee.Moderation, Idee.Status


def lobeda() -> Sozialraum:
    return Sozialraum.objects.get(slug="lobeda")


def idea_data(**fields) -> dict:
    data = {
        "kind": "idee",
        "title": "Bank am Spielplatz",
        "text": "Am Spielplatz fehlt eine Bank für Eltern und Großeltern.",
        "sozialraum": lobeda().pk,
        "bezirk": "",
        "latitude": "",
        "longitude": "",
        "email": "",
        "consent": "on",
    }
    return {**data, **fields}


def submit(client, ip: str = "10.0.0.1", **fields):
    return client.post(reverse("ideen:neu"), idea_data(**fields), REMOTE_ADDR=ip)


def make_idea(*, moderation: str = M.PUBLISHED, ip: str = "10.9.9.9", **fields) -> Idee:
    """An idea through the service, then put into `moderation` directly."""
    data = {
        "sozialraum": lobeda(),
        "bezirk": None,
        "point": point_in(LOBEDA_OST),
        "kind": "idee",
        "title": "Bank am Spielplatz",
        "text": "Am Spielplatz fehlt eine Bank für Eltern und Großeltern.",
        "email": "",
        "consent": True,
        **fields,
    }
    idee = services.idee_submit(ip=ip, **data)
    Idee.objects.filter(pk=idee.pk).update(moderation=moderation)
    idee.refresh_from_db()
    return idee


def detail_url(idee: Idee) -> str:
    return reverse("ideen:detail", kwargs={"pk": idee.pk})


def page_of(response) -> str:
    return response.content.decode()


# --- Submitting ----------------------------------------------------------------------------------


def test_form_is_never_cached_and_asks_for_consent_to_the_privacy_notice(client, db):
    response = client.get(reverse("ideen:neu"))

    page = page_of(response)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert 'href="/datenschutz/"' in page
    assert 'name="consent"' in page
    assert 'id="ort-karte"' in page and 'name="latitude"' in page
    assert 'name="website"' in page and 'tabindex="-1"' in page


def test_submitted_idea_waits_for_moderation_and_the_thanks_say_it_is_checked(client, db):
    response = submit(client, email="anwohnerin@example.org")

    assert response.status_code == 302
    assert response["Location"] == reverse("ideen:danke")
    idee = Idee.objects.get()
    assert idee.moderation == M.WAITING
    assert idee.status == S.NEW
    assert (idee.sozialraum, idee.bezirk, idee.point) == (lobeda(), None, None)
    assert idee.email == "anwohnerin@example.org"
    assert "10.0.0.1" not in idee.ip_hash and len(idee.ip_hash) == 64
    assert "wird geprüft" in page_of(client.get(response["Location"]))


def test_point_decides_district_and_space(client, db):
    point = point_in(LOBEDA_OST)

    submit(client, sozialraum="", latitude=f"{point.y:.6f}", longitude=f"{point.x:.6f}")

    idee = Idee.objects.get()
    assert idee.bezirk.number == LOBEDA_OST
    assert idee.sozialraum == lobeda()
    assert idee.point.distance(point) < 1e-5


def test_coordinates_with_a_decimal_comma_or_many_decimals_are_understood(client, db):
    point = point_in(LOBEDA_OST)

    submit(
        client,
        sozialraum="",
        latitude=f"{point.y:.6f}".replace(".", ","),
        longitude=f"{point.x:.12f}",
    )

    idee = Idee.objects.get()
    assert idee.bezirk.number == LOBEDA_OST
    assert round(idee.point.x, 6) == idee.point.x


def test_district_decides_space(client, db):
    bezirk = Bezirk.objects.get(number=WINZERLA)

    submit(client, sozialraum="", bezirk=bezirk.pk)

    idee = Idee.objects.get()
    assert (idee.bezirk, idee.sozialraum) == (bezirk, bezirk.sozialraum)


def test_point_outside_jena_is_refused_and_nothing_is_stored(client, db):
    response = submit(client, latitude=BERLIN[0], longitude=BERLIN[1])

    assert response.status_code == 200
    page = page_of(response)
    assert "Dieser Ort liegt nicht in Jena" in page
    assert 'href="#id_latitude"' in page  # the error summary leads to the field
    assert not Idee.objects.exists()


def test_point_in_another_space_than_the_chosen_one_is_refused(client, db):
    point = point_in(WINZERLA)

    response = submit(client, latitude=f"{point.y:.6f}", longitude=f"{point.x:.6f}")

    assert "Der Ort liegt im Sozialraum Winzerla" in page_of(response)
    assert not Idee.objects.exists()


def test_idea_without_any_place_is_refused(client, db):
    response = submit(client, sozialraum="")

    assert "Bitte wählen Sie einen Sozialraum, einen Bezirk oder einen Ort" in page_of(response)
    assert not Idee.objects.exists()


def test_only_one_coordinate_is_refused(client, db):
    response = submit(client, latitude="50.9")

    assert "Bitte beide Koordinaten angeben" in page_of(response)
    assert not Idee.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("text", ""),
        ("text", "   \n  "),
        ("text", "zu kurz"),
        ("text", "x" * 3001),
        ("title", ""),
        ("title", "Bank"),
        ("title", "x" * 121),
        ("email", "keine-adresse"),
        ("kind", "werbung"),
        ("consent", ""),
    ],
)
def test_bad_input_gets_a_message_at_its_field_and_nothing_is_stored(client, db, field, value):
    response = submit(client, **{field: value})

    assert response.status_code == 200
    page = page_of(response)
    assert "error-summary" in page
    assert f'id="id_{field}_fehler1"' in page
    assert not Idee.objects.exists()


def test_huge_text_is_refused_with_its_length(client, db):
    response = submit(client, text="x" * 5000)

    assert "5000" in page_of(response)
    assert not Idee.objects.exists()


def test_missing_consent_is_explained(client, db):
    response = submit(client, consent="")

    assert "Bitte stimmen Sie den Datenschutzhinweisen zu." in page_of(response)


def test_filled_honeypot_pretends_success_and_stores_nothing(client, db):
    response = submit(client, website="https://spam.example")

    assert response.status_code == 302
    assert response["Location"] == reverse("ideen:danke")
    assert not Idee.objects.exists()


def test_fourth_idea_within_an_hour_from_one_address_is_refused_but_another_address_works(
    client, db, settings
):
    settings.IDEA_RATE_LIMIT = 3
    for _ in range(3):
        assert submit(client).status_code == 302

    refused = submit(client)

    assert refused.status_code == 429
    assert "schon mehrere Ideen" in page_of(refused)
    assert Idee.objects.count() == 3
    assert submit(client, ip="10.0.0.2").status_code == 302
    assert Idee.objects.count() == 4


def test_ideas_older_than_an_hour_do_not_count_for_the_limit(db, settings):
    settings.IDEA_RATE_LIMIT = 1
    old = make_idea(moderation=M.WAITING, ip="10.0.0.1")
    Idee.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(minutes=61))

    make_idea(moderation=M.WAITING, ip="10.0.0.1")

    assert Idee.objects.count() == 2


# --- Visibility --------------------------------------------------------------------------------


def test_idea_is_invisible_until_approved_in_list_detail_and_map_data(client, fachdienst):
    idee = make_idea(moderation=M.WAITING, title="Noch geheime Idee")

    listing = page_of(client.get(reverse("ideen:list")))
    assert "Noch geheime Idee" not in listing
    assert "data-idee-lat" not in listing
    assert client.get(detail_url(idee)).status_code == 404

    services.idee_publish(idee=idee, user=fachdienst)

    listing = page_of(client.get(reverse("ideen:list")))
    assert "Noch geheime Idee" in listing
    assert f'data-idee-lat="{idee.point.y:.6f}"' in listing
    assert client.get(detail_url(idee)).status_code == 200


@pytest.mark.parametrize("moderation", [M.WAITING, M.REJECTED, M.HIDDEN])
def test_unpublished_ideas_are_404_for_detail_support_and_report(client, db, moderation):
    idee = make_idea(moderation=moderation, title="Nicht öffentlich")

    assert client.get(detail_url(idee)).status_code == 404
    support = client.post(reverse("ideen:unterstuetzen", kwargs={"pk": idee.pk}))
    report = client.post(reverse("ideen:melden", kwargs={"pk": idee.pk}), {"reason": "Böse."})
    assert (support.status_code, report.status_code) == (404, 404)
    assert "Nicht öffentlich" not in page_of(client.get(reverse("ideen:list")))
    assert not IdeeUnterstuetzung.objects.exists() and not IdeeMeldung.objects.exists()


def test_idea_given_by_district_is_mapped_at_the_district_centre(client, db):
    bezirk = Bezirk.objects.get(number=WINZERLA)
    make_idea(sozialraum=None, bezirk=bezirk, point=None)

    listing = page_of(client.get(reverse("ideen:list")))

    centre = bezirk.geometry.point_on_surface
    assert f'data-idee-lat="{centre.y:.6f}"' in listing


def test_idea_for_a_whole_space_is_listed_without_a_marker(client, db):
    make_idea(point=None, title="Für den ganzen Sozialraum")

    listing = page_of(client.get(reverse("ideen:list")))

    assert "Für den ganzen Sozialraum" in listing
    assert "data-idee-lat" not in listing


def test_list_shows_status_and_answer_and_is_cacheable_while_the_idea_page_is_not(
    client, fachdienst
):
    idee = make_idea(email="")
    services.idee_answer(
        idee=idee,
        user=fachdienst,
        status=S.IN_PROGRESS,
        answer="Der Bauhof stellt im Mai eine Bank auf.",
        angebote=[],
        antraege=[],
    )

    listing = client.get(reverse("ideen:list"))
    detail = client.get(detail_url(idee))

    for response in (listing, detail):
        assert "In Arbeit" in page_of(response)
        assert "Der Bauhof stellt im Mai eine Bank auf." in page_of(response)
    assert "csrfmiddlewaretoken" not in page_of(listing)
    assert "no-store" not in listing.get("Cache-Control", "")
    assert "no-store" in detail["Cache-Control"]


def test_script_in_title_text_and_answer_is_escaped_everywhere(client, fachdienst):
    script = "<script>alert('x')</script>"
    idee = make_idea(title=f"Titel {script}", text=f"Beschreibung mit {script} darin.")
    services.idee_answer(
        idee=idee, user=fachdienst, status=S.REVIEW, answer=script, angebote=[], antraege=[]
    )
    client.force_login(fachdienst)

    pages = [
        client.get(reverse("ideen:list")),
        client.get(detail_url(idee)),
        client.get(reverse("ideen:melden", kwargs={"pk": idee.pk})),
        client.get(reverse("ideenverwaltung:queue")),
        client.get(reverse("ideenverwaltung:idee", kwargs={"pk": idee.pk})),
    ]

    for response in pages:
        assert response.status_code == 200
        assert "<script>alert" not in page_of(response)
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page_of(response)
    assert Idee.objects.get().title == f"Titel {script}"  # stored as typed, escaped when shown


# --- Filters --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "matches"),
    [
        ({"sozialraum": "lobeda"}, True),
        ({"sozialraum": "nord"}, False),
        ({"status": "in-arbeit"}, True),
        ({"status": "erledigt"}, False),
        ({"art": "bedarf"}, True),
        ({"art": "problem"}, False),
    ],
)
def test_each_filter_matches_its_value_only(client, db, query, matches):
    idee = make_idea(kind="bedarf", title="Treffpunkt für Ältere")
    Idee.objects.filter(pk=idee.pk).update(status=S.IN_PROGRESS)

    page = page_of(client.get(reverse("ideen:list"), query))

    assert ("Treffpunkt für Ältere" in page) == matches


def test_invalid_filter_value_shows_an_error_not_a_server_error(client, db):
    make_idea(title="Treffpunkt für Ältere")

    response = client.get(reverse("ideen:list"), {"status": "gibt-es-nicht"})

    assert response.status_code == 200
    assert "error-summary" in page_of(response)
    assert "Treffpunkt für Ältere" not in page_of(response)


# --- Support once per browser ---------------------------------------------------------------------


def support(client, idee: Idee, ip: str = "10.0.0.1"):
    return client.post(reverse("ideen:unterstuetzen", kwargs={"pk": idee.pk}), REMOTE_ADDR=ip)


def test_support_is_counted_once_per_browser_and_a_new_browser_counts(db):
    idee = make_idea()
    browser = Client()

    first = support(browser, idee)
    second = support(browser, idee)
    other = support(Client(), idee)

    assert first.status_code == second.status_code == other.status_code == 302
    assert Idee.objects.get(pk=idee.pk).support_count == 2
    assert IdeeUnterstuetzung.objects.filter(idee=idee).count() == 2
    token = browser.cookies[SUPPORT_COOKIE].value
    assert browser.cookies[SUPPORT_COOKIE]["max-age"] >= 365 * 24 * 3600
    assert browser.cookies[SUPPORT_COOKIE]["httponly"]
    # Only a keyed hash of the token is stored, never the token itself.
    stored = list(IdeeUnterstuetzung.objects.values_list("browser_hash", flat=True))
    assert token not in stored
    assert services.browser_hash(token) in stored


def test_page_says_when_this_browser_already_supports_the_idea(db):
    idee = make_idea()
    browser = Client()
    assert "Diese Idee unterstützen" in page_of(browser.get(detail_url(idee)))

    response = support(browser, idee)

    page = page_of(browser.get(response["Location"]))
    assert "Danke! Ihre Unterstützung ist gezählt." in page
    assert "Sie unterstützen diese Idee." in page
    assert "1 Person unterstützt diese Idee." in page
    assert "Diese Idee unterstützen" not in page


def test_a_forged_cookie_value_is_replaced_by_a_fresh_token(db):
    idee = make_idea()
    browser = Client()
    browser.cookies[SUPPORT_COOKIE] = "<script>"

    support(browser, idee)

    assert browser.cookies[SUPPORT_COOKIE].value != "<script>"
    assert Idee.objects.get(pk=idee.pk).support_count == 1


def test_supports_from_one_address_are_limited_per_hour(db, settings):
    settings.IDEA_SUPPORT_RATE_LIMIT = 2
    ideen = [make_idea(title=f"Idee Nummer {n}") for n in range(3)]
    browser = Client()
    support(browser, ideen[0])
    support(browser, ideen[1])

    refused = support(browser, ideen[2])

    assert refused.status_code == 429
    assert "sehr viele Unterstützungen" in page_of(refused)
    assert Idee.objects.get(pk=ideen[2].pk).support_count == 0
    # A repeated support of an idea this browser supports neither counts nor is refused.
    assert support(browser, ideen[0]).status_code == 302
    assert support(Client(), ideen[2], ip="10.0.0.2").status_code == 302
    assert Idee.objects.get(pk=ideen[2].pk).support_count == 1


def test_support_is_a_post(client, db):
    idee = make_idea()

    assert client.get(reverse("ideen:unterstuetzen", kwargs={"pk": idee.pk})).status_code == 405


# --- Abuse reports --------------------------------------------------------------------------------


def report(client, idee: Idee, reason: str = "Das beleidigt meine Nachbarn.", ip="10.0.0.1"):
    return client.post(
        reverse("ideen:melden", kwargs={"pk": idee.pk}), {"reason": reason}, REMOTE_ADDR=ip
    )


def test_abuse_report_hides_the_idea_after_review_and_the_review_is_recorded(client, fachdienst):
    idee = make_idea(title="Beleidigende Idee", email="absender@example.org")

    response = report(client, idee)

    assert response.status_code == 302
    assert "Danke für Ihre Meldung" in page_of(client.get(response["Location"]))
    meldung = IdeeMeldung.objects.get()
    assert meldung.outcome == IdeeMeldung.Outcome.OPEN
    # Reported, not yet reviewed: still visible.
    assert client.get(detail_url(idee)).status_code == 200

    staff = Client()
    staff.force_login(fachdienst)
    queue = page_of(staff.get(reverse("ideenverwaltung:queue")))
    assert "1 gemeldete Idee" in queue and "Beleidigende Idee" in queue
    reviewed = staff.post(
        reverse("ideenverwaltung:meldung-pruefen", kwargs={"pk": meldung.pk}),
        {"outcome": "versteckt"},
    )

    assert reviewed.status_code == 302
    idee.refresh_from_db()
    meldung.refresh_from_db()
    assert idee.moderation == M.HIDDEN
    assert idee.email == ""
    assert meldung.outcome == IdeeMeldung.Outcome.HIDDEN
    assert meldung.reviewed_by == fachdienst and meldung.reviewed_at is not None
    assert client.get(detail_url(idee)).status_code == 404
    assert "Beleidigende Idee" not in page_of(client.get(reverse("ideen:list")))
    latest = idee.history.first()
    assert (latest.moderation, latest.history_user) == (M.HIDDEN, fachdienst)
    assert latest.history_change_reason == "Nach Meldung versteckt"
    assert meldung.history.first().history_user == fachdienst
    verlauf = staff.get(reverse("verlauf", kwargs={"name": "idee", "pk": idee.pk}))
    assert "Nach Meldung versteckt" in page_of(verlauf)


def test_keeping_the_idea_settles_every_open_report_and_it_stays_visible(client, fachdienst):
    idee = make_idea()
    report(client, idee, ip="10.0.0.1")
    report(client, idee, ip="10.0.0.2")
    first = IdeeMeldung.objects.order_by("pk").first()
    staff = Client()
    staff.force_login(fachdienst)

    staff.post(
        reverse("ideenverwaltung:meldung-pruefen", kwargs={"pk": first.pk}),
        {"outcome": "belassen"},
    )

    assert set(IdeeMeldung.objects.values_list("outcome", flat=True)) == {"belassen"}
    assert Idee.objects.get(pk=idee.pk).moderation == M.PUBLISHED
    assert client.get(detail_url(idee)).status_code == 200
    again = staff.post(
        reverse("ideenverwaltung:meldung-pruefen", kwargs={"pk": first.pk}),
        {"outcome": "versteckt"},
    )
    assert again.status_code == 302
    assert Idee.objects.get(pk=idee.pk).moderation == M.PUBLISHED  # already reviewed


def test_empty_or_huge_report_is_refused_and_nothing_is_stored(client, db):
    idee = make_idea()

    empty = report(client, idee, reason="   ")
    huge = report(client, idee, reason="x" * 1001)

    assert empty.status_code == huge.status_code == 200
    assert 'aria-invalid="true"' in page_of(empty)
    assert not IdeeMeldung.objects.exists()


def test_abuse_reports_from_one_address_are_limited_per_hour(client, db, settings):
    settings.REPORT_RATE_LIMIT = 2
    idee = make_idea()
    report(client, idee)
    report(client, idee)

    refused = report(client, idee)

    assert refused.status_code == 429
    assert IdeeMeldung.objects.count() == 2


# --- Fachdienst: moderation, answers, e-mails -----------------------------------------------------


@pytest.fixture
def staff(client, fachdienst):
    client.force_login(fachdienst)
    return client


def test_queue_lists_waiting_and_published_ideas(staff):
    make_idea(moderation=M.WAITING, title="Wartet noch")
    make_idea(title="Schon öffentlich")

    page = page_of(staff.get(reverse("ideenverwaltung:queue")))

    assert "1 neue Idee wartet auf Freigabe" in page
    assert "Wartet noch" in page and "Schon öffentlich" in page


def test_queue_lists_unanswered_published_ideas_first(staff):
    answered = make_idea(title="Schon beantwortet")
    Idee.objects.filter(pk=answered.pk).update(
        answer="Wir kümmern uns.", answered_at=timezone.now()
    )
    make_idea(title="Noch ohne Antwort")

    page = page_of(staff.get(reverse("ideenverwaltung:queue")))

    assert page.index("Noch ohne Antwort") < page.index("Schon beantwortet")


def test_approving_publishes_and_mails_the_submitter(staff, django_capture_on_commit_callbacks):
    idee = make_idea(moderation=M.WAITING, email="anwohner@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(reverse("ideenverwaltung:freigeben", kwargs={"pk": idee.pk}))

    assert response.status_code == 302
    assert Idee.objects.get(pk=idee.pk).moderation == M.PUBLISHED
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["anwohner@example.org"]
    assert "veröffentlicht" in message.body
    assert f"/ideen/{idee.pk}/" in message.body


def test_rejecting_mails_the_note_and_deletes_the_address(
    staff, django_capture_on_commit_callbacks
):
    idee = make_idea(moderation=M.WAITING, email="anwohner@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        staff.post(
            reverse("ideenverwaltung:ablehnen", kwargs={"pk": idee.pk}),
            {"ablehnen-note": "Das betrifft nicht Jena."},
        )

    idee.refresh_from_db()
    assert (idee.moderation, idee.email) == (M.REJECTED, "")
    assert "Das betrifft nicht Jena." in mail.outbox[0].body
    assert staff.get(detail_url(idee)).status_code == 404


def answer(staff, idee: Idee, **fields):
    data = {
        "status": S.IN_PROGRESS,
        "answer": "Wir kümmern uns.",
        "answer_from": Idee.AnswerFrom.FACHDIENST,
        **fields,
    }
    return staff.post(reverse("ideenverwaltung:antworten", kwargs={"pk": idee.pk}), data)


def test_status_change_emails_the_submitter(staff, django_capture_on_commit_callbacks):
    idee = make_idea(email="anwohner@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        response = answer(staff, idee, answer="Der Bauhof stellt im Mai eine Bank auf.")

    assert response.status_code == 302
    idee.refresh_from_db()
    assert idee.status == S.IN_PROGRESS
    assert idee.answer == "Der Bauhof stellt im Mai eine Bank auf."
    assert idee.answered_at is not None
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert mail.outbox[0].to == ["anwohner@example.org"]
    assert "Stand: In Arbeit" in body
    assert "Der Bauhof stellt im Mai eine Bank auf." in body
    assert idee.email == "anwohner@example.org"  # kept: the idea is not settled yet


def test_status_change_sends_no_mail_without_an_address(staff, django_capture_on_commit_callbacks):
    idee = make_idea(email="")

    with django_capture_on_commit_callbacks(execute=True):
        answer(staff, idee)

    assert Idee.objects.get(pk=idee.pk).status == S.IN_PROGRESS
    assert mail.outbox == []


def test_saving_unchanged_status_and_answer_sends_no_mail(
    staff, django_capture_on_commit_callbacks
):
    idee = make_idea(email="anwohner@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        answer(staff, idee)

    with django_capture_on_commit_callbacks(execute=True):
        answer(staff, idee)

    assert len(mail.outbox) == 1


def test_final_status_mails_once_more_and_deletes_the_address(
    staff, django_capture_on_commit_callbacks
):
    idee = make_idea(email="anwohner@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        answer(staff, idee, status=S.DONE, answer="Die Bank steht.")

    assert "Stand: Erledigt" in mail.outbox[0].body
    assert Idee.objects.get(pk=idee.pk).email == ""
    # The address never entered the audit trail.
    assert "email" not in {field.name for field in Idee.history.model._meta.fields}


def test_answer_names_who_gave_it_the_fachdienst_or_the_spaces_conference(staff, client):
    idee = make_idea()

    answer(staff, idee, answer="Die Konferenz unterstützt das.", answer_from="konferenz")

    assert Idee.objects.get(pk=idee.pk).answer_from == Idee.AnswerFrom.KONFERENZ
    for url in (detail_url(idee), reverse("ideen:list")):
        assert "Antwort der Sozialraumkonferenz Lobeda vom" in page_of(client.get(url))

    answer(staff, idee, answer_from="fachdienst")

    assert "Antwort des Fachdienstes Soziales vom" in page_of(client.get(detail_url(idee)))


def test_idea_page_links_the_conferences_that_discussed_it(client, db):
    idee = make_idea()
    start = timezone.now() - timedelta(days=7)
    konferenz = Konferenz.objects.create(
        sozialraum=idee.sozialraum,
        title="Konferenz Lobeda im Herbst",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        address="Stadtteilbüro Lobeda",
    )
    konferenz.ideen.add(idee)

    page = page_of(client.get(detail_url(idee)))

    assert "Besprochen in der Sozialraumkonferenz" in page
    assert f'href="{konferenz.get_absolute_url()}"' in page


def test_new_ideas_and_abuse_reports_are_mailed_to_the_active_fachdienst(
    client, fachdienst, django_capture_on_commit_callbacks
):
    User.objects.create_user(email="alt@jena.example", is_fachdienst=True, is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        idee = make_idea(moderation=M.WAITING, email="anwohner@example.org")

    assert [message.to for message in mail.outbox] == [[fachdienst.email]]
    new = mail.outbox[0]
    assert new.subject == "Neue Idee wartet auf Freigabe: Bank am Spielplatz"
    assert reverse("ideenverwaltung:idee", kwargs={"pk": idee.pk}) in new.body
    assert "anwohner@example.org" not in new.body

    Idee.objects.filter(pk=idee.pk).update(moderation=M.PUBLISHED)
    with django_capture_on_commit_callbacks(execute=True):
        report(client, idee, reason="Enthält den Namen meiner Nachbarin.")

    reported = mail.outbox[1]
    assert reported.to == [fachdienst.email]
    assert reported.subject == "Idee gemeldet: Bank am Spielplatz"
    assert "Enthält den Namen meiner Nachbarin." in reported.body


def test_answer_is_only_for_published_ideas(staff):
    idee = make_idea(moderation=M.WAITING)

    response = answer(staff, idee)

    assert response.status_code == 302
    assert Idee.objects.get(pk=idee.pk).status == S.NEW


def test_too_long_answer_is_refused(staff):
    idee = make_idea()

    response = answer(staff, idee, answer="x" * 3001)

    assert response.status_code == 400
    assert Idee.objects.get(pk=idee.pk).answer == ""


def _application(space: Sozialraum, akteur, status: str, title: str) -> Foerderantrag:
    budget, _ = Angebotsbudget.objects.get_or_create(sozialraum=space, year=2026)
    return Foerderantrag.objects.create(
        budget=budget,
        akteur=akteur,
        title=title,
        description="Für alle.",
        goals="Begegnung",
        period_start=timezone.localdate().replace(month=1, day=1),
        period_end=timezone.localdate().replace(month=12, day=31),
        status=status,
        approved_amount=Decimal("500") if status == "bewilligt" else None,
    )


def test_linked_offers_and_applications_are_shown_only_when_public(client, staff):
    akteur = AkteurFactory(name="Verein A")
    idee = make_idea()
    public = AngebotFactory(akteur=akteur, title="Offene Sitzecke")
    draft = AngebotFactory(akteur=akteur, title="Geheimer Entwurf", status=Angebot.Status.DRAFT)
    funded = _application(lobeda(), akteur, "bewilligt", "Bänke für Lobeda")
    in_review = _application(lobeda(), akteur, "in-pruefung", "Noch in Prüfung")

    form_page = page_of(staff.get(reverse("ideenverwaltung:idee", kwargs={"pk": idee.pk})))
    assert "Offene Sitzecke" in form_page and "Geheimer Entwurf" not in form_page
    assert "Bänke für Lobeda" in form_page and "Noch in Prüfung" in form_page
    answer(staff, idee, angebote=[public.pk], antraege=[funded.pk, in_review.pk])
    # A link made earlier to an offer that is no longer public stays out of the public page.
    idee.angebote.add(draft)

    page = page_of(client.get(detail_url(idee)))
    assert "Offene Sitzecke" in page and "Bänke für Lobeda" in page
    assert f"/budgets/2026/lobeda/#projekt-{funded.pk}" in page
    assert "Geheimer Entwurf" not in page and "Noch in Prüfung" not in page
    assert set(idee.antraege.all()) == {funded, in_review}


def test_answer_form_refuses_an_offer_of_another_space(staff):
    idee = make_idea()
    elsewhere = AngebotFactory(title="Angebot in Winzerla", bezirk_number=WINZERLA)

    response = answer(staff, idee, angebote=[elsewhere.pk])

    assert response.status_code == 400
    assert not idee.angebote.exists()


@pytest.mark.parametrize("who", ["anonym", "member"])
def test_only_the_fachdienst_moderates(client, member_a, who):
    idee = make_idea(moderation=M.WAITING)
    make_idea()
    if who == "member":
        client.force_login(member_a)
    urls = [
        ("get", reverse("ideenverwaltung:queue")),
        ("get", reverse("ideenverwaltung:idee", kwargs={"pk": idee.pk})),
        ("post", reverse("ideenverwaltung:freigeben", kwargs={"pk": idee.pk})),
        ("post", reverse("ideenverwaltung:ablehnen", kwargs={"pk": idee.pk})),
        ("post", reverse("ideenverwaltung:antworten", kwargs={"pk": idee.pk})),
    ]

    for method, url in urls:
        response = getattr(client, method)(url)
        if who == "member":
            assert response.status_code == 404, url
        else:
            assert response.status_code == 302 and "/konto/anmelden/" in response["Location"]
    assert Idee.objects.get(pk=idee.pk).moderation == M.WAITING


def test_services_refuse_anyone_but_the_fachdienst(member_a):
    idee = make_idea(moderation=M.WAITING)

    with pytest.raises(PermissionDenied):
        services.idee_publish(idee=idee, user=member_a)


def test_provider_overview_links_the_queue_for_the_fachdienst_only(client, fachdienst, member_a):
    client.force_login(member_a)
    assert reverse("ideenverwaltung:queue") not in page_of(
        client.get(reverse("bereich:uebersicht"))
    )
    client.force_login(fachdienst)
    assert reverse("ideenverwaltung:queue") in page_of(client.get(reverse("bereich:uebersicht")))


def test_main_navigation_links_the_ideas(client, db):
    page = page_of(client.get(reverse("ideen:list")))

    assert f'<a href="{reverse("ideen:list")}" aria-current="page">Ideen</a>' in page


# --- Page cache --------------------------------------------------------------------------------


@pytest.fixture
def page_cache(settings, tmp_path):
    settings.CACHE_MIDDLEWARE_SECONDS = 300
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "jena_sozialraum.page_cache.PageFileCache",
            "LOCATION": str(tmp_path / "pages"),
        },
    }
    yield caches["pages"]
    caches["pages"].clear()


def test_publishing_an_idea_clears_the_cached_list(
    client, fachdienst, page_cache, django_capture_on_commit_callbacks
):
    idee = make_idea(moderation=M.WAITING, title="Neue Sitzecke")
    assert "Neue Sitzecke" not in page_of(client.get(reverse("ideen:list")))

    with django_capture_on_commit_callbacks(execute=True):
        services.idee_publish(idee=idee, user=fachdienst)

    assert "Neue Sitzecke" in page_of(client.get(reverse("ideen:list")))


# --- Concurrency: limits and "once per browser" hold for parallel requests -----------------------


def in_parallel(count: int, work) -> list[str]:
    """Runs work(n) in `count` threads released at once; returns each outcome."""
    barrier = threading.Barrier(count)
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(n: int) -> None:
        try:
            barrier.wait()
            result = str(work(n))
        except ValidationError as error:
            result = error.code or "invalid"
        except Exception as error:  # anything else would reach the user as a 500
            result = f"error: {error!r}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_ten_parallel_submissions_from_one_address_store_exactly_the_limit(jena, settings):
    settings.IDEA_RATE_LIMIT = 3
    space = lobeda()

    def work(n: int):
        return services.idee_submit(
            sozialraum=space,
            bezirk=None,
            point=None,
            kind="idee",
            title=f"Parallele Idee {n}",
            text="Zehn Einsendungen im selben Augenblick.",
            email="",
            consent=True,
            ip="10.0.0.7",
        ).pk

    outcomes = in_parallel(10, work)

    assert outcomes.count("rate_limit") == 7
    assert Idee.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_parallel_supports_from_one_browser_count_once(jena):
    idee = make_idea()

    outcomes = in_parallel(
        10, lambda n: services.idee_support(idee=idee, browser_token="t" * 43, ip=f"10.0.1.{n}")
    )

    assert sorted(outcomes) == ["False"] * 9 + ["True"]
    assert Idee.objects.get(pk=idee.pk).support_count == 1


# --- Demo -----------------------------------------------------------------------------------------


def test_demo_ideas_cover_states_spaces_answers_supports_and_links(db):
    akteur = AkteurFactory(is_sample=True)
    for n in range(2):
        AngebotFactory(akteur=akteur, is_sample=True, bezirk_number=WINZERLA, title=f"Kurs {n}")

    count = demo_ideen_seed()

    ideen = Idee.objects.all()
    assert count == ideen.count() >= 10
    assert not ideen.filter(is_sample=False).exists()
    assert set(ideen.values_list("moderation", flat=True)) == set(M.values)
    published = ideen.filter(moderation=M.PUBLISHED)
    assert set(published.values_list("status", flat=True)) == set(S.values)
    assert published.values("sozialraum").distinct().count() == 5
    assert published.exclude(answer="").filter(answered_at__isnull=False).count() >= 4
    for idee in ideen:
        assert idee.support_count == idee.unterstuetzungen.count()
    assert ideen.filter(support_count__gt=0).count() >= 5
    assert ideen.filter(angebote__isnull=False).exists()
    assert IdeeMeldung.objects.filter(outcome=IdeeMeldung.Outcome.OPEN).exists()
    assert ideen.filter(moderation=M.HIDDEN, meldungen__outcome="versteckt").exists()
