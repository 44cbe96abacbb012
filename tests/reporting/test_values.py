import pytest

from tongket.core.audit import audit_entry_list
from tongket.core.models import AuditEntry
from tongket.reporting.models import SubmissionStatus, Value, ValueSource
from tongket.reporting.periods import period_get_or_create
from tongket.reporting.selectors import value_keys_locked
from tongket.reporting.services import (
    submission_approve,
    submission_open,
    submission_submit,
    submission_unapprove,
    submission_values_set,
)
from tongket.reporting.submissions_errors import (
    SubmissionError,
    SubmissionLocked,
    SubmissionStateError,
)

from .builders import ACTOR


@pytest.fixture
def sub(world):
    return submission_open(unit=world.commune, form=world.form, period_code="2017Q1", actor=ACTOR)


def _values(world, sub) -> dict[str, float]:
    return {
        v.indicator.code: v.value
        for v in Value.objects.filter(unit=world.commune, period=sub.period).select_related(
            "indicator"
        )
    }


def test_values_in_vietnamese_format_are_stored_from_the_submission(world, sub):
    issues = submission_values_set(
        submission=sub,
        values={"test.subscribers": "12.500", "test.mobile": 11000, "test.revenue": "2.060,5"},
        actor=ACTOR,
    )
    assert issues == []
    assert _values(world, sub) == {
        "test.subscribers": 12500.0,
        "test.mobile": 11000.0,
        "test.revenue": 2060.5,
    }
    row = Value.objects.get(indicator=world.revenue)
    assert row.source == ValueSource.SUBMISSION
    assert row.submission_id == sub.pk


def test_clearing_a_value_deletes_its_row_and_is_audited(world, sub):
    submission_values_set(submission=sub, values={"test.revenue": "10"}, actor=ACTOR)
    submission_values_set(
        submission=sub, values={"test.revenue": ""}, actor=ACTOR, reason="nhập nhầm"
    )
    assert not Value.objects.filter(indicator=world.revenue).exists()
    entry = audit_entry_list(action="value.deleted").get()
    assert (entry.old, entry.new, entry.reason) == ({"value": 10.0}, None, "nhập nhầm")
    submission_values_set(submission=sub, values={"test.revenue": None}, actor=ACTOR)
    assert AuditEntry.objects.filter(action__startswith="value.").count() == 2


def test_audit_shows_an_edits_old_and_new_values_and_reason(world, sub):
    submission_values_set(submission=sub, values={"test.subscribers": "1.000"}, actor=ACTOR)
    submission_values_set(
        submission=sub,
        values={"test.subscribers": "1.200", "test.mobile": "900"},
        actor="cli:lan",
        reason="số liệu VNPT gửi lại",
    )
    # Unchanged values write no entry.
    submission_values_set(submission=sub, values={"test.subscribers": "1200"}, actor=ACTOR)
    changed = audit_entry_list(action="value.changed").get()
    assert changed.actor == "cli:lan"
    assert (changed.old, changed.new) == ({"value": 1000.0}, {"value": 1200.0})
    assert changed.object_id == str(Value.objects.get(indicator=world.total).pk)
    assert changed.reason == "số liệu VNPT gửi lại"
    assert changed.unit == world.commune
    assert "test.subscribers" in changed.summary and "1.000 → 1.200" in changed.summary
    assert audit_entry_list(action="value.created").count() == 2


def test_bad_input_stores_nothing(world, sub):
    submission_values_set(submission=sub, values={"test.subscribers": "100"}, actor=ACTOR)
    before = AuditEntry.objects.count()
    for bad in (
        {"test.subscribers": "200", "test.unknown": "1"},
        {"test.subscribers": "200", "test.mobile": "mười"},
        {"test.subscribers": "200", "test.density": "5"},
        {"test.subscribers": float("nan")},
        {"test.subscribers": True},
    ):
        with pytest.raises(SubmissionError, match="nothing was stored"):
            submission_values_set(submission=sub, values=bad, actor=ACTOR)
    assert _values(world, sub) == {"test.subscribers": 100.0}
    assert AuditEntry.objects.count() == before


def test_existing_imported_value_is_taken_over_by_the_submission(world, sub):
    Value.objects.create(
        unit=world.commune,
        indicator=world.total,
        period=sub.period,
        value=50,
        source=ValueSource.IMPORT,
    )
    submission_values_set(submission=sub, values={"test.subscribers": "55"}, actor=ACTOR)
    row = Value.objects.get(indicator=world.total)
    assert (row.value, row.source, row.submission_id) == (55.0, ValueSource.SUBMISSION, sub.pk)
    assert audit_entry_list(action="value.changed").get().old == {"value": 50.0}


