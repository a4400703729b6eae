"""Rooms in the provider area: members keep their actor's rooms, photos and blocked periods,
answer requests, cancel their own, and subscribe to a private calendar feed. Other actors'
rooms, photos, periods and requests are not found (404) and stay unchanged."""

import io
from datetime import time, timedelta

import icalendar
import pytest
from django.core import mail, signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from angebote.models import Ausstattung, Merkmal, Raum, Raumanfrage, Raumfoto, Sperrzeit
from angebote.services_raeume import local_period
from angebote.views_bereich_raumkalender import KALENDER_SALT, kalender_token
from tests.angebote.test_raum_buchung import booking, next_weekday
from tests.factories import RaumFactory, load_vocabulary, point_in


@pytest.fixture(autouse=True)
def vocabulary(db):
    load_vocabulary()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def raum_a(akteur_a):
    return RaumFactory(akteur=akteur_a, name="Saal A", capacity=30)


@pytest.fixture
def raum_b(akteur_b):
    return RaumFactory(akteur=akteur_b, name="Saal B")


def room_data(**overrides) -> dict:
    point = point_in(90)  # Winzerla
    data = {
        "name": "Gemeinschaftsraum Winzerla",
        "description": "Hell, mit Blick ins Grüne.",
        "street_address": "Anna-Siemsen-Straße 1",
        "postal_code": "07745",
        "locality": "Jena",
        "latitude": f"{point.y:.6f}",
        "longitude": f"{point.x:.6f}",
        "capacity": "15",
        "area_m2": "42.5",
        "merkmale": [Merkmal.objects.get(code="stufenlos").pk],
        "ausstattung": [Ausstattung.objects.get(code="kueche").pk],
        "cost": "kostenlos",
        "price_per_hour": "",
        "usage": "alle",
        "min_notice_hours": "48",
        "max_days_ahead": "90",
        "is_active": "on",
        "zeiten-TOTAL_FORMS": "3",
        "zeiten-INITIAL_FORMS": "0",
        "zeiten-MIN_NUM_FORMS": "0",
        "zeiten-MAX_NUM_FORMS": "21",
        "zeiten-0-weekday": "2",
        "zeiten-0-opens": "17:00",
        "zeiten-0-closes": "22:00",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def png_bytes(size=(8, 8), format="PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(buffer, format=format)
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def room_state(raum: Raum):
    raum = Raum.objects.get(pk=raum.pk)
    return (
        raum.name,
        raum.capacity,
        [(z.weekday, z.opens, z.closes) for z in raum.zeiten.all()],
        raum.fotos.count(),
        raum.sperrzeiten.count(),
    )


def pending(raum: Raum, start, hours: int = 2, **fields) -> Raumanfrage:
    anfrage = booking(
        raum, start, start + timedelta(hours=hours), status=Raumanfrage.Status.PENDING
    )
    for name, value in fields.items():
        setattr(anfrage, name, value)
    anfrage.save()
    return anfrage


# --- Rooms ---------------------------------------------------------------------------------


def test_rooms_page_lists_own_rooms_with_private_feed_address(client, member_a, raum_a, raum_b):
    client.force_login(member_a)

    response = client.get(reverse("bereich:raeume"))

    page = response.content.decode()
    assert "Saal A" in page and "Saal B" not in page
    assert kalender_token(raum_a.akteur) in page
    assert kalender_token(raum_b.akteur) not in page
    assert "no-cache" in response["Cache-Control"]
    overview = client.get(reverse("bereich:uebersicht")).content.decode()
    assert reverse("bereich:raeume") in overview and reverse("bereich:raumanfragen") in overview


def test_new_room_gets_its_district_from_the_map_point_and_its_hours(client, member_a, akteur_a):
    client.force_login(member_a)

    response = client.post(reverse("bereich:raum-neu"), room_data(akteur=akteur_a.pk))

    raum = Raum.objects.get(name="Gemeinschaftsraum Winzerla")
    assert response["Location"] == reverse("bereich:raum-fotos", kwargs={"pk": raum.pk})
    assert raum.akteur == akteur_a
    assert raum.bezirk.number == 90 and raum.sozialraum.slug == "winzerla"
    assert raum.slug == "gemeinschaftsraum-winzerla"
    assert [(z.weekday, z.opens, z.closes) for z in raum.zeiten.all()] == [(2, time(17), time(22))]
    assert [m.code for m in raum.merkmale.all()] == ["stufenlos"]
    assert [a.code for a in raum.ausstattung.all()] == ["kueche"]
    assert raum.history.first().history_user == member_a


def test_editing_a_room_replaces_its_hours_and_keeps_its_address(client, member_a, raum_a):
    client.force_login(member_a)
    slug = raum_a.slug
    form = client.get(reverse("bereich:raum-bearbeiten", kwargs={"pk": raum_a.pk}))
    assert 'id="id_akteur"' not in form.content.decode()  # the owner does not change here

    response = client.post(
        reverse("bereich:raum-bearbeiten", kwargs={"pk": raum_a.pk}),
        room_data(
            name="Großer Saal",
            **{"zeiten-1-weekday": "4", "zeiten-1-opens": "09:00", "zeiten-1-closes": "12:00"},
        ),
    )

    assert response["Location"] == reverse("bereich:raeume")
    raum = Raum.objects.get(pk=raum_a.pk)
    assert raum.name == "Großer Saal" and raum.slug == slug
    assert [(z.weekday, z.opens, z.closes) for z in raum.zeiten.all()] == [
        (2, time(17), time(22)),
        (4, time(9), time(12)),
    ]


def test_rejected_room_form_explains_each_error_and_stores_nothing(client, member_a, akteur_a):
    client.force_login(member_a)

    response = client.post(
        reverse("bereich:raum-neu"),
        room_data(
            akteur=akteur_a.pk,
            name="",
            latitude="",
            cost="pro-stunde",
            **{"zeiten-0-opens": "22:00", "zeiten-0-closes": "17:00"},
        ),
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert 'href="#id_name"' in page and 'href="#id_latitude"' in page
    assert "Bitte setzen Sie den Ort auf der Karte" in page
    assert "Bitte den Preis pro Stunde angeben." in page
    assert "Das Ende muss nach dem Beginn liegen." in page
    assert 'id="id_zeiten-0-closes_fehler1"' in page
    assert "Hell, mit Blick ins Grüne." in page  # what was typed stays
    assert not Raum.objects.exists()


def test_room_outside_jena_is_refused(client, member_a, akteur_a):
    client.force_login(member_a)

    response = client.post(
        reverse("bereich:raum-neu"),
        room_data(akteur=akteur_a.pk, latitude="50.8100", longitude="11.4100"),
    )

    assert "Dieser Ort liegt nicht in Jena." in response.content.decode()
    assert not Raum.objects.exists()


def test_member_cannot_create_a_room_for_another_actor(client, member_a, akteur_b):
    client.force_login(member_a)

    response = client.post(reverse("bereich:raum-neu"), room_data(akteur=akteur_b.pk))

    assert response.status_code == 200
    assert "Bitte eine gültige Auswahl treffen" in response.content.decode()
    assert not Raum.objects.exists()


def test_fachdienst_edits_any_room(client, fachdienst, raum_b):
    client.force_login(fachdienst)

    response = client.post(
        reverse("bereich:raum-bearbeiten", kwargs={"pk": raum_b.pk}), room_data(name="Neu")
    )

    assert response.status_code == 302
    assert Raum.objects.get(pk=raum_b.pk).name == "Neu"


def test_other_actors_room_pages_are_not_found_and_nothing_changes(client, member_a, raum_b):
    client.force_login(member_a)
    before = room_state(raum_b)
    start = next_weekday(3, 10)

    for name in ("raum-bearbeiten", "raum-fotos", "raum-sperrzeiten"):
        assert client.get(reverse(f"bereich:{name}", kwargs={"pk": raum_b.pk})).status_code == 404
    posts = {
        "raum-bearbeiten": room_data(name="Übernommen"),
        "raum-fotos": {"image": upload("a.png", png_bytes()), "alt_text": "Ein Raum"},
        "raum-sperrzeiten": {
            "start": f"{start:%Y-%m-%dT%H:%M}",
            "end": f"{start + timedelta(days=1):%Y-%m-%dT%H:%M}",
        },
    }
    for name, data in posts.items():
        response = client.post(reverse(f"bereich:{name}", kwargs={"pk": raum_b.pk}), data)
        assert response.status_code == 404, name

    assert room_state(raum_b) == before


# --- Photos --------------------------------------------------------------------------------


def post_photo(client, raum, image, alt_text="Heller Raum mit Stuhlkreis"):
    return client.post(
        reverse("bereich:raum-fotos", kwargs={"pk": raum.pk}),
        {"image": image, "alt_text": alt_text},
    )


def test_valid_png_with_alt_text_is_added(client, member_a, raum_a, media):
    client.force_login(member_a)

    response = post_photo(client, raum_a, upload("raum.png", png_bytes()))

    assert response["Location"] == reverse("bereich:raum-fotos", kwargs={"pk": raum_a.pk})
    foto = Raumfoto.objects.get()
    assert foto.raum == raum_a and foto.alt_text == "Heller Raum mit Stuhlkreis"
    assert (media / foto.image.name).exists()
    page = client.get(response["Location"]).content.decode()
    assert 'alt="Heller Raum mit Stuhlkreis"' in page


def test_file_that_is_not_an_image_is_refused(client, member_a, raum_a):
    client.force_login(member_a)

    response = post_photo(client, raum_a, upload("raum.png", b"%PDF-1.4 not an image"))

    assert response.status_code == 200
    assert 'id="id_image_fehler1"' in response.content.decode()
    assert not Raumfoto.objects.exists()


def test_image_in_another_format_is_refused_whatever_its_name(client, member_a, raum_a):
    client.force_login(member_a)

    response = post_photo(client, raum_a, upload("raum.png", png_bytes(format="GIF")))

    assert "Bitte laden Sie ein Foto als JPEG, PNG oder WebP hoch." in response.content.decode()
    assert not Raumfoto.objects.exists()


def test_image_with_another_extension_is_refused(client, member_a, raum_a):
    client.force_login(member_a)

    response = post_photo(client, raum_a, upload("raum.bmp", png_bytes()))

    assert 'id="id_image_fehler1"' in response.content.decode()
    assert not Raumfoto.objects.exists()


def test_too_large_image_is_refused(client, member_a, raum_a, settings):
    content = png_bytes(size=(200, 200))
    settings.IMAGE_MAX_BYTES = len(content) - 1
    client.force_login(member_a)

    response = post_photo(client, raum_a, upload("gross.png", content))

    assert "Das Foto ist zu groß" in response.content.decode()
    assert not Raumfoto.objects.exists()


def test_photo_without_alt_text_is_refused(client, member_a, raum_a):
    client.force_login(member_a)

    response = post_photo(client, raum_a, upload("raum.png", png_bytes()), alt_text="   ")

    page = response.content.decode()
    assert "Bitte beschreiben Sie, was auf dem Foto zu sehen ist." in page
    assert 'id="id_alt_text_fehler1"' in page
    assert not Raumfoto.objects.exists()


def test_photo_is_deleted_with_its_file(
    client, member_a, raum_a, media, django_capture_on_commit_callbacks
):
    client.force_login(member_a)
    post_photo(client, raum_a, upload("raum.png", png_bytes()))
    foto = Raumfoto.objects.get()
    path = media / foto.image.name
    assert path.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("bereich:raumfoto-loeschen", kwargs={"pk": foto.pk}))

    assert response["Location"] == reverse("bereich:raum-fotos", kwargs={"pk": raum_a.pk})
    assert not Raumfoto.objects.exists()
    assert not path.exists()


def test_other_actors_photo_is_not_found_and_stays(client, member_a, member_b, raum_b):
    client.force_login(member_b)
    post_photo(client, raum_b, upload("raum.png", png_bytes()))
    foto = Raumfoto.objects.get()
    client.force_login(member_a)

    response = client.post(reverse("bereich:raumfoto-loeschen", kwargs={"pk": foto.pk}))

    assert response.status_code == 404
    assert Raumfoto.objects.filter(pk=foto.pk).exists()


# --- Blocked periods -----------------------------------------------------------------------


def test_blocked_period_is_added_in_local_time_and_deleted(client, member_a, raum_a):
    client.force_login(member_a)
    start = next_weekday(1, 0)
    url = reverse("bereich:raum-sperrzeiten", kwargs={"pk": raum_a.pk})

    response = client.post(
        url,
        {
            "start": f"{start:%Y-%m-%dT%H:%M}",
            "end": f"{start + timedelta(days=5):%Y-%m-%dT%H:%M}",
            "reason": "Ferien",
        },
    )

    assert response["Location"] == url
    sperrzeit = Sperrzeit.objects.get()
    assert sperrzeit.period.lower == start and sperrzeit.period.upper == start + timedelta(days=5)
    assert sperrzeit.reason == "Ferien"
    assert "Ferien" in client.get(url).content.decode()

    response = client.post(reverse("bereich:sperrzeit-loeschen", kwargs={"pk": sperrzeit.pk}))

    assert response["Location"] == url
    assert not Sperrzeit.objects.exists()


def test_blocked_period_ending_before_it_starts_is_refused(client, member_a, raum_a):
    client.force_login(member_a)
    start = next_weekday(1, 10)

    response = client.post(
        reverse("bereich:raum-sperrzeiten", kwargs={"pk": raum_a.pk}),
        {"start": f"{start:%Y-%m-%dT%H:%M}", "end": f"{start - timedelta(hours=1):%Y-%m-%dT%H:%M}"},
    )

    page = response.content.decode()
    assert "Das Ende muss nach dem Beginn liegen." in page and 'href="#id_end"' in page
    assert not Sperrzeit.objects.exists()


def test_blocking_over_an_accepted_booking_warns_the_owner(client, member_a, raum_a):
    client.force_login(member_a)
    start = next_weekday(2, 18)
    booking(raum_a, start, start + timedelta(hours=2))

    response = client.post(
        reverse("bereich:raum-sperrzeiten", kwargs={"pk": raum_a.pk}),
        {
            "start": f"{start - timedelta(hours=6):%Y-%m-%dT%H:%M}",
            "end": f"{start + timedelta(hours=6):%Y-%m-%dT%H:%M}",
        },
        follow=True,
    )

    assert "schon angenommene Buchungen" in response.content.decode()
    assert Sperrzeit.objects.count() == 1


def test_other_actors_blocked_period_is_not_found_and_stays(client, member_a, raum_b):
    start = next_weekday(1, 10)
    sperrzeit = Sperrzeit.objects.create(
        raum=raum_b, period=local_period(start, start + timedelta(days=1))
    )
    client.force_login(member_a)

    response = client.post(reverse("bereich:sperrzeit-loeschen", kwargs={"pk": sperrzeit.pk}))

    assert response.status_code == 404
    assert Sperrzeit.objects.filter(pk=sperrzeit.pk).exists()


# --- Requests ------------------------------------------------------------------------------


def test_owner_sees_open_requests_first_with_the_requesters_details(
    client, member_a, raum_a, raum_b
):
    start = next_weekday(2, 18)
    accepted = booking(raum_a, start - timedelta(days=1), start - timedelta(days=1, hours=-2))
    accepted.purpose = "Schon angenommen"
    accepted.save()
    pending(
        raum_a,
        start,
        purpose="Selbsthilfegruppe Angst",
        people=12,
        support_needs="Rollstuhlplatz",
        name="Erika Muster",
        email="erika@example.org",
    )
    pending(raum_a, start + timedelta(days=1), purpose="Unbestätigt", status="unbestaetigt")
    pending(raum_b, start, purpose="Fremder Raum")
    client.force_login(member_a)

    page = client.get(reverse("bereich:raumanfragen")).content.decode()

    for text in ("Selbsthilfegruppe Angst", "Rollstuhlplatz", "Erika Muster", "erika@example.org"):
        assert text in page
    assert page.index("Selbsthilfegruppe Angst") < page.index("Schon angenommen")
    assert "Unbestätigt" not in page and "Fremder Raum" not in page
    local = timezone.localtime(start)
    assert f"{local:%H:%M}–{local + timedelta(hours=2):%H:%M}" in page


def test_owner_accepts_and_overlapping_requests_are_declined(
    client, member_a, raum_a, django_capture_on_commit_callbacks
):
    start = next_weekday(2, 18)
    anfrage = pending(raum_a, start, email="erste@example.org")
    other = pending(raum_a, start + timedelta(hours=1), email="zweite@example.org")
    client.force_login(member_a)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("bereich:raumanfrage-annehmen", kwargs={"pk": anfrage.pk}),
            {f"anfrage-{anfrage.pk}-message": "Schlüssel im Büro."},
            follow=True,
        )

    assert "ist angenommen" in response.content.decode()
    anfrage.refresh_from_db()
    other.refresh_from_db()
    assert anfrage.status == "angenommen" and anfrage.owner_message == "Schlüssel im Büro."
    assert anfrage.decided_by == member_a
    assert other.status == "abgelehnt"
    assert sorted(m.to[0] for m in mail.outbox) == ["erste@example.org", "zweite@example.org"]
    assert "Schlüssel im Büro." in next(
        m.body for m in mail.outbox if m.to == ["erste@example.org"]
    )


def test_conflicting_accept_shows_the_message_and_the_request_stays_open(client, member_a, raum_a):
    start = next_weekday(2, 18)
    booking(raum_a, start, start + timedelta(hours=2))
    anfrage = pending(raum_a, start + timedelta(hours=1))
    client.force_login(member_a)

    response = client.post(
        reverse("bereich:raumanfrage-annehmen", kwargs={"pk": anfrage.pk}), follow=True
    )

    assert "schon vergeben. Die Anfrage bleibt offen." in response.content.decode()
    anfrage.refresh_from_db()
    assert anfrage.status == "offen"


def test_decline_needs_a_message_tied_to_its_field(
    client, member_a, raum_a, django_capture_on_commit_callbacks
):
    anfrage = pending(raum_a, next_weekday(2, 18))
    client.force_login(member_a)
    url = reverse("bereich:raumanfrage-ablehnen", kwargs={"pk": anfrage.pk})

    response = client.post(url, {f"anfrage-{anfrage.pk}-message": " "})

    assert response.status_code == 400
    page = response.content.decode()
    field_id = f"id_anfrage-{anfrage.pk}-message"
    assert f'href="#{field_id}"' in page and f'id="{field_id}_fehler1"' in page
    assert 'aria-invalid="true"' in page
    anfrage.refresh_from_db()
    assert anfrage.status == "offen"

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {f"anfrage-{anfrage.pk}-message": "Leider belegt."})

    anfrage.refresh_from_db()
    assert anfrage.status == "abgelehnt" and anfrage.owner_message == "Leider belegt."
    assert mail.outbox[-1].to == ["gruppe@example.org"]


