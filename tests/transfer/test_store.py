"""Storing: all or nothing, idempotent, audited, and refusing approved (locked) values."""

import datetime as dt

import pytest

from factories import make_indicator, make_unit
from tongket.core.models import AuditEntry
from tongket.reporting.models import (
    Form,
    FormIndicator,
    ImportBatch,
    Submission,
    SubmissionStatus,
    Value,
    ValueSource,
)
from tongket.reporting.periods import period_get_or_create
from tongket.transfer.errors import ImportRejected
from tongket.transfer.services import files_import

HEAD = "unit,indicator,period,value,comment\n"


def snapshot():
    return (
        sorted(
            Value.objects.values_list("unit_id", "indicator_id", "period_id", "value", "comment")
        ),
        AuditEntry.objects.count(),
        ImportBatch.objects.count(),
    )


def test_same_file_twice_changes_nothing_the_second_time(ref, write):
    path = write("a.csv", HEAD + "01,tt.thue_bao,2017,5,\n80,tt.thue_bao,2017,6,x\n")
    first = files_import(paths=[path])[0]
    assert (first.created, first.changed, first.unchanged, first.stored) == (2, 0, 0, True)
    before = snapshot()
    updated = sorted(Value.objects.values_list("updated_at", flat=True))
    second = files_import(paths=[path])[0]
    assert (second.created, second.changed, second.unchanged) == (0, 0, 2)
    assert second.already_imported and not second.stored
    assert snapshot() == before
    assert sorted(Value.objects.values_list("updated_at", flat=True)) == updated
    batch = ImportBatch.objects.get()
    assert (batch.file_name, batch.sha256, batch.created, batch.rows) == (
        "a.csv",
        first.sha256,
        2,
        2,
    )


def test_values_carry_source_import_and_the_file_name(ref, write):
    files_import(paths=[write("nguon.csv", HEAD + "01,tt.thue_bao,2017,5,\n")])
    value = Value.objects.get()
    assert (value.source, value.source_ref) == (ValueSource.IMPORT, "nguon.csv")


def test_changed_value_is_updated_and_audited_with_old_and_new(ref, write):
    files_import(paths=[write("v1.csv", HEAD + "01,tt.thue_bao,2017,5,cũ\n01,ds.dan_so,2017,9,\n")])
    result = files_import(
        paths=[write("v2.csv", HEAD + "01,tt.thue_bao,2017,7.5,mới\n01,ds.dan_so,2017,9,\n")]
    )[0]
    assert (result.created, result.changed, result.unchanged) == (0, 1, 1)
    value = Value.objects.get(indicator=ref.subscribers)
    assert (value.value, value.comment, value.source_ref) == (7.5, "mới", "v2.csv")
    entry = AuditEntry.objects.get(action="value.changed")
    assert entry.old == {"value": 5.0, "comment": "cũ"}
    assert entry.new == {"value": 7.5, "comment": "mới"}
    assert "v2.csv" in entry.reason
    assert entry.object_id == str(value.pk) and entry.unit_id == ref.ha_noi.pk
    assert "5 → 7,5" in entry.summary
    assert ImportBatch.objects.filter(file_name="v2.csv", changed=1, unchanged=1).exists()


def test_a_file_without_comment_column_keeps_stored_comments(ref, write):
    files_import(paths=[write("v1.csv", HEAD + "01,tt.thue_bao,2017,5,giữ lại\n")])
    files_import(paths=[write("v2.csv", "unit,indicator,period,value\n01,tt.thue_bao,2017,6\n")])
    assert Value.objects.get().comment == "giữ lại"
    files_import(paths=[write("v3.csv", HEAD + "01,tt.thue_bao,2017,6,\n")])
    assert Value.objects.get().comment == ""


def _approve(ref, period_code: str, indicator) -> Submission:
    form = Form.objects.create(
        code="BC-01",
        name="Biểu thử",
        frequency="year",
        unit_kinds=["province"],
        recipient_kind="country",
        deadline_days=30,
    )
    FormIndicator.objects.create(form=form, indicator=indicator, line=1)
    return Submission.objects.create(
        unit=ref.ha_noi,
        form=form,
        period=period_get_or_create(period_code),
        status=SubmissionStatus.APPROVED,
        deadline=dt.date(2018, 1, 30),
    )


def test_value_locked_by_an_approved_submission_is_refused(ref, write):
    files_import(paths=[write("v1.csv", HEAD + "01,tt.thue_bao,2017,5,\n")])
    _approve(ref, "2017", ref.subscribers)
    before = snapshot()
    path = write("v2.csv", HEAD + "80,tt.thue_bao,2017,1,\n01,tt.thue_bao,2017,6,\n")
    with pytest.raises(ImportRejected) as info:
        files_import(paths=[path])
    (issue,) = info.value.issues
    assert (issue.file, issue.row, issue.column) == ("v2.csv", 3, "value")
    assert "đã duyệt" in issue.reason and "approved" in issue.reason
    assert snapshot() == before  # Long An's new value was not stored either


def test_an_empty_line_of_an_approved_report_is_locked_too(ref, write):
    _approve(ref, "2017", ref.subscribers)
    with pytest.raises(ImportRejected):
        files_import(paths=[write("v.csv", HEAD + "01,tt.thue_bao,2017,6,\n")])
    # Another indicator, not on the approved form, is free.
    files_import(paths=[write("w.csv", HEAD + "01,ds.dan_so,2017,6,\n")])
    assert Value.objects.count() == 1


