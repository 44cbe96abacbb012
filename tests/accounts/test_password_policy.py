"""The password policy (Django's validators, messages in the user's language) and the
per-address login lock: one password tried on many accounts is slowed too."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import translation

from accounts.world import PASSWORD
from tongket.accounts.roles import Role
from tongket.accounts.services import AccountError, user_create, user_password_set

User = get_user_model()


@pytest.mark.parametrize(
    ("username", "password", "words"),
    [
        ("nguyenvana", "nguyenvana", "quá giống với Tên đăng nhập"),
        ("nguyenvana", "NguyenVanA", "quá giống với Tên đăng nhập"),
        ("canbo.thaibinh", "1234567890123", "hoàn toàn là số"),
        ("canbo.thaibinh", "Abc12", "quá ngắn"),
        ("canbo.thaibinh", "password123", "quá phổ biến"),
    ],
)
def test_weak_passwords_are_refused_in_vietnamese(world, username, password, words):
    with translation.override("vi"), pytest.raises(AccountError) as info:
        user_create(
            username=username, password=password, role=Role.ANALYST, unit=None, actor="test"
        )
    assert words in str(info.value)
    assert not User.objects.filter(username=username).exists()


def test_the_message_follows_the_language(world):
    with translation.override("en"), pytest.raises(AccountError) as info:
        user_password_set(user=world.staff, password="19450902", actor="test")
    assert "entirely numeric" in str(info.value)


def test_createuser_refuses_a_password_equal_to_the_username(world, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("quantri.tinh\nquantri.tinh\n"))
    with pytest.raises(CommandError, match="quá giống"):
        call_command(
            "createuser", "quantri.tinh", "--role", "admin", "--password-stdin",
            stdout=io.StringIO(),
        )  # fmt: skip
    assert not User.objects.filter(username="quantri.tinh").exists()


def test_a_good_password_is_accepted(world):
    user = user_create(
        username="canbo.moi",
        password="mua-thu-ha-noi-2026",
        role=Role.ANALYST,
        unit=None,
        actor="test",
    )
    assert user.check_password("mua-thu-ha-noi-2026")


def _login(username: str, password: str, ip: str):
    return Client().post("/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_one_password_sprayed_over_many_accounts_locks_the_address(world, settings):
    settings.TONGKET_LOGIN_MAX_FAILURES_PER_ADDRESS = 6
    names = [f"user{n}" for n in range(6)] + ["staff"]
    answers = [_login(name, "Mua-xuan-2026", "10.9.9.9").status_code for name in names]
    # No username failed twice, yet the address is locked after six failures.
    assert answers[:5] == [200] * 5 and answers[5:] == [429, 429]
    page = _login("staff", PASSWORD, "10.9.9.9")
    assert page.status_code == 429 and "tạm khóa" in page.content.decode()
    # Another address is not affected.
    assert _login("staff", PASSWORD, "10.9.9.10").status_code == 302