def test_other_actors_request_cannot_be_decided(client, member_a, raum_b):
    anfrage = pending(raum_b, next_weekday(2, 18))
    client.force_login(member_a)

    for action in ("annehmen", "ablehnen"):
        response = client.post(
            reverse(f"bereich:raumanfrage-{action}", kwargs={"pk": anfrage.pk}),
            {f"anfrage-{anfrage.pk}-message": "Nein."},
        )
        assert response.status_code == 404

    anfrage.refresh_from_db()
    assert anfrage.status == "offen" and not anfrage.owner_message


def test_unconfirmed_request_cannot_be_decided_yet(client, member_a, raum_a):
    anfrage = pending(raum_a, next_weekday(2, 18), status="unbestaetigt")
    client.force_login(member_a)

    response = client.post(reverse("bereich:raumanfrage-annehmen", kwargs={"pk": anfrage.pk}))

    assert response.status_code == 404
    anfrage.refresh_from_db()
    assert anfrage.status == "unbestaetigt"


def test_fachdienst_sees_and_decides_requests_of_every_room(client, fachdienst, raum_b):
    anfrage = pending(raum_b, next_weekday(2, 18), purpose="Nachbarschaftstreff")
    client.force_login(fachdienst)

    assert "Nachbarschaftstreff" in client.get(reverse("bereich:raumanfragen")).content.decode()
    client.post(reverse("bereich:raumanfrage-annehmen", kwargs={"pk": anfrage.pk}))

    anfrage.refresh_from_db()
    assert anfrage.status == "angenommen"


