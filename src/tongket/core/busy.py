"""A database too busy to take a write in time: answered 503 with ``Retry-After``, never 500.

SQLite says "database is locked" when its busy timeout runs out; PostgreSQL cancels a statement
that waited past ``lock_timeout`` or lost a serialization race. Neither stored anything (the
transaction is rolled back whole), so the client may send the same request again.
"""

from __future__ import annotations

from django.conf import settings
from django.db import OperationalError

# Class names of the PostgreSQL driver's errors that mean "try again", by SQLSTATE meaning.
_PG_RETRY = {"LockNotAvailable", "SerializationFailure", "DeadlockDetected"}


class WriteBusy(OperationalError):
    """A write could not start in time (the process's writer was taken throughout)."""


def retry_after_seconds() -> int:
    return int(getattr(settings, "TONGKET_RETRY_AFTER_SECONDS", 2))


def database_busy(exc: BaseException) -> bool:
    """Whether ``exc`` means the database was busy (retry later), not that input was bad."""
    if isinstance(exc, WriteBusy):
        return True
    if not isinstance(exc, OperationalError):
        return False
    cause = exc.__cause__
    if cause is not None and type(cause).__name__ in _PG_RETRY:
        return True
    text = str(exc).lower()
    return "database is locked" in text or "database table is locked" in text or "busy" in text


BUSY_MESSAGE = (
    "Hệ thống đang bận ghi dữ liệu; không có gì được lưu, hãy gửi lại sau ít giây",
    "The database is busy; nothing was stored, send the request again in a few seconds",
)
