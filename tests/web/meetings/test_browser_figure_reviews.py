"""Real Chromium: a figure the rules tie to an indicator but not surely to the period waits in
the queue; staff accept one and reject another, each in one click."""

from __future__ import annotations

from pathlib import Path

import pytest

from accounts.world import PASSWORD, make_user
from tongket.accounts.roles import Role
from tongket.documents.models import DocumentValue, FigureReview, ReviewStatus
from tongket.documents.services import document_ingest
from tongket.indicators.services import indicator_catalogue_load
from tongket.reporting.models import Value, ValueSource
from tongket.units.models import Unit
from web.browser import log_in, screenshot

# A review whose figures name indicators in sentences that are not surely the year's value.
TEXT = (
    "Sở Thông tin và Truyền thông Thái Bình tổng kết công tác năm 2019\n\n"
    "10/01/2020 09:15\n\n"
    "Chiều ngày 09/01/2020, Sở Thông tin và Truyền thông Thái Bình tổ chức Hội nghị tổng kết "
    "công tác năm 2019 và triển khai nhiệm vụ năm 2020.\n\n"
    "Trong đó, toàn tỉnh có 1.234 trạm BTS. Ước tính có khoảng 1.600 tỷ đồng doanh thu viễn "
    "thông, trong đó doanh thu dịch vụ bưu chính đạt 400 tỷ đồng."
)


@pytest.fixture
def staff(reference_units, live_server):
    indicator_catalogue_load(actor="test")
    department = Unit.objects.get(code="33.SKHCN", valid_to__isnull=True)
    return make_user("canbo", (Role.STAFF, department))


def test_accept_and_reject_waiting_figures(page, live_server, staff, tmp_path: Path):
    document_ingest(text=TEXT, source_name="thai-binh-2019.txt", actor="test")
    waiting = list(FigureReview.objects.order_by("id"))
    assert len(waiting) >= 2, [(r.text, r.reason) for r in waiting]
    first, second = waiting[0], waiting[1]
    log_in(page, live_server.url, "canbo", PASSWORD)
    page.get_by_role("link", name="Nhập văn bản").click()
    page.get_by_role("link", name="Số liệu chờ duyệt").click()
    page.wait_for_load_state()
    rows = page.locator("tbody tr")
    assert rows.count() == len(waiting)
    assert first.text in rows.nth(0).inner_text()
    # Why each is not sure, in the page's language only.
    assert "trong đó" in rows.nth(0).inner_text() and "the figure" not in rows.nth(0).inner_text()
    screenshot(page, "figure-reviews")

    rows.nth(0).get_by_role("button", name="Nhận").click()
    page.wait_for_load_state()
    assert "Đã nhận" in page.get_by_role("status").inner_text()
    first.refresh_from_db()
    assert first.status == ReviewStatus.ACCEPTED
    value = Value.objects.get(unit=first.unit, indicator=first.indicator, period__code="2019")
    assert (value.value, value.source) == (first.stated, ValueSource.DOCUMENT)
    assert DocumentValue.objects.get(document=first.document, value=value).text == first.text

    row = page.locator("tbody tr", has_text=second.text)
    row.get_by_role("button", name="Bỏ").click()
    page.wait_for_load_state()
    second.refresh_from_db()
    assert second.status == ReviewStatus.REJECTED
    assert not DocumentValue.objects.filter(figure=second.figure).exists()
    assert page.locator("tbody tr").count() == len(waiting) - 2

    # The accepted value shows on the indicator's page as from the published record.
    page.goto(
        f"{live_server.url}/indicators/{first.indicator.code}/?unit={first.unit.pk}&period=2019"
    )
    marker = page.locator("a.from-record")
    assert marker.count() == 1
    assert marker.inner_text() == "theo văn bản đã công bố"
    assert marker.get_attribute("href") == f"/documents/{first.document_id}/"
    screenshot(page, "indicator-from-record")


def test_the_queue_in_english(page, live_server, staff):
    document_ingest(text=TEXT, source_name="thai-binh-2019.txt", actor="test")
    log_in(page, live_server.url, "canbo", PASSWORD)
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/documents/figures/")
    text = page.locator("main").inner_text()
    assert "Figures to review" in text and "Accept" in text
    # Reasons and indicators in English only.
    assert "before the figure" in text and "đứng trước số liệu" not in text
    assert "Số trạm" not in text
