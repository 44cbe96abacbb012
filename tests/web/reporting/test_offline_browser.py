"""Offline entry in Debian's Chromium with the network switched off (Playwright's offline
mode): a report typed offline survives closing the tab, waits, and is stored exactly once
when the connection returns; a report refused after reconnecting says why and can be fixed
and sent again. Screenshots under test-artifacts/web/."""

import re
from contextlib import contextmanager

from django.core.signals import request_started
from playwright.sync_api import expect

from accounts.world import PASSWORD
from tongket.api.models import IdempotencyRecord
from tongket.core.models import AuditEntry
from tongket.reporting.models import Submission, SubmissionStatus
from tongket.reporting.services import (
    submission_approve,
    submission_submit,
    submission_unapprove,
    submission_values_set,
)
from web.browser import CHROMIUM, CHROMIUM_ARGS, log_in, screenshot

from .world import reporting_of

SENT = re.compile(r"Đã gửi lúc \d\d:\d\d:\d\d")


@contextmanager
def _requests_seen():
    """The paths the live server is asked for meanwhile: none while the network is off."""
    seen: list[str] = []

    def record(sender, environ=None, **kwargs):
        seen.append((environ or {}).get("PATH_INFO", "?"))

    request_started.connect(record, weak=False)
    try:
        yield seen
    finally:
        request_started.disconnect(record)


def _submitted_count(sub) -> int:
    return AuditEntry.objects.filter(
        object_type="submission", object_id=str(sub.pk), action="submission.submitted"
    ).count()


def _kept_for_offline(page, url: str) -> None:
    page.goto(url)
    expect(page.locator("#offline-entry .offline-ready")).to_be_visible()


def _section(page):
    return page.locator("#offline-entry")


def test_a_report_typed_offline_is_stored_once_when_the_connection_returns(
    page, live_server, live_world
):
    r = reporting_of(live_world)
    sub = live_world.sub_xa_hy
    url = f"{live_server.url}/entry/{sub.pk}/"
    log_in(page, live_server.url, "reporting", PASSWORD)
    _kept_for_offline(page, url)
    context = page.context
    console: list[str] = []
    context.on("console", lambda message: console.append(message.text))

    with _requests_seen() as seen:
        _offline_part(page, url)
        page = _offline_reopen(context, url)
    # Only the browser's own update check of the worker script (made by the browser, outside
    # Playwright's offline emulation, and carrying nothing of the user's) reached the server.
    asked = [path for path in seen if path != "/sw.js"]
    assert asked == [], f"the server was asked for {asked} while the network was off"
    assert Submission.objects.get(pk=sub.pk).status == SubmissionStatus.DRAFT
    assert not IdempotencyRecord.objects.exists()

    context.set_offline(False)  # the connection returns: the report goes by itself
    expect(_section(page).locator(".offline-sent")).to_contain_text(SENT)
    screenshot(page, "offline-entry-sent")
    stored = Submission.objects.get(pk=sub.pk)
    assert stored.status == SubmissionStatus.SUBMITTED
    values = dict(stored.values.values_list("indicator__code", "value"))
    assert values == {r.total.code: 1000, r.mobile.code: 900, r.revenue.code: 2060.5}
    # The comment typed offline went with the values.
    comments = dict(stored.values.values_list("indicator__code", "comment"))
    assert comments[r.revenue.code] == "Gồm doanh thu bưu chính"
    assert _submitted_count(sub) == 1
    assert IdempotencyRecord.objects.filter(path="/api/v1/reports").count() == 1

    # Opened again online: the report is sent, nothing waits, and it was stored once.
    page.reload()
    expect(page.locator(".offline-waiting")).to_have_count(0)
    expect(_section(page).locator(".offline-sent")).to_contain_text(SENT)
    assert _submitted_count(sub) == 1
    assert not [text for text in console if "Content Security Policy" in text]


