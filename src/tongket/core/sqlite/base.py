"""Django's SQLite backend with one writer per process.

SQLite takes one writer at a time. Left alone, the threads of a server process that all want
to write retry on the busy timeout, waking and sleeping until their turn comes by chance. Here a
write transaction (``BEGIN IMMEDIATE``, which every ``transaction.atomic()`` starts) first
takes the process's writer lock, so the threads of a process queue up in order and each starts
the moment the one before commits. A thread that cannot have the lock within
``TONGKET_WRITE_WAIT_SECONDS`` gives up with ``WriteBusy`` (answered 503 with
``Retry-After``; nothing was written). Between processes SQLite's busy timeout still decides.
"""

from __future__ import annotations

import contextlib
import threading
import time

from django.conf import settings
from django.db.backends.sqlite3 import base

from tongket.core.busy import WriteBusy

# One writer lock per database file.
_writers: dict[str, threading.Lock] = {}
_writers_lock = threading.Lock()


def _writer_of(name: str) -> threading.Lock:
    with _writers_lock:
        return _writers.setdefault(name, threading.Lock())


def _wait_seconds() -> float:
    return float(getattr(settings, "TONGKET_WRITE_WAIT_SECONDS", 10))


class DatabaseWrapper(base.DatabaseWrapper):
    _tk_holds_writer = False

    def _start_transaction_under_autocommit(self) -> None:
        if not self._tk_holds_writer:
            started = time.monotonic()
            self._tk_writer = _writer_of(str(self.settings_dict.get("NAME")))
            if not self._tk_writer.acquire(timeout=_wait_seconds()):
                raise WriteBusy(
                    f"no write slot within {time.monotonic() - started:.1f} s (database busy)"
                )
            self._tk_holds_writer = True
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._tk_release_writer()
            raise

    def _tk_release_writer(self) -> None:
        if self._tk_holds_writer:
            self._tk_holds_writer = False
            self._tk_writer.release()

    def _commit(self) -> None:
        try:
            super()._commit()
        finally:
            self._tk_release_writer()

    def _rollback(self) -> None:
        try:
            super()._rollback()
        finally:
            self._tk_release_writer()

    def _close(self) -> None:
        try:
            if self.connection is not None and not self.in_atomic_block:
                # Statistics of what changed much since this connection opened (cheap when
                # nothing did): a server's connections close every CONN_MAX_AGE seconds.
                with contextlib.suppress(Exception):
                    self.connection.execute("PRAGMA optimize")
            super()._close()
        finally:
            self._tk_release_writer()
