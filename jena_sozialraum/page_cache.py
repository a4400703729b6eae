"""Clearing the shared page cache whenever public data changes (see CACHES in settings)."""

import pickle

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache
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


class PageFileCache(FileBasedCache):
    """Django's file cache without its zlib layer: cached pages are mostly gzip already, and
    decompressing every hit cost more than rendering small pages."""

    def get(self, key, default=None, version=None):
        fname = self._key_to_file(key, version)
        try:
            with open(fname, "rb") as f:
                if not self._is_expired(f):
                    return pickle.loads(f.read())
        except FileNotFoundError:
            pass
        return default

    def _write_content(self, file, timeout, value):
        expiry = self.get_backend_timeout(timeout)
        file.write(pickle.dumps(expiry, self.pickle_protocol))
        file.write(pickle.dumps(value, self.pickle_protocol))

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        missing = object()
        value = self.get(key, missing, version)
        if value is missing:
            return False
        self.set(key, value, timeout, version)
        return True
