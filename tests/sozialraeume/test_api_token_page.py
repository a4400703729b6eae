"""The page /konto/api-schluessel/: a user creates, renews and deletes their API key."""

from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

PAGE = reverse("konto:api-schluessel")
API = "/api/v1/eigene-angebote/"


def api_status(key: str) -> int:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get(API).status_code


def test_the_page_needs_a_login(client, db):
    response = client.get(PAGE)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("konto:anmelden"))


def test_account_overview_links_to_the_page(client, member_a):
    client.force_login(member_a)

    assert PAGE in client.get(reverse("konto:uebersicht")).content.decode()


def test_a_new_key_is_shown_once_and_authenticates(client, member_a):
    client.force_login(member_a)
    assert "noch keinen API-Schlüssel" in client.get(PAGE).content.decode()

    response = client.post(PAGE, {"aktion": "erstellen"})

    token = Token.objects.get(user=member_a)
    assert response.status_code == 200
    assert token.key in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    later = client.get(PAGE).content.decode()
    assert token.key not in later
    assert "Ihr API-Schlüssel wurde am" in later
    assert "Authorization: Token" in later
    assert api_status(token.key) == 200


def test_renewing_replaces_the_old_key(client, member_a):
    client.force_login(member_a)
    client.post(PAGE, {"aktion": "erstellen"})
    old = Token.objects.get(user=member_a).key

    client.post(PAGE, {"aktion": "erstellen"})

    new = Token.objects.get(user=member_a).key
    assert new != old
    assert api_status(old) == 401
    assert api_status(new) == 200


def test_a_deleted_key_no_longer_authenticates(client, member_a):
    client.force_login(member_a)
    client.post(PAGE, {"aktion": "erstellen"})
    key = Token.objects.get(user=member_a).key

    response = client.post(PAGE, {"aktion": "loeschen"})

    assert response["Location"] == PAGE
    assert not Token.objects.filter(user=member_a).exists()
    assert api_status(key) == 401
    assert "ist gelöscht" in client.get(PAGE).content.decode()


def test_a_user_deletes_only_their_own_key(client, member_a, member_b):
    other = Token.objects.create(user=member_b)
    client.force_login(member_a)

    client.post(PAGE, {"aktion": "loeschen"})

    assert Token.objects.filter(pk=other.pk).exists()


def test_creating_a_key_needs_the_csrf_token(member_a):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(member_a)

    response = client.post(PAGE, {"aktion": "erstellen"})

    assert response.status_code == 403
    assert not Token.objects.exists()
