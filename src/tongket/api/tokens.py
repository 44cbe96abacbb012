"""API tokens: making one (the secret is shown once), revoking it, and checking a secret."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from tongket.api.models import ApiToken
from tongket.core.audit import audit_record
from tongket.core.writes import write_later

logger = logging.getLogger("tongket.api")

PREFIX = "tk_"
# Writing ``last_used_at`` on every request would cost a database write per call; a minute of
# imprecision does not matter to whoever looks for unused tokens.
_TOUCH_EVERY = dt.timedelta(minutes=1)


class TokenError(ValueError):
    """A token request that cannot be carried out; the message is Vietnamese / English."""


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def apitoken_create(*, user, name: str, actor: str) -> tuple[ApiToken, str]:
    """A new token for ``user``; returns it and its secret, which is not stored anywhere."""
    name = (name or "").strip() or "api"
    if len(name) > 100:
        raise TokenError("Tên token tối đa 100 ký tự / a token name has at most 100 characters")
    if not user.is_active:
        raise TokenError(
            f"Tài khoản {user.username} đã bị khóa / the account {user.username} is disabled"
        )
    secret = PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, name=name, prefix=secret[:11], digest=_digest(secret)
        )
        audit_record(
            actor=actor,
            action="apitoken.created",
            object_type="apitoken",
            object_id=token.pk,
            summary=f"Tạo token API «{name}» cho {user.username} / API token created",
            new={"user": user.username, "name": name, "prefix": token.prefix},
        )
    return token, secret


def apitoken_revoke(*, token: ApiToken, actor: str, reason: str = "") -> ApiToken:
    """Revoke a token; it stops working at once. Revoking it again changes nothing."""
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is not None:
            return token
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor,
            action="apitoken.revoked",
            object_type="apitoken",
            object_id=token.pk,
            summary=f"Thu hồi token API «{token.name}» / API token revoked",
            old={"prefix": token.prefix},
            reason=reason,
        )
    return token


def apitoken_user(*, secret: str):
    """The active user a secret belongs to, or None (unknown, revoked, or account disabled)."""
    if not secret or not secret.startswith(PREFIX) or len(secret) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=_digest(secret), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > _TOUCH_EVERY:
        _touch(token, now)
    return token.user


def _touch(token: ApiToken, now: dt.datetime) -> None:
    """Note the token's use. The time is a hint for whoever looks for unused tokens: it is
    written apart from the request (on SQLite behind the waiting reports, not waited for), and
    a busy database skips it rather than refuse (or half-run) the request that carries it."""
    pk = token.pk
    write_later(lambda: ApiToken.objects.filter(pk=pk).update(last_used_at=now))


def apitoken_list(*, user=None) -> QuerySet[ApiToken]:
    qs = ApiToken.objects.select_related("user").order_by("user__username", "created_at", "id")
    return qs.filter(user=user) if user is not None else qs


def apitoken_find(*, prefix: str) -> ApiToken:
    """The token whose secret starts with ``prefix`` (as ``apitoken list`` shows it)."""
    found = list(ApiToken.objects.filter(prefix__startswith=prefix.strip()[:11])[:2])
    if len(found) != 1 or len(prefix.strip()) < 6:
        raise TokenError(
            f"Không xác định được token «{prefix}» (cần ít nhất 6 ký tự đầu, duy nhất) / "
            f"no single token starts with «{prefix}» (give at least its first 6 characters)"
        )
    return found[0]
