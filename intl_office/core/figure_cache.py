"""Figures counted over many records (the overview's, the annual report's tables), kept in Django's cache until a
record they read changes.

Every cached figure shares one version number, stored in the cache itself: a write to any record the figures read
(``watch``, connected from the features' ``AppConfig.ready()``) sets a new version, so every figure computed before
is ignored from that moment, in every process sharing the cache. ``FIGURES_CACHE_SECONDS`` bounds how long a figure
lives anyway: bulk writes (``QuerySet.update``, ``bulk_create``) send no signal, and a per-process cache (no Redis,
no database cache) is not told of another process's writes.
"""

import functools
import hashlib
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone, translation

VERSION_KEY = "figures:version"


def version() -> int:
    current = cache.get(VERSION_KEY)
    if current is None:
        cache.add(VERSION_KEY, time.time_ns(), None)
        current = cache.get(VERSION_KEY, 0)
    return current


# Whether this thread read a figure since it last set a new version: if not, a further write of the same transaction
# need not set one again.
_local = threading.local()


def invalidate(**kwargs) -> None:
    """Forget every cached figure."""
    cache.set(VERSION_KEY, time.time_ns(), None)
    _local.read_since = False


def _invalidate_on_write(sender, using=None, **kwargs) -> None:
    # At once (this request reads its own write) and again at commit (another request may have cached the figures
    # from the rows as they stood before the commit). Not once per record: deleting 10,000 students sends 10,000
    # signals, and a cache write each (a statement each with the database cache) took minutes. Within a transaction
    # a new version is set again only when this thread has read a figure since the last one.
    connection = transaction.get_connection(using)
    if connection.in_atomic_block:
        pending = any(callback is invalidate for _savepoints, callback, _robust in connection.run_on_commit)
        if not pending:
            transaction.on_commit(invalidate, using=using)
        elif not getattr(_local, "read_since", True):
            return
    invalidate()


def watch(models) -> None:
    """Forget the cached figures whenever one of these models' records (or their many-to-many links) is written."""
    for model in models:
        uid = f"figure_cache:{model._meta.label}"
        post_save.connect(_invalidate_on_write, sender=model, dispatch_uid=uid)
        post_delete.connect(_invalidate_on_write, sender=model, dispatch_uid=uid)
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(_invalidate_on_write, sender=field.remote_field.through, dispatch_uid=f"{uid}:{field}")


def key(name: str, *parts) -> str:
    """The cache key of a figure: its name and arguments, today's date and the language (figures computed for "now"
    change with the day; labels with the language), under the current version."""
    raw = repr((name, parts, timezone.localdate(), translation.get_language()))
    return f"figures:{version()}:{hashlib.sha256(raw.encode()).hexdigest()}"


def read(cache_key: str):
    """What the cache holds under a key made by ``key()``, or None; a write after this sets a new version."""
    _local.read_since = True
    return cache.get(cache_key)


def get_or_compute(name: str, parts: tuple, compute):
    cache_key = key(name, *parts)
    value = read(cache_key)
    if value is None:
        value = compute()
        cache.set(cache_key, value, settings.FIGURES_CACHE_SECONDS)
    return value


def cached(function):
    """A figure function whose result is cached by its arguments (which must have a stable ``repr``)."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        return get_or_compute(
            f"{function.__module__}.{function.__qualname__}",
            (args, sorted(kwargs.items())),
            lambda: function(*args, **kwargs),
        )

    wrapper.uncached = function
    return wrapper
