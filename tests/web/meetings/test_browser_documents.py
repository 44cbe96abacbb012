"""Real Chromium: paste a seed document, see the record beside the text, correct it, confirm,
see the meeting (the issue's flow). The seed is read from ../shared at test time."""

from __future__ import annotations

import pytest

from accounts.world import PASSWORD, make_user
from tongket.accounts.roles import Role
from tongket.documents.models import SourceDocument
from tongket.indicators.services import indicator_catalogue_load
from tongket.meetings.models import Meeting
from tongket.units.models import Unit
from web.browser import log_in, screenshot
from web.meetings.test_document_pages import seed


@pytest.fixture
def staff(reference_units, live_server):
    indicator_catalogue_load(actor="test")
    department = Unit.objects.get(code="33.SKHCN", valid_to__isnull=True)
    return make_user("canbo", (Role.STAFF, department))


def test_paste_a_seed_document_confirm_it_and_see_the_meeting(page, live_server, staff):
    text = seed("001").read_text("utf-8")  # Huế's 2007 conference: out of Hưng Yên's scope
    log_in(page, live_server.url, "canbo", PASSWORD)
    page.get_by_role("link", name="Nhập văn bản").click()
    page.get_by_label("Dán nội dung bài viết").fill(text)
    page.get_by_role("button", name="Đọc văn bản").click()
    page.wait_for_load_state()
    assert "không thuộc phạm vi của bạn" in page.get_by_role("alert").inner_text()
    assert page.get_by_role("button", name="Xác nhận và lưu").count() == 0
    page.get_by_role("button", name="Bỏ văn bản").click()
    page.wait_for_load_state()

    text = seed("003").read_text("utf-8")  # Thái Bình's 2017 review, now Hưng Yên's history
    page.get_by_label("Dán nội dung bài viết").fill(text)
    page.get_by_role("button", name="Đọc văn bản").click()
    page.wait_for_load_state()
    assert page.locator(".doc-text mark.k-figure", has_text="2.060 tỷ đồng").count() == 1
    assert page.get_by_label("Ngày họp").input_value() == "10/01/2018"
    assert "Sở Thông tin và Truyền thông Thái Bình" in page.locator("section.plan").inner_text()
    screenshot(page, "document-review")

    # Correct the record: the chair the extractor missed.
    names = page.locator("input[name^='people-'][name$='-name']")
    empty = names.nth(names.count() - 1)
    empty.fill("Trần Văn Minh")
    page.locator(f"input[name='{empty.get_attribute('name').replace('-name', '-title')}']").fill(
        "Giám đốc Sở Thông tin và Truyền thông"
    )
    page.get_by_role("button", name="Kiểm tra lại").click()
    page.wait_for_load_state()
    assert "2 người dự" in page.locator("section.plan").inner_text()
    assert not SourceDocument.objects.exists()
    page.get_by_role("button", name="Xác nhận và lưu").click()
    page.wait_for_load_state()

    meeting = Meeting.objects.get()
    assert page.url.endswith(f"/meetings/{meeting.pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == meeting.title
    assert "Đã lưu văn bản" in page.get_by_role("status").inner_text()
    participants = page.locator("#participants + .table-wrap").inner_text()
    assert "Trần Văn Minh" in participants and "Nguyễn Hoàng Giang" in participants
    figures = page.locator("#figures + .table-wrap").inner_text()
    assert "2.060 tỷ đồng" in figures
    assert "Trích từ văn bản đã công bố" in page.locator("dl.facts").inner_text()
    screenshot(page, "document-meeting")
    page.get_by_role("link", name="Nhập văn bản").click()
    page.wait_for_load_state()
    assert SourceDocument.objects.get().title in page.locator("table").inner_text()
    screenshot(page, "documents-list")


def test_review_on_a_phone(phone_page, live_server, staff):
    page = phone_page
    log_in(page, live_server.url, "canbo", PASSWORD)
    page.goto(f"{live_server.url}/documents/")
    page.get_by_label("Dán nội dung bài viết").fill(seed("000").read_text("utf-8"))
    page.get_by_role("button", name="Đọc văn bản").click()
    page.wait_for_load_state()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the review page scrolls sideways on a phone ({width}px)"
    screenshot(page, "phone-document-review")
