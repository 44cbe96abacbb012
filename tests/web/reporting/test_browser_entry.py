"""Real Chromium, in Vietnamese and in English: a commune finishes an overdue report (a bad
cell kept with its message, fixed, a comment, an unusual value explained before it goes);
staff open «not sent» from the dashboard, remind a unit, and approve a report reading its
comment and explanation."""

import datetime as dt
import re

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from accounts.world import PASSWORD
from tongket.core.models import AuditEntry
from tongket.meetings.models import Notification
from tongket.reporting.models import Submission, SubmissionStatus, Value
from tongket.reporting.services import submission_report
from tongket.web.pages_reporting.labels import period_label
from web.browser import log_in, screenshot

from .monthly import monthly_of
from .world import reporting_of

TODAY = dt.date(2026, 12, 7)

TEXT = {
    "vi": {
        "open": "Mở báo cáo",
        "save": "Lưu nháp",
        "send": "Gửi báo cáo",
        "visits": "Lượt khách",
        "fee": "Phí thu được",
        "comment": "Ghi chú: Lượt khách",
        "explain": "Giải thích số liệu khác thường: Lượt khách",
        "no_number": "không phải là số",
        "kept": "Đã lưu các ô hợp lệ. Còn 1 ô chưa lưu được",
        "explain_needed": "hãy ghi giải thích trước khi gửi",
        "not_sent": "chưa gửi được",
        "sent": "Đã gửi báo cáo, kèm 1 cảnh báo",
        "remind": "Nhắc các đơn vị đã chọn",
        "reminded": "Đã nhắc",
        "approve": "Duyệt báo cáo",
        "approved": "Đã duyệt báo cáo: Xã Vũ Thư",
        "unit_explains": "Giải thích của đơn vị:",
        "unit_comment": "Ghi chú:",
        "outlier": "so với trung vị 5 kỳ trước",
        "summary_blank": "Đã nhập 0/1 dòng bắt buộc",
    },
    "en": {
        "open": "Open the report",
        "save": "Save draft",
        "send": "Send the report",
        "visits": "Visits",
        "fee": "Fees collected",
        "comment": "Comment: Visits",
        "explain": "Explanation of the unusual value: Visits",
        "no_number": "is not a number",
        "kept": "The valid cells are saved. 1 cell(s) could not be saved",
        "explain_needed": "explain it before sending",
        "not_sent": "the report was not sent",
        "sent": "Report sent, with 1 warning",
        "remind": "Remind the chosen units",
        "reminded": "Reminded",
        "approve": "Approve the report",
        "approved": "Report approved: Xã Vũ Thư",
        "unit_explains": "The unit's explanation:",
        "unit_comment": "Comment:",
        "outlier": "on the 5-period median",
        "summary_blank": "Filled in 0/1 required lines",
    },
}

EXPLANATION = "Lễ hội đầu tiên của xã sau sáp nhập: khách tăng đột biến."
COMMENT = "Theo sổ bán vé của ban quản lý di tích"


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a: TODAY)
    return TODAY


def _in(page, language: str) -> None:
    if language == "en":
        page.get_by_role("button", name="English").click()
        page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == language


