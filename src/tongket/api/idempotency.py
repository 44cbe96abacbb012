"""``Idempotency-Key``: a write retried with the same key is done once and answered the same.

The key, the user, a digest of the request and the answer are stored in the same transaction
as the write itself. A retry with the same key and the same request gets the stored answer
back (``Idempotent-Replayed: true``) without running again; the same key with a different
request is refused (422). Two copies arriving at once: the second waits on the unique index
until the first commits, then replays its answer. An answer of 5xx rolls everything back,
key included, so the client may retry. Keys are remembered for ``TONGKET_IDEMPOTENCY_HOURS``
(24 by default).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from functools import wraps
from typing import Any

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from tongket.api.auth import api_user
from tongket.api.errors import error_response
from tongket.api.models import IdempotencyRecord

HEADER = "Idempotency-Key"
KEY_MAX = 255


def _ttl() -> dt.timedelta:
    return dt.timedelta(hours=float(getattr(settings, "TONGKET_IDEMPOTENCY_HOURS", 24)))


def _canonical_body(request: HttpRequest) -> bytes:
    content_type = request.content_type or ""
    if content_type.startswith("multipart/"):
        # The boundary is random per attempt: the fields and the files' bytes are the request.
        digest = hashlib.sha256()
        for name in sorted(request.POST):
            for value in request.POST.getlist(name):
                digest.update(f"f:{name}={value}\n".encode())
        for name in sorted(request.FILES):
            for upload in request.FILES.getlist(name):
                file_digest = hashlib.sha256()
                for chunk in upload.chunks():
                    file_digest.update(chunk)
                upload.seek(0)
                digest.update(f"u:{name}:{upload.name}:{file_digest.hexdigest()}\n".encode())
        return digest.digest()
    body = request.body
    if content_type == "application/json" and body:
        # The same JSON written with other spacing or key order is the same request.
        try:
            return json.dumps(json.loads(body), sort_keys=True, separators=(",", ":")).encode()
        except (ValueError, UnicodeDecodeError, RecursionError):
            return body
    return body


def request_digest(request: HttpRequest) -> str:
    digest = hashlib.sha256()
    digest.update(f"{request.method} {request.path}\n".encode())
    query = sorted((k, v) for k in request.GET for v in request.GET.getlist(k))
    digest.update(json.dumps(query, ensure_ascii=False).encode("utf-8", "surrogatepass"))
    digest.update(b"\n")
    digest.update(_canonical_body(request))
    return digest.hexdigest()


def _key_problem(key: str) -> bool:
    return not key or len(key) > KEY_MAX or not all(32 < ord(c) < 127 for c in key)


def _replay(record: IdempotencyRecord) -> HttpResponse:
    response = HttpResponse(
        bytes(record.body), status=record.status_code, content_type=record.content_type or None
    )
    response["Idempotent-Replayed"] = "true"
    return response


def idempotent(run):
    """Wraps a Ninja operation's ``run`` (``@decorate_view(idempotent)`` on the endpoint)."""

    @wraps(run)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        key = request.headers.get(HEADER)
        if key is None:
            return run(request, *args, **kwargs)
        key = key.strip()
        if _key_problem(key):
            return error_response(
                422,
                "idempotency_key_invalid",
                f"Khóa {HEADER} phải có 1–{KEY_MAX} ký tự ASCII in được, không có khoảng trắng",
                f"The {HEADER} must be 1–{KEY_MAX} printable ASCII characters without spaces",
            )
        try:
            user = api_user(request)
        except Exception:
            user = None
        if user is None:
            return run(request, *args, **kwargs)  # refused there, with the usual answer
        try:
            digest = request_digest(request)
        except Exception:  # a body Django cannot parse: Ninja answers it, unrecorded
            return run(request, *args, **kwargs)
        with transaction.atomic():
            try:
                with transaction.atomic():
                    record = IdempotencyRecord.objects.create(
                        user=user,
                        key=key,
                        request_hash=digest,
                        method=request.method,
                        path=request.path[:500],
                    )
            except IntegrityError:
                existing = IdempotencyRecord.objects.get(user=user, key=key)
                if existing.created_at < timezone.now() - _ttl():
                    existing.delete()
                    record = IdempotencyRecord.objects.create(
                        user=user,
                        key=key,
                        request_hash=digest,
                        method=request.method,
                        path=request.path[:500],
                    )
                elif existing.request_hash != digest:
                    return error_response(
                        422,
                        "idempotency_key_reused",
                        f"Khóa {HEADER} này đã dùng cho một yêu cầu khác; hãy dùng khóa mới",
                        f"This {HEADER} was used for a different request; use a new key",
                        [{"method": existing.method, "path": existing.path}],
                    )
                else:
                    return _replay(existing)
            response = run(request, *args, **kwargs)
            broken = transaction.get_connection().needs_rollback
            if response.status_code >= 500 or broken or response.streaming:
                transaction.set_rollback(True)
                return response
            record.status_code = response.status_code
            record.content_type = response.get("Content-Type", "")[:100]
            record.body = response.content
            try:
                with transaction.atomic():
                    record.save(update_fields=["status_code", "content_type", "body"])
            except DatabaseError:
                # The request broke the transaction (input the database refused): nothing of
                # it is kept, the key included, and the client may try again.
                transaction.set_rollback(True)
        return response

    return wrapper


def idempotency_records_purge(*, before: dt.datetime | None = None) -> int:
    """Delete the records older than the retention time; the number deleted."""
    before = before or timezone.now() - _ttl()
    deleted, _ = IdempotencyRecord.objects.filter(created_at__lt=before).delete()
    return deleted