def _offline_part(page, url):
    context = page.context
    context.set_offline(True)
    page.reload()  # answered by the service worker: the network is off
    expect(_section(page).locator(".is-offline")).to_contain_text("Không có mạng.")
    page.get_by_label("Tổng số thuê bao", exact=True).fill("1.000")
    page.get_by_label("Thuê bao di động", exact=True).fill("900")
    page.get_by_label("Doanh thu", exact=True).fill("2.060,5")
    page.get_by_label("Ghi chú: Doanh thu", exact=True).fill("Gồm doanh thu bưu chính")
    expect(_section(page).locator(".offline-saved")).to_contain_text("Đã lưu trên máy này lúc")
    page.close()  # the tab closed: nothing typed is lost

    page = context.new_page()
    page.goto(url)
    expect(_section(page).locator(".offline-restored")).to_contain_text("Đã khôi phục")
    assert page.get_by_label("Tổng số thuê bao", exact=True).input_value() == "1.000"
    assert page.get_by_label("Doanh thu", exact=True).input_value() == "2.060,5"
    comment = page.get_by_label("Ghi chú: Doanh thu", exact=True)
    assert comment.input_value() == "Gồm doanh thu bưu chính"

    # Checked here with the server's sentence: mobile above total is refused before queuing.
    page.get_by_label("Thuê bao di động", exact=True).fill("1.200")
    page.get_by_role("button", name="Gửi báo cáo").click()
    issue = page.locator(".offline-issue")
    expect(issue).to_have_count(1)
    expect(issue).to_have_text(
        "✗ «Thuê bao di động» (web.mobile) = 1.200 lớn hơn «Tổng số thuê bao» "
        "(web.subscribers) = 1.000"
    )
    expect(_section(page)).to_contain_text("Chưa gửi: còn 1 lỗi phải sửa")
    screenshot(page, "offline-entry-checked-in-the-browser")
    page.get_by_label("Thuê bao di động", exact=True).fill("900")
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(_section(page).locator(".offline-waiting")).to_contain_text("Đang chờ gửi")
    expect(page.locator(".offline-issue")).to_have_count(0)
    screenshot(page, "offline-entry-waiting")
    page.close()


def _offline_reopen(context, url):
    page = context.new_page()
    page.goto(url)
    expect(_section(page).locator(".offline-waiting")).to_contain_text("Đang chờ gửi")
    return page


def _in_english(page, base_url: str) -> None:
    page.goto(f"{base_url}/entry/")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()


