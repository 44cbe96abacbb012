"""The layout: navigation by role, start pages, language, error pages."""

import re

import pytest
from django.test import Client

from tongket.web.navigation import NAV_ITEMS

ALL_AREAS = [item.key for item in NAV_ITEMS]
AREAS_BY_ROLE = {
    "admin": ALL_AREAS,
    "staff": ALL_AREAS,
    "leader": ["dashboard", "units", "indicators", "meetings", "tasks", "commendations", "audit"],
    "analyst": ["dashboard", "units", "indicators", "meetings", "tasks", "commendations"],
    "reporting": ["dashboard", "entry", "units", "indicators"],
    "nobody": [],
}


def _areas(html: str) -> list[str]:
    return re.findall(r'data-area="([a-z]+)"', html)


@pytest.fixture
def all_areas(settings):
    settings.ROOT_URLCONF = "web.urls_all_areas"


@pytest.mark.parametrize("role", sorted(AREAS_BY_ROLE))
def test_navigation_shows_only_what_the_role_allows(clients, all_areas, role):
    page = clients[role].get("/account/")
    assert page.status_code == 200
    assert _areas(page.content.decode()) == AREAS_BY_ROLE[role]


@pytest.mark.parametrize(
    ("role", "start"),
    [
        ("admin", "/dashboard/"),
        ("staff", "/approvals/"),
        ("leader", "/dashboard/"),
        ("analyst", "/dashboard/"),
        ("reporting", "/entry/"),
        ("nobody", "/account/"),
    ],
)
def test_home_sends_each_role_to_its_start_page(clients, all_areas, role, start):
    response = clients[role].get("/")
    assert response.status_code == 302 and response.url == start


@pytest.mark.parametrize(
    ("role", "start"),
    [
        ("admin", "/dashboard/"),
        ("staff", "/approvals/"),
        ("leader", "/dashboard/"),
        ("reporting", "/entry/"),
        ("nobody", "/account/"),
    ],
)
def test_start_pages_among_the_pages_that_exist_today(clients, role, start):
    assert clients[role].get("/").url == start


def test_navigation_lists_only_pages_that_exist(clients):
    html = clients["staff"].get("/account/").content.decode()
    # Every area has its page now.
    assert _areas(html) == ALL_AREAS
    assert 'aria-current="page"' not in html
    units = clients["staff"].get("/units/").content.decode()
    assert re.search(r'href="/units/" data-area="units" aria-current="page"', units)


def test_header_names_the_user_and_their_role(clients):
    html = clients["staff"].get("/account/").content.decode()
    assert "Cán bộ sở · Sở Khoa học và Công nghệ Hưng Yên" in html
    assert "Đăng xuất" in html


def test_account_page_lists_roles(clients, world):
    html = clients["leader"].get("/account/").content.decode()
    assert "Lãnh đạo" in html and "Hưng Yên" in html and "01/01/2016" in html
    html = clients["nobody"].get("/account/").content.decode()
    assert "chưa có vai trò nào đang hiệu lực" in html


def test_pages_are_vietnamese_whatever_the_browser_asks(clients):
    html = clients["staff"].get("/units/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="vi">' in html and "Đơn vị" in html


def test_language_switch_to_english_and_back(world):
    client = Client()
    client.force_login(world.staff)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/units/"})
    assert response.status_code == 302 and response.url == "/units/"
    html = client.get("/units/").content.decode()
    assert '<html lang="en">' in html
    assert "Log out" in html and "Units" in html and "Đăng xuất" not in html
    client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    assert "Đăng xuất" in client.get("/units/").content.decode()


def test_login_page_in_english(db):
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    html = client.get("/login/").content.decode()
    assert "Password" in html and "Mật khẩu" not in html


def test_not_found_page_in_vietnamese(clients):
    page = clients["staff"].get("/no-such-page/")
    assert page.status_code == 404
    assert "Không tìm thấy trang" in page.content.decode()


def test_forbidden_page_in_vietnamese(clients):
    page = clients["reporting"].get("/audit/")
    assert page.status_code == 403
    assert "Không có quyền truy cập" in page.content.decode()


def test_server_error_page_in_vietnamese(world, all_areas):
    client = Client(raise_request_exception=False)
    client.force_login(world.staff)
    page = client.get("/boom/")
    assert page.status_code == 500
    html = page.content.decode()
    assert "Lỗi máy chủ" in html and "boom" not in html


def test_unit_list_filters(clients, world):
    html = clients["staff"].get("/units/", {"q": "Vũ Thư"}).content.decode()
    assert "Xã Vũ Thư" in html and "Xã Tân Hòa" not in html
    html = clients["staff"].get("/units/").content.decode()
    assert "Thái Bình" not in html  # ended: shown only with history
    # The enterprise that moved to Hà Nội in 2020 is Hà Nội's today, Hưng Yên's history.
    assert "Công ty Bưu điện Dời" not in html
    assert "Công ty Bưu điện Dời" in clients["staff_other"].get("/units/").content.decode()
    history = clients["staff"].get("/units/", {"history": "on"}).content.decode()
    assert "Công ty Bưu điện Dời" in history and "Xã Tân Lập" in history
    html = clients["staff"].get("/units/", {"history": "on", "kind": "province"}).content.decode()
    assert "Thái Bình" in html and "Hà Nội" not in html


def test_unit_page_shows_history(clients, world):
    html = clients["staff"].get(f"/units/{world.xa_hy.pk}/").content.decode()
    assert "Xã Tân Lập" in html and "01/07/2025" in html
    # The reporting unit sees its predecessor's name but gets no link to the split commune.
    html = clients["reporting"].get(f"/units/{world.xa_hy.pk}/").content.decode()
    assert f'href="/units/{world.xa_tb_old.pk}/"' in html
    assert f'href="/units/{world.xa_split.pk}/"' not in html


def test_audit_page_is_scoped_and_filterable(clients, world):
    from tongket.core.audit import audit_record

    audit_record(
        actor="a", action="value.changed", object_type="value", unit=world.xa_hy, summary="HY"
    )
    audit_record(
        actor="b", action="value.changed", object_type="value", unit=world.xa_hn, summary="HN"
    )
    staff = clients["staff"].get("/audit/").content.decode()
    assert "HY" in staff and ">HN<" not in staff
    admin = clients["admin"].get("/audit/", {"user": "b"}).content.decode()
    assert "HN" in admin and "Xã Vũ Thư" not in admin
    partial = clients["admin"].get("/audit/", {"unit": "12001"}, HTTP_HX_REQUEST="true")
    text = partial.content.decode()
    assert text.startswith('<div id="audit-rows">') and "Xã Vũ Thư" in text and "<html" not in text
    bad = clients["admin"].get("/audit/", {"since": "01/02/2026", "until": "01/01/2026"})
    assert "Ngày kết thúc phải sau ngày bắt đầu." in bad.content.decode()


def test_chart_include_renders_data_and_a_table(clients, all_areas):
    html = clients["staff"].get("/chart/").content.decode()
    assert '<figure class="chart" data-chart="chart-subscribers"' in html
    assert '<script id="chart-subscribers" type="application/json">' in html
    assert "151.200,5" in html and "120.500" in html and "—" in html
    assert "/static/vendor/uplot/uPlot.iife.min.js" in html and "/static/web/charts.js" in html
