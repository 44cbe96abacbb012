"""Login throttling: too many failures for one username from one address lock it for a while.

Failures are rows in the database, so every server worker (and every server behind a load
balancer) counts the same failures.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from tongket.accounts.models import LoginFailure

# Failures older than this are deleted when a new one is written.
_KEEP = dt.timedelta(days=1)


def _limits() -> tuple[int, dt.timedelta, dt.timedelta]:
    return (
        int(getattr(settings, "TONGKET_LOGIN_MAX_FAILURES", 5)),
        dt.timedelta(minutes=float(getattr(settings, "TONGKET_LOGIN_WINDOW_MINUTES", 15))),
        dt.timedelta(minutes=float(getattr(settings, "TONGKET_LOGIN_LOCK_MINUTES", 15))),
    )


def _key(username: str) -> str:
    return username.strip().lower()[:150]


def login_locked_until(
    *, username: str, ip: str, now: dt.datetime | None = None
) -> dt.datetime | None:
    """When the lock on ``username`` from ``ip`` ends, or None when it may try now.

    Locked when the last ``max_failures`` failures all fall within ``window`` of each other,
    until ``lock`` after the last of them.
    """
    now = now or timezone.now()
    limit, window, lock = _limits()
    recent = list(
        LoginFailure.objects.filter(username=_key(username), ip=ip, at__gt=now - window - lock)
        .order_by("-at")
        .values_list("at", flat=True)[:limit]
    )
    if len(recent) < limit:
        return None
    last, first = recent[0], recent[-1]
    if last - first > window:
        return None
    until = last + lock
    return until if until > now else None


def login_failure_record(*, username: str, ip: str, now: dt.datetime | None = None) -> None:
    now = now or timezone.now()
    LoginFailure.objects.filter(at__lt=now - _KEEP).delete()
    LoginFailure.objects.create(username=_key(username), ip=ip, at=now)


def login_failures_clear(*, username: str, ip: str) -> None:
    LoginFailure.objects.filter(username=_key(username), ip=ip).delete()
