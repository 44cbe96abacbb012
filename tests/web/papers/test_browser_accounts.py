"""Real Chromium, in Vietnamese and in English: an administrator creates an account, gives it a
role over a unit and a second one, the new user logs in with the one-time password and must
choose their own; the administrator deactivates the account and its API token is refused at
once. Screenshots under test-artifacts/web/."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest
from django.contrib.auth import get_user_model

from accounts.world import PASSWORD
from tongket.accounts.models import RoleAssignment
from tongket.api.tokens import apitoken_create
from tongket.core.models import AuditEntry
from web.browser import log_in, screenshot
from web.papers.english import vietnamese_left

WORDS = {
    "vi": {
        "nav": "Người dùng",
        "create": "Tạo tài khoản",
        "username": "Tên đăng nhập",
        "full_name": "Họ và tên",
        "email": "Thư điện tử",
        "role": "Vai trò",
        "reporting": "Đơn vị báo cáo",
        "unit": "Đơn vị phạm vi",
        "give": "Cấp vai trò",
        "deactivate": "Khóa tài khoản",
        "deactivated": "Đã khóa",
        "search": "Tìm",
        "search_box": "Tìm theo tên đăng nhập, họ tên, thư điện tử",
        "old": "Mật khẩu hiện tại",
        "new": "Mật khẩu mới",
        "again": "Nhập lại mật khẩu mới",
        "change": "Đổi mật khẩu",
        "changed": "Đã đổi mật khẩu",
        "must": "mật khẩu dùng một lần",
        "outside": "nằm ngoài phạm vi",
    },
    "en": {
        "nav": "Users",
        "create": "Create an account",
        "username": "Username",
        "full_name": "Full name",
        "email": "E-mail",
        "role": "Role",
        "reporting": "Reporting unit",
        "unit": "Scope unit",
        "give": "Give the role",
        "deactivate": "Deactivate the account",
        "deactivated": "Deactivated",
        "search": "Search",
        "search_box": "Search by username, name or e-mail",
        "old": "Current password",
        "new": "New password",
        "again": "New password again",
        "change": "Change password",
        "changed": "Password changed",
        "must": "one-time password",
        "outside": "outside the scope",
    },
}
NEW_PASSWORD = "Xã-Tân-Hòa-2027!"


def _api_status(base: str, token: str) -> int:
    request = urllib.request.Request(
        f"{base}/api/v1/units?limit=1", headers={"Authorization": f"Bearer {token}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            json.load(response)
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _english(page):
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_administrator_creates_scopes_and_deactivates_an_account(
    page, chromium, live_server, live_world, lang
):
    words = WORDS[lang]
    w = live_world
    names = [w.xa_hy.name, w.xa_hy2.name, "Trần Thị Bình", "xa.tanhoa", "admin"]
    log_in(page, live_server.url, "admin", PASSWORD)
    if lang == "en":
        _english(page)
    page.get_by_role("navigation").get_by_role("link", name=words["nav"], exact=True).click()
    page.wait_for_load_state()
    page.get_by_role("link", name=words["create"]).click()
    page.wait_for_load_state()
    page.get_by_label(words["username"]).fill("xa.tanhoa")
    page.get_by_label(words["full_name"]).fill("Trần Thị Bình")
    page.get_by_label(words["email"]).fill("tanhoa@example.vn")
    page.get_by_label(words["role"]).select_option(label=words["reporting"])
    page.get_by_label(words["unit"]).fill(w.xa_hy2.code)
    screenshot(page, f"account-create-{lang}")
    page.get_by_role("button", name=words["create"]).click()
    page.wait_for_load_state()
    one_time = page.locator("#one-time-password").inner_text().strip()
    assert len(one_time) == 19
    screenshot(page, f"account-created-{lang}")
    user = get_user_model().objects.get(username="xa.tanhoa")
    assert user.check_password(one_time) and user.get_full_name() == "Trần Thị Bình"

    # A second scope: the neighbouring commune.
    page.get_by_label(words["role"]).select_option(label=words["reporting"])
    page.get_by_label(words["unit"]).fill(w.xa_hy.code)
    page.get_by_role("button", name=words["give"]).click()
    page.wait_for_load_state()
    roles = page.locator("table.roles").inner_text()
    assert w.xa_hy.name in roles and w.xa_hy2.name in roles
    assert set(RoleAssignment.objects.filter(user=user).values_list("unit__code", flat=True)) == {
        w.xa_hy.code,
        w.xa_hy2.code,
    }
    if lang == "en":
        left = vietnamese_left(page.locator("main").inner_text(), names)
        assert not left, left

    # The new user logs in with the one-time password and must choose their own first.
    other = chromium.new_context(locale="vi-VN")
    person = other.new_page()
    log_in(person, live_server.url, "xa.tanhoa", one_time)
    person.goto(f"{live_server.url}/entry/")
    assert person.url.endswith("/account/password/")
    if lang == "en":
        _english(person)
    assert words["must"] in person.locator("main").inner_text()
    if lang == "en":
        left = vietnamese_left(person.locator("main").inner_text(), names)
        assert not left, left
    screenshot(person, f"account-password-change-{lang}")
    person.get_by_label(words["old"]).fill(one_time)
    person.get_by_label(words["new"], exact=True).fill(NEW_PASSWORD)
    person.get_by_label(words["again"]).fill(NEW_PASSWORD)
    person.get_by_role("button", name=words["change"]).click()
    person.wait_for_load_state()
    assert words["changed"] in person.get_by_role("status").inner_text()
    person.goto(f"{live_server.url}/entry/")
    assert person.url.endswith("/entry/")
    other.close()

    # Its API token works until the account is deactivated, then is refused at once.
    _token, secret = apitoken_create(user=user, name="phần mềm xã", actor="admin")
    assert _api_status(live_server.url, secret) == 200
    page.get_by_role("button", name=words["deactivate"]).click()
    page.wait_for_load_state()
    assert words["deactivated"] in page.locator("dl.facts").inner_text()
    screenshot(page, f"account-deactivated-{lang}")
    assert _api_status(live_server.url, secret) == 401

    page.goto(f"{live_server.url}/users/")
    page.get_by_label(words["search_box"]).fill("Bình")
    page.get_by_role("button", name=words["search"], exact=True).click()
    page.wait_for_load_state()
    rows = page.locator("table.users tbody tr").all_inner_texts()
    assert len(rows) == 1 and "xa.tanhoa" in rows[0] and words["deactivated"] in rows[0]
    screenshot(page, f"account-list-{lang}")
    if lang == "en":
        left = vietnamese_left(page.locator("main").inner_text(), names)
        assert not left, left

    actions = set(
        AuditEntry.objects.filter(object_type="user", object_id=str(user.pk)).values_list(
            "action", flat=True
        )
    )
    assert {"user.created", "role.granted", "user.password_changed", "user.deactivated"} <= actions


def test_department_staff_give_accounts_only_to_their_own_reporting_units(
    page, live_server, live_world
):
    w = live_world
    log_in(page, live_server.url, "staff", PASSWORD)
    page.goto(f"{live_server.url}/users/new/")
    roles = page.get_by_label("Vai trò").locator("option").all_inner_texts()
    assert roles == ["Đơn vị báo cáo"]  # no staff, leader or administrator accounts
    page.get_by_label("Tên đăng nhập").fill("phuong.badinh")
    page.get_by_label("Đơn vị phạm vi").fill(w.xa_hn.code)  # Hà Nội's ward
    page.get_by_role("button", name="Tạo tài khoản").click()
    page.wait_for_load_state()
    assert "nằm ngoài phạm vi" in page.locator("main form").inner_text()
    assert not get_user_model().objects.filter(username="phuong.badinh").exists()
    screenshot(page, "account-create-outside-scope")
    page.goto(f"{live_server.url}/users/")
    listed = page.locator("table.users tbody").inner_text()
    assert "reporting" in listed and "reporting_other" not in listed and "admin" not in listed