def test_dry_run_counts_and_stores_nothing(ref, write):
    files_import(paths=[write("v1.csv", HEAD + "01,tt.thue_bao,2017,5,\n")])
    before = snapshot()
    path = write("v2.csv", HEAD + "01,tt.thue_bao,2017,6,\n01,ds.dan_so,2030,1,\n")
    result = files_import(paths=[path], dry_run=True)[0]
    assert (result.created, result.changed, result.unchanged, result.stored) == (1, 1, 0, False)
    assert snapshot() == before
    from tongket.reporting.models import Period

    assert not Period.objects.filter(code="2030").exists()


def test_several_files_are_stored_together_or_not_at_all(ref, write):
    good = write("good.csv", HEAD + "01,tt.thue_bao,2017,5,\n")
    bad = write("bad.csv", HEAD + "01,tt.thue_bao,2018,x,\n")
    with pytest.raises(ImportRejected) as info:
        files_import(paths=[good, bad])
    assert [i.file for i in info.value.issues] == ["bad.csv"]
    assert Value.objects.count() == 0 and ImportBatch.objects.count() == 0
    results = files_import(paths=[good, write("bad.csv", HEAD + "01,tt.thue_bao,2018,4,\n")])
    assert [r.created for r in results] == [1, 1]


@pytest.mark.slow
def test_one_bad_row_in_100000_leaves_the_database_unchanged(ref, write):
    units = [make_unit(code=f"B{n:03d}", name=f"Xã thử {n}").code for n in range(25)]
    indicators = [make_indicator(f"big.i{n}").code for n in range(10)]
    months = [f"{2000 + m // 12}-{m % 12 + 1:02d}" for m in range(400)]
    lines = [HEAD.rstrip("\n")]
    lines += [f"{u},{i},{p},{len(lines)}," for p in months for u in units for i in indicators]
    assert len(lines) == 100_001
    bad_line = 73_456
    unit, indicator, period, _, comment = lines[bad_line - 1].split(",")
    lines[bad_line - 1] = f"{unit},{indicator},{period},12a,{comment}"
    path = write("big.csv", "\n".join(lines) + "\n")
    files_import(paths=[write("small.csv", HEAD + "01,tt.thue_bao,2017,5,\n")])
    before = snapshot()
    with pytest.raises(ImportRejected) as info:
        files_import(paths=[path])
    (issue,) = info.value.issues
    assert (issue.file, issue.row, issue.column) == ("big.csv", bad_line, "value")
    assert "12a" in issue.reason
    assert snapshot() == before
    # Fixed, the same file stores all 100,000 values.
    lines[bad_line - 1] = f"{unit},{indicator},{period},12,{comment}"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert files_import(paths=[path])[0].created == 100_000
    assert Value.objects.count() == 100_001


def test_a_locked_value_posted_back_unchanged_is_left_alone(ref, write):
    # An export re-imported: the approved report's values come back as they are stored.
    files_import(paths=[write("v1.csv", HEAD + "01,tt.thue_bao,2017,5,ghi chú\n")])
    _approve(ref, "2017", ref.subscribers)
    before = snapshot()
    result = files_import(paths=[write("v2.csv", HEAD + "01,tt.thue_bao,2017,5,ghi chú\n")])[0]
    assert (result.created, result.changed, result.unchanged) == (0, 0, 1)
    assert snapshot()[0] == before[0]
    # Without a comment column the stored comment stands, and the value is still the same.
    unchanged = files_import(
        paths=[write("v3.csv", "unit,indicator,period,value\n01,tt.thue_bao,2017,5\n")],
        dry_run=True,
    )[0]
    assert unchanged.unchanged == 1
    # A changed comment is a change to the approved report: refused.
    with pytest.raises(ImportRejected):
        files_import(paths=[write("v4.csv", HEAD + "01,tt.thue_bao,2017,5,khác\n")])


def test_an_export_across_a_shared_code_imports_back_unchanged(ref, tmp_path):
    # Code 80: Long An until 30/06/2025, Tây Ninh after; both have a 2025 value.
    from tongket.transfer.dhis2_ids import unit_uid
    from tongket.transfer.export import values_export

    p2025 = period_get_or_create("2025")
    for unit, value in ((ref.long_an, 5), (ref.tay_ninh, 8)):
        Value.objects.create(
            unit=unit, indicator=ref.subscribers, period=p2025, value=value, source="import"
        )
    for fmt, name in (("csv", "back.csv"), ("xlsx", "back.xlsx"), ("dhis2-json", "back.json")):
        out = tmp_path / name
        values_export(fmt=fmt, out=out, period="2025")
        if fmt == "csv":
            lines = out.read_text(encoding="utf-8").splitlines()[1:]
            assert sorted(line.split(",")[0] for line in lines) == sorted(
                ["80", unit_uid(ref.long_an)]
            )
        before = snapshot()
        result = files_import(paths=[out])[0]
        assert (result.created, result.changed, result.unchanged) == (0, 0, 2), fmt
        assert snapshot()[0] == before[0]
