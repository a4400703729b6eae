import pytest
from django.core.management import call_command
from django.utils import translation


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database starts with Jena's five social spaces and 41 districts."""
    with django_db_blocker.unblock():
        call_command("load_jena", verbosity=0)


@pytest.fixture
def jena(db):
    """Jena's data for tests that run after a flush (transactional and live-server tests)."""
    call_command("load_jena", verbosity=0)


@pytest.fixture(autouse=True)
def german_by_default():
    """Each test starts in German: a request under /en/ leaves English active in the thread,
    which would otherwise leak into reverse() and get_absolute_url() of the next test."""
    translation.activate("de")
    yield
    translation.activate("de")


# --- People and actors for permission tests ------------------------------------------------
PASSWORD = "Saale-Ufer-Abend-42"


@pytest.fixture
def akteur_a(db):
    from tests.factories import AkteurFactory

    return AkteurFactory(name="Verein A")


@pytest.fixture
def akteur_b(db):
    from tests.factories import AkteurFactory

    return AkteurFactory(name="Verein B")


def _member(akteur, email: str, role: str = "editor"):
    from sozialraeume.models import Membership, User

    user = User.objects.create_user(email=email, password=PASSWORD)
    Membership.objects.create(user=user, akteur=akteur, role=role)
    return user


@pytest.fixture
def member_a(akteur_a):
    """An editor of actor A."""
    return _member(akteur_a, "a@verein-a.example")


@pytest.fixture
def member_b(akteur_b):
    """An editor of actor B."""
    return _member(akteur_b, "b@verein-b.example")


@pytest.fixture
def fachdienst(db):
    from sozialraeume.models import User

    return User.objects.create_user(
        email="fachdienst@jena.example", password=PASSWORD, is_fachdienst=True
    )
