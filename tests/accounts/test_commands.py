"""tongket createuser, grantrole and demoaccounts."""

import datetime as dt
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from tongket.accounts import roles
from tongket.accounts.models import RoleAssignment
from tongket.accounts.roles import Role
from tongket.accounts.scope import user_can
from tongket.core.models import AuditEntry

User = get_user_model()


def _run(*args, stdin: str | None = None, monkeypatch=None) -> str:
    out = io.StringIO()
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    call_command(*args, stdout=out)
    return out.getvalue()


def test_createuser_with_role_and_unit_code(world, monkeypatch):
    out = _run(
        "createuser",
        "nguyenvan",
        "--role",
        "staff",
        "--unit",
        "33.SKHCN",
        "--email",
        "nv@example.vn",
        "--name",
        "Nguyễn Văn A",
        "--password-stdin",
        stdin="Mật-khẩu-mạnh-2026\n",
        monkeypatch=monkeypatch,
    )
    assert "nguyenvan" in out and "Sở Khoa học và Công nghệ Hưng Yên" in out
    user = User.objects.get(username="nguyenvan")
    assert user.check_password("Mật-khẩu-mạnh-2026")
    assert (user.first_name, user.last_name, user.email) == ("Nguyễn Văn", "A", "nv@example.vn")
    (assignment,) = RoleAssignment.objects.filter(user=user)
    assert (assignment.role, assignment.unit) == (Role.STAFF, world.so_hy)
    assert user_can(user, roles.SUBMISSION_APPROVE, world.xa_hy)
    assert list(
        AuditEntry.objects.filter(object_type="user", object_id=str(user.pk))
        .values_list("action", flat=True)
        .order_by("id")
    ) == ["user.created", "role.granted"]


def test_the_unit_code_is_read_on_the_start_date(world, monkeypatch):
    # Code 33 is the old Hưng Yên in 2020 and the merged one today.
    _run(
        "createuser",
        "old33",
        "--role",
        "leader",
        "--unit",
        "33",
        "--from",
        "01/01/2020",
        "--to",
        "30/06/2025",
        "--password-stdin",
        stdin="Mật-khẩu-mạnh-2026\n",
        monkeypatch=monkeypatch,
    )
    assignment = RoleAssignment.objects.get(user__username="old33")
    assert assignment.unit == world.hung_yen_old
    assert assignment.valid_to == dt.date(2025, 6, 30)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "staff"], "cần một đơn vị"),
        (["--role", "admin", "--unit", "33"], "không gắn với đơn vị"),
        (["--role", "staff", "--unit", "99999"], "99999"),
        (["--role", "staff", "--unit", "33", "--from", "31/02/2026"], "không hợp lệ"),
    ],
)
def test_createuser_refuses_bad_requests_and_stores_nothing(world, monkeypatch, args, message):
    with pytest.raises(CommandError, match=message):
        _run(
            "createuser",
            "bad",
            *args,
            "--password-stdin",
            stdin="Mật-khẩu-mạnh-2026\n",
            monkeypatch=monkeypatch,
        )
    assert not User.objects.filter(username="bad").exists()


def test_createuser_refuses_weak_passwords_and_taken_names(world, monkeypatch):
    with pytest.raises(CommandError, match="Mật khẩu không đạt"):
        _run(
            "createuser",
            "weak",
            "--role",
            "admin",
            "--password-stdin",
            stdin="123\n",
            monkeypatch=monkeypatch,
        )
    with pytest.raises(CommandError, match="đã có"):
        _run(
            "createuser",
            "STAFF",
            "--role",
            "admin",
            "--password-stdin",
            stdin="Mật-khẩu-mạnh-2026\n",
            monkeypatch=monkeypatch,
        )
    assert not User.objects.filter(username="weak").exists()


def test_createuser_without_a_terminal_needs_password_stdin(world, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    with pytest.raises(CommandError, match="--password-stdin"):
        call_command("createuser", "x", "--role", "admin", stdout=io.StringIO())


def test_grantrole_adds_a_second_role(world):
    out = io.StringIO()
    call_command("grantrole", "reporting", "--role", "leader", "--unit", "01", stdout=out)
    text = out.getvalue()
    assert "Đơn vị báo cáo" in text and "Lãnh đạo" in text and "Hà Nội" in text
    user = User.objects.get(username="reporting")
    assert user_can(user, roles.TASK_ASSIGN, world.xa_hn)
    with pytest.raises(CommandError, match="Không có tài khoản"):
        call_command("grantrole", "ghost", "--role", "admin", stdout=io.StringIO())


def test_demo_accounts_need_the_reference_units(db):
    with pytest.raises(CommandError, match="tongket init"):
        call_command("demoaccounts", stdout=io.StringIO())