def _label(code: str, language: str) -> str:
    with translation.override(language):
        return period_label(code)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_commune_finishes_an_overdue_month(page, live_server, live_world, today, language):
    t = TEXT[language]
    m = monthly_of(live_world)
    log_in(page, live_server.url, "reporting", PASSWORD)
    _in(page, language)
    page.goto(f"{live_server.url}/entry/")
    # June is long overdue: it is on the list, with a button that opens it.
    card = page.locator("li.report-card").filter(has_text=_label("2026-06", language))
    card.get_by_role("button", name=t["open"]).click()
    page.wait_for_url(re.compile(r"/entry/\d+/$"))
    june = Submission.objects.get(unit=live_world.xa_hy, form=m.form, period__code="2026-06")
    # Nothing is wrong before the person acts.
    assert page.locator(".issue-error").count() == 0
    assert page.locator("[aria-invalid=true]").count() == 0
    assert page.locator("#issue-count").inner_text() == t["summary_blank"]
    screenshot(page, f"entry-overdue-blank-{language}")

    # Leaving with a typed value unsaved asks first.
    visits = page.get_by_label(t["visits"], exact=True)
    visits.press_sequentially("abc")
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    page.get_by_role("link", name=re.compile("Nhập số liệu|Data entry")).first.click()
    page.wait_for_timeout(300)
    assert asked == ["beforeunload"] and re.search(r"/entry/\d+/$", page.url)

    # One bad cell: the good one is stored, the bad one keeps its text and its message.
    page.get_by_label(t["fee"], exact=True).fill("12,5")
    with page.expect_navigation():
        page.get_by_role("button", name=t["save"]).click()
    assert t["kept"] in page.locator(".messages").inner_text(), page.locator("main").inner_text()[
        :1500
    ]
    assert page.get_by_label(t["visits"], exact=True).input_value() == "abc"
    assert t["no_number"] in page.locator("#m-1").inner_text()
    assert page.get_by_label(t["fee"], exact=True).input_value() == "12,5"
    assert (
        Value.objects.get(unit=live_world.xa_hy, indicator=m.fee, period__code="2026-06").value
        == 12.5
    )
    screenshot(page, f"entry-overdue-bad-cell-{language}")

    # Fixed, Enter goes down to the next line and the cell is stored as it is left; the figure
    # is far from the commune's history, so its explanation box opens.
    visits = page.get_by_label(t["visits"], exact=True)
    visits.fill("1.036.000")
    with page.expect_response(re.compile(r"/cell/$")):
        visits.press("Enter")
    assert page.evaluate("document.activeElement.id") == "f-2"
    page.locator("#m-1 .issue-warning").wait_for()
    assert t["outlier"] in page.locator("#m-1").inner_text()
    assert t["explain_needed"] in page.locator("#m-1").inner_text()
    assert page.get_by_label(t["explain"]).is_visible()
    # Tab goes right: from the value to its comment; Shift+Tab back.
    page.get_by_label(t["fee"], exact=True).press("Shift+Enter")
    assert page.evaluate("document.activeElement.id") == "f-1"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "c-1"
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.id") == "f-1"
    comment = page.get_by_label(t["comment"])
    comment.fill(COMMENT)
    with page.expect_response(re.compile(r"/cell/$")):
        comment.press("Tab")
    assert page.evaluate("document.activeElement.id") == "x-1"

    # Sending without the explanation is refused, with the reason under the line.
    with page.expect_navigation():
        page.get_by_role("button", name=t["send"]).click()
    assert t["not_sent"] in page.locator(".msg-error").first.inner_text()
    assert t["explain_needed"] in page.locator("#m-1").inner_text()
    assert Submission.objects.get(pk=june.pk).status == SubmissionStatus.DRAFT
    screenshot(page, f"entry-overdue-explain-{language}")

    page.get_by_label(t["explain"]).fill(EXPLANATION)
    with page.expect_navigation():
        page.get_by_role("button", name=t["send"]).click()
    expect(page.locator(".messages")).to_contain_text(t["sent"])
    screenshot(page, f"entry-overdue-sent-{language}")
    june.refresh_from_db()
    assert june.status == SubmissionStatus.SUBMITTED
    stored = Value.objects.get(unit=live_world.xa_hy, indicator=m.visits, period=june.period)
    assert (stored.value, stored.comment, stored.explanation, stored.flagged) == (
        1036000,
        COMMENT,
        EXPLANATION,
        True,
    )


@pytest.mark.parametrize("language", ["vi", "en"])
def test_staff_remind_a_unit_and_approve_a_report(page, live_server, live_world, today, language):
    t = TEXT[language]
    reporting_of(live_world)
    m = monthly_of(live_world)
    sub, _warnings = submission_report(
        unit=live_world.xa_hy,
        form=m.form,
        period_code="2026-06",
        values={m.visits.code: 1036000},
        notes={m.visits.code: {"comment": COMMENT, "explanation": EXPLANATION}},
        actor=live_world.reporting,
    )
    log_in(page, live_server.url, "staff", PASSWORD)
    _in(page, language)
    page.goto(f"{live_server.url}/dashboard/?unit={live_world.so_hy.pk}&period=2025")
    page.locator('tr[data-form="TEST.01"] a[href*="show=missing"]').click()
    page.wait_for_url(re.compile(r"/rounds/TEST\.01/2025/\?unit=\d+&show=missing$"))
    unit_row = page.locator('tr[data-unit="12001"]')
    assert unit_row.locator("td").last.inner_text() == "—"
    screenshot(page, f"round-not-sent-{language}")
    for box in page.locator('input[name="units"]').all():
        if box.get_attribute("value") != str(live_world.xa_hy.pk):
            box.uncheck()
    with page.expect_navigation():
        page.get_by_role("button", name=t["remind"]).click()
    assert page.locator(".msg-success").first.inner_text().startswith(t["reminded"])
    entry = AuditEntry.objects.get(action="submission.reminded")
    assert entry.unit == live_world.xa_hy and entry.actor == "staff"
    assert Notification.objects.filter(unit=live_world.xa_hy).count() == 1
    assert page.locator('tr[data-unit="12001"] td').last.inner_text() != "—"
    screenshot(page, f"round-reminded-{language}")

    page.goto(f"{live_server.url}/approvals/{sub.pk}/")
    line = page.locator(f'tr[data-indicator="{m.visits.code}"]')
    text = line.inner_text()
    assert t["outlier"] in text
    assert f"{t['unit_explains']} {EXPLANATION}" in text
    assert f"{t['unit_comment']} {COMMENT}" in text
    screenshot(page, f"approval-explained-{language}")
    page.get_by_role("button", name=t["approve"]).click()
    page.wait_for_url(re.compile(r"/approvals/$"))
    expect(page.locator(".messages")).to_contain_text(t["approved"])
    assert Submission.objects.get(pk=sub.pk).status == SubmissionStatus.APPROVED
