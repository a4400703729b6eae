"""The Fachdienst's group of admin permissions.

Fachdienst staff act in the portal's own pages (moderation, budgets, ideas) and, for the
vocabularies, actors (trusted flag), goals and everything else, in the admin. The group
"Fachdienst Soziales" holds every permission of the portal's apps except managing user
accounts' permissions; it is kept up to date after each migrate.
"""

from django.contrib.auth.models import Group, Permission

GROUP_NAME = "Fachdienst Soziales"
APPS = ["sozialraeume", "angebote", "budgets"]


def ensure_fachdienst_group(**kwargs) -> None:
    group, _created = Group.objects.get_or_create(name=GROUP_NAME)
    permissions = Permission.objects.filter(content_type__app_label__in=APPS).exclude(
        content_type__model="user", codename__in=["add_user", "delete_user"]
    )
    group.permissions.set(permissions)


def sync_fachdienst_access(user) -> None:
    """Give Fachdienst staff the admin (is_staff and the group) and take both away with the
    role; a superuser stays staff. Called where the role is granted: the user admin and
    create_demo_users."""
    group, _created = Group.objects.get_or_create(name=GROUP_NAME)
    if user.is_fachdienst:
        user.groups.add(group)
        staff = True
    else:
        user.groups.remove(group)
        staff = user.is_superuser
    if user.is_staff != staff:
        user.is_staff = staff
        user.save(update_fields=["is_staff"])
