"""Problem reports: residents report without an account, members and the Fachdienst are told
by e-mail, see the reports of their actors and close them."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from angebote.models import Angebot, Problemmeldung
from angebote.services_meldungen import problemmeldung_close, problemmeldung_create
from jena_sozialraum.ratelimit import ip_hash
from sozialraeume.models import Membership, User
from tests.factories import AkteurFactory, AngebotFactory

SITE = "https://portal.example"
LIST_URL = "/mein-bereich/meldungen/"


def member(akteur, email: str, **fields) -> User:
    user = User.objects.create_user(email=email, password="x-Passwort-123", **fields)
    Membership.objects.create(user=user, akteur=akteur, role=Membership.Role.EDITOR)
    return user


@pytest.fixture
def akteur(db):
    return AkteurFactory(name="Verein A")


@pytest.fixture
def other_akteur(db):
    return AkteurFactory(name="Verein B")


@pytest.fixture
def angebot(akteur):
    return AngebotFactory(akteur=akteur, title="Mittagstisch im Stadtteilbüro")


@pytest.fixture
def other_angebot(other_akteur):
    return AngebotFactory(akteur=other_akteur, title="Nähcafé Nord")


@pytest.fixture
def editor(akteur):
    return member(akteur, "redaktion@verein-a.example")


@pytest.fixture
def other_editor(other_akteur):
    return member(other_akteur, "redaktion@verein-b.example")


@pytest.fixture
def fachdienst(db):
    return User.objects.create_user(
        email="fachdienst@jena.example", password="x-Passwort-123", is_fachdienst=True
    )


def melden_url(angebot: Angebot) -> str:
    return reverse("angebote:melden", kwargs={"slug": angebot.slug})


def post_report(client, angebot: Angebot, ip: str = "10.0.0.1", **fields):
    data = {"reason": "zeiten", "message": "Dienstags ist jetzt geschlossen.", "email": ""}
    return client.post(melden_url(angebot), {**data, **fields}, REMOTE_ADDR=ip)


def create_report(angebot: Angebot, ip: str = "10.0.0.1", **fields) -> Problemmeldung:
    data = {"reason": "adresse", "message": "", "email": "", **fields}
    return problemmeldung_create(angebot=angebot, ip=ip, **data)


# --- Reporting ---------------------------------------------------------------------------------


def test_report_form_shows_the_reasons_and_is_never_cached(client, angebot):
    response = client.get(melden_url(angebot))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Problem mit einem Angebot melden" in page
    for label in ["Adresse stimmt nicht", "Angebot gibt es nicht mehr", "Etwas anderes"]:
        assert label in page
    assert 'type="radio"' in page
    assert 'name="website"' in page and 'tabindex="-1"' in page
    assert "max-age=0" in response["Cache-Control"]


def test_offer_page_links_to_the_report_form_but_carries_no_form(client, angebot):
    page = client.get(angebot.get_absolute_url()).content.decode()

    assert melden_url(angebot) in page
    assert "Problem melden" in page
    assert "csrfmiddlewaretoken" not in page


@override_settings(SITE_URL=SITE)
def test_report_is_stored_and_mailed_to_members_and_fachdienst(
    client, angebot, editor, other_editor, fachdienst, django_capture_on_commit_callbacks
):
    member(angebot.akteur, "ausgeschieden@verein-a.example", is_active=False)
    User.objects.create_user(email="alt@jena.example", is_fachdienst=True, is_active=False)

    with django_capture_on_commit_callbacks(execute=True):
        response = post_report(
            client,
            angebot,
            ip="192.0.2.7",
            reason="zeiten",
            message="Dienstags ist jetzt geschlossen.",
            email="anwohnerin@example.org",
        )

    assert response.status_code == 302
    assert response["Location"] == reverse("angebote:melden-danke", kwargs={"slug": angebot.slug})
    meldung = Problemmeldung.objects.get()
    assert meldung.angebot == angebot
    assert meldung.reason == Problemmeldung.Reason.ZEITEN
    assert meldung.message == "Dienstags ist jetzt geschlossen."
    assert meldung.email == "anwohnerin@example.org"
    assert meldung.ip_hash == ip_hash("192.0.2.7")
    assert "192.0.2.7" not in meldung.ip_hash
    assert meldung.closed_at is None

    assert sorted(message.to[0] for message in mail.outbox) == [
        "fachdienst@jena.example",
        "redaktion@verein-a.example",
    ]
    assert all(len(message.to) == 1 for message in mail.outbox)
    message = mail.outbox[0]
    assert "Mittagstisch im Stadtteilbüro" in message.subject
    assert "anwohnerin@example.org" not in message.subject
    assert "Zeiten stimmen nicht" in message.body
    assert "Dienstags ist jetzt geschlossen." in message.body
    assert f"{SITE}{LIST_URL}#meldung-{meldung.pk}" in message.body


def test_thank_you_page_names_the_offer(client, angebot):
    response = client.get(reverse("angebote:melden-danke", kwargs={"slug": angebot.slug}))

    assert response.status_code == 200
    assert "Vielen Dank für Ihre Meldung" in response.content.decode()
    assert "Mittagstisch im Stadtteilbüro" in response.content.decode()


def test_filled_honeypot_pretends_success_and_stores_nothing(
    client, angebot, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_report(client, angebot, website="https://spam.example")

    assert response.status_code == 302
    assert "/melden/danke/" in response["Location"]
    assert not Problemmeldung.objects.exists()
    assert mail.outbox == []


def test_something_else_without_text_is_rejected_and_nothing_is_stored(client, angebot):
    response = post_report(client, angebot, reason="sonstiges", message="   ")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Bitte beschreiben Sie kurz, was nicht stimmt." in page
    assert 'href="#id_message"' in page  # the error summary links to the field
    assert 'aria-invalid="true"' in page
    assert not Problemmeldung.objects.exists()


def test_the_database_refuses_something_else_without_text(angebot):
    with pytest.raises(ValidationError, match="Bitte beschreiben Sie kurz"):
        create_report(angebot, reason="sonstiges", message="")
    assert not Problemmeldung.objects.exists()


def test_missing_reason_links_the_error_summary_to_the_first_radio(client, angebot):
    response = post_report(client, angebot, reason="")

    page = response.content.decode()
    assert 'href="#id_reason_0"' in page
    assert 'id="id_reason_0"' in page and 'type="radio"' in page
    assert not Problemmeldung.objects.exists()


def test_message_longer_than_2000_characters_is_rejected(client, angebot):
    response = post_report(client, angebot, message="x" * 2001)

    assert response.status_code == 200
    assert "2000" in response.content.decode()
    assert not Problemmeldung.objects.exists()


@override_settings(REPORT_RATE_LIMIT=5)
def test_sixth_report_within_an_hour_from_one_ip_is_refused_but_another_ip_works(client, angebot):
    for _ in range(5):
        assert post_report(client, angebot, ip="10.0.0.1").status_code == 302

    refused = post_report(client, angebot, ip="10.0.0.1")

    assert refused.status_code == 429
    assert "schon viele Meldungen geschickt" in refused.content.decode()
    assert Problemmeldung.objects.count() == 5
    assert post_report(client, angebot, ip="10.0.0.2").status_code == 302
    assert Problemmeldung.objects.count() == 6


@override_settings(REPORT_RATE_LIMIT=5)
def test_reports_older_than_an_hour_do_not_count(angebot):
    for _ in range(5):
        create_report(angebot)
    Problemmeldung.objects.update(created_at=timezone.now() - timedelta(minutes=61))

    create_report(angebot)

    assert Problemmeldung.objects.count() == 6
    with override_settings(REPORT_RATE_LIMIT=1), pytest.raises(ValidationError) as error:
        create_report(angebot)
    assert error.value.code == "rate_limit"


@pytest.mark.parametrize("status", [Angebot.Status.DRAFT, Angebot.Status.ARCHIVED])
def test_offer_that_is_not_public_cannot_be_reported(client, akteur, status):
    angebot = AngebotFactory(akteur=akteur, status=status)

    assert client.get(melden_url(angebot)).status_code == 404
    assert post_report(client, angebot).status_code == 404
    danke = reverse("angebote:melden-danke", kwargs={"slug": angebot.slug})
    assert client.get(danke).status_code == 404
    assert not Problemmeldung.objects.exists()


# --- The list of reports -----------------------------------------------------------------------


def test_member_sees_only_the_reports_of_their_actors(client, angebot, other_angebot, editor):
    create_report(angebot, message="Hausnummer falsch", email="anwohner@example.org")
    create_report(other_angebot, message="Nähcafé umgezogen")

    client.force_login(editor)
    response = client.get(LIST_URL)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Hausnummer falsch" in page
    assert "anwohner@example.org" in page
    assert "Nähcafé umgezogen" not in page
    assert "max-age=0" in response["Cache-Control"]


def test_fachdienst_sees_the_reports_of_all_actors(client, angebot, other_angebot, fachdienst):
    create_report(angebot, message="Hausnummer falsch")
    create_report(other_angebot, message="Nähcafé umgezogen")

    client.force_login(fachdienst)
    page = client.get(LIST_URL).content.decode()

    assert "Hausnummer falsch" in page
    assert "Nähcafé umgezogen" in page


def test_user_without_actor_sees_no_reports(client, angebot):
    create_report(angebot, message="Hausnummer falsch", email="anwohner@example.org")
    client.force_login(User.objects.create_user(email="niemand@example.org", password="x"))

    page = client.get(LIST_URL).content.decode()

    assert "Hausnummer falsch" not in page
    assert "anwohner@example.org" not in page
    assert "Es gibt keine offenen Meldungen." in page


def test_closed_reports_are_listed_only_on_request(client, angebot, editor):
    create_report(angebot, message="Noch offen")
    done = create_report(angebot, message="Schon erledigt")
    problemmeldung_close(meldung=done, user=editor, note="Adresse korrigiert")
    client.force_login(editor)

    open_page = client.get(LIST_URL).content.decode()
    closed_page = client.get(LIST_URL + "?erledigt=1").content.decode()

    assert "Noch offen" in open_page and "Schon erledigt" not in open_page
    assert "Schon erledigt" in closed_page and "Noch offen" not in closed_page
    assert "Adresse korrigiert" in closed_page


def test_anonymous_visitor_is_sent_to_login(client, angebot):
    meldung = create_report(angebot)

    for response in [
        client.get(LIST_URL),
        client.post(reverse("meldungen:schliessen", kwargs={"pk": meldung.pk})),
    ]:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("konto:anmelden") + "?next=")
    meldung.refresh_from_db()
    assert meldung.closed_at is None


# --- Closing -----------------------------------------------------------------------------------


def test_closing_records_who_when_and_a_history_entry(client, angebot, editor):
    meldung = create_report(angebot)
    client.force_login(editor)

    response = client.post(
        reverse("meldungen:schliessen", kwargs={"pk": meldung.pk}), {"note": " Zeiten geändert "}
    )

    assert response.status_code == 302
    assert response["Location"] == LIST_URL
    meldung.refresh_from_db()
    assert meldung.closed_by == editor
    assert timezone.now() - meldung.closed_at < timedelta(minutes=1)
    assert meldung.closing_note == "Zeiten geändert"
    assert meldung.history.count() == 2
    latest = meldung.history.first()
    assert latest.history_type == "~"
    assert latest.history_user == editor
    assert latest.closed_at == meldung.closed_at
    assert "ist als erledigt markiert" in client.get(LIST_URL).content.decode()


def test_fachdienst_may_close_any_report(angebot, fachdienst):
    meldung = problemmeldung_close(meldung=create_report(angebot), user=fachdienst, note="")

    assert meldung.closed_by == fachdienst


def test_member_of_another_actor_gets_404_when_closing(client, angebot, other_editor):
    meldung = create_report(angebot)
    client.force_login(other_editor)

    response = client.post(reverse("meldungen:schliessen", kwargs={"pk": meldung.pk}))

    assert response.status_code == 404
    meldung.refresh_from_db()
    assert meldung.closed_at is None


def test_service_refuses_closing_by_someone_outside_the_actor(angebot, other_editor):
    meldung = create_report(angebot)

    with pytest.raises(PermissionDenied):
        problemmeldung_close(meldung=meldung, user=other_editor, note="")
    meldung.refresh_from_db()
    assert meldung.closed_at is None


def test_closing_is_a_post(client, angebot, editor):
    meldung = create_report(angebot)
    client.force_login(editor)

    response = client.get(reverse("meldungen:schliessen", kwargs={"pk": meldung.pk}))

    assert response.status_code == 405


def test_closing_twice_is_refused(client, angebot, editor, fachdienst):
    meldung = problemmeldung_close(meldung=create_report(angebot), user=editor, note="erledigt")

    with pytest.raises(ValidationError, match="schon erledigt"):
        problemmeldung_close(meldung=meldung, user=fachdienst, note="noch einmal")

    client.force_login(fachdienst)
    response = client.post(
        reverse("meldungen:schliessen", kwargs={"pk": meldung.pk}), {"note": "noch einmal"}
    )
    assert response.status_code == 302
    assert "schon erledigt" in client.get(LIST_URL).content.decode()
    meldung.refresh_from_db()
    assert meldung.closed_by == editor
    assert meldung.closing_note == "erledigt"
    assert meldung.history.count() == 2
