"""Real Chromium: log in as each role, navigation, throttling, language, phone, htmx under CSP."""

import re

import pytest

from accounts.world import PASSWORD
from web.browser import log_in, screenshot

REPORTING_AREAS = ["Tổng quan", "Nhập số liệu", "Duyệt báo cáo"]
MEETING_AREAS = ["Hội nghị", "Nhiệm vụ", "Khen thưởng"]
STAFF_AREAS = ["Nhập văn bản", "Báo cáo tổng kết", "Kiểm tra chữ ký số", "Người dùng"]
NAV = {
    "admin": [*REPORTING_AREAS, "Đơn vị", "Chỉ tiêu", *MEETING_AREAS, *STAFF_AREAS, "Nhật ký"],
    "staff": [*REPORTING_AREAS, "Đơn vị", "Chỉ tiêu", *MEETING_AREAS, *STAFF_AREAS, "Nhật ký"],
    "leader": ["Tổng quan", "Đơn vị", "Chỉ tiêu", *MEETING_AREAS, "Nhật ký"],
    "analyst": ["Tổng quan", "Đơn vị", "Chỉ tiêu", *MEETING_AREAS],
    "reporting": ["Tổng quan", "Nhập số liệu", "Đơn vị", "Chỉ tiêu"],
    "nobody": [],
}


def _nav(page) -> list[str]:
    return [t.strip() for t in page.locator("nav.nav a").all_inner_texts()]


@pytest.mark.parametrize("role", sorted(NAV))
def test_log_in_as_each_role_and_see_its_navigation(page, live_server, live_world, role):
    log_in(page, live_server.url, role, PASSWORD)
    assert "/login/" not in page.url
    assert _nav(page) == NAV[role]
    assert page.get_by_role("button", name="Đăng xuất").is_visible()
    screenshot(page, f"start-{role}")
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url(re.compile(r"/login/$"))
    assert page.get_by_text("Bạn đã đăng xuất.").is_visible()


def test_wrong_password_then_lock(page, live_server, live_world):
    page.goto(f"{live_server.url}/login/")
    for _ in range(5):
        page.get_by_label("Tên đăng nhập").fill("staff")
        page.get_by_label("Mật khẩu").fill("sai-mat-khau")
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_load_state()
    alert = page.get_by_role("alert")
    assert "tạm khóa" in alert.inner_text()
    screenshot(page, "login-locked")
    log_in(page, live_server.url, "staff", PASSWORD)
    assert "/login/" in page.url and "tạm khóa" in page.get_by_role("alert").inner_text()


def test_language_switch(page, live_server, live_world):
    log_in(page, live_server.url, "staff", PASSWORD)
    page.goto(f"{live_server.url}/units/")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.url.endswith("/units/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert _nav(page) == [
        "Overview",
        "Data entry",
        "Approvals",
        "Units",
        "Indicators",
        "Meetings",
        "Tasks",
        "Commendations",
        "Import documents",
        "Year-end reports",
        "Check digital signatures",
        "Users",
        "Audit trail",
    ]
    assert page.get_by_role("button", name="Log out").is_visible()
    screenshot(page, "units-english")
    page.get_by_role("button", name="Tiếng Việt").click()
    page.wait_for_load_state()
    assert _nav(page) == NAV["staff"]


def test_units_and_unit_history(page, live_server, live_world):
    log_in(page, live_server.url, "staff", PASSWORD)
    page.goto(f"{live_server.url}/units/")
    page.get_by_label("Tên hoặc mã").fill("Vũ Thư")
    page.get_by_role("button", name="Lọc").click()
    page.get_by_role("link", name="Xã Vũ Thư").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Xã Vũ Thư"
    assert page.get_by_role("link", name="Xã Tân Lập").is_visible()
    screenshot(page, "unit-detail")


def test_audit_filter_updates_in_place_with_htmx(page, live_server, live_world):
    log_in(page, live_server.url, "staff", PASSWORD)  # writes auth.login, no unit
    page.goto(f"{live_server.url}/audit/")
    page.evaluate("window.__stayed = true")
    page.get_by_label("Người thực hiện").fill("nobody-at-all")
    page.get_by_role("button", name="Lọc").click()
    page.wait_for_url(re.compile(r"user=nobody-at-all"))
    assert page.get_by_text("Không có mục nào.").is_visible()
    assert page.evaluate("window.__stayed === true"), "the page was reloaded instead of swapped"
    screenshot(page, "audit-filtered")


def test_refused_page_and_missing_object(page, live_server, live_world):
    log_in(page, live_server.url, "reporting", PASSWORD)
    response = page.goto(f"{live_server.url}/audit/")
    assert response.status == 403
    assert page.get_by_role("heading", name="Không có quyền truy cập").is_visible()
    screenshot(page, "error-403")
    response = page.goto(f"{live_server.url}/units/{live_world.xa_hn.pk}/")
    assert response.status == 404
    assert page.get_by_role("heading", name="Không tìm thấy trang").is_visible()
    screenshot(page, "error-404")


def test_phone_layout(phone_page, live_server, live_world, settings):
    settings.ROOT_URLCONF = "web.urls_all_areas"  # every area in the navigation
    page = phone_page
    page.goto(f"{live_server.url}/login/")
    screenshot(page, "phone-login")
    log_in(page, live_server.url, "staff", PASSWORD)
    page.goto(f"{live_server.url}/units/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"
    for link in page.locator("nav.nav a").all() + page.locator("header button").all():
        box = link.bounding_box()
        assert box["height"] >= 44, f"touch target too small: {link.inner_text()} {box}"
    screenshot(page, "phone-units")
    page.goto(f"{live_server.url}/chart/")
    page.wait_for_selector("figure.chart .uplot canvas")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "phone-chart")


def test_chart_is_drawn_under_the_content_security_policy(page, live_server, live_world, settings):
    settings.ROOT_URLCONF = "web.urls_all_areas"
    log_in(page, live_server.url, "staff", PASSWORD)
    page.goto(f"{live_server.url}/chart/")
    page.wait_for_selector("figure.chart .uplot canvas")
    assert page.locator("figure.chart").get_attribute("data-drawn") == "1"
    legend = page.locator("figure.chart .u-legend").inner_text()
    assert "Thái Bình" in legend and "Hưng Yên" in legend
    assert page.evaluate("tongketCharts.vnNumber(2060.5)") == "2.060,5"
    screenshot(page, "chart")
