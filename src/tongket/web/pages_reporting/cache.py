"""Figures that are slow to aggregate, kept until the data they come from changes.

Every change to values, targets, submissions, tasks or units is written to the audit trail by
the service that makes it, so the newest audit entry's id is a version of the data: a cached
figure is used only while no entry was added after it was computed. Entries about people
(logins, roles) and refused accesses change no figure and are left out, so logging in does not
throw the figures away. The key holds only ids and codes the page already authorized (and the
user's scope where a panel depends on it); the language is not part of it, since what is kept
is data, rendered afresh each time.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache

from tongket.accounts.scope import user_grants
from tongket.core.models import AuditEntry

T = TypeVar("T")

TIMEOUT = 15 * 60


# Audit entries that change no figure: about accounts, API tokens and refused accesses.
_NOT_DATA = ("user", "page", "api", "apitoken")


def data_version() -> int:
    return (
        AuditEntry.objects.exclude(object_type__in=_NOT_DATA)
        .exclude(action="access.denied")
        .order_by("-id")
        .values_list("id", flat=True)
        .first()
        or 0
    )


def cached(name: str, key: tuple, compute: Callable[[], T], *, version: int | None = None) -> T:
    """``compute()``, or its result from an earlier call on the same data."""
    version = data_version() if version is None else version
    digest = hashlib.sha256(repr((name, version, key)).encode()).hexdigest()[:32]
    cache_key = f"tongket:reporting:{digest}"
    found = cache.get(cache_key)
    if found is None:
        found = compute()
        cache.set(cache_key, found, TIMEOUT)
    return found


def scope_key(user) -> tuple:
    """What a panel filtered by the user's scope depends on: their roles and where they hold
    them (a changed role gives another key)."""
    return tuple(sorted((g.role, g.everywhere, tuple(sorted(g.roots))) for g in user_grants(user)))
