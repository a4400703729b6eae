"""Clearing the shared page cache whenever public data changes (see CACHES in settings)."""

from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save


def clear_page_cache() -> None:
    """Forget every cached page, after the surrounding transaction commits."""
    transaction.on_commit(lambda: caches["pages"].clear())


def _on_change(sender, **kwargs) -> None:
    clear_page_cache()


def clear_page_cache_on_change(*models) -> None:
    """Connect saves, deletes and relation changes of `models` to clear_page_cache()."""
    for model in models:
        post_save.connect(_on_change, sender=model, dispatch_uid=f"page-cache-save-{model}")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"page-cache-del-{model}")
        for field in model._meta.many_to_many:
            m2m_changed.connect(
                _on_change, sender=field.remote_field.through, dispatch_uid=f"page-cache-{field}"
            )
