"""Real Chromium: a meeting, its conclusion notice and the tasks it gives; a progress update
with an evidence file; the pages on a phone. Screenshots under test-artifacts/web/."""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone

from accounts.world import PASSWORD
from tongket.core.numbers import format_date
from tongket.meetings.models import Meeting, Notice, NoticeStatus, Task, TaskProgress
from web.browser import log_in, screenshot
from web.meetings.world import PDF, meetings_of


def _rows(page, selector: str = "table.tasks tbody tr") -> list[str]:
    return [t.strip() for t in page.locator(selector).all_inner_texts()]


def test_staff_creates_a_meeting_issues_its_notice_and_sees_the_tasks(
    page, live_server, live_world
):
    today = timezone.localdate()
    meeting_day = today - dt.timedelta(days=1)
    log_in(page, live_server.url, "staff", PASSWORD)
    page.goto(f"{live_server.url}/meetings/")
    screenshot(page, "meetings-list-empty")
    page.get_by_role("link", name="Thêm cuộc họp").click()
    page.get_by_label("Loại cuộc họp").select_option(label="Giao ban quý")
    page.get_by_label("Tên cuộc họp").fill("Giao ban quý IV với các doanh nghiệp viễn thông")
    page.get_by_label("Ngày họp").fill(format_date(meeting_day))
    page.get_by_label("Địa điểm").fill("Phòng họp số 2")
    assert page.get_by_label("Đơn vị tổ chức").input_value() == (
        "Sở Khoa học và Công nghệ Hưng Yên (33.SKHCN)"
    )
    page.get_by_label("Người chủ trì", exact=True).fill("Nguyễn Văn An")
    page.get_by_label("Chức vụ người chủ trì").fill("Giám đốc Sở")
    page.get_by_label("Đại biểu dự họp").fill(
        "Trần Thị Bình, Phó Chủ tịch UBND tỉnh\nLê Văn Cường, Giám đốc Viễn thông Hưng Yên"
    )
    page.get_by_label("Kết luận").fill(
        "Hoàn thành phủ sóng 4G các thôn còn trắng sóng\nBáo cáo số liệu thuê bao hằng tháng"
    )
    screenshot(page, "meeting-form")
    page.get_by_role("button", name="Lưu cuộc họp").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Giao ban quý IV với các doanh nghiệp viễn thông"
    )
    participants = page.locator("#participants + .table-wrap").inner_text()
    assert "Lê Văn Cường" in participants and "Giám đốc Viễn thông Hưng Yên" in participants
    assert "Chủ trì" in participants
    screenshot(page, "meeting-detail-new")

    page.get_by_role("link", name="Soạn thông báo kết luận").click()
    page.wait_for_load_state()
    texts = page.locator("textarea[name$='-text']")
    assert texts.nth(0).input_value() == "Hoàn thành phủ sóng 4G các thôn còn trắng sóng"
    assert texts.nth(1).input_value() == "Báo cáo số liệu thuê bao hằng tháng"
    deadline = today + dt.timedelta(days=60)
    page.locator("input[name='items-0-deadline']").fill(format_date(deadline))
    page.locator("input[name='items-1-supporting']").fill("Xã Vũ Thư (12001); Xã Tân Hòa")
    page.locator("input[name='items-1-deadline']").fill(format_date(today + dt.timedelta(days=30)))
    before = texts.count()
    page.get_by_role("button", name="Thêm dòng").click()
    page.wait_for_load_state()
    assert page.locator("textarea[name$='-text']").count() == before + 1
    assert page.locator("input[name='items-1-supporting']").input_value() == (
        "Xã Vũ Thư (12001); Xã Tân Hòa"
    )
    page.locator("textarea[name='items-2-text']").fill("Rà soát danh sách điểm bưu điện văn hóa xã")
    page.locator("input[name='items-2-lead']").fill("Xã Tân Hòa")
    screenshot(page, "notice-form")
    page.get_by_role("button", name="Lưu dự thảo").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Dự thảo thông báo kết luận"
    screenshot(page, "notice-draft")

    assert page.get_by_label("Ngày ban hành").input_value() == format_date(today)
    page.get_by_role("button", name="Ban hành và giao nhiệm vụ").click()
    page.wait_for_load_state()
    status = page.get_by_role("status").inner_text()
    assert "đã giao 3 nhiệm vụ" in status, status
    assert "muộn" not in status
    heading = page.get_by_role("heading", level=1).inner_text()
    assert re.fullmatch(r"Thông báo số \d+/TB-\S+", heading), heading
    items = page.locator("table tbody tr").all_inner_texts()
    assert len(items) == 3
    assert "Xã Vũ Thư; Xã Tân Hòa" in items[1]
    assert format_date(deadline) in items[0] and "Đang thực hiện trong hạn" in items[0]
    screenshot(page, "notice-issued")

    notice = Notice.objects.get(meeting__title__startswith="Giao ban quý IV")
    assert notice.status == NoticeStatus.ISSUED and not notice.is_late
    assert Task.objects.filter(notice=notice).count() == 3

    page.get_by_role("link", name="Nhiệm vụ", exact=True).click()
    page.wait_for_load_state()
    rows = _rows(page)
    assert any(
        "Rà soát danh sách điểm bưu điện văn hóa xã" in r and "Xã Tân Hòa" in r for r in rows
    )
    assert any(format_date(deadline) in r for r in rows)
    screenshot(page, "tasks-list")
    page.get_by_role("link", name=re.compile("Đang thực hiện trong hạn")).click()
    page.wait_for_load_state()
    assert len(_rows(page)) == 3
    page.get_by_role("link", name="Tỷ lệ hoàn thành").click()
    page.wait_for_load_state()
    screenshot(page, "task-rates")


