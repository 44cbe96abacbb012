"""Login throttling: too many failures for one username from one address lock it for a while,
and too many failures from one address, whatever usernames it tries, lock the address (one
password tried on many accounts is slowed as much as many passwords on one).

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


def _address_limit() -> int:
    return int(getattr(settings, "TONGKET_LOGIN_MAX_FAILURES_PER_ADDRESS", 20))


def _key(username: str) -> str:
    return username.strip().lower()[:150]


def login_locked_until(
    *, username: str, ip: str, now: dt.datetime | None = None
) -> dt.datetime | None:
    """When the lock on ``username`` from ``ip``, or on ``ip`` itself, ends; None when it may
    try now.

    Locked when the last ``max_failures`` failures of the username from the address (or the
    last ``max_failures_per_address`` failures from the address, any username) all fall
    within ``window`` of each other, until ``lock`` after the last of them.
    """
    now = now or timezone.now()
    limit, window, lock = _limits()
    since = now - window - lock
    ends = [
        _lock_end(
            LoginFailure.objects.filter(username=_key(username), ip=ip, at__gt=since),
            limit,
            window,
            lock,
        ),
        _lock_end(LoginFailure.objects.filter(ip=ip, at__gt=since), _address_limit(), window, lock),
    ]
    found = [until for until in ends if until is not None and until > now]
    return max(found) if found else None


def _lock_end(failures, limit: int, window: dt.timedelta, lock: dt.timedelta):
    recent = list(failures.order_by("-at").values_list("at", flat=True)[:limit])
    if limit <= 0 or len(recent) < limit:
        return None
    last, first = recent[0], recent[-1]
    if last - first > window:
        return None
    return last + lock


def login_failure_record(*, username: str, ip: str, now: dt.datetime | None = None) -> None:
    now = now or timezone.now()
    LoginFailure.objects.filter(at__lt=now - _KEEP).delete()
    LoginFailure.objects.create(username=_key(username), ip=ip, at=now)


def login_failures_clear(*, username: str, ip: str) -> None:
    LoginFailure.objects.filter(username=_key(username), ip=ip).delete()
