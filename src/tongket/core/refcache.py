"""Reference data cached per process: forms with their lines and rules, the unit tree at a
date, the indicator catalogue. A report needs them on every call and they change a few times a
year, so each process keeps what it has built until they change.

Whoever changes reference data calls ``reference_changed()`` in the same transaction: the
process that made the change drops its copies at once, and every other process (another
gunicorn worker, another server behind the load balancer) when it next looks at the shared
counter, at most ``CHECK_SECONDS`` later.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from django.db import connection, transaction
from django.db.models import F

from tongket.core.models import ReferenceGeneration

T = TypeVar("T")

CHECK_SECONDS = 1.0

_lock = threading.Lock()
_entries: dict[Hashable, Any] = {}
_state = {"generation": None, "checked": 0.0}
# Per thread (a connection is): this thread's open transaction changed reference data, so
# what it reads may still be rolled back and is not cached.
_pending = threading.local()


def _generation() -> int:
    row = ReferenceGeneration.objects.filter(pk=1).values_list("generation", flat=True).first()
    return row or 0


def reference_cache_clear() -> None:
    """Forget every cached copy in this process (the next use rebuilds it)."""
    with _lock:
        _entries.clear()
        _state["generation"] = None
        _state["checked"] = 0.0


def _committed() -> None:
    _pending.dirty = False
    reference_cache_clear()


def reference_changed() -> None:
    """Reference data changed (in the current transaction): every process rebuilds its copies."""
    with transaction.atomic():
        if not ReferenceGeneration.objects.filter(pk=1).update(generation=F("generation") + 1):
            ReferenceGeneration.objects.get_or_create(pk=1, defaults={"generation": 1})
    reference_cache_clear()
    if connection.in_atomic_block:
        _pending.dirty = True
        transaction.on_commit(_committed)


def reference_cache_forget(key: Hashable) -> None:
    """Forget the copy of ``key`` in this process."""
    with _lock:
        _entries.pop(key, None)


def reference_cached(key: Hashable, build: Callable[[], T]) -> T:
    """The copy of ``key`` this process holds, built by ``build()`` when missing or stale."""
    in_change = connection.in_atomic_block and getattr(_pending, "dirty", False)
    if in_change:
        return build()
    if not connection.in_atomic_block:
        _pending.dirty = False  # a transaction that changed reference data has ended
    now = time.monotonic()
    if now - _state["checked"] > CHECK_SECONDS:
        generation = _generation()
        with _lock:
            if generation != _state["generation"]:
                _entries.clear()
                _state["generation"] = generation
            _state["checked"] = now
    found = _entries.get(key, _entries)
    if found is not _entries:
        return found
    value = build()
    with _lock:
        _entries[key] = value
    return value