def test_progress_update_with_an_evidence_file(page, live_server, live_world, tmp_path):
    m = meetings_of(live_world)
    log_in(page, live_server.url, "staff", PASSWORD)
    page.goto(f"{live_server.url}/tasks/{m.t_hy.pk}/")
    page.get_by_text("Báo cáo tiến độ").click()
    form = page.locator("form[action$='/progress/']")
    # A program renamed to .pdf is refused and nothing is stored.
    fake = tmp_path / "bao-cao.pdf"
    fake.write_bytes(b"MZ\x90\x00 not a pdf")
    form.get_by_label("Kết quả thực hiện").fill("Đã phủ sóng 60 xã")
    form.get_by_label("Tệp minh chứng").set_input_files(str(fake))
    form.get_by_role("button", name="Ghi tiến độ").click()
    page.wait_for_load_state()
    error = page.locator("#id_evidence_file-error").inner_text()
    assert "bao-cao.pdf" in error and "không phải tệp pdf" in error
    assert TaskProgress.objects.filter(task=m.t_hy).count() == 1
    screenshot(page, "task-progress-error")

    evidence = tmp_path / "Biên bản nghiệm thu.pdf"
    evidence.write_bytes(PDF)
    form = page.locator("form[action$='/progress/']")
    form.get_by_label("Kết quả thực hiện").fill("Đã phủ sóng 60 xã")
    form.get_by_label("Tỷ lệ hoàn thành (%)").fill("60")
    form.get_by_label("Tệp minh chứng").set_input_files(str(evidence))
    form.get_by_role("button", name="Ghi tiến độ").click()
    page.wait_for_load_state()
    assert "Đã ghi tiến độ." in page.get_by_role("status").inner_text()
    entries = page.locator("ol.timeline > li")
    assert entries.count() == 2
    latest = entries.nth(1).inner_text()
    assert "Đã phủ sóng 60 xã" in latest and "60%" in latest
    link = entries.nth(1).locator("a.file")
    with page.expect_download() as download:
        link.click()
    saved = tmp_path / "downloaded.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes() == PDF
    assert download.value.suggested_filename.endswith(".pdf")
    screenshot(page, "task-progress")


def test_pages_on_a_phone(phone_page, live_server, live_world):
    m = meetings_of(live_world)
    page = phone_page
    log_in(page, live_server.url, "staff", PASSWORD)
    for name, path in [
        ("phone-meetings", "/meetings/"),
        ("phone-meeting", f"/meetings/{m.m_hy.pk}/"),
        ("phone-notice", f"/meetings/notices/{m.draft_hy.pk}/"),
        ("phone-tasks", "/tasks/"),
        ("phone-task", f"/tasks/{m.t_hy.pk}/"),
        ("phone-rates", "/tasks/rates/"),
        ("phone-commendations", "/commendations/"),
        ("phone-task-form", "/tasks/new/"),
    ]:
        page.goto(f"{live_server.url}{path}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} scrolls sideways on a phone ({width}px)"
        screenshot(page, name)


def test_leader_assigns_a_task_and_sees_no_staff_actions(page, live_server, live_world):
    m = meetings_of(live_world)
    today = timezone.localdate()
    log_in(page, live_server.url, "leader", PASSWORD)
    page.goto(f"{live_server.url}/meetings/{m.m_hy.pk}/")
    assert page.get_by_role("link", name="Sửa").count() == 0
    assert page.get_by_role("link", name="Soạn thông báo kết luận").count() == 0
    page.goto(f"{live_server.url}/tasks/{m.t_hy.pk}/")
    summaries = page.locator("details.add summary").all_inner_texts()
    assert summaries == ["Đổi thời hạn"], summaries
    page.goto(f"{live_server.url}/tasks/")
    page.get_by_role("link", name="Giao nhiệm vụ").click()
    assert page.get_by_label("Đơn vị giao").input_value() == "Hưng Yên (33)"
    page.get_by_label("Nội dung nhiệm vụ").fill("Báo cáo kết quả chuyển đổi số quý IV")
    page.get_by_label("Đơn vị chủ trì").fill("Sở Khoa học và Công nghệ Hưng Yên (33.SKHCN)")
    page.get_by_label("Thời hạn").fill(format_date(today + dt.timedelta(days=20)))
    page.get_by_label("Số văn bản").fill("215/UBND-KGVX")
    screenshot(page, "task-form")
    page.get_by_role("button", name="Giao nhiệm vụ").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Báo cáo kết quả chuyển đổi số quý IV"
    )
    assert "215/UBND-KGVX" in page.locator("dl.facts").inner_text()
    screenshot(page, "task-assigned")
    assert Meeting.objects.count() == 3
