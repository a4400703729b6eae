"""Login plumbing for django-axes (see AXES_* in settings)."""

from django.http import HttpRequest


def axes_username(request: HttpRequest, credentials: dict | None) -> str:
    """The address a login attempt is counted against, in the case-insensitive form that
    UserManager.get_by_natural_key matches, so ADA@ and ada@ share one lock."""
    value = (credentials or {}).get("username") or request.POST.get("username", "")
    return value.strip().lower()
