"""Real Chromium, in Vietnamese and in English: staff write the year-end report's parts and
download it as DOCX and PDF (made in the background, the page showing how far it has come);
then edit a conclusion notice's draft, issue it and download it. Screenshots under
test-artifacts/web/."""

from __future__ import annotations

import io
import re
import subprocess

import pytest
from docx import Document

from accounts.world import PASSWORD
from tongket.core.numbers import format_date
from tongket.meetings.models import Notice, NoticeStatus
from tongket.papers.models import DocumentJob
from tongket.units.models import Unit, UnitKind
from web.browser import ARTIFACTS, log_in, screenshot
from web.meetings.world import meetings_of
from web.papers.conftest import run_tasks
from web.papers.english import vietnamese_left

WORDS = {
    "vi": {
        "nav": "Báo cáo tổng kết",
        "unit": "Đơn vị",
        "year": "Năm tổng kết",
        "open": "Mở báo cáo",
        "save": "Lưu phần này",
        "saved": "Đã lưu phần",
        "docx": "Tạo tệp Word (DOCX)",
        "pdf": "Tạo tệp PDF",
        "waiting": "Chờ tạo tệp",
        "download": "Tải về",
        "edit": "Sửa dự thảo",
        "conclusions": "Nội dung kết luận",
        "save_draft": "Lưu dự thảo",
        "issue_date": "Ngày ban hành",
        "issue": "Ban hành và giao nhiệm vụ",
        "history": "Lịch sử: 1 lần sửa",
    },
    "en": {
        "nav": "Year-end reports",
        "unit": "Unit",
        "year": "Year reviewed",
        "open": "Open the report",
        "save": "Save this part",
        "saved": "Saved the part",
        "docx": "Make the Word file (DOCX)",
        "pdf": "Make the PDF",
        "waiting": "Waiting to be made",
        "download": "Download",
        "edit": "Edit the draft",
        "conclusions": "Conclusions",
        "save_draft": "Save the draft",
        "issue_date": "Issue date",
        "issue": "Issue and assign the tasks",
        "history": "History: 1 change",
    },
}
SHORTCOMING = "Hạ tầng số ở một số xã còn yếu; tỷ lệ báo cáo đúng hạn chưa cao."
RECOMMENDATION = "Đề nghị UBND tỉnh bổ sung kinh phí chuyển đổi số năm 2026."
CONCLUSION = "Hội nghị thống nhất đánh giá năm 2025 hoàn thành tốt nhiệm vụ."
# Names a page in English keeps: the unit the documents are of.
NAMES = ["Sở Khoa học và Công nghệ Hưng Yên"]


def _english(page):
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()


def _part(page, key: str):
    return page.locator(f"#part-{key}")


def _make_and_download(page, label: str, words: dict, tmp_path, name: str) -> bytes:
    """Ask for a file, see it wait, let the worker make it, see the page offer it, take it."""
    page.get_by_role("button", name=label).click()
    page.wait_for_load_state()
    status = page.locator("#job-status")
    assert words["waiting"] in status.inner_text()
    screenshot(page, f"{name}-waiting")
    if words is WORDS["en"]:
        left = vietnamese_left(page.locator("main").inner_text(), NAMES)
        assert not left, left
    run_tasks(page)
    link = page.locator("#job-status a[download]")
    link.wait_for(timeout=20_000)  # the page asks again every second
    assert words["download"] in link.inner_text()
    screenshot(page, f"{name}-done")
    if words is WORDS["en"]:
        left = vietnamese_left(page.locator("main").inner_text(), NAMES)
        assert not left, left
    with page.expect_download() as download:
        link.click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    return path.read_bytes()


