"""The navigation: one entry per area, shown when the user's roles allow it.

An area appears once its page exists (its URL name resolves) and the user holds its
permission somewhere. A new page plugs in by using the URL name listed here.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tongket.accounts import roles
from tongket.accounts.scope import user_grants, user_permissions


@dataclass(frozen=True)
class NavItem:
    key: str
    label: Promise
    url_name: str
    permission: str


NAV_ITEMS: tuple[NavItem, ...] = (
    NavItem("dashboard", _("Tổng quan"), "dashboard", roles.DASHBOARD_VIEW),
    NavItem("entry", _("Nhập số liệu"), "entry", roles.SUBMISSION_EDIT),
    NavItem("approvals", _("Duyệt báo cáo"), "approvals", roles.SUBMISSION_APPROVE),
    NavItem("units", _("Đơn vị"), "units", roles.UNIT_VIEW),
    NavItem("indicators", _("Chỉ tiêu"), "indicators", roles.INDICATOR_VIEW),
    NavItem("meetings", _("Hội nghị"), "meetings", roles.MEETING_VIEW),
    NavItem("tasks", _("Nhiệm vụ"), "tasks", roles.TASK_VIEW),
    NavItem("commendations", _("Khen thưởng"), "commendations", roles.COMMENDATION_VIEW),
    NavItem("documents", _("Nhập văn bản"), "documents", roles.DOCUMENT_IMPORT),
    NavItem("papers", _("Báo cáo tổng kết"), "papers", roles.REPORT_WRITE),
    NavItem("verify", _("Kiểm tra chữ ký số"), "verify", roles.DOCUMENT_IMPORT),
    NavItem("users", _("Người dùng"), "users", roles.ACCOUNT_MANAGE),
    NavItem("audit", _("Nhật ký"), "audit", roles.AUDIT_VIEW),
)

# Where each role starts: the first of its areas whose page exists.
START_AREAS: dict[str, tuple[str, ...]] = {
    roles.Role.ADMIN: ("dashboard", "audit", "units"),
    roles.Role.STAFF: ("approvals", "dashboard", "entry", "units"),
    roles.Role.LEADER: ("dashboard", "tasks", "units"),
    roles.Role.ANALYST: ("dashboard", "indicators", "units"),
    roles.Role.REPORTING: ("entry", "dashboard", "units"),
}


def _url(url_name: str) -> str | None:
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return None


@dataclass(frozen=True)
class NavLink:
    key: str
    label: Promise
    url: str


def nav_links(user) -> list[NavLink]:
    allowed = user_permissions(user)
    links = []
    for item in NAV_ITEMS:
        url = _url(item.url_name)
        if url is not None and item.permission in allowed:
            links.append(NavLink(item.key, item.label, url))
    return links


def start_url(user) -> str | None:
    """The page the home page sends ``user`` to, or None when no area of theirs exists yet."""
    by_key = {link.key: link.url for link in nav_links(user)}
    held = {grant.role for grant in user_grants(user)}
    for role in roles.ROLE_PRECEDENCE:
        if role in held:
            for key in START_AREAS[role]:
                if key in by_key:
                    return by_key[key]
    return None
