"""The shape of an import's transactions: the files are read, checked and compared with the
stored values outside any transaction (other users' writes go on meanwhile; on SQLite a
transaction holds the one write lock from its start), a dry run and a refused import never open
one, and the write is one short final transaction."""

from __future__ import annotations

import pytest
from django.db import connection

from tongket.reporting.models import Value
from tongket.transfer import services
from tongket.transfer.errors import ImportRejected
from tongket.transfer.services import files_import

HEAD = "unit,indicator,period,value,comment\n"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def watched(monkeypatch):
    """Whether a transaction was open while each file was read, and while values were
    compared or stored (the progress callback of that step)."""
    seen = {"read": [], "store": []}
    check = services.file_check

    def file_check(**kwargs):
        seen["read"].append(connection.in_atomic_block)
        return check(**kwargs)

    monkeypatch.setattr(services, "file_check", file_check)

    def progress(step, done, total):
        if step == "store":
            seen["store"].append(connection.in_atomic_block)

    return seen, progress


def test_the_files_are_read_outside_the_write_transaction(ref, write, watched):
    seen, progress = watched
    paths = [
        write("a.csv", HEAD + "01,tt.thue_bao,2017,5,\n"),
        write("b.csv", HEAD + "80,tt.thue_bao,2017,6,\n"),
    ]
    files_import(paths=paths, progress=progress)
    assert seen["read"] == [False, False]
    # Comparing and staging too: the write is the final transaction alone.
    assert seen["store"] and not any(seen["store"])
    assert Value.objects.count() == 2


def test_a_dry_run_never_opens_a_transaction(ref, write, watched):
    seen, progress = watched
    files_import(
        paths=[write("a.csv", HEAD + "01,tt.thue_bao,2017,5,\n")], dry_run=True, progress=progress
    )
    assert seen["read"] == [False]
    assert seen["store"] and not any(seen["store"])
    assert Value.objects.count() == 0


def test_a_refused_import_never_opens_a_transaction(ref, write, watched):
    seen, progress = watched
    path = write("a.csv", HEAD + "01,tt.thue_bao,2017,5,\n99,tt.thue_bao,2017,6,\n")
    with pytest.raises(ImportRejected):
        files_import(paths=[path], progress=progress)
    assert seen["read"] == [False]
    assert not any(seen["store"])
    assert Value.objects.count() == 0
