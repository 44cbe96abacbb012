"""The figures that wait for a person: which ones wait, accepting stores the value once and
audited, rejecting stores nothing, and a figure is decided only once."""

from __future__ import annotations

import pytest

from tongket.core.models import AuditEntry
from tongket.documents.errors import DocumentError
from tongket.documents.models import DocumentValue, FigureReview, ReviewStatus
from tongket.documents.selectors import figure_reviews_pending
from tongket.documents.services import document_ingest, figure_review_decide
from tongket.reporting.models import Value, ValueSource

TEXT = (
    "Sở Thông tin và Truyền thông Thái Bình tổng kết công tác năm 2019\n\n"
    "10/01/2020 09:15\n\n"
    "Chiều ngày 09/01/2020, Sở Thông tin và Truyền thông Thái Bình tổ chức Hội nghị tổng kết "
    "công tác năm 2019 và triển khai nhiệm vụ năm 2020.\n\n"
    "Toàn tỉnh có 18 doanh nghiệp bưu chính. Trong đó, toàn tỉnh có 1.234 trạm BTS; mật độ "
    "điện thoại đạt 35 máy/100 dân."
)


def test_only_unsure_figures_of_an_indicator_wait(world):
    result = document_ingest(text=TEXT, actor="test")
    assert result.counts["values"] == 1  # 18 doanh nghiệp bưu chính: surely the year's value
    waiting = list(figure_reviews_pending())
    assert [(r.text, r.indicator.code, r.period) for r in waiting] == [
        ("1.234 trạm", "bts.stations", "2019")
    ]
    assert result.counts["reviews"] == 1
    assert "trong đó" in waiting[0].reason


def test_accept_stores_the_value_once_and_reject_stores_nothing(world):
    document_ingest(text=TEXT, actor="test")
    review = FigureReview.objects.get()
    assert figure_review_decide(review_id=review.pk, accept=True, actor="canbo") == "created"
    value = Value.objects.get(indicator__code="bts.stations", period__code="2019")
    assert (value.value, value.source, value.unit.code) == (1234, ValueSource.DOCUMENT, "34")
    assert DocumentValue.objects.get(value=value).figure_id == review.figure_id
    assert AuditEntry.objects.filter(action="figure.accepted", object_id=str(review.pk)).exists()
    review.refresh_from_db()
    assert (review.status, review.decided_by) == (ReviewStatus.ACCEPTED, "canbo")
    with pytest.raises(DocumentError, match="đã được xử lý"):
        figure_review_decide(review_id=review.pk, accept=False, actor="canbo")
    assert not figure_reviews_pending().exists()


def test_reject(world):
    document_ingest(text=TEXT, actor="test")
    review = FigureReview.objects.get()
    assert figure_review_decide(review_id=review.pk, accept=False, actor="canbo") == "rejected"
    assert not Value.objects.filter(indicator__code="bts.stations").exists()
    assert AuditEntry.objects.filter(action="figure.rejected").count() == 1
    with pytest.raises(DocumentError, match="Không có số liệu chờ duyệt"):
        figure_review_decide(review_id=review.pk + 1000, accept=True, actor="canbo")
