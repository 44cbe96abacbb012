"""Real Chromium through the reporting pages: enter, fix, submit; approve; the dashboard changes;
an upload with a bad row; charts drawn under the Content-Security-Policy; the phone layout."""

import re
from io import BytesIO
from pathlib import Path

from openpyxl import load_workbook

from accounts.world import PASSWORD
from tongket.reporting.models import Submission, SubmissionStatus, Value
from tongket.reporting.services import submission_open, submission_submit, submission_values_set
from web.browser import log_in, screenshot

from .world import reporting_of


def _no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.viewport_size["width"]
    assert width <= viewport, f"the page scrolls sideways ({width}px > {viewport}px)"


def _history(world, r):
    """Three earlier years of «total» in today's Hưng Yên (through the commune merged into it),
    so its chart has a line to draw."""
    for year, value in [("2022", 800), ("2023", 900), ("2024", 1000)]:
        report = submission_open(unit=world.xa_tb_old, form=r.form, period_code=year, actor="t")
        submission_values_set(submission=report, values={r.total.code: value}, actor="t")


def test_reporting_unit_enters_values_fixes_an_error_and_submits(
    phone_page, live_server, live_world
):
    r = reporting_of(live_world)
    page = phone_page
    log_in(page, live_server.url, "reporting", PASSWORD)
    assert page.url.endswith("/entry/")  # a reporting unit starts on its reports
    _no_sideways_scroll(page)
    screenshot(page, "reporting-entry-list-phone")
    page.get_by_role("link", name="Nhập số liệu").last.click()
    page.wait_for_url(re.compile(rf"/entry/{live_world.sub_xa_hy.pk}/$"))
    # Vietnamese numbers; the mobile figure above the total breaks the form's rule.
    page.get_by_label("Tổng số thuê bao", exact=True).fill("1.000")
    page.get_by_label("Thuê bao di động", exact=True).fill("1.200")
    page.get_by_label("Doanh thu", exact=True).fill("2.060,5")
    with page.expect_navigation():
        page.get_by_role("button", name="Gửi báo cáo").click()
    error = page.locator("tr.has-error .issue-error")
    assert "lớn hơn «Tổng số thuê bao»" in error.first.inner_text()
    assert page.get_by_text("chưa gửi được").is_visible()
    _no_sideways_scroll(page)
    screenshot(page, "reporting-entry-error-phone")
    assert Submission.objects.get(pk=live_world.sub_xa_hy.pk).status == SubmissionStatus.DRAFT

    page.get_by_label("Thuê bao di động", exact=True).fill("900")
    with page.expect_navigation():
        page.get_by_role("button", name="Gửi báo cáo").click()
    assert page.get_by_text("Đã gửi báo cáo.").is_visible()
    screenshot(page, "reporting-entry-sent-phone")
    sub = Submission.objects.get(pk=live_world.sub_xa_hy.pk)
    assert sub.status == SubmissionStatus.SUBMITTED
    values = dict(sub.values.values_list("indicator__code", "value"))
    assert values == {r.total.code: 1000, r.mobile.code: 900, r.revenue.code: 2060.5}


def test_staff_approve_and_the_dashboard_changes(page, live_server, live_world):
    r = reporting_of(live_world)
    _history(live_world, r)
    submission_values_set(
        submission=live_world.sub_xa_hy,
        values={r.total.code: 1250, r.mobile.code: 900},
        actor=live_world.reporting,
    )
    submission_submit(submission=live_world.sub_xa_hy, actor=live_world.reporting)
    dashboard = f"{live_server.url}/dashboard/?unit={live_world.hung_yen.pk}&period=2025"
    log_in(page, live_server.url, "staff", PASSWORD)
    page.goto(dashboard)
    row = page.locator('tr[data-form="TEST.01"]')
    assert row.locator("[data-waiting]").inner_text() == "1"
    assert row.locator("[data-approved]").inner_text() == "0"
    page.wait_for_selector("figure.chart[data-drawn='1']")
    screenshot(page, "reporting-dashboard-before-approval")

    page.goto(f"{live_server.url}/approvals/")
    screenshot(page, "reporting-approvals")
    page.get_by_role("link", name="Xã Vũ Thư").click()
    page.wait_for_url(re.compile(r"/approvals/\d+/$"))
    # The audit trail of a value, one click away (swapped in place).
    page.evaluate("window.__stayed = true")
    total_row = page.locator(f'tr[data-indicator="{r.total.code}"]')
    total_row.get_by_role("link", name="Lịch sử số liệu").click()
    history = total_row.locator(".history li")
    history.first.wait_for()
    assert "1.200 → 1.250" in history.first.inner_text()
    assert page.evaluate("window.__stayed === true")
    screenshot(page, "reporting-approval-detail")
    page.get_by_role("button", name="Duyệt báo cáo").click()
    page.wait_for_url(re.compile(r"/approvals/$"))
    assert page.get_by_text("Đã duyệt báo cáo: Xã Vũ Thư").is_visible()

    page.goto(dashboard)
    row = page.locator('tr[data-form="TEST.01"]')
    assert row.locator("[data-waiting]").inner_text() == "0"
    assert row.locator("[data-approved]").inner_text() == "1"
    assert "1.250" in page.locator("table.kpi").inner_text()
    page.wait_for_selector("figure.chart[data-drawn='1'] .uplot canvas")
    screenshot(page, "reporting-dashboard-after-approval")


