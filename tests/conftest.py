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