def test_a_report_refused_after_reconnecting_says_why_and_is_fixed_and_sent_again(
    page, live_server, live_world
):
    r = reporting_of(live_world)
    sub = live_world.sub_xa_hy
    url = f"{live_server.url}/entry/{sub.pk}/"
    log_in(page, live_server.url, "reporting", PASSWORD)
    _in_english(page, live_server.url)
    _kept_for_offline(page, url)
    context = page.context

    context.set_offline(True)
    page.reload()
    expect(_section(page).locator(".is-offline")).to_contain_text("No connection.")
    page.get_by_label("Total subscribers", exact=True).fill("abc")
    page.get_by_label("Mobile subscribers", exact=True).fill("900")
    # The browser's own check, in English as the server says it.
    expect(page.locator(".offline-issue")).to_have_text("✗ is not a number")
    page.get_by_label("Total subscribers", exact=True).fill("1.000")
    page.get_by_label("Revenue", exact=True).fill("2.060,5")
    page.get_by_label("Revenue", exact=True).press("Tab")
    expect(page.locator(".offline-issue")).to_have_count(0)
    page.get_by_role("button", name="Send the report").click()
    expect(_section(page).locator(".offline-waiting")).to_contain_text("Waiting to be sent")

    # Meanwhile the department caps revenue: the form the browser kept no longer says so.
    r.revenue.max_value = 1000
    r.revenue.save(update_fields=["max_value"])

    context.set_offline(False)
    refused = _section(page).locator(".offline-refused")
    expect(refused).to_contain_text("The server refused the report you pressed send for at")
    expect(refused).to_contain_text("The report has 1 error(s) and was not submitted")
    expect(refused).to_contain_text("Fix the marked boxes")
    expect(page.locator(".offline-issue")).to_have_text(
        '✗ "Revenue" (web.revenue) = 2.060,5 is above the maximum 1.000'
    )
    screenshot(page, "offline-entry-refused-en")
    assert Submission.objects.get(pk=sub.pk).status == SubmissionStatus.DRAFT
    assert _submitted_count(sub) == 0

    # The fix is checked here against the form as it is now, then sent.
    page.get_by_label("Revenue", exact=True).fill("1.200")
    page.get_by_label("Revenue", exact=True).press("Tab")
    expect(page.locator(".offline-issue")).to_have_text(
        '✗ "Revenue" (web.revenue) = 1.200 is above the maximum 1.000'
    )
    page.get_by_label("Revenue", exact=True).fill("950,5")
    page.get_by_label("Revenue", exact=True).press("Tab")
    expect(page.locator(".offline-issue")).to_have_count(0)
    page.get_by_role("button", name="Send the report").click()
    expect(_section(page).locator(".offline-sent")).to_contain_text(
        re.compile(r"Sent at \d\d:\d\d:\d\d: the server has the report")
    )
    expect(_section(page).locator(".offline-refused")).to_have_count(0)
    screenshot(page, "offline-entry-fixed-and-sent-en")
    stored = Submission.objects.get(pk=sub.pk)
    assert stored.status == SubmissionStatus.SUBMITTED
    values = dict(stored.values.values_list("indicator__code", "value"))
    assert values == {r.total.code: 1000, r.mobile.code: 900, r.revenue.code: 950.5}
    assert _submitted_count(sub) == 1


def test_an_answer_lost_on_the_way_back_never_stores_the_report_twice(
    phone_page, live_server, live_world
):
    r = reporting_of(live_world)
    sub = live_world.sub_xa_hy
    page = phone_page
    url = f"{live_server.url}/entry/{sub.pk}/"
    log_in(page, live_server.url, "reporting", PASSWORD)
    _kept_for_offline(page, url)
    context = page.context
    context.set_offline(True)
    page.reload()
    page.get_by_label("Tổng số thuê bao", exact=True).fill("1.500")
    page.get_by_label("Thuê bao di động", exact=True).fill("1.400")
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(_section(page).locator(".offline-waiting")).to_contain_text("Đang chờ gửi")

    # The first attempt reaches the server, which stores the report; its answer is lost.
    keys: list[str] = []

    def lose_first_answer(route):
        keys.append(route.request.headers.get("idempotency-key", ""))
        response = route.fetch()
        if len(keys) == 1:
            route.abort("connectionreset")
        else:
            route.fulfill(response=response)

    # The page's requests and the worker's: Background Sync may send either attempt.
    context.route("**/api/v1/reports", lose_first_answer)
    context.set_offline(False)
    sent = _section(page).locator(".offline-sent")
    lost = _section(page).locator('.offline-waiting[data-note="network"]')
    expect(sent.or_(lost)).to_be_visible()
    assert keys and keys[0]
    assert Submission.objects.get(pk=sub.pk).status == SubmissionStatus.SUBMITTED
    if lost.is_visible():
        # Nothing came back: the page says it will try again (Background Sync may already
        # have); opening the page again tries at once.
        screenshot(page, "offline-entry-answer-lost-phone")
        page.reload()
    expect(sent).to_contain_text(SENT)
    # Sent again with the key made on «Gửi»: the server answered from what it stored.
    records = IdempotencyRecord.objects.filter(path="/api/v1/reports")
    assert [(rec.key, rec.status_code) for rec in records] == [(keys[0], 201)]
    assert all(key == keys[0] for key in keys)
    assert _submitted_count(sub) == 1
    values = dict(Submission.objects.get(pk=sub.pk).values.values_list("indicator__code", "value"))
    assert values == {r.total.code: 1500, r.mobile.code: 1400}