def _approved(world, sub):
    submission_values_set(
        submission=sub, values={"test.subscribers": "1.000", "test.mobile": "800"}, actor=ACTOR
    )
    submission_submit(submission=sub, actor=ACTOR)
    submission_approve(submission=sub, actor="cli:truongphong")
    assert sub.status == SubmissionStatus.APPROVED
    return sub


def test_approved_submission_refuses_edits_and_nothing_changes(world, sub):
    _approved(world, sub)
    before = (_values(world, sub), AuditEntry.objects.count())
    with pytest.raises(SubmissionLocked, match="locked"):
        submission_values_set(submission=sub, values={"test.subscribers": "2.000"}, actor=ACTOR)
    with pytest.raises(SubmissionLocked):
        submission_values_set(submission=sub, values={"test.revenue": "5"}, actor=ACTOR)
    assert (_values(world, sub), AuditEntry.objects.count()) == before


def test_unapprove_with_a_reason_unlocks(world, sub):
    _approved(world, sub)
    with pytest.raises(SubmissionError, match="reason is required"):
        submission_unapprove(submission=sub, actor=ACTOR, reason="  ")
    assert sub.status == SubmissionStatus.APPROVED
    submission_unapprove(submission=sub, actor="cli:truongphong", reason="Sai số thuê bao")
    assert sub.status == SubmissionStatus.RETURNED
    assert sub.approved_at is None and sub.return_reason == "Sai số thuê bao"
    entry = audit_entry_list(action="submission.unapproved").get()
    assert entry.reason == "Sai số thuê bao"
    assert (entry.old, entry.new) == ({"status": "approved"}, {"status": "returned"})
    submission_values_set(submission=sub, values={"test.subscribers": "1.100"}, actor=ACTOR)
    assert _values(world, sub)["test.subscribers"] == 1100.0


def test_submitted_submission_cannot_be_edited(world, sub):
    submission_values_set(
        submission=sub, values={"test.subscribers": "10", "test.mobile": "5"}, actor=ACTOR
    )
    submission_submit(submission=sub, actor=ACTOR)
    with pytest.raises(SubmissionStateError, match="only while draft or returned"):
        submission_values_set(submission=sub, values={"test.mobile": "6"}, actor=ACTOR)
    assert _values(world, sub)["test.mobile"] == 5.0


def test_value_keys_locked_covers_approved_lines_even_when_empty(world, sub):
    _approved(world, sub)
    period = sub.period
    other = period_get_or_create("2017Q2")
    c, t, m, r = world.commune.pk, world.total.pk, world.mobile.pk, world.revenue.pk
    keys = {
        (c, t, period.pk),  # stored, approved
        (c, r, period.pk),  # on the approved form, left empty
        (c, t, other.pk),  # another period
        (world.commune2.pk, t, period.pk),  # another unit
        (c, world.density.pk + 1000, period.pk),  # not on the form
    }
    assert value_keys_locked(keys=keys) == {(c, t, period.pk), (c, r, period.pk)}
    assert value_keys_locked(keys=[]) == set()
    assert (c, m, period.pk) in value_keys_locked(keys=[(c, m, period.pk)])
    submission_unapprove(submission=sub, actor=ACTOR, reason="sửa")
    assert value_keys_locked(keys=keys) == set()


def test_a_value_locked_by_another_approved_form_cannot_be_set(world, sub):
    from .builders import form_make

    _approved(world, sub)
    other_form = form_make(code="OTHER", lines=[(world.total, True)])
    other = submission_open(unit=world.commune, form=other_form, period_code="2017Q1", actor=ACTOR)
    with pytest.raises(SubmissionLocked) as err:
        submission_values_set(submission=other, values={"test.subscribers": "7"}, actor=ACTOR)
    assert err.value.keys == [(world.commune.pk, world.total.pk, sub.period.pk)]
    assert _values(world, sub)["test.subscribers"] == 1000.0


def test_a_value_written_by_an_approved_submission_stays_locked_off_the_form(world, sub):
    from tongket.reporting.models import FormIndicator

    _approved(world, sub)
    # The form is revised and drops the line: the approved value is still locked.
    FormIndicator.objects.filter(form=world.form, indicator=world.mobile).delete()
    key = (world.commune.pk, world.mobile.pk, sub.period.pk)
    assert value_keys_locked(keys=[key]) == {key}
