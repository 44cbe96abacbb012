"""Roles and the named permissions each one grants.

A permission is granted by a role *within a scope* (see ``tongket.accounts.scope``): a
department staff member may approve submissions, but only those of units in their province.
Nothing is allowed unless a role listed here grants it (deny by default).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

UNIT_VIEW = "unit.view"
INDICATOR_VIEW = "indicator.view"
DASHBOARD_VIEW = "dashboard.view"
SUBMISSION_VIEW = "submission.view"
SUBMISSION_EDIT = "submission.edit"
SUBMISSION_APPROVE = "submission.approve"
VALUES_IMPORT = "values.import"
VALUES_EXPORT = "values.export"
TARGET_VIEW = "target.view"
TARGET_EDIT = "target.edit"
ANALYTICS_VIEW = "analytics.view"
MEETING_VIEW = "meeting.view"
MEETING_MANAGE = "meeting.manage"
TASK_VIEW = "task.view"
TASK_ASSIGN = "task.assign"
TASK_REPORT = "task.report"
COMMENDATION_VIEW = "commendation.view"
COMMENDATION_MANAGE = "commendation.manage"
DOCUMENT_IMPORT = "document.import"
AUDIT_VIEW = "audit.view"
ACCOUNT_MANAGE = "account.manage"
REPORT_WRITE = "report.write"

ALL_PERMISSIONS: frozenset[str] = frozenset(
    {
        UNIT_VIEW,
        INDICATOR_VIEW,
        DASHBOARD_VIEW,
        SUBMISSION_VIEW,
        SUBMISSION_EDIT,
        SUBMISSION_APPROVE,
        VALUES_IMPORT,
        VALUES_EXPORT,
        TARGET_VIEW,
        TARGET_EDIT,
        ANALYTICS_VIEW,
        MEETING_VIEW,
        MEETING_MANAGE,
        TASK_VIEW,
        TASK_ASSIGN,
        TASK_REPORT,
        COMMENDATION_VIEW,
        COMMENDATION_MANAGE,
        DOCUMENT_IMPORT,
        AUDIT_VIEW,
        ACCOUNT_MANAGE,
        REPORT_WRITE,
    }
)


class Role(models.TextChoices):
    ADMIN = "admin", _("Quản trị hệ thống")
    STAFF = "staff", _("Cán bộ sở")
    REPORTING = "reporting", _("Đơn vị báo cáo")
    LEADER = "leader", _("Lãnh đạo")
    ANALYST = "analyst", _("Chuyên viên phân tích của Bộ")


_READ = frozenset(
    {
        UNIT_VIEW,
        INDICATOR_VIEW,
        DASHBOARD_VIEW,
        SUBMISSION_VIEW,
        TARGET_VIEW,
        ANALYTICS_VIEW,
        VALUES_EXPORT,
        MEETING_VIEW,
        TASK_VIEW,
        COMMENDATION_VIEW,
    }
)

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.ADMIN: ALL_PERMISSIONS,
    Role.STAFF: _READ
    | {
        SUBMISSION_EDIT,
        SUBMISSION_APPROVE,
        VALUES_IMPORT,
        TARGET_EDIT,
        MEETING_MANAGE,
        TASK_ASSIGN,
        TASK_REPORT,
        COMMENDATION_MANAGE,
        DOCUMENT_IMPORT,
        AUDIT_VIEW,
        REPORT_WRITE,
        # Within the department's scope, and only for reporting units' accounts
        # (tongket.accounts.selectors.account_manageable).
        ACCOUNT_MANAGE,
    },
    # A commune or an enterprise sees and fills in its own reports, nothing else.
    Role.REPORTING: frozenset(
        {UNIT_VIEW, INDICATOR_VIEW, DASHBOARD_VIEW, SUBMISSION_VIEW, SUBMISSION_EDIT, VALUES_IMPORT}
    ),
    Role.LEADER: _READ | {TASK_ASSIGN, AUDIT_VIEW},
    # Read everything, but not the audit trail: it names people and their addresses, which
    # comparing provinces does not need.
    Role.ANALYST: _READ,
}

# Roles that hold for the whole country; their assignments carry no unit.
GLOBAL_ROLES: frozenset[str] = frozenset({Role.ADMIN, Role.ANALYST})

# Roles whose scope reaches down the unit hierarchy; a reporting unit's stops at itself.
HIERARCHICAL_ROLES: frozenset[str] = frozenset({Role.STAFF, Role.LEADER})

# When a user holds several roles, the home page starts with the first of these.
ROLE_PRECEDENCE: tuple[str, ...] = (
    Role.ADMIN,
    Role.STAFF,
    Role.LEADER,
    Role.ANALYST,
    Role.REPORTING,
)


def role_permissions(role: str) -> frozenset[str]:
    return ROLE_PERMISSIONS.get(role, frozenset())
