"""The account pages through Django's test client: what each role may do, what is refused, what
the audit trail keeps."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from accounts.world import PASSWORD, make_user
from tongket.accounts.models import PasswordState, RoleAssignment
from tongket.accounts.roles import Role
from tongket.accounts.services import user_password_change, user_password_reset
from tongket.core.models import AuditEntry


def test_staff_cannot_make_an_administrator(clients, world):
    response = clients["staff"].post(
        "/users/new/", {"username": "ke.gian", "role": Role.ADMIN, "unit": ""}
    )
    assert response.status_code == 400
    assert not get_user_model().objects.filter(username="ke.gian").exists()


def test_staff_give_a_commune_in_their_province_an_account(clients, world):
    response = clients["staff"].post(
        "/users/new/",
        {"username": "xa.vuthu.2", "role": Role.REPORTING, "unit": world.xa_hy.code},
    )
    assert response.status_code == 200
    user = get_user_model().objects.get(username="xa.vuthu.2")
    password = response.context["password"]
    assert user.check_password(password) and PasswordState.objects.get(user=user).must_change
    entry = AuditEntry.objects.get(action="user.created", object_id=str(user.pk))
    assert entry.actor == "staff" and password not in str(entry.new)


def test_a_role_ended_today_no_longer_opens_the_pages(clients, world):
    commune = make_user("xa.moi", (Role.REPORTING, world.xa_hy))
    assignment = RoleAssignment.objects.get(user=commune)
    response = clients["admin"].post(f"/users/{commune.pk}/roles/{assignment.pk}/end/")
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.valid_to is not None
    assert AuditEntry.objects.filter(action="role.ended", object_id=str(commune.pk)).exists()
    client = clients["anonymous"]
    client.force_login(commune)
    assert client.get("/entry/").status_code == 403


def test_administrators_cannot_deactivate_themselves(clients, world):
    response = clients["admin"].post(f"/users/{world.admin.pk}/active/", {"active": "0"})
    assert response.status_code == 302
    world.admin.refresh_from_db()
    assert world.admin.is_active


def test_a_reset_password_is_to_be_changed_and_then_is_not(world):
    temporary = user_password_reset(user=world.reporting, actor="admin")
    assert PasswordState.objects.get(user=world.reporting).must_change
    user_password_change(
        user=world.reporting, old_password=temporary, new_password=PASSWORD + "x", actor="r"
    )
    state = PasswordState.objects.get(user=world.reporting)
    assert not state.must_change and state.changed_at is not None
    actions = list(
        AuditEntry.objects.filter(object_id=str(world.reporting.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions[-2:] == ["user.password_reset", "user.password_changed"]


def test_own_password_change_follows_the_policy(clients, world):
    client = clients["reporting"]
    for new, message in (("ngan", "ít nhất 8 ký tự"), (PASSWORD, "phải khác")):
        response = client.post(
            "/account/password/",
            {"old_password": PASSWORD, "new_password": new, "new_password_again": new},
        )
        assert response.status_code == 400 and message in response.content.decode()
    response = client.post(
        "/account/password/",
        {
            "old_password": "sai",
            "new_password": "Mới-2027-xyz",
            "new_password_again": "Mới-2027-xyz",
        },
    )
    assert "Mật khẩu hiện tại không đúng" in response.content.decode()
    world.reporting.refresh_from_db()
    assert world.reporting.check_password(PASSWORD)


def test_the_password_policy_is_stated_in_english_too(clients):
    client = clients["reporting"]
    client.cookies["django_language"] = "en"
    text = client.get("/account/password/").content.decode()
    assert "at least 8 characters" in text and "Password policy" in text