def test_a_send_whose_connection_fails_on_the_way_waits_and_goes_once(
    page, live_server, live_world
):
    """The browser believes it is online; the form's own POST fails on the way: the worker
    keeps the press (with the key the page made for it) and it goes through the API."""
    r = reporting_of(live_world)
    sub = live_world.sub_xa_hy
    url = f"{live_server.url}/entry/{sub.pk}/"
    log_in(page, live_server.url, "reporting", PASSWORD)
    _kept_for_offline(page, url)
    failed: list[str] = []

    def fail_the_form_post(route):
        if route.request.method == "POST" and not failed:
            failed.append(route.request.post_data or "")
            route.abort("connectionreset")
        else:
            route.continue_()

    page.context.route(re.compile(rf"/entry/{sub.pk}/$"), fail_the_form_post)
    page.get_by_label("Tổng số thuê bao", exact=True).fill("1.100")
    page.get_by_label("Thuê bao di động", exact=True).fill("700")
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(_section(page).locator(".offline-sent")).to_contain_text(SENT)
    assert len(failed) == 1 and "offline_key=" in failed[0]
    key = re.search(r"offline_key=([^&]+)", failed[0]).group(1)
    assert _submitted_count(sub) == 1
    every = [(r.path, r.key, r.status_code) for r in IdempotencyRecord.objects.all()]
    records = IdempotencyRecord.objects.filter(path="/api/v1/reports")
    assert [(rec.key, rec.status_code) for rec in records] == [(key, 201)], every
    values = dict(Submission.objects.get(pk=sub.pk).values.values_list("indicator__code", "value"))
    assert values == {r.total.code: 1100, r.mobile.code: 700}


def test_the_entry_page_installs_as_an_app(chromium, live_server, live_world, tmp_path):
    """Chromium's own installability check, in an ordinary (not incognito) profile."""
    reporting_of(live_world)
    context = chromium.browser_type.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=CHROMIUM, args=CHROMIUM_ARGS, locale="vi-VN"
    )
    try:
        page = context.pages[0] if context.pages else context.new_page()
        log_in(page, live_server.url, "reporting", PASSWORD)
        _kept_for_offline(page, f"{live_server.url}/entry/{live_world.sub_xa_hy.pk}/")
        cdp = context.new_cdp_session(page)
        errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
        manifest = cdp.send("Page.getAppManifest")
    finally:
        context.close()
    assert errors == [], errors
    assert manifest["url"].endswith("/entry/app.webmanifest") and not manifest["errors"]


