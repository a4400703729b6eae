"""Clearing the shared page cache whenever public data changes (see CACHES in settings)."""

import gzip
import hashlib
import io
import os
import pickle
import shutil
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import FileResponse, HttpResponse, HttpResponseBase
from django.utils.cache import patch_cache_control, patch_vary_headers


def clear_page_cache() -> None:
    """Forget every cached page and file, after the surrounding transaction commits."""
    transaction.on_commit(_clear_now)


def _clear_now() -> None:
    caches[settings.CACHE_MIDDLEWARE_ALIAS].clear()
    shutil.rmtree(_files_dir(), ignore_errors=True)


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


def cached_file_response(request, *, key: str, build, content_type: str) -> HttpResponseBase:
    """A large public response kept as files beside the page cache and sent with sendfile.

    `build()` returns the body (str). The plain and the gzip file are written once per `key`
    and page-cache lifetime; hits cost no rendering, no unpickling and no copying in Python.
    Without a page cache (development, tests) the body is built for every request. Responses
    always stream, so the page-cache middleware leaves them to this function.
    """
    seconds = settings.CACHE_MIDDLEWARE_SECONDS
    if not seconds:
        return HttpResponse(build(), content_type=content_type)
    wants_gzip = "gzip" in request.headers.get("Accept-Encoding", "")
    digest = hashlib.sha256(key.encode()).hexdigest()
    plain, packed = _files_dir() / f"{digest}.body", _files_dir() / f"{digest}.body.gz"
    try:
        path = packed if wants_gzip else plain
        if time.time() - path.stat().st_mtime <= seconds:
            # FileResponse closes the file when the response is done.
            response = FileResponse(path.open("rb"), content_type=content_type)
        else:
            response = None
    except FileNotFoundError:  # not built yet, or cleared a moment ago
        response = None
    if response is None:
        body = build().encode()
        compressed = gzip.compress(body, compresslevel=9)  # paid once per build, sent many times
        _write_atomically(plain, body)
        _write_atomically(packed, compressed)
        # Streaming like a hit, so the page-cache middleware never stores a pickled copy.
        data = io.BytesIO(compressed if wants_gzip else body)
        response = FileResponse(data, content_type=content_type)
    if wants_gzip:
        response["Content-Encoding"] = "gzip"
    patch_vary_headers(response, ["Accept-Encoding"])
    patch_cache_control(response, public=True, max_age=min(seconds, 60))
    return response


def _files_dir() -> Path:
    return Path(settings.CACHES[settings.CACHE_MIDDLEWARE_ALIAS]["LOCATION"]) / "files"


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)
