"""Settings from the environment: typed helpers and the production mode."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from jena_sozialraum.env import env_bool, env_int, env_list

PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "jena_sozialraum.settings",
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "k" * 20 + "9a8b7c6d5e4f3g2h1i0jXyZqWvUtSrPoNmLk",
    "ALLOWED_HOSTS": "sozialraum.jena.example",
    "DATABASE_URL": "postgis://portal:secret@db.internal:5432/portal",
}


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    clean.pop("ALLOWED_HOSTS", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_in_production_mode():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"])
def test_production_refuses_to_start_without_required_variable(missing):
    env = {k: v for k, v in PRODUCTION.items() if k != missing}

    result = _manage("check", **env)

    assert result.returncode != 0
    assert f"{missing} must be set" in result.stderr


def test_bad_boolean_in_environment_stops_startup_with_its_name():
    result = _manage("check", DJANGO_DEBUG="vielleicht")

    assert result.returncode != 0
    assert "DJANGO_DEBUG='vielleicht' is not a boolean" in result.stderr


def test_typed_helpers_read_values_and_fail_loudly(monkeypatch):
    monkeypatch.setenv("X_BOOL", "Yes")
    monkeypatch.setenv("X_INT", "42")
    monkeypatch.setenv("X_LIST", "a.example, b.example")
    assert env_bool("X_BOOL", default=False) is True
    assert env_int("X_INT", 0) == 42
    assert env_list("X_LIST", []) == ["a.example", "b.example"]
    assert env_int("X_UNSET", 7) == 7

    monkeypatch.setenv("X_INT", "4 2")
    with pytest.raises(ImproperlyConfigured, match="X_INT"):
        env_int("X_INT", 0)
    monkeypatch.setenv("X_LIST", "a,,b")
    with pytest.raises(ImproperlyConfigured, match="empty item"):
        env_list("X_LIST", [])


def test_development_defaults_need_no_variable():
    result = _manage("check")

    assert result.returncode == 0, result.stderr
