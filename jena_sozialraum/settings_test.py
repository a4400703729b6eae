"""Test settings: the development settings with the few changes tests need, in one place."""

import tempfile

from jena_sozialraum.settings import *  # noqa: F403

# Fast hashing for test users; the real hasher is covered by Django itself.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# Tests never leave the machine: no tile server, so maps draw only the portal's own layers.
MAP_TILE_URL = ""
LEAFLET_CONFIG = {**LEAFLET_CONFIG, "TILES": []}  # noqa: F405

# django-axes stays enabled: the lockout is tested (tests/sozialraeume/test_konto.py). Tests that
# only need a logged-in user use client.force_login, which bypasses authentication and axes.

# Uploaded test photos go to a throwaway directory, never into the project's media/.
MEDIA_ROOT = tempfile.mkdtemp(prefix="jena-test-media-")