def test_an_upload_with_a_bad_row_shows_the_error_and_stores_nothing(
    page, live_server, live_world, tmp_path
):
    r = reporting_of(live_world)
    log_in(page, live_server.url, "reporting", PASSWORD)
    page.goto(f"{live_server.url}/entry/{live_world.sub_xa_hy.pk}/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải mẫu Excel của báo cáo này").click()
    book = load_workbook(BytesIO(Path(download.value.path()).read_bytes()))
    sheet = book[r.form.code]
    for row in range(9, sheet.max_row + 1):
        code = sheet.cell(row=row, column=2).value
        if code == r.total.code:
            sheet.cell(row=row, column=5).value = 1500
        elif code == r.mobile.code:
            sheet.cell(row=row, column=5).value = "chín trăm"
    path = tmp_path / "bao-cao-xa-vu-thu.xlsx"
    book.save(path)
    before = list(Value.objects.order_by("pk").values_list("pk", "value"))

    page.get_by_label("Tệp số liệu (.xlsx theo mẫu, hoặc .csv)").set_input_files(str(path))
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    page.wait_for_load_state()
    alert = page.get_by_role("alert")
    assert (
        "có 1 lỗi" in alert.inner_text() and "Không có số liệu nào được lưu" in alert.inner_text()
    )
    cells = page.locator("table.file-issues tbody tr").first.locator("td").all_inner_texts()
    assert cells[:3] == ["bao-cao-xa-vu-thu.xlsx", "10", "E"]
    assert "chín trăm" in cells[3]
    assert page.get_by_role("button", name="Xác nhận lưu số liệu").count() == 0
    screenshot(page, "reporting-upload-error")
    assert list(Value.objects.order_by("pk").values_list("pk", "value")) == before

    # Corrected, the file is previewed and stored only when confirmed.
    sheet_row = next(
        row
        for row in range(9, sheet.max_row + 1)
        if sheet.cell(row=row, column=2).value == r.mobile.code
    )
    sheet.cell(row=sheet_row, column=5).value = 900
    book.save(path)
    page.goto(f"{live_server.url}/entry/{live_world.sub_xa_hy.pk}/")
    page.get_by_label("Tệp số liệu (.xlsx theo mẫu, hoặc .csv)").set_input_files(str(path))
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    page.wait_for_load_state()
    assert page.get_by_text("2 số liệu sẽ thay đổi").is_visible()
    screenshot(page, "reporting-upload-preview")
    assert Value.objects.get(unit=live_world.xa_hy, indicator=r.total).value == 1200
    page.get_by_role("button", name="Xác nhận lưu số liệu").click()
    page.wait_for_load_state()
    assert page.get_by_text("Đã lưu 2 số liệu từ tệp bao-cao-xa-vu-thu.xlsx.").is_visible()
    assert Value.objects.get(unit=live_world.xa_hy, indicator=r.total).value == 1500


def test_indicator_series_switches_to_todays_units(page, live_server, live_world):
    r = reporting_of(live_world)
    _history(live_world, r)
    log_in(page, live_server.url, "staff", PASSWORD)
    page.goto(f"{live_server.url}/indicators/")
    page.get_by_label("Tên hoặc mã").fill("thue bao")
    page.get_by_role("button", name="Lọc").click()
    screenshot(page, "reporting-indicators")
    page.get_by_role("link", name="Tổng số thuê bao").click()
    page.get_by_label("Đơn vị", exact=True).select_option(str(live_world.hung_yen.pk))
    page.get_by_role("button", name="Xem").click()
    page.wait_for_load_state()
    assert page.locator("table caption").inner_text() == "Hưng Yên"
    page.get_by_label("Theo đơn vị hành chính hiện nay").check()
    page.get_by_role("button", name="Xem").click()
    page.wait_for_selector("figure.chart[data-drawn='1'] .uplot canvas")
    years = page.locator("table tbody tr td:first-child").all_inner_texts()
    assert {"2022", "2023", "2024", "2025"} <= set(years)
    screenshot(page, "reporting-indicator-today-units")


def test_dashboard_on_a_phone(phone_page, live_server, live_world):
    r = reporting_of(live_world)
    _history(live_world, r)
    page = phone_page
    log_in(page, live_server.url, "leader", PASSWORD)
    page.goto(f"{live_server.url}/dashboard/?unit={live_world.hung_yen.pk}&period=2025")
    page.wait_for_selector("figure.chart[data-drawn='1'] .uplot canvas")
    _no_sideways_scroll(page)
    screenshot(page, "reporting-dashboard-phone")
