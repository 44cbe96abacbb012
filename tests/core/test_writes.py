"""SQLite's one writer per process: writes queued from many threads are committed in groups,
a failing write takes nothing else with it, a failed commit keeps nothing of its group, and a
write that cannot start in time gives up busy without running."""

from __future__ import annotations

import threading

import pytest
from django.db import IntegrityError, connection, connections

from tongket.core.busy import WriteBusy, database_busy
from tongket.core.writes import WriteQueue, write_after, write_along, write_hook


@pytest.fixture
def alias(tmp_path, django_db_blocker):
    """A SQLite database file of its own, under an alias of the project's backend (not the
    test database: the writer thread needs a database it can commit to)."""
    if connection.vendor != "sqlite":
        pytest.skip("the writer thread is SQLite's")
    name = f"writes_{id(tmp_path)}"
    config = dict(connections.settings["default"])
    config.update(NAME=str(tmp_path / "w.sqlite3"), TEST={})
    connections.settings[name] = config
    with django_db_blocker.unblock():
        yield from _prepared(name)


def _prepared(name: str):
    with connections[name].cursor() as cursor:
        cursor.execute("CREATE TABLE parent (id INTEGER PRIMARY KEY)")
        cursor.execute(
            "CREATE TABLE t (who TEXT UNIQUE, parent_id INTEGER REFERENCES parent(id) "
            "DEFERRABLE INITIALLY DEFERRED)"
        )
    connections[name].close()
    yield name
    connections[name].close()
    del connections.settings[name]


def _rows(alias: str) -> list[str]:
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT who FROM t ORDER BY who")
        found = [who for (who,) in cursor.fetchall()]
    connections[alias].close()
    return found


def _insert(alias: str, who: str, parent: int | None = None):
    def write() -> str:
        with connections[alias].cursor() as cursor:
            cursor.execute("INSERT INTO t (who, parent_id) VALUES (%s, %s)", [who, parent])
        return who

    return write


def _held(queue: WriteQueue, alias: str) -> tuple[threading.Event, threading.Thread]:
    """A first write that holds the writer until the event is set, so that the writes sent
    meanwhile wait together."""
    release, holding = threading.Event(), threading.Event()

    def hold() -> None:
        holding.set()
        release.wait(10)

    thread = threading.Thread(target=lambda: queue.run(hold))
    thread.start()
    assert holding.wait(10)
    return release, thread


def _send_all(queue: WriteQueue, writes, *, wait: float | None = None):
    results: dict[int, object] = {}

    def send(i, fn) -> None:
        try:
            results[i] = queue.run(fn, wait=wait)
        except BaseException as exc:
            results[i] = exc

    threads = [threading.Thread(target=send, args=(i, fn)) for i, fn in enumerate(writes)]
    for t in threads:
        t.start()
    return threads, results


def _waiting(queue: WriteQueue, count: int) -> None:
    deadline = threading.Event()
    for _ in range(500):
        if queue.jobs.qsize() >= count:
            return
        deadline.wait(0.01)
    raise AssertionError(f"only {queue.jobs.qsize()} writes waiting")


def test_waiting_writes_commit_together_and_each_caller_gets_its_result(alias):
    queue = WriteQueue(alias)
    release, holder = _held(queue, alias)
    threads, results = _send_all(queue, [_insert(alias, f"r{i:02}") for i in range(8)])
    _waiting(queue, 8)
    release.set()
    for t in [holder, *threads]:
        t.join(10)
    assert results == {i: f"r{i:02}" for i in range(8)}
    # The eight waiting writes were committed in one transaction, after the one holding.
    assert (queue.groups, queue.writes) == (2, 9)
    assert _rows(alias) == [f"r{i:02}" for i in range(8)]


def test_a_failing_write_rolls_back_alone(alias):
    queue = WriteQueue(alias)

    def half_then_fails() -> None:
        _insert(alias, "half")()
        raise ValueError("refused after writing")

    release, holder = _held(queue, alias)
    writes = [_insert(alias, "a"), half_then_fails, _insert(alias, "b"), _insert(alias, "a")]
    threads, results = _send_all(queue, writes)
    _waiting(queue, 4)
    release.set()
    for t in [holder, *threads]:
        t.join(10)
    assert isinstance(results[1], ValueError)
    # One of the two "a" writes met the other on the unique index; only it failed.
    assert sorted(type(r).__name__ for i, r in results.items() if i in (0, 3)) == [
        "IntegrityError",
        "str",
    ]
    assert results[2] == "b"
    assert _rows(alias) == ["a", "b"]  # nothing of the failed writes is kept


