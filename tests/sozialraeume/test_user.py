import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.db import IntegrityError

User = get_user_model()


def test_people_log_in_with_their_email_address(db, rf):
    User.objects.create_user(email="Ada@Example.org", password="lang-genug-2026")
    # django-axes checks each login attempt against its request.
    request = rf.post("/konto/anmelden/")

    assert authenticate(request, email="Ada@example.org", password="lang-genug-2026") is not None
    assert authenticate(request, email="ada@EXAMPLE.org", password="lang-genug-2026") is not None
    assert authenticate(request, email="Ada@example.org", password="falsch") is None


def test_an_address_can_have_only_one_account_whatever_its_capitalisation(db):
    User.objects.create_user(email="ada@example.org", password="x")

    with pytest.raises(IntegrityError):
        User.objects.create_user(email="ADA@example.org", password="y")


def test_createsuperuser_asks_for_email_not_username(db, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "lang-genug-2026")

    call_command("createsuperuser", "--noinput", "--email", "admin@jena.example", verbosity=0)

    admin = User.objects.get(email="admin@jena.example")
    assert admin.is_superuser and admin.is_staff