def test_requester_sees_and_cancels_own_request(client, member_a, akteur_a, raum_b):
    anfrage = pending(raum_b, next_weekday(2, 18), purpose="Chorprobe", user=member_a)
    anfrage.akteur = akteur_a
    anfrage.save()
    client.force_login(member_a)

    page = client.get(reverse("bereich:raumanfragen")).content.decode()
    assert "Meine Anfragen" in page and "Chorprobe" in page
    cancel = reverse("bereich:raumanfrage-stornieren", kwargs={"pk": anfrage.pk})
    assert cancel in page

    response = client.post(cancel, follow=True)

    assert "ist storniert" in response.content.decode()
    anfrage.refresh_from_db()
    assert anfrage.status == "storniert"


def test_only_the_requester_cancels(client, member_a, member_b, fachdienst, raum_a):
    anfrage = pending(raum_a, next_weekday(2, 18), user=member_b)
    url = reverse("bereich:raumanfrage-stornieren", kwargs={"pk": anfrage.pk})

    for user in (member_a, fachdienst):  # the owner and the Fachdienst, not the requester
        client.force_login(user)
        assert client.post(url).status_code == 404

    anfrage.refresh_from_db()
    assert anfrage.status == "offen"


def test_request_that_has_started_cannot_be_cancelled(client, member_a, raum_b):
    start = timezone.now() - timedelta(hours=1)
    anfrage = booking(raum_b, start, start + timedelta(hours=3))
    anfrage.user = member_a
    anfrage.save()
    client.force_login(member_a)

    response = client.post(
        reverse("bereich:raumanfrage-stornieren", kwargs={"pk": anfrage.pk}), follow=True
    )

    assert "kann nicht mehr storniert werden" in response.content.decode()
    anfrage.refresh_from_db()
    assert anfrage.status == "angenommen"


