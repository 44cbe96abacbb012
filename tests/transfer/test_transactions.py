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


def _changing_meanwhile(change):
    """A progress callback that runs ``change`` once, while the import compares its values
    (outside its transaction, as another user's write would land)."""
    done = []

    def progress(step, _done, _total):
        if step == "store" and not done:
            done.append(True)
            change()

    return progress


def test_a_value_changed_while_comparing_is_compared_again(ref, write):
    from tongket.core.models import AuditEntry

    files_import(paths=[write("v1.csv", HEAD + "01,tt.thue_bao,2017,5,\n")])

    def edit():
        Value.objects.filter(unit=ref.ha_noi).update(value=7)

    files_import(
        paths=[write("v2.csv", HEAD + "01,tt.thue_bao,2017,6,\n")],
        progress=_changing_meanwhile(edit),
    )
    assert Value.objects.get().value == 6
    # The trail tells the change from the value actually replaced (7), not the one first read.
    entry = AuditEntry.objects.get(action="value.changed")
    assert (entry.old["value"], entry.new["value"]) == (7, 6)


def test_a_value_inserted_while_comparing_is_compared_again(ref, write):
    from tongket.reporting.periods import period_get_or_create

    def insert():
        Value.objects.create(
            unit=ref.ha_noi,
            indicator=ref.subscribers,
            period=period_get_or_create("2017"),
            value=3,
            source="entry",
        )

    result = files_import(
        paths=[write("v.csv", HEAD + "01,tt.thue_bao,2017,6,\n")],
        progress=_changing_meanwhile(insert),
    )[0]
    assert (result.created, result.changed) == (0, 1)
    assert Value.objects.get().value == 6


def test_a_report_sent_while_comparing_locks_its_values(ref, write):
    import datetime as dt

    from tongket.reporting.models import Form, FormIndicator, Submission, SubmissionStatus
    from tongket.reporting.periods import period_get_or_create

    files_import(paths=[write("v1.csv", HEAD + "01,tt.thue_bao,2017,5,\n")])

    def submit():
        form = Form.objects.create(
            code="BC-01",
            name="Biểu thử",
            frequency="year",
            unit_kinds=["province"],
            recipient_kind="country",
            deadline_days=30,
        )
        FormIndicator.objects.create(form=form, indicator=ref.subscribers, line=1)
        Submission.objects.create(
            unit=ref.ha_noi,
            form=form,
            period=period_get_or_create("2017"),
            status=SubmissionStatus.SUBMITTED,
            deadline=dt.date(2018, 1, 30),
        )

    with pytest.raises(ImportRejected) as info:
        files_import(
            paths=[write("v2.csv", HEAD + "01,tt.thue_bao,2017,6,\n")],
            progress=_changing_meanwhile(submit),
        )
    (issue,) = info.value.issues
    assert "chờ duyệt" in issue.reason and "awaiting approval" in issue.reason
    assert Value.objects.get().value == 5


def test_a_value_in_two_files_of_one_import_is_refused(ref, write):
    paths = [
        write("a.csv", HEAD + "01,tt.thue_bao,2017,5,\n"),
        write("b.csv", HEAD + "80,tt.thue_bao,2017,6,\n01,tt.thue_bao,2017,7,\n"),
    ]
    with pytest.raises(ImportRejected) as info:
        files_import(paths=paths)
    (issue,) = info.value.issues
    assert (issue.file, issue.row) == ("b.csv", 3)
    assert "a.csv" in issue.reason
    assert Value.objects.count() == 0


def _dhis2_payload():
    return {
        "dataValues": [
            {"dataElement": "tt.thue_bao", "period": "2017", "orgUnit": "01", "value": "8"},
        ]
    }


def test_a_dhis2_dry_run_opens_no_transaction(ref, monkeypatch):
    from tongket.transfer import dhis2_import
    from tongket.transfer.dhis2_summary import options_read

    opened = []
    real = dhis2_import.transaction.atomic

    def atomic(*args, **kwargs):
        opened.append(True)
        return real(*args, **kwargs)

    monkeypatch.setattr(dhis2_import.transaction, "atomic", atomic)
    summary = dhis2_import.data_value_set_import(
        payload=_dhis2_payload(), options=options_read({"dryRun": "true"}, {}), actor="t"
    )
    assert summary.imported == 1
    assert opened == []
    assert Value.objects.count() == 0


def test_a_dhis2_import_reads_outside_its_transaction(ref, monkeypatch):
    from tongket.transfer import dhis2_import
    from tongket.transfer.dhis2_summary import options_read

    seen = []
    existing = dhis2_import._existing

    def spy(rows):
        seen.append(connection.in_atomic_block)
        return existing(rows)

    monkeypatch.setattr(dhis2_import, "_existing", spy)
    summary = dhis2_import.data_value_set_import(
        payload=_dhis2_payload(), options=options_read({}, {}), actor="t"
    )
    assert summary.imported == 1
    # Decided outside; read once more inside the write to see that nothing changed.
    assert seen == [False, True]
    assert Value.objects.get().value == 8
