"""Estimates of the year in progress entered on the web by the department's staff, in real
Chromium: a bad number is refused and nothing stored; a good one is stored, audited, and
shown as «ước thực hiện» with how it was made; the dashboard's figure becomes the estimate."""

import datetime as dt

from django.utils import timezone

from accounts.world import PASSWORD
from tongket.analytics.models import Estimate
from tongket.core.models import AuditEntry
from web.browser import log_in, screenshot

from .world import reporting_of


def test_staff_enter_an_estimate_of_the_year_in_progress(page, live_server, live_world):
    r = reporting_of(live_world)
    year = timezone.localdate().year
    log_in(page, live_server.url, "staff", PASSWORD)
    page.goto(f"{live_server.url}/estimates/?period={year}")
    assert page.get_by_role("heading", name="Số ước thực hiện").is_visible()
    unit = page.locator("#pick-unit").input_value()

    # A number staff cannot mean: a clear message in Vietnamese, nothing stored.
    page.get_by_label("Chỉ tiêu", exact=True).select_option(r.total.code)
    page.get_by_label("Số ước, theo đơn vị hiển thị của chỉ tiêu").fill("khoảng 1500")
    page.get_by_role("button", name="Lưu số ước").click()
    page.wait_for_load_state()
    assert "không phải là số" in page.locator(".error-box").inner_text()
    assert not Estimate.objects.exists()

    page.get_by_label("Số ước, theo đơn vị hiển thị của chỉ tiêu").fill("1.500")
    page.get_by_label("Cách ước tính").fill("11 tháng đã báo cáo và kế hoạch tháng 12")
    page.get_by_role("button", name="Lưu số ước").click()
    page.wait_for_load_state()
    assert "Đã lưu số ước thực hiện" in page.locator(".messages").inner_text()
    row = page.locator(f'#estimates tr[data-indicator="{r.total.code}"]')
    text = row.inner_text()
    assert "1.500" in text and "11 tháng đã báo cáo và kế hoạch tháng 12" in text
    assert "ước thực hiện: số ước do đơn vị nhập" in text and "kỳ chưa kết thúc" in text
    screenshot(page, "estimates-entered")

    (estimate,) = Estimate.objects.select_related("unit", "period")
    assert (estimate.value, estimate.period.code, str(estimate.unit.pk)) == (1500, str(year), unit)
    assert estimate.entered_by == "staff"
    audit = AuditEntry.objects.get(action="estimate.created")
    assert audit.actor == "staff" and audit.new["value"] == 1500

    # Changed: audited again with the old value.
    page.get_by_label("Chỉ tiêu", exact=True).select_option(r.total.code)
    page.get_by_label("Số ước, theo đơn vị hiển thị của chỉ tiêu").fill("1.600")
    page.get_by_role("button", name="Lưu số ước").click()
    page.wait_for_load_state()
    changed = AuditEntry.objects.get(action="estimate.changed")
    assert (changed.old["value"], changed.new["value"]) == (1500, 1600)
    assert Estimate.objects.get().value == 1600
    assert dt.date.today().year == year
