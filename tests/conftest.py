import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database starts with Jena's five social spaces and 41 districts."""
    with django_db_blocker.unblock():
        call_command("load_jena", verbosity=0)


@pytest.fixture
def jena(db):
    """Jena's data for tests that run after a flush (transactional and live-server tests)."""
    call_command("load_jena", verbosity=0)
