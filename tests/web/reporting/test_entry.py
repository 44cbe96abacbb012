"""Data entry: open and due reports, Vietnamese numbers, messages in place, draft, submit."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from tongket.core.models import AuditEntry
from tongket.reporting.models import Submission, SubmissionStatus, Value
from tongket.web.pages_reporting.entry_lines import input_text

from .world import reporting_of


def _field(html: str, code: str) -> str:
    found = re.search(rf'name="v:{re.escape(code)}" value="([^"]*)"', html)
    assert found, f"no input for {code}"
    return found.group(1)


@pytest.mark.parametrize(
    "value",
    [2060.5, 12.345, 1234, 0, -1500.25, 1234567.891, 0.0005, 1e15, 3.0],
)
def test_input_text_reads_back_to_the_same_number(value):
    from tongket.core.numbers import parse_number

    text = input_text(value)
    assert parse_number(text) == value
    assert "e" not in text.lower()


def test_input_text_is_written_the_vietnamese_way():
    assert input_text(2060.5) == "2.060,5"
    assert input_text(1234567) == "1.234.567"
    assert input_text(None) == ""


def test_entry_page_shows_the_lines_with_stored_values(clients, world):
    r = reporting_of(world)
    html = clients["reporting"].get(f"/entry/{world.sub_xa_hy.pk}/").content.decode()
    assert _field(html, r.total.code) == "1.200"
    assert _field(html, r.mobile.code) == ""
    # Nothing is wrong before the person acts: no «not filled in», no red box, no error count.
    assert "Chưa nhập" not in html and 'aria-invalid="true"' not in html
    assert "has-error" not in html and "lỗi phải sửa" not in html
    assert "Đã nhập 1/2 dòng bắt buộc" in html
    assert f'name="v:{r.share.code}"' not in html and "Tự tính từ các dòng khác" in html


def test_save_reads_vietnamese_numbers_and_audits_each_change(clients, world):
    r = reporting_of(world)
    response = clients["reporting"].post(
        f"/entry/{world.sub_xa_hy.pk}/",
        {
            "action": "save",
            f"v:{r.total.code}": "2.060",
            f"v:{r.mobile.code}": "1.500",
            f"v:{r.revenue.code}": "2.060,5",
        },
    )
    assert response.status_code == 302
    stored = dict(Value.objects.filter(unit=world.xa_hy).values_list("indicator__code", "value"))
    assert stored == {r.total.code: 2060, r.mobile.code: 1500, r.revenue.code: 2060.5}
    sub = Submission.objects.get(pk=world.sub_xa_hy.pk)
    assert sub.status == SubmissionStatus.DRAFT
    changed = AuditEntry.objects.get(action="value.changed", user=world.reporting)
    assert (changed.old, changed.new) == ({"value": 1200}, {"value": 2060})
    page = clients["reporting"].get(response.url).content.decode()
    assert "Đã lưu nháp." in page
    assert _field(page, r.revenue.code) == "2.060,5"
    assert "Tỷ lệ thuê bao di động" in page and "72,82" in page  # 1500 / 2060 × 100


def test_valid_cells_are_saved_and_a_bad_one_keeps_its_text_and_message(clients, world):
    r = reporting_of(world)
    response = clients["reporting"].post(
        f"/entry/{world.sub_xa_hy.pk}/",
        {
            "action": "save",
            f"v:{r.total.code}": "1.500",
            f"v:{r.mobile.code}": "12abc",
            f"v:{r.revenue.code}": "2,5",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert _field(html, r.mobile.code) == "12abc"  # what was typed stays to be corrected
    assert "«12abc» không phải là số" in html
    assert html.count('aria-invalid="true"') == 1
    assert "Đã lưu các ô hợp lệ. Còn 1 ô chưa lưu được" in html
    # The good cells are stored and shown as stored, never as «not filled in».
    stored = dict(Value.objects.filter(unit=world.xa_hy).values_list("indicator__code", "value"))
    assert stored == {r.total.code: 1500, r.revenue.code: 2.5}
    assert _field(html, r.total.code) == "1.500" and _field(html, r.revenue.code) == "2,5"
    assert "Chưa nhập" not in html


def test_submit_with_a_bad_cell_stores_the_good_ones_and_does_not_send(clients, world):
    r = reporting_of(world)
    response = clients["reporting"].post(
        f"/entry/{world.sub_xa_hy.pk}/",
        {"action": "submit", f"v:{r.total.code}": "1.000", f"v:{r.mobile.code}": "9OO"},
    )
    assert response.status_code == 400
    assert "Báo cáo chưa được gửi." in response.content.decode()
    assert Submission.objects.get(pk=world.sub_xa_hy.pk).status == SubmissionStatus.DRAFT
    assert Value.objects.get(unit=world.xa_hy, indicator=r.total).value == 1000


def test_submit_with_a_rule_broken_saves_the_draft_and_shows_the_error(clients, world):
    r = reporting_of(world)
    url = f"/entry/{world.sub_xa_hy.pk}/"
    response = clients["reporting"].post(
        url, {"action": "submit", f"v:{r.total.code}": "1.000", f"v:{r.mobile.code}": "1.200"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "chưa gửi được" in html
    assert "«Thuê bao di động» (web.mobile) = 1.200 lớn hơn «Tổng số thuê bao»" in html
    assert Submission.objects.get(pk=world.sub_xa_hy.pk).status == SubmissionStatus.DRAFT
    assert Value.objects.get(unit=world.xa_hy, indicator=r.mobile).value == 1200

    response = clients["reporting"].post(
        url, {"action": "submit", f"v:{r.total.code}": "1.300", f"v:{r.mobile.code}": "1.200"}
    )
    assert response.status_code == 302
    sub = Submission.objects.get(pk=world.sub_xa_hy.pk)
    assert sub.status == SubmissionStatus.SUBMITTED and sub.submitted_by == "reporting"
    page = clients["reporting"].get(url).content.decode()
    assert "Đã gửi báo cáo." in page
    assert 'name="v:' not in page  # a sent report is read only


def test_a_sent_report_refuses_changes(clients, world):
    r = reporting_of(world)
    Submission.objects.filter(pk=world.sub_xa_hy.pk).update(status=SubmissionStatus.APPROVED)
    response = clients["reporting"].post(
        f"/entry/{world.sub_xa_hy.pk}/", {"action": "save", f"v:{r.total.code}": "5"}
    )
    assert response.status_code == 302
    assert Value.objects.get(unit=world.xa_hy, indicator=r.total).value == 1200
    page = clients["reporting"].get(response.url).content.decode()
    assert "không sửa được" in page


def test_returned_report_shows_the_reason_and_can_be_edited(clients, world):
    reporting_of(world)
    Submission.objects.filter(pk=world.sub_xa_hy.pk).update(
        status=SubmissionStatus.RETURNED, return_reason="Số thuê bao chưa khớp"
    )
    html = clients["reporting"].get(f"/entry/{world.sub_xa_hy.pk}/").content.decode()
    assert "Lý do trả lại:" in html and "Số thuê bao chưa khớp" in html
    assert 'name="v:web.subscribers"' in html


def test_list_shows_open_and_due_reports_and_opens_one(clients, world, monkeypatch):
    reporting_of(world)
    monkeypatch.setattr(timezone, "localdate", lambda *a: dt.date(2027, 2, 10))
    html = clients["reporting"].get("/entry/").content.decode()
    assert f'href="/entry/{world.sub_xa_hy.pk}/"' in html
    assert f'href="/entry/{world.sub_xa_hn.pk}/"' not in html
    # The 2017 report of the commune merged into Xã Vũ Thư names that commune.
    merged = re.search(rf'href="/entry/{world.sub_xa_tb_old.pk}/".*?</li>', html, re.S)[0]
    assert "Xã Tân Lập · Năm 2017" in merged
    # The 2026 report of Xã Vũ Thư is due (the 2025 one is open already).
    due = re.search(r"Báo cáo đến hạn, chưa mở(.*?)</section>", html, re.S).group(1)
    assert "Năm 2026" in due and "Năm 2025" not in due
    response = clients["reporting"].post(
        "/entry/open/", {"unit": world.xa_hy.pk, "form": "TEST.01", "period": "2026"}
    )
    opened = Submission.objects.get(unit=world.xa_hy, period__code="2026")
    assert response.url == f"/entry/{opened.pk}/"
    assert opened.opened_by == "reporting" and opened.recipient_id == world.so_hy.pk


def test_opening_a_report_of_another_unit_is_not_found(clients, world):
    response = clients["reporting"].post(
        "/entry/open/", {"unit": world.xa_hn.pk, "form": "TEST.01", "period": "2026"}
    )
    assert response.status_code == 404
    assert not Submission.objects.filter(unit=world.xa_hn, period__code="2026").exists()


def test_template_download_is_the_forms_xlsx_with_stored_values(clients, world):
    from io import BytesIO

    from openpyxl import load_workbook

    r = reporting_of(world)
    response = clients["reporting"].get(f"/entry/{world.sub_xa_hy.pk}/template.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="TEST.01_12001_2025.xlsx"' in response["Content-Disposition"]
    sheet = load_workbook(BytesIO(response.content))["TEST.01"]
    rows = {row[1]: row[4] for row in sheet.iter_rows(min_row=9, values_only=True)}
    assert rows[r.total.code] == 1200 and rows[r.mobile.code] is None
    assert r.share.code not in rows  # computed, not entered


def test_messages_show_the_half_in_the_pages_language():
    from django.utils import translation

    from tongket.web.pages_reporting.labels import in_language

    text = "«x» không phải là số / «x» is not a number\nKhông lưu / nothing stored:"
    with translation.override("vi"):
        assert in_language(text) == "«x» không phải là số\nKhông lưu:"
    with translation.override("en"):
        assert in_language(text) == "«x» is not a number\nnothing stored:"
        # Two separators: where the languages meet is not certain, the line stays whole.
        whole = "đang ở trạng thái «Đã gửi / submitted» / report is submitted"
        assert in_language(whole) == whole


def test_entry_page_in_english(clients, world):
    r = reporting_of(world)
    clients["reporting"].cookies["django_language"] = "en"
    html = clients["reporting"].get(f"/entry/{world.sub_xa_hy.pk}/").content.decode()
    assert '<span class="status status-draft">Draft</span>' in html
    assert "Save draft" in html and "Send the report" in html
    assert ">Indicator</th>" in html
    assert "Filled in 1/2 required lines" in html and "is required" not in html
    response = clients["reporting"].post(
        f"/entry/{world.sub_xa_hy.pk}/", {"action": "submit", f"v:{r.total.code}": "1.200"}
    )
    # On sending, the line left empty says so: the English half of «Vietnamese / English».
    assert "✗ &quot;Mobile subscribers&quot; (web.mobile) is required" in response.content.decode()


def test_a_long_text_comes_back_whole_never_cut(clients, world):
    r = reporting_of(world)
    typed = "1.234.567" + " và thêm ghi chú gõ nhầm vào ô số" * 10  # 339 characters
    response = clients["reporting"].post(
        f"/entry/{world.sub_xa_hy.pk}/", {"action": "save", f"v:{r.total.code}": typed}
    )
    assert response.status_code == 400
    assert _field(response.content.decode(), r.total.code) == typed
    assert Value.objects.get(unit=world.xa_hy, indicator=r.total).value == 1200
