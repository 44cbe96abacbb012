"""API tokens: making one (the secret is shown once), revoking it, and checking a secret."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import logging
import secrets

from django.contrib.auth import get_user_model
from django.core.signals import request_finished
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from tongket.api.models import ApiToken
from tongket.core.audit import audit_record
from tongket.core.writes import write_along, write_along_flush

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


def _converters(field) -> tuple:
    col = field.get_col(field.model._meta.db_table)
    return col, [*connection.ops.get_db_converters(col), *field.get_db_converters(connection)]


@functools.cache
def _token_query(vendor: str) -> tuple[str, list, list]:
    """The statement that finds a token and its user by digest, and the converters of each
    column (as the ORM applies them): built once per process, not per request."""
    user_model = get_user_model()
    qn = connection.ops.quote_name
    token = ApiToken._meta
    user_fields = list(user_model._meta.concrete_fields)
    columns = [f"t.{qn(token.pk.column)}", f"t.{qn(token.get_field('last_used_at').column)}"]
    columns += [f"u.{qn(f.column)}" for f in user_fields]
    sql = (
        f"SELECT {', '.join(columns)} FROM {qn(token.db_table)} t "
        f"JOIN {qn(user_model._meta.db_table)} u ON u.{qn(user_model._meta.pk.column)} = "
        f"t.{qn(token.get_field('user').column)} "
        f"WHERE t.{qn(token.get_field('digest').column)} = %s "
        f"AND t.{qn(token.get_field('revoked_at').column)} IS NULL"
    )
    converters = [_converters(f) for f in (token.pk, token.get_field("last_used_at"))]
    converters += [_converters(f) for f in user_fields]
    return sql, converters, [f.attname for f in user_fields]


def apitoken_user(*, secret: str):
    """The active user a secret belongs to, or None (unknown, revoked, or account disabled).

    Asked on every API call a machine makes: one plain statement, no query building."""
    if not secret or not secret.startswith(PREFIX) or len(secret) > 200:
        return None
    sql, converters, user_names = _token_query(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, [_digest(secret)])
        row = cursor.fetchone()
    if row is None:
        return None
    values = list(row)
    for i, (col, column_converters) in enumerate(converters):
        for convert in column_converters:
            values[i] = convert(values[i], col, connection)
    token_id, last_used_at = values[0], values[1]
    user = get_user_model().from_db(connection.alias, user_names, values[2:])
    if not user.is_active:
        return None
    now = timezone.now()
    if last_used_at is None or now - last_used_at > _TOUCH_EVERY:
        _touch(token_id, now)
    return user


def _touch(pk: int, now: dt.datetime) -> None:
    """Note the token's use. The time is a hint for whoever looks for unused tokens: it rides
    with the request's own write if it makes one (no commit of its own), else it is written
    apart when the request ends (on SQLite behind the waiting reports, not waited for); a
    failure or a busy database skips it rather than refuse (or half-run) the request."""
    write_along(lambda: _last_use_write(pk, now))


def _last_use_write(pk: int, now: dt.datetime) -> None:
    table = connection.ops.quote_name(ApiToken._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET last_used_at = %s WHERE id = %s",
            [connection.ops.adapt_datetimefield_value(now), pk],
        )


# What found no write to ride with is written when the request ends.
request_finished.connect(write_along_flush, dispatch_uid="tongket.writes.along")


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