def _pdf_text(data: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_staff_write_the_report_download_it_then_issue_a_notice(
    page, live_server, live_world, tmp_path, lang
):
    words = WORDS[lang]
    w = live_world
    m = meetings_of(w)
    log_in(page, live_server.url, "staff", PASSWORD)
    if lang == "en":
        _english(page)
    page.get_by_role("link", name=words["nav"]).click()
    page.wait_for_load_state()
    if lang == "en":
        departments = list(
            Unit.objects.filter(kind=UnitKind.DEPARTMENT).values_list("name", flat=True)
        )
        left = vietnamese_left(page.locator("main").inner_text(), departments)
        assert not left, left
    page.get_by_label(words["unit"]).select_option(label=w.so_hy.name)
    page.get_by_label(words["year"]).fill("2025")
    page.get_by_role("button", name=words["open"]).click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/papers/reports/{w.so_hy.pk}/2025/")

    for key, text in (("shortcomings", SHORTCOMING), ("recommendations", RECOMMENDATION)):
        _part(page, key).locator("textarea").fill(text)
        _part(page, key).get_by_role("button", name=words["save"]).click()
        page.wait_for_load_state()
        assert words["saved"] in page.get_by_role("status").inner_text()
        assert _part(page, key).locator("textarea").input_value() == text
    part = _part(page, "shortcomings")
    assert words["history"] in part.inner_text() and "staff" in part.inner_text()
    screenshot(page, f"report-parts-{lang}")
    names = [w.so_hy.name, SHORTCOMING, RECOMMENDATION, "staff"]
    if lang == "en":
        left = vietnamese_left(page.locator("main").inner_text(), names)
        assert not left, left
    draft_url = page.url

    docx = _make_and_download(page, words["docx"], words, tmp_path, f"report-docx-{lang}")
    paragraphs = [p.text for p in Document(io.BytesIO(docx)).paragraphs]
    assert SHORTCOMING in paragraphs and RECOMMENDATION in paragraphs
    assert "(Nội dung đang được hoàn thiện)" in paragraphs  # the causes, lessons, directions
    assert not [p for p in paragraphs if "tongket" in p or "--section" in p]
    if lang == "en":
        assert not vietnamese_left(page.locator("main").inner_text(), [w.so_hy.name])

    page.goto(draft_url)
    pdf = _make_and_download(page, words["pdf"], words, tmp_path, f"report-pdf-{lang}")
    assert pdf.startswith(b"%PDF")
    _pages_as_pictures(pdf, f"report-pdf-{lang}")
    text = re.sub(r"\s+", " ", _pdf_text(pdf))
    assert "Hạ tầng số ở một số xã còn yếu" in text and "tongket" not in text
    assert "Nội dung đang được hoàn thiện" in text
    assert DocumentJob.objects.filter(requested_by=w.staff).count() == 2

    # The conclusion notice: edit the draft, issue it, download it.
    page.goto(f"{live_server.url}/meetings/notices/{m.draft_hy.pk}/")
    page.get_by_role("link", name=words["edit"]).click()
    page.wait_for_load_state()
    page.get_by_label(words["conclusions"]).fill(CONCLUSION)
    screenshot(page, f"notice-edit-{lang}")
    page.get_by_role("button", name=words["save_draft"]).click()
    page.wait_for_load_state()
    assert CONCLUSION in page.locator("main").inner_text()
    today = format_date(__import__("django.utils.timezone").utils.timezone.localdate())
    page.get_by_label(words["issue_date"]).fill(today)
    page.get_by_role("button", name=words["issue"]).click()
    page.wait_for_load_state()
    notice = Notice.objects.get(pk=m.draft_hy.pk)
    assert notice.status == NoticeStatus.ISSUED and notice.text == CONCLUSION
    assert notice.number in page.get_by_role("heading", level=1).inner_text()
    screenshot(page, f"notice-issued-{lang}")
    if lang == "en":
        # The documents' part of the notice page, and what the issue said.
        own = page.locator("section[aria-labelledby='notice-files']").inner_text()
        own += page.get_by_role("status").inner_text()
        left = vietnamese_left(own, [notice.number])
        assert not left, left
    notice_url = page.url
    docx = _make_and_download(page, words["docx"], words, tmp_path, f"notice-docx-{lang}")
    paragraphs = [p.text for p in Document(io.BytesIO(docx)).paragraphs]
    assert CONCLUSION in paragraphs
    assert any(notice.number in t.text for t in _cells(docx)) or any(
        notice.number in p for p in paragraphs
    )
    page.goto(notice_url)
    pdf = _make_and_download(page, words["pdf"], words, tmp_path, f"notice-pdf-{lang}")
    text = re.sub(r"\s+", " ", _pdf_text(pdf))
    assert notice.number in text and "Hội nghị thống nhất đánh giá năm 2025" in text


def _pages_as_pictures(pdf: bytes, name: str) -> None:
    """The PDF's pages as PNG beside the screenshots, for a person to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"{name}.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", str(ARTIFACTS / f"{name}.pdf"), str(ARTIFACTS / name)],
        check=True,
    )


def _cells(docx: bytes):
    for table in Document(io.BytesIO(docx)).tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs
