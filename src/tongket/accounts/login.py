"""Logging in and out: throttling, session stamps for expiry, and the audit trail."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import authenticate, get_user_model, login, logout
from django.http import HttpRequest

from tongket.accounts.throttle import (
    login_failure_record,
    login_failures_clear,
    login_locked_until,
)
from tongket.core.audit import audit_record

SESSION_STARTED = "tk_started"
SESSION_SEEN = "tk_seen"


def client_ip(request: HttpRequest) -> str:
    """The client's address; behind a reverse proxy, the one the proxy saw."""
    if getattr(settings, "TONGKET_BEHIND_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [h.strip() for h in forwarded.split(",") if h.strip()]
        if hops:
            # The proxy appends the address it saw: the last entry is the one we can trust.
            return hops[-1][:45]
    return (request.META.get("REMOTE_ADDR") or "unknown")[:45]


@dataclass(frozen=True)
class LoginOutcome:
    user: object | None
    locked_until: dt.datetime | None = None

    @property
    def ok(self) -> bool:
        return self.user is not None


def _known_user(username: str):
    return get_user_model().objects.filter(username__iexact=username).first()


def login_attempt(*, request: HttpRequest, username: str, password: str) -> LoginOutcome:
    """Check the password (unless locked), log the user in and write the audit trail."""
    ip = client_ip(request)
    username = username.strip()
    locked = login_locked_until(username=username, ip=ip)
    if locked is not None:
        audit_record(
            actor=username[:150],
            user=_known_user(username),
            action="auth.login_failed",
            object_type="user",
            summary=f"Đăng nhập bị chặn (tạm khóa) từ {ip} / sign-in refused (locked) from {ip}",
            new={"ip": ip, "reason": "locked"},
        )
        return LoginOutcome(user=None, locked_until=locked)
    user = authenticate(request, username=username, password=password)
    if user is None:
        login_failure_record(username=username, ip=ip)
        known = _known_user(username)
        audit_record(
            actor=username[:150],
            user=known,
            action="auth.login_failed",
            object_type="user",
            object_id=known.pk if known else "",
            summary=f"Đăng nhập sai từ {ip} / wrong sign-in from {ip}",
            new={"ip": ip, "reason": "credentials"},
        )
        locked = login_locked_until(username=username, ip=ip)
        if locked is not None:
            audit_record(
                actor=username[:150],
                user=known,
                action="auth.locked",
                object_type="user",
                object_id=known.pk if known else "",
                summary=(
                    f"Tạm khóa đăng nhập từ {ip} đến {locked:%H:%M} / "
                    f"sign-in from {ip} locked until {locked:%H:%M}"
                ),
                new={"ip": ip, "until": locked.isoformat()},
            )
        return LoginOutcome(user=None, locked_until=locked)
    login_failures_clear(username=username, ip=ip)
    login(request, user)
    now = time.time()
    request.session[SESSION_STARTED] = now
    request.session[SESSION_SEEN] = now
    audit_record(
        actor=user.username,
        user=user,
        action="auth.login",
        object_type="user",
        object_id=user.pk,
        summary=f"Đăng nhập từ {ip} / signed in from {ip}",
        new={"ip": ip},
    )
    return LoginOutcome(user=user)


def logout_perform(*, request: HttpRequest, reason: str = "logout") -> None:
    """Log out; ``reason`` is ``logout`` (the user asked) or ``expired``."""
    user = request.user
    if getattr(user, "is_authenticated", False):
        audit_record(
            actor=user.username,
            user=user,
            action="auth.logout" if reason == "logout" else "auth.session_expired",
            object_type="user",
            object_id=user.pk,
            summary="Đăng xuất / signed out"
            if reason == "logout"
            else "Hết phiên làm việc / session ended",
            new={"ip": client_ip(request)},
        )
    logout(request)
