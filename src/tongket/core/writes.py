"""Short write transactions, and on SQLite one writer per process that commits them in groups.

A service reads and checks everything first, then hands its write to ``write_run(fn)``: ``fn``
runs in one transaction and its result is returned (or its exception raised) in the caller.

On PostgreSQL, and on SQLite inside a transaction already open, ``fn`` simply runs in
``transaction.atomic()`` in the calling thread. On a SQLite database file the writes of a
process are queued to one writer thread with its own connection: it takes every write waiting
(up to ``TONGKET_WRITE_GROUP``), opens one transaction (``BEGIN IMMEDIATE``), runs each in a
savepoint of its own and commits them together. A write that fails rolls back to its savepoint
and only its caller sees the error; when the commit itself fails, every write of the group is
rolled back and every caller sees the error: nothing is ever half-stored. Writers therefore
never poll SQLite's busy timeout against each other, and a busy deadline pays one commit per
group instead of one per report.

A write that has not started within ``TONGKET_WRITE_WAIT_SECONDS`` is dropped and its caller
gets ``WriteBusy`` (answered 503 with ``Retry-After``; nothing was written).

``write_hook(fn)`` (a context manager) adds ``fn`` to run first inside the savepoint of every
write the calling thread queues meanwhile: the ``Idempotency-Key`` of a request is claimed so,
in the same savepoint as the request's write. ``write_after(fn)`` adds ``fn(result)`` to run
last in it, with what the write returned: the request's answer is stored so, with the write.

``write_along(fn)`` rides a small write that may wait (a token's last use) along with the next
write of the calling thread, in a savepoint of its own whose failure is skipped: no commit of its
own. ``write_along_flush()`` (at the end of a request) writes what found no write to ride with
on its own (``write_later``).

On PostgreSQL a write that has committed may start a refresh of the planner statistics of
the tables that grow on a deadline day (``core.statistics.statistics_after_write``).
"""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from django.conf import settings
from django.db import DatabaseError, connections, transaction

from tongket.core.busy import WriteBusy
from tongket.core.statistics import statistics_after_write

T = TypeVar("T")
logger = logging.getLogger("tongket.writes")

_hooks = threading.local()


@contextlib.contextmanager
def write_hook(fn: Callable[[], None]) -> Iterator[None]:
    """Run ``fn`` first in the transaction of every write this thread makes meanwhile."""
    stack = getattr(_hooks, "stack", None)
    if stack is None:
        stack = _hooks.stack = []
    stack.append(fn)
    try:
        yield
    finally:
        stack.remove(fn)


def _current_hooks() -> tuple[Callable[[], None], ...]:
    return tuple(getattr(_hooks, "stack", ()))


@contextlib.contextmanager
def write_after(fn: Callable[[Any], None]) -> Iterator[None]:
    """Run ``fn(result)`` last in the transaction of every write this thread makes meanwhile."""
    stack = getattr(_hooks, "after", None)
    if stack is None:
        stack = _hooks.after = []
    stack.append(fn)
    try:
        yield
    finally:
        stack.remove(fn)


def _current_after() -> tuple[Callable[[Any], None], ...]:
    return tuple(getattr(_hooks, "after", ()))


def write_along(fn: Callable[[], Any]) -> None:
    """Ride ``fn`` with the next write of this thread (see the module text)."""
    riders = getattr(_hooks, "along", None)
    if riders is None:
        riders = _hooks.along = []
    riders.append(fn)


def _riders_take() -> tuple[Callable[[], Any], ...]:
    riders = getattr(_hooks, "along", None)
    if not riders:
        return ()
    _hooks.along = []
    return tuple(riders)


def _riders_back(riders: tuple[Callable[[], Any], ...]) -> None:
    """What rode with a write that failed waits for the next one (or the flush)."""
    for fn in riders:
        write_along(fn)


def write_along_flush(**_: Any) -> None:
    """Write on its own what rode with no write (a ``request_finished`` receiver too)."""
    for fn in _riders_take():
        write_later(fn)


def _ride(riders: tuple[Callable[[], Any], ...], alias: str) -> None:
    for fn in riders:
        try:
            with transaction.atomic(using=alias):
                fn()
        except DatabaseError as exc:
            logger.info("write skipped (%s)", exc)


def _inside(job_fn, hooks, after, riders, alias):
    """One write's work inside its transaction: the hooks, the write, what rides along, the
    after-hooks with its result."""
    for hook in hooks:
        hook()
    result = job_fn()
    _ride(riders, alias)
    for fn in after:
        fn(result)
    return result


class _Job:
    __slots__ = (
        "after",
        "detached",
        "done",
        "error",
        "fn",
        "group",
        "hooks",
        "lock",
        "result",
        "riders",
        "state",
    )

    def __init__(
        self,
        fn: Callable[[], Any],
        hooks: tuple[Callable[[], None], ...],
        after: tuple[Callable[[Any], None], ...] = (),
        riders: tuple[Callable[[], Any], ...] = (),
    ) -> None:
        self.fn = fn
        self.hooks = hooks
        self.after = after
        self.riders = riders
        self.state = "waiting"  # → started | dropped
        self.lock = threading.Lock()
        self.done = threading.Event()
        self.result: Any = None
        self.error: BaseException | None = None
        self.group = 0  # how many writes were committed with this one
        self.detached = False  # nobody waits for it: a failure is logged

    def start(self) -> bool:
        with self.lock:
            if self.state != "waiting":
                return False
            self.state = "started"
            return True

    def drop(self) -> bool:
        with self.lock:
            if self.state != "waiting":
                return False
            self.state = "dropped"
            return True