# --- Private calendar feed -----------------------------------------------------------------


def test_private_feed_lists_the_actors_bookings_and_parses_back(client, raum_a, raum_b, akteur_a):
    start = next_weekday(2, 18)
    accepted = booking(raum_a, start, start + timedelta(hours=2))
    accepted.purpose = "Elterncafé"
    accepted.name = "Familienzentrum Lobeda"
    accepted.save()
    pending(raum_a, start + timedelta(days=1), purpose="Noch offen")
    booking(raum_b, start, start + timedelta(hours=2))
    url = reverse("bereich:raum-kalender", kwargs={"token": kalender_token(akteur_a)})

    response = client.get(url)  # no login: calendar apps cannot log in

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "no-store" in response["Cache-Control"]
    calendar = icalendar.Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    event = events[0]
    assert str(event["summary"]) == "Saal A: Elterncafé"
    assert "Familienzentrum Lobeda" in str(event["description"])
    assert event.decoded("dtstart") == start
    assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(hours=2)


def test_tampered_or_foreign_token_finds_no_feed(client, akteur_a, akteur_b):
    signature = kalender_token(akteur_a).split(":")[1]
    tampered = f"{akteur_b.pk}:{signature}"
    other_salt = signing.Signer(salt="raumanfrage-bestaetigen").sign(str(akteur_a.pk))
    for bad in (tampered, other_salt, "kaputt"):
        url = reverse("bereich:raum-kalender", kwargs={"token": bad})
        assert client.get(url).status_code == 404, bad