def test_a_failed_commit_keeps_nothing_of_its_group(alias):
    """The foreign key is checked at commit: a row pointing nowhere fails the whole group's
    commit, and every write of the group answers with that error."""
    queue = WriteQueue(alias)
    release, holder = _held(queue, alias)
    writes = [_insert(alias, "fine1"), _insert(alias, "orphan", parent=99), _insert(alias, "fine2")]
    threads, results = _send_all(queue, writes)
    _waiting(queue, 3)
    release.set()
    for t in [holder, *threads]:
        t.join(10)
    assert all(isinstance(r, IntegrityError) for r in results.values()), results
    assert _rows(alias) == []
    # The writer goes on: the next write commits.
    assert queue.run(_insert(alias, "after")) == "after"
    assert _rows(alias) == ["after"]


def test_a_write_that_cannot_start_in_time_is_busy_and_never_runs(alias):
    queue = WriteQueue(alias)
    release, holder = _held(queue, alias)
    threads, results = _send_all(queue, [_insert(alias, "late")], wait=0.2)
    threads[0].join(10)
    assert isinstance(results[0], WriteBusy) and database_busy(results[0])
    release.set()
    holder.join(10)
    assert queue.run(_insert(alias, "next")) == "next"
    assert _rows(alias) == ["next"]  # the dropped write did not run after all


def test_hooks_run_first_in_the_same_savepoint(alias):
    """A request's ``Idempotency-Key`` is claimed so: it is stored with the write, or not at
    all when the write fails."""
    queue = WriteQueue(alias)

    def fails() -> None:
        raise ValueError("no")

    with write_hook(_insert(alias, "key-1")):
        assert queue.run(_insert(alias, "report-1")) == "report-1"
    with write_hook(_insert(alias, "key-2")), pytest.raises(ValueError):
        queue.run(fails)
    assert _rows(alias) == ["key-1", "report-1"]


def test_many_threads_many_writes_all_stored_once(alias):
    queue = WriteQueue(alias)
    threads, results = _send_all(queue, [_insert(alias, f"w{i:03}") for i in range(120)])
    for t in threads:
        t.join(30)
    assert sorted(results.values()) == [f"w{i:03}" for i in range(120)]
    assert _rows(alias) == [f"w{i:03}" for i in range(120)]
    assert queue.writes == 120 and queue.groups <= 120


def test_after_hooks_run_last_with_the_result_in_the_same_savepoint(alias):
    """A request's answer is stored so: with the write, or not at all."""
    queue = WriteQueue(alias)
    seen = []

    def answer(result) -> None:
        seen.append(result)
        _insert(alias, f"answer-{result}")()

    def refused(result) -> None:
        raise ValueError("no")

    with write_after(answer):
        assert queue.run(_insert(alias, "report-1")) == "report-1"
    with write_after(refused), pytest.raises(ValueError):
        queue.run(_insert(alias, "report-2"))
    assert seen == ["report-1"]
    assert _rows(alias) == ["answer-report-1", "report-1"]


def test_what_rides_along_goes_with_the_next_write_and_its_failure_is_skipped(alias):
    """A token's last use: no commit of its own, and never the cause of a refused write."""
    queue = WriteQueue(alias)
    write_along(_insert(alias, "touch-1"))
    write_along(_insert(alias, "report-1"))  # fails there (unique): skipped alone
    assert queue.run(_insert(alias, "report-1")) == "report-1"
    assert queue.groups == 1
    assert _rows(alias) == ["report-1", "touch-1"]

    def fails() -> None:
        raise ValueError("no")

    write_along(_insert(alias, "touch-2"))
    with pytest.raises(ValueError):
        queue.run(fails)
    assert _rows(alias) == ["report-1", "touch-1"]  # rolled back with the failed write
    assert queue.run(_insert(alias, "report-2")) == "report-2"  # and rides with the next
    assert _rows(alias) == ["report-1", "report-2", "touch-1", "touch-2"]