class WriteQueue:
    """The writer of one database alias: a thread with its own connection."""

    def __init__(self, alias: str = "default", *, group_max: int | None = None):
        self.alias = alias
        self.group_max = group_max or int(getattr(settings, "TONGKET_WRITE_GROUP", 64))
        self.jobs: queue.SimpleQueue[_Job] = queue.SimpleQueue()
        self.thread: threading.Thread | None = None
        self.start_lock = threading.Lock()
        # Counters, for tests and the benchmark: groups committed and writes in them.
        self.groups = 0
        self.writes = 0

    def run(self, fn: Callable[[], T], *, wait: float | None = None) -> T:
        job = _Job(fn, _current_hooks(), _current_after(), _riders_take())
        self._ensure_thread()
        self.jobs.put(job)
        limit = _wait_seconds() if wait is None else wait
        if not job.done.wait(limit) and job.drop():
            _riders_back(job.riders)
            raise WriteBusy(f"no write slot within {limit:.1f} s (database busy)")
        job.done.wait()
        if job.error is not None:
            _riders_back(job.riders)
            raise job.error
        return job.result

    def submit(self, fn: Callable[[], Any]) -> None:
        """Queue ``fn`` without waiting for it; a failure is logged."""
        job = _Job(fn, ())
        job.detached = True
        self._ensure_thread()
        self.jobs.put(job)

    def _ensure_thread(self) -> None:
        if self.thread is not None and self.thread.is_alive():
            return
        with self.start_lock:
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(
                    target=self._loop, name=f"tongket-writer-{self.alias}", daemon=True
                )
                self.thread.start()

    def _take(self) -> list[_Job]:
        first = self.jobs.get()
        group = [first]
        while len(group) < self.group_max:
            try:
                group.append(self.jobs.get_nowait())
            except queue.Empty:
                break
        return [job for job in group if job.start()]

    def _loop(self) -> None:
        while True:
            group = self._take()
            if group:
                self._commit(group)

    def _commit(self, group: list[_Job]) -> None:
        conn = connections[self.alias]
        try:
            conn.close_if_unusable_or_obsolete()
            with transaction.atomic(using=self.alias):
                for job in group:
                    try:
                        with transaction.atomic(using=self.alias):
                            job.result = _inside(
                                job.fn, job.hooks, job.after, job.riders, self.alias
                            )
                    except BaseException as exc:
                        job.error = exc
        except BaseException as exc:
            for job in group:
                if job.error is None:
                    job.error = exc
                    job.result = None
        else:
            self.groups += 1
            self.writes += sum(1 for job in group if job.error is None)
        finally:
            for job in group:
                job.group = len(group)
                if job.detached and job.error is not None:
                    logger.info("write skipped (%s)", job.error)
                job.done.set()


def _wait_seconds() -> float:
    return float(getattr(settings, "TONGKET_WRITE_WAIT_SECONDS", 10))


_queues: dict[str, WriteQueue] = {}
_queues_lock = threading.Lock()


def _queue_of(alias: str) -> WriteQueue:
    with _queues_lock:
        found = _queues.get(alias)
        if found is None:
            found = _queues[alias] = WriteQueue(alias)
        return found


def queued(alias: str = "default") -> bool:
    """Whether writes on ``alias`` from this thread go through the writer thread now."""
    conn = connections[alias]
    if conn.vendor != "sqlite" or conn.in_atomic_block:
        return False
    if not getattr(settings, "TONGKET_WRITE_QUEUE", True):
        return False
    name = str(conn.settings_dict.get("NAME") or "")
    return bool(name) and ":memory:" not in name and "mode=memory" not in name


def write_run(fn: Callable[[], T], *, alias: str = "default") -> T:
    """``fn()`` in one short write transaction (see the module text); its result."""
    if queued(alias):
        started = time.monotonic()
        result = _queue_of(alias).run(fn)
        logger.debug("queued write in %.1f ms", 1000 * (time.monotonic() - started))
        return result
    outer = alias == "default" and not getattr(_hooks, "inline", False)
    riders = _riders_take() if outer else ()
    after = _current_after() if outer else ()
    _hooks.inline = True
    try:
        with transaction.atomic(using=alias):
            result = _inside(fn, (), after, riders, alias)
    except BaseException:
        _riders_back(riders)
        raise
    finally:
        if outer:
            _hooks.inline = False
    if alias == "default":
        statistics_after_write()
    return result


def write_later(fn: Callable[[], Any], *, alias: str = "default") -> None:
    """``fn()`` in a write of its own that nobody waits for (a hint such as a token's last
    use): queued behind the reports on SQLite, at once elsewhere; a busy database skips it."""
    if queued(alias):
        _queue_of(alias).submit(fn)
        return
    try:
        with transaction.atomic(using=alias):
            fn()
    except DatabaseError as exc:
        logger.info("write skipped (%s)", exc)