def test_a_report_approved_meanwhile_is_refused_with_the_reason_and_sent_once_reopened(
    page, live_server, live_world
):
    """While the unit was offline, a colleague sent the report and the department approved
    it: the queued one is refused with the server's reason; once the department un-approves
    it (with a reason), the person's figures go."""
    r = reporting_of(live_world)
    sub = live_world.sub_xa_hy
    url = f"{live_server.url}/entry/{sub.pk}/"
    log_in(page, live_server.url, "reporting", PASSWORD)
    _kept_for_offline(page, url)
    context = page.context
    context.set_offline(True)
    page.reload()
    page.get_by_label("Tổng số thuê bao", exact=True).fill("1.300")
    page.get_by_label("Thuê bao di động", exact=True).fill("1.000")
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(_section(page).locator(".offline-waiting")).to_contain_text("Đang chờ gửi")

    report = Submission.objects.get(pk=sub.pk)
    submission_values_set(
        submission=report, values={r.total.code: 1250, r.mobile.code: 990}, actor="dong-nghiep"
    )
    submission_submit(submission=report, actor="dong-nghiep")
    submission_approve(submission=Submission.objects.get(pk=sub.pk), actor="can-bo-so")

    context.set_offline(False)
    refused = _section(page).locator(".offline-refused")
    expect(refused).to_contain_text("Máy chủ không nhận báo cáo bấm gửi lúc")
    expect(refused.locator(".offline-reason")).to_contain_text("«Đã duyệt», không thể gửi")
    expect(refused).to_contain_text("hiện không mở để gửi (trên máy chủ: «Đã duyệt»)")
    screenshot(page, "offline-entry-refused-approved")
    values = dict(Submission.objects.get(pk=sub.pk).values.values_list("indicator__code", "value"))
    assert values == {r.total.code: 1250, r.mobile.code: 990}  # the approved figures stand

    submission_unapprove(
        submission=Submission.objects.get(pk=sub.pk), actor="can-bo-so", reason="Đơn vị sửa số"
    )
    page.reload()
    expect(_section(page).locator(".offline-refused")).to_be_visible()
    page.get_by_label("Tổng số thuê bao", exact=True).fill("1.300")
    page.get_by_label("Thuê bao di động", exact=True).fill("1.000")
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(_section(page).locator(".offline-sent")).to_contain_text(SENT)
    expect(_section(page).locator(".offline-refused")).to_have_count(0)
    stored = Submission.objects.get(pk=sub.pk)
    assert stored.status == SubmissionStatus.SUBMITTED
    values = dict(stored.values.values_list("indicator__code", "value"))
    assert values == {r.total.code: 1300, r.mobile.code: 1000}
    assert _submitted_count(sub) == 2  # the colleague's, then the person's: once each


def test_logging_out_forgets_the_pages_kept_for_offline_use(page, live_server, live_world):
    reporting_of(live_world)
    url = f"{live_server.url}/entry/{live_world.sub_xa_hy.pk}/"
    log_in(page, live_server.url, "reporting", PASSWORD)
    _kept_for_offline(page, url)
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url(re.compile(r"/login/"))
    page.context.set_offline(True)
    page.goto(url)
    expect(page.get_by_role("heading", name="Không có mạng")).to_be_visible()
    expect(page.get_by_text("Trang này chưa được mở trên máy này khi có mạng")).to_be_visible()
    expect(page.get_by_label("Tổng số thuê bao", exact=True)).to_have_count(0)
    kept = page.evaluate("caches.keys()")
    assert not [name for name in kept if name.startswith("tongket-pages-")], kept


def test_a_session_ended_while_offline_asks_to_log_in_and_the_report_goes_after(
    page, live_server, live_world
):
    from django.contrib.sessions.models import Session

    r = reporting_of(live_world)
    sub = live_world.sub_xa_hy
    url = f"{live_server.url}/entry/{sub.pk}/"
    log_in(page, live_server.url, "reporting", PASSWORD)
    _kept_for_offline(page, url)
    page.context.set_offline(True)
    page.reload()
    page.get_by_label("Tổng số thuê bao", exact=True).fill("800")
    page.get_by_label("Thuê bao di động", exact=True).fill("600")
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(_section(page).locator(".offline-waiting")).to_contain_text("Đang chờ gửi")

    Session.objects.all().delete()  # the session ends while the commune is offline
    page.context.set_offline(False)
    waiting = _section(page).locator('.offline-waiting[data-note="login"]')
    expect(waiting).to_contain_text("Phiên đăng nhập đã hết")
    assert Submission.objects.get(pk=sub.pk).status == SubmissionStatus.DRAFT
    screenshot(page, "offline-entry-log-in-again")

    waiting.get_by_role("link", name="Đăng nhập lại").click()
    page.get_by_label("Tên đăng nhập").fill("reporting")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(url)
    expect(_section(page).locator(".offline-sent")).to_contain_text(SENT)
    values = dict(Submission.objects.get(pk=sub.pk).values.values_list("indicator__code", "value"))
    assert values == {r.total.code: 800, r.mobile.code: 600}
    assert _submitted_count(sub) == 1
