"""The role table: deny by default, and the promises each role makes."""

from tongket.accounts import roles
from tongket.accounts.roles import ROLE_PERMISSIONS, Role

WRITES = {
    roles.SUBMISSION_EDIT,
    roles.SUBMISSION_APPROVE,
    roles.VALUES_IMPORT,
    roles.TARGET_EDIT,
    roles.MEETING_MANAGE,
    roles.TASK_ASSIGN,
    roles.TASK_REPORT,
    roles.COMMENDATION_MANAGE,
    roles.DOCUMENT_IMPORT,
    roles.ACCOUNT_MANAGE,
}


def test_every_role_has_an_entry_and_only_known_permissions():
    assert set(ROLE_PERMISSIONS) == set(Role.values)
    for granted in ROLE_PERMISSIONS.values():
        assert granted <= roles.ALL_PERMISSIONS


def test_constants_are_the_whole_list():
    named = {
        value
        for name, value in vars(roles).items()
        if name.isupper() and isinstance(value, str) and "." in value
    }
    assert named == roles.ALL_PERMISSIONS


def test_administrators_and_department_staff_manage_accounts():
    # Staff only within their scope and only reporting units' accounts
    # (tongket.accounts.selectors.account_scope; tests/web/papers/test_account_pages.py).
    holders = {
        role for role, granted in ROLE_PERMISSIONS.items() if roles.ACCOUNT_MANAGE in granted
    }
    assert holders == {Role.ADMIN, Role.STAFF}


def test_reporting_unit_only_enters_its_reports():
    assert ROLE_PERMISSIONS[Role.REPORTING] & WRITES == {roles.SUBMISSION_EDIT, roles.VALUES_IMPORT}


def test_analyst_and_leader_read():
    assert not ROLE_PERMISSIONS[Role.ANALYST] & WRITES
    assert ROLE_PERMISSIONS[Role.LEADER] & WRITES == {roles.TASK_ASSIGN}


def test_approvals_belong_to_department_staff_and_administrators():
    holders = {r for r, granted in ROLE_PERMISSIONS.items() if roles.SUBMISSION_APPROVE in granted}
    assert holders == {Role.STAFF, Role.ADMIN}
