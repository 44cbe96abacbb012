"""``Idempotency-Key``: a write retried with the same key is done once and answered the same.

The key, the user, a digest of the request and the answer are stored with the write itself:
the record is inserted by the request's first write statement, inside the same transaction,
so the write and its key commit together or not at all. Everything the request reads and
checks before that runs outside any write lock. A retry with the same key and the same
request gets the stored answer back (``Idempotent-Replayed: true``) without running again; the
same key with a different request is refused (422). Two copies arriving at once: the second
meets the first's key on the unique index when it comes to write, rolls back, waits for the
first's answer and replays it. An endpoint that renders its answer from what its write
returned (``answered_with_write``) has the answer stored in that same transaction too: the
write, its key and its answer commit at once. Otherwise the answer is stored right after the
write. An answer of 5xx keeps nothing, key included, so the client may retry; a request that
wrote nothing has its answer (a refusal, say) stored afterwards.
Keys are remembered for ``TONGKET_IDEMPOTENCY_HOURS`` (24 by default).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

from django.conf import settings
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja.errors import AuthenticationError, HttpError

from tongket.api.auth import api_user
from tongket.api.errors import IdempotencyKeyTaken, error_response, unavailable_response
from tongket.api.models import IdempotencyRecord
from tongket.core.rows import objects_insert
from tongket.core.writes import write_after, write_hook, write_run

HEADER = "Idempotency-Key"
KEY_MAX = 255
# How long a copy waits for the answer of the copy that took its key first.
_WAIT_SECONDS = 30.0
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")
# The key of the request this thread is running, for ``answered_with_write``.
_running = threading.local()


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


def _reused(existing: IdempotencyRecord) -> HttpResponse:
    return error_response(
        422,
        "idempotency_key_reused",
        f"Khóa {HEADER} này đã dùng cho một yêu cầu khác; hãy dùng khóa mới",
        f"This {HEADER} was used for a different request; use a new key",
        [{"method": existing.method, "path": existing.path}],
    )


@dataclass
class _Claim:
    """The key of one request, inserted by its first write statement."""

    user: Any
    key: str
    digest: str
    method: str
    path: str
    secret: tuple[str, ...] = ()
    record: IdempotencyRecord | None = None
    taken: bool = False
    # The answer stored with the write itself, if it was.
    answered: HttpResponse | None = None
    busy: bool = field(default=False, repr=False)

    def new_record(self) -> IdempotencyRecord:
        return IdempotencyRecord(
            user=self.user,
            key=self.key,
            request_hash=self.digest,
            method=self.method,
            path=self.path,
        )

    def insert(self) -> None:
        """Insert the key, unless this request has already: ``IdempotencyKeyTaken`` when
        another request holds it (the transaction it was inserted in is then rolled back
        whole by the exception)."""
        if self.record is not None:
            return
        self.busy = True
        try:
            record = self.new_record()
            try:
                objects_insert([record], returning=True)
            except IntegrityError:
                self.taken = True
                raise IdempotencyKeyTaken() from None
            self.record = record
        finally:
            self.busy = False

    def __call__(self, execute, sql, params, many, context):
        # A write made in the request's own thread (a write handed to SQLite's writer thread
        # claims the key through ``write_hook`` instead).
        if (
            self.record is None
            and not self.busy
            and isinstance(sql, str)
            and sql.lstrip()[:7].upper().startswith(_WRITES)
        ):
            self.insert()
        return execute(sql, params, many, context)


def _existing(user, key: str) -> IdempotencyRecord | None:
    # Asked on every keyed request, and almost always absent: one plain query says so.
    table = connection.ops.quote_name(IdempotencyRecord._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {table} WHERE user_id = %s AND key = %s", [user.pk, key])
        found = cursor.fetchone()
    if found is None:
        return None
    existing = IdempotencyRecord.objects.filter(pk=found[0]).first()
    if existing is not None and existing.created_at < timezone.now() - _ttl():
        existing.delete()
        return None
    return existing


def _answer_of(existing: IdempotencyRecord, digest: str) -> HttpResponse | None:
    """The answer to a request whose key is known: a replay, a refusal, or None (running)."""
    if existing.request_hash != digest:
        return _reused(existing)
    if existing.status_code:
        return _replay(existing)
    return None


def _wait_for(user, key: str, digest: str) -> HttpResponse:
    """The answer of the copy that holds the key, once it has stored it."""
    deadline = time.monotonic() + _WAIT_SECONDS
    while True:
        existing = IdempotencyRecord.objects.filter(user=user, key=key).first()
        if existing is not None:
            answer = _answer_of(existing, digest)
            if answer is not None:
                return answer
        if time.monotonic() > deadline:
            break
        time.sleep(0.02)
    return unavailable_response(
        "Yêu cầu cùng khóa đang được xử lý; hãy thử lại sau",
        "A request with the same key is still being processed; try again later",
    )


def _without(body: bytes, secret: tuple[str, ...]) -> bytes:
    """The JSON answer with the ``secret`` fields emptied (a one-time password is shown once
    and never stored in clear; a retry learns it was made, not what it was)."""
    if not secret or not body:
        return body
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return body
    if not isinstance(data, dict):
        return body
    for name in secret:
        if name in data:
            data[name] = None
    return json.dumps(data, ensure_ascii=False).encode()


def _store(claim: _Claim, response: HttpResponse, secret: tuple[str, ...] = ()) -> HttpResponse:
    """Keep the answer; a 5xx answer keeps no key, so the client may retry."""
    if response.status_code >= 500 or response.streaming:
        if claim.record is not None:
            pk = claim.record.pk
            write_run(lambda: IdempotencyRecord.objects.filter(pk=pk, status_code=0).delete())
        return response
    return write_run(lambda: _store_answer(claim, response, secret))


def _answer_update(pk: int, answer: dict) -> int:
    table = connection.ops.quote_name(IdempotencyRecord._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET status_code = %s, content_type = %s, body = %s WHERE id = %s",
            [answer["status_code"], answer["content_type"], answer["body"], pk],
        )
        return cursor.rowcount


def _answer_fields(response: HttpResponse, secret: tuple[str, ...]) -> dict:
    return {
        "status_code": response.status_code,
        "content_type": response.get("Content-Type", "")[:100],
        "body": _without(response.content, secret),
    }


@contextlib.contextmanager
def answered_with_write(render: Callable[[Any], HttpResponse]) -> Iterator[dict]:
    """The answer to a request, rendered by ``render(result)`` from what the (first) write
    made inside returns, in that write's own transaction; a keyed request's answer is stored
    there as well, so the write, its key and its answer commit together. The answer is
    ``["response"]`` of the dict yielded (absent if nothing was written)."""
    claim = getattr(_running, "claim", None)
    answer: dict = {}

    def after(result: Any) -> None:
        if "response" in answer:
            return
        response = render(result)
        answer["response"] = response
        if claim is None or response.status_code >= 500 or response.streaming:
            return
        claim.insert()
        if _answer_update(claim.record.pk, _answer_fields(response, claim.secret)) == 1:
            claim.answered = response

    with write_after(after):
        yield answer


def _store_answer(
    claim: _Claim, response: HttpResponse, secret: tuple[str, ...] = ()
) -> HttpResponse:
    answer = _answer_fields(response, secret)
    if claim.record is not None and _answer_update(claim.record.pk, answer) == 1:
        return response
    # The request wrote nothing (a refusal, a report already open), or what it wrote was
    # rolled back with its key: the answer is kept on its own.
    record = claim.new_record()
    for name, value in answer.items():
        setattr(record, name, value)
    try:
        with transaction.atomic():
            record.save(force_insert=True)
    except IntegrityError:
        # A copy that wrote nothing either was answered meanwhile: answer as it was answered.
        existing = IdempotencyRecord.objects.get(user=claim.user, key=claim.key)
        return _answer_of(existing, claim.digest) or response
    return response


def idempotent_secret(run):
    """As ``idempotent``, for an answer carrying a one-time ``password``: the stored answer,
    replayed to a retry, has it emptied."""
    return idempotent(run, secret=("password",))


def idempotent(run, *, secret: tuple[str, ...] = ()):
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
        except (AuthenticationError, HttpError):
            user = None
        except DatabaseError:
            # Never run a keyed write without its key: the client retries with the same key.
            return unavailable_response()
        if user is None:
            return run(request, *args, **kwargs)  # refused there, with the usual answer
        try:
            digest = request_digest(request)
        except Exception:  # a body Django cannot parse: Ninja answers it, unrecorded
            return run(request, *args, **kwargs)
        claim = _Claim(
            user=user,
            key=key,
            digest=digest,
            method=request.method,
            path=request.path[:500],
            secret=secret,
        )
        try:
            existing = _existing(user, key)
            if existing is not None:
                return _answer_of(existing, digest) or _wait_for(user, key, digest)
            outer = getattr(_running, "claim", None)
            _running.claim = claim
            try:
                with connection.execute_wrapper(claim), write_hook(claim.insert):
                    response = run(request, *args, **kwargs)
            finally:
                _running.claim = outer
            if claim.taken:
                return _wait_for(user, key, digest)
            if claim.answered is not None and claim.answered is response:
                return response  # stored with the write
            return _store(claim, response, secret)
        except DatabaseError:
            if claim.record is not None and claim.record.status_code == 0:
                pk = claim.record.pk
                with contextlib.suppress(DatabaseError):
                    write_run(
                        lambda: IdempotencyRecord.objects.filter(pk=pk, status_code=0).delete()
                    )
            return unavailable_response()

    return wrapper


def idempotency_records_purge(*, before: dt.datetime | None = None) -> int:
    """Delete the records older than the retention time; the number deleted."""
    before = before or timezone.now() - _ttl()
    deleted, _ = IdempotencyRecord.objects.filter(created_at__lt=before).delete()
    return deleted
