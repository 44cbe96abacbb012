"""Demo accounts never weaken an installation: `demoaccounts` only prints, `demo` leaves
existing accounts alone unless asked, and a production installation refuses the demo."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from tongket.accounts import roles
from tongket.accounts.demo import accounts_demo_load
from tongket.accounts.models import RoleAssignment
from tongket.accounts.roles import Role
from tongket.accounts.scope import user_can
from tongket.accounts.services import AccountError
from tongket.core.models import AuditEntry
from tongket.demo.services import DemoError, demo_load

User = get_user_model()
USERNAMES = ("quantri", "canbo.hungyen", "lanhdao.hungyen", "baocao.12001", "phantich.bo")


def _printed() -> str:
    out = io.StringIO()
    call_command("demoaccounts", stdout=out)
    return out.getvalue()


def test_demo_accounts_one_per_role(world):
    result = accounts_demo_load()
    assert sorted(a.role for a in result.created) == sorted(str(r.label) for r in Role)
    assert (result.kept, result.reset) == ([], [])
    assert RoleAssignment.objects.filter(user__username__in=USERNAMES).count() == 5
    by_role = {a.role: a for a in result.created}
    staff = User.objects.get(username=by_role[str(Role.STAFF.label)].username)
    assert staff.check_password(by_role[str(Role.STAFF.label)].password)
    assert user_can(staff, roles.SUBMISSION_APPROVE, world.xa_hy)
    reporter = User.objects.get(username=by_role[str(Role.REPORTING.label)].username)
    assert user_can(reporter, roles.SUBMISSION_EDIT, world.xa_hy)
    assert not user_can(reporter, roles.SUBMISSION_EDIT, world.xa_hy2)


def test_a_second_run_leaves_changed_passwords_and_revoked_grants_alone(world):
    accounts_demo_load()
    admin = User.objects.get(username="quantri")
    admin.set_password("a-real-secret-of-the-admin")
    admin.save(update_fields=["password"])
    RoleAssignment.objects.filter(user__username="canbo.hungyen").delete()
    audit_before = AuditEntry.objects.count()

    again = accounts_demo_load()

    assert again.created == [] and sorted(again.kept) == sorted(USERNAMES)
    admin.refresh_from_db()
    assert admin.check_password("a-real-secret-of-the-admin")
    assert not admin.check_password("demo-quantri-2026")
    assert not RoleAssignment.objects.filter(user__username="canbo.hungyen").exists()
    assert AuditEntry.objects.count() == audit_before


def test_an_existing_account_of_another_case_is_not_touched(world):
    User.objects.create_user(username="QuanTri", password="owner-chosen-passphrase")
    result = accounts_demo_load()
    assert "QuanTri" in result.kept
    assert not User.objects.filter(username="quantri").exists()
    assert User.objects.get(username="QuanTri").check_password("owner-chosen-passphrase")
    assert not RoleAssignment.objects.filter(user__username="QuanTri").exists()


def test_reset_is_asked_for_explicitly(world):
    accounts_demo_load()
    admin = User.objects.get(username="quantri")
    admin.set_password("a-real-secret-of-the-admin")
    admin.save(update_fields=["password"])
    RoleAssignment.objects.filter(user__username="canbo.hungyen").delete()

    result = accounts_demo_load(reset_existing=True)

    assert sorted(result.reset) == sorted(USERNAMES)
    admin.refresh_from_db()
    assert admin.check_password("demo-quantri-2026")
    assert RoleAssignment.objects.filter(user__username="canbo.hungyen", role="staff").exists()
    assert AuditEntry.objects.filter(action="user.password_set", object_id=admin.pk).exists()


def test_demoaccounts_prints_and_creates_nothing(world):
    text = _printed()
    for username in USERNAMES:
        assert username in text
    assert "demo-canbo-2026" in text and "chưa tạo" in text
    assert not User.objects.filter(username__in=USERNAMES).exists()
    assert not AuditEntry.objects.filter(actor="demo").exists()


def test_demoaccounts_never_resets_a_changed_password_or_a_revoked_grant(world):
    accounts_demo_load()
    admin = User.objects.get(username="quantri")
    admin.set_password("a-real-secret-of-the-admin")
    admin.save(update_fields=["password"])
    RoleAssignment.objects.filter(user=admin).delete()
    stored = User.objects.get(pk=admin.pk).password

    text = _printed()

    line = next(row for row in text.splitlines() if "quantri" in row)
    assert "mật khẩu đã đổi" in line and "demo-quantri-2026" not in line
    assert User.objects.get(pk=admin.pk).password == stored
    assert not RoleAssignment.objects.filter(user=admin).exists()


def test_production_refuses_the_demo_and_its_accounts(world, settings):
    settings.TONGKET_PRODUCTION = True
    with pytest.raises(DemoError, match="TONGKET_PRODUCTION=1"):
        demo_load(progress=lambda _: None)
    with pytest.raises(AccountError, match="TONGKET_PRODUCTION=1"):
        accounts_demo_load(reset_existing=True)
    with pytest.raises(CommandError, match="TONGKET_PRODUCTION=1"):
        call_command("demo", "--reset-accounts", stdout=io.StringIO(), stderr=io.StringIO())
    assert not User.objects.filter(username__in=USERNAMES).exists()
