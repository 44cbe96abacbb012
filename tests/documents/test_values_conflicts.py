"""A stated value never overwrites an approved report's value nor a unit's own: the conflict
is reported instead. A value from another document is replaced (audited)."""

from __future__ import annotations

import copy

import pytest

from tongket.core.models import AuditEntry
from tongket.documents.models import DocumentValue, ValueOutcome
from tongket.documents.services import document_ingest, document_preview
from tongket.indicators.models import Indicator
from tongket.reporting.models import Form, FormIndicator, SubmissionStatus, Value, ValueSource
from tongket.reporting.periods import period_get_or_create
from tongket.reporting.services import (
    submission_approve,
    submission_open,
    submission_submit,
    submission_values_set,
)
from tongket.units.models import Unit

REVENUE = 2_060_000_000_000


@pytest.fixture
def thai_binh(world):
    return Unit.objects.get(kind="province", code="34", valid_to__isnull=False)


@pytest.fixture
def approved(world, thai_binh):
    """Thái Bình's approved 2017 report, revenue 2.000 tỷ đồng."""
    form = Form.objects.create(
        code="TEST-DT",
        name="Doanh thu toàn ngành (thử)",
        frequency="year",
        unit_kinds=["province"],
        recipient_kind="country",
        deadline_days=30,
    )
    FormIndicator.objects.create(
        form=form, indicator=Indicator.objects.get(code="ict.revenue"), line=1
    )
    sub = submission_open(unit=thai_binh, form=form, period_code="2017", actor="cli:test")
    submission_values_set(submission=sub, values={"ict.revenue": "2000000000000"}, actor="t")
    submission_submit(submission=sub, actor="cli:test")
    submission_approve(submission=sub, actor="cli:lanhdao")
    assert sub.status == SubmissionStatus.APPROVED
    return sub


def test_a_locked_value_is_not_overwritten_and_the_conflict_is_reported(approved, ingest_seed):
    before = AuditEntry.objects.filter(action__startswith="value.").count()
    result = ingest_seed("thai_binh_2017")
    value = Value.objects.get(indicator__code="ict.revenue")
    assert (value.value, value.source, value.submission) == (
        2_000_000_000_000,
        ValueSource.SUBMISSION,
        approved,
    )
    [conflict] = result.conflicts
    assert conflict["indicator"] == "ict.revenue" and conflict["outcome"] == "locked"
    assert (conflict["stated"], conflict["stored"]) == (REVENUE, 2_000_000_000_000)
    assert "báo cáo đã duyệt" in conflict["message"] and "locked" in conflict["message"]
    assert "2.060.000.000.000" in conflict["message"]
    assert conflict["message"] in result.document.notes
    link = DocumentValue.objects.get(indicator__code="ict.revenue")
    assert (link.outcome, link.previous, link.value) == (
        ValueOutcome.LOCKED,
        2_000_000_000_000,
        value,
    )
    # The rest of the document is stored (the budget line is not on the approved form).
    assert Value.objects.get(indicator__code="ict.budget").source == ValueSource.DOCUMENT
    assert AuditEntry.objects.filter(action__startswith="value.").count() == before + 1


def test_the_preview_shows_the_conflict_before_storing(approved, world, seed_path):
    preview = document_preview(text=seed_path("thai_binh_2017").read_text("utf-8"))
    figure = next(f for f in preview.plan.figures if f.text == "2.060 tỷ đồng")
    assert (figure.outcome, figure.previous) == ("locked", 2_000_000_000_000)
    assert preview.counts()["conflicts"] == 1 and preview.counts()["values"] == 1


def test_a_units_own_value_is_kept(world, thai_binh, ingest_seed):
    Value.objects.create(
        unit=thai_binh,
        indicator=Indicator.objects.get(code="ict.revenue"),
        period=period_get_or_create("2017"),
        value=1_990_000_000_000,
        source=ValueSource.IMPORT,
        source_ref="bao-cao-2017.xlsx",
    )
    result = ingest_seed("thai_binh_2017")
    value = Value.objects.get(indicator__code="ict.revenue")
    assert (value.value, value.source) == (1_990_000_000_000, ValueSource.IMPORT)
    assert [c["outcome"] for c in result.conflicts] == ["kept"]
    assert "giữ số liệu" in result.conflicts[0]["message"]


def test_the_same_value_already_stored_is_linked_not_rewritten(world, thai_binh, ingest_seed):
    stored = Value.objects.create(
        unit=thai_binh,
        indicator=Indicator.objects.get(code="ict.revenue"),
        period=period_get_or_create("2017"),
        value=REVENUE,
        source=ValueSource.MANUAL,
    )
    result = ingest_seed("thai_binh_2017")
    stored.refresh_from_db()
    assert stored.source == ValueSource.MANUAL and not result.conflicts
    assert DocumentValue.objects.get(indicator__code="ict.revenue").outcome == ValueOutcome.SAME


def test_a_value_from_another_document_is_replaced_and_audited(world, thai_binh, ingest_seed):
    earlier = Value.objects.create(
        unit=thai_binh,
        indicator=Indicator.objects.get(code="ict.revenue"),
        period=period_get_or_create("2017"),
        value=2_000_000_000_000,
        source=ValueSource.DOCUMENT,
        source_ref="document 999",
    )
    result = ingest_seed("thai_binh_2017")
    earlier.refresh_from_db()
    assert (earlier.value, earlier.source_ref) == (REVENUE, f"document {result.document.pk}")
    entry = AuditEntry.objects.get(action="value.changed", object_id=str(earlier.pk))
    assert (entry.old, entry.new) == ({"value": 2_000_000_000_000}, {"value": REVENUE})
    link = DocumentValue.objects.get(indicator__code="ict.revenue")
    assert (link.outcome, link.previous) == (ValueOutcome.REPLACED, 2_000_000_000_000)


def test_a_value_stated_twice_in_one_document_is_stored_once(world, seed_path):
    text = seed_path("thai_binh_2017").read_text("utf-8")
    record = copy.deepcopy(document_preview(text=text).record)
    revenue = next(f for f in record["figures"] if f["text"] == "2.060 tỷ đồng")
    record["figures"].append(dict(revenue))
    result = document_ingest(text=text, record=record, actor="test")
    outcomes = list(
        DocumentValue.objects.filter(indicator__code="ict.revenue")
        .order_by("id")
        .values_list("outcome", flat=True)
    )
    assert outcomes == [ValueOutcome.CREATED, ValueOutcome.REPEATED]
    assert result.counts["values"] == 2 and Value.objects.count() == 2
