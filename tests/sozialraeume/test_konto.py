"""Account pages: login with e-mail, lockout, password reset and change, logout."""

import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.core import mail

User = get_user_model()

PASSWORD = "Sonnenblume-Lobeda-7"
LOGIN = "/konto/anmelden/"


@pytest.fixture
def ada(db):
    return User.objects.create_user(email="ada@example.org", password=PASSWORD, name="Ada")


def test_login_with_email_in_any_capitalisation_goes_to_the_provider_area(client, ada):
    response = client.post(LOGIN, {"username": "ADA@Example.org", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/mein-bereich/"
    assert client.session["_auth_user_id"] == str(ada.pk)
    ada.refresh_from_db()
    assert ada.last_login is not None


def test_account_page_lists_the_users_memberships(client, ada):
    from sozialraeume.models import Membership
    from tests.factories import AkteurFactory

    akteur = AkteurFactory(name="Stadtteilbüro Lobeda")
    Membership.objects.create(user=ada, akteur=akteur, role=Membership.Role.ADMIN)
    client.force_login(ada)

    response = client.get("/konto/")

    content = response.content.decode()
    assert "Stadtteilbüro Lobeda" in content
    assert "Verwaltung des Akteurs" in content
    assert "/konto/einladen/" in content
    assert "no-cache" in response["Cache-Control"] or "private" in response["Cache-Control"]


def test_wrong_password_shows_one_german_message_that_does_not_reveal_the_address(client, ada):
    known = client.post(LOGIN, {"username": "ada@example.org", "password": "falsch"})
    unknown = client.post(LOGIN, {"username": "niemand@example.org", "password": "falsch"})

    message = "E-Mail-Adresse oder Passwort sind nicht richtig."
    assert known.status_code == unknown.status_code == 200
    assert message in known.content.decode()
    assert message in unknown.content.decode()
    assert "_auth_user_id" not in client.session


def test_five_failed_logins_lock_the_address_even_for_the_right_password(client, ada):
    for _ in range(5):
        client.post(LOGIN, {"username": "ada@example.org", "password": "falsch"})

    response = client.post(LOGIN, {"username": "Ada@Example.org", "password": PASSWORD})

    assert response.status_code == 429
    content = response.content.decode()
    assert "Anmeldung vorübergehend gesperrt" in content
    assert "für eine Stunde gesperrt" in content
    assert "/konto/passwort-vergessen/" in content
    assert "_auth_user_id" not in client.session
    # One lock for the address whatever its capitalisation; the refused try counts as well.
    assert AccessAttempt.objects.get(username="ada@example.org").failures_since_start == 6


def test_four_failed_logins_do_not_lock_the_address(client, ada):
    for _ in range(4):
        client.post(LOGIN, {"username": "ada@example.org", "password": "falsch"})

    response = client.post(LOGIN, {"username": "ada@example.org", "password": PASSWORD})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(ada.pk)


def test_password_reset_mails_a_link_for_a_known_address(client, ada):
    response = client.post("/konto/passwort-vergessen/", {"email": "ADA@example.org"})

    assert response.status_code == 302
    assert response["Location"] == "/konto/passwort-vergessen/gesendet/"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ada@example.org"]
    link = re.search(r"http://testserver(/konto/passwort-neu/\S+/)", mail.outbox[0].body)[1]

    form = client.get(link, follow=True)
    set_url = form.redirect_chain[-1][0]
    done = client.post(
        set_url, {"new_password1": "Neues-Passwort-2026", "new_password2": "Neues-Passwort-2026"}
    )

    assert done["Location"] == "/konto/passwort-neu/fertig/"
    ada.refresh_from_db()
    assert ada.check_password("Neues-Passwort-2026")


def test_password_reset_answers_the_same_for_an_unknown_address_and_sends_nothing(client, ada):
    known = client.post("/konto/passwort-vergessen/", {"email": "ada@example.org"})
    unknown = client.post("/konto/passwort-vergessen/", {"email": "niemand@example.org"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert len(mail.outbox) == 1


def test_password_change_requires_login(client, db):
    response = client.get("/konto/passwort-aendern/")

    assert response.status_code == 302
    assert response["Location"].startswith("/konto/anmelden/?next=")


def test_password_change_keeps_the_user_logged_in_with_the_new_password(client, ada):
    client.force_login(ada)

    response = client.post(
        "/konto/passwort-aendern/",
        {
            "old_password": PASSWORD,
            "new_password1": "Neues-Passwort-2026",
            "new_password2": "Neues-Passwort-2026",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == "/konto/"
    ada.refresh_from_db()
    assert ada.check_password("Neues-Passwort-2026")
    assert client.get("/konto/").status_code == 200


def test_logout_requires_post(client, ada):
    client.force_login(ada)

    assert client.get("/konto/abmelden/").status_code == 405
    assert "_auth_user_id" in client.session

    response = client.post("/konto/abmelden/")

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_header_offers_login_to_visitors_and_logout_button_to_members(client, ada):
    assert 'href="/konto/anmelden/"' in client.get("/impressum/").content.decode()

    client.force_login(ada)
    content = client.get("/impressum/").content.decode()

    assert 'href="/konto/"' in content
    assert 'action="/konto/abmelden/"' in content


@pytest.mark.parametrize("prefix", ["", "/en"])
@pytest.mark.parametrize(
    "path",
    ["/konto/anmelden/", "/konto/passwort-vergessen/", "/konto/passwort-vergessen/gesendet/"],
)
def test_account_pages_answer_in_german_and_english(client, db, prefix, path):
    response = client.get(prefix + path)

    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_logged_in_account_pages_answer_in_german_and_english(client, ada, prefix):
    client.force_login(ada)

    assert client.get(prefix + "/konto/").status_code == 200
    assert client.get(prefix + "/konto/passwort-aendern/").status_code == 200