def test_a_member_renews_the_feed_address_and_the_old_one_stops_working(
    client, raum_a, akteur_a, member_a
):
    old = reverse("bereich:raum-kalender", kwargs={"token": kalender_token(akteur_a)})
    # Addresses made before versions existed sign only the actor's pk; they work until renewed.
    legacy = signing.Signer(salt=KALENDER_SALT).sign(str(akteur_a.pk))
    legacy_url = reverse("bereich:raum-kalender", kwargs={"token": legacy})
    assert client.get(old).status_code == client.get(legacy_url).status_code == 200
    client.force_login(member_a)

    response = client.post(reverse("bereich:raum-kalender-erneuern", kwargs={"pk": akteur_a.pk}))

    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Die alte Adresse funktioniert nicht mehr" in page
    akteur_a.refresh_from_db()
    assert kalender_token(akteur_a) in page
    new = reverse("bereich:raum-kalender", kwargs={"token": kalender_token(akteur_a)})
    assert new != old
    assert client.get(old).status_code == client.get(legacy_url).status_code == 404
    assert client.get(new).status_code == 200
    assert akteur_a.history.first().history_user == member_a


def test_members_of_other_actors_cannot_renew_the_feed_address(client, akteur_a, member_b):
    client.force_login(member_b)

    response = client.post(reverse("bereich:raum-kalender-erneuern", kwargs={"pk": akteur_a.pk}))

    assert response.status_code == 404
    akteur_a.refresh_from_db()
    assert akteur_a.calendar_version == 0
