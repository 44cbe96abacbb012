"""Accounts through the API, with the pages' services: an account made with a one-time password
(shown once: a retry does not get it again, and the stored answer does not hold it), roles
scoped to units given and ended, the account deactivated (its token refused at once) and
reactivated, a password reset, one's own password changed; all of it audited."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from accounts.world import PASSWORD
from api.conftest import ApiClient
from tongket.accounts.models import RoleAssignment
from tongket.accounts.services import user_must_change_password
from tongket.api.models import IdempotencyRecord
from tongket.api.tokens import apitoken_create
from tongket.core.models import AuditEntry

NEW_PASSWORD = "Xã-Tân-Hòa-2027!"


def test_an_administrator_creates_scopes_deactivates_and_the_token_is_refused(api, aw):
    admin = api["admin"]
    body = {
        "username": "xa.tanhoa",
        "full_name": "Trần Thị Bình",
        "email": "tanhoa@example.vn",
        "role": "reporting",
        "unit_id": aw.xa_hy2.pk,
    }
    response = admin.post("/users", json=body, headers={"Idempotency-Key": "user-1"})
    assert response.status_code == 201, response.content
    made = response.json()
    password = made["password"]
    assert len(password) == 19 and made["must_change_password"]
    assert [(r["role"], r["unit"], r["role_label_en"]) for r in made["roles"]] == [
        ("reporting", aw.xa_hy2.name, "Reporting unit")
    ]
    user = get_user_model().objects.get(username="xa.tanhoa")
    assert user.check_password(password) and user.get_full_name() == "Trần Thị Bình"
    # A retry is answered without the password, which is stored nowhere in clear.
    again = admin.post("/users", json=body, headers={"Idempotency-Key": "user-1"})
    assert again.status_code == 201 and again["Idempotent-Replayed"] == "true"
    assert again.json()["password"] is None and again.json()["id"] == made["id"]
    assert password.encode() not in bytes(IdempotencyRecord.objects.get(key="user-1").body)
    assert get_user_model().objects.filter(username="xa.tanhoa").count() == 1

    url = f"/users/{user.pk}"
    response = admin.post(f"{url}/roles", json={"role": "reporting", "unit_id": aw.xa_hy.pk})
    assert response.status_code == 201
    assert {r["unit"] for r in response.json()["roles"]} == {aw.xa_hy.name, aw.xa_hy2.name}
    second = RoleAssignment.objects.get(user=user, unit=aw.xa_hy)
    response = admin.delete(f"{url}/roles/{second.pk}")
    assert response.status_code == 200
    assert {r["unit"] for r in response.json()["roles"]} == {aw.xa_hy2.name}

    _token, secret = apitoken_create(user=user, name="phần mềm xã", actor="admin")
    theirs = ApiClient(secret)
    assert theirs.get("/me").status_code == 200
    response = admin.post(f"{url}/deactivate")
    assert response.status_code == 200 and response.json()["is_active"] is False
    assert theirs.get("/me").status_code == 401
    listed = admin.get("/users", data={"q": "Bình", "active": "false"}).json()
    assert [u["username"] for u in listed["items"]] == ["xa.tanhoa"]
    assert admin.post(f"{url}/reactivate").json()["is_active"] is True
    assert theirs.get("/me").status_code == 200

    actions = set(
        AuditEntry.objects.filter(object_type="user", object_id=str(user.pk)).values_list(
            "action", flat=True
        )
    )
    assert {
        "user.created",
        "role.granted",
        "role.ended",
        "user.deactivated",
        "user.reactivated",
    } <= actions


def test_a_department_gives_accounts_only_to_its_own_reporting_units(api, aw):
    staff = api["staff"]
    users = get_user_model().objects.count()
    outside = {"username": "phuong.badinh", "role": "reporting", "unit_id": aw.xa_hn.pk}
    assert staff.post("/users", json=outside).status_code == 404
    higher = {"username": "lanh.dao", "role": "leader", "unit_id": aw.hung_yen.pk}
    response = staff.post("/users", json=higher)
    assert response.status_code == 403 and response.json()["error"]["code"] == "forbidden"
    no_unit = {"username": "xa.moi", "role": "reporting"}
    assert staff.post("/users", json=no_unit).status_code == 422
    assert get_user_model().objects.count() == users
    listed = {u["username"] for u in staff.get("/users", data={"limit": 500}).json()["items"]}
    assert "reporting" in listed and not listed & {"reporting_other", "admin", "leader"}
    # A taken name is refused in both languages, nothing stored.
    response = api["admin"].post("/users", json={"username": "Staff", "role": "analyst"})
    error = response.json()["error"]
    assert response.status_code == 422 and "đã có" in error["message"]
    assert "taken" in error["message_en"]


def test_a_password_reset_then_the_owner_changes_it(api, aw):
    key = {"Idempotency-Key": "reset-1"}
    response = api["staff"].post(f"/users/{aw.reporting.pk}/password-reset", headers=key)
    assert response.status_code == 200
    one_time = response.json()["password"]
    # A retry resets nothing again and does not show the password a second time.
    again = api["staff"].post(f"/users/{aw.reporting.pk}/password-reset", headers=key)
    assert again.status_code == 200 and again.json() == {"password": None}
    aw.reporting.refresh_from_db()
    assert aw.reporting.check_password(one_time) and not aw.reporting.check_password(PASSWORD)
    assert user_must_change_password(aw.reporting)
    assert api["staff"].post(f"/users/{aw.staff.pk}/password-reset").status_code == 404
    assert api["admin"].post(f"/users/{aw.admin.pk}/password-reset").status_code == 422

    own = api["reporting"]
    response = own.post("/me/password", json={"old_password": "sai", "new_password": "x"})
    assert response.status_code == 422
    assert response.json()["error"]["message_en"] == "the current password is wrong"
    response = own.post("/me/password", json={"old_password": one_time, "new_password": "ngan"})
    assert response.status_code == 422  # the policy refuses a short one
    response = own.post(
        "/me/password", json={"old_password": one_time, "new_password": NEW_PASSWORD}
    )
    assert response.status_code == 204
    aw.reporting.refresh_from_db()
    assert aw.reporting.check_password(NEW_PASSWORD) and not user_must_change_password(aw.reporting)
    assert AuditEntry.objects.filter(action="user.password_changed", user=aw.reporting).exists()
    assert AuditEntry.objects.filter(action="user.password_reset").count() == 1


def test_an_administrator_cannot_deactivate_themselves(api, aw):
    response = api["admin"].post(f"/users/{aw.admin.pk}/deactivate")
    assert response.status_code == 422
    assert "own account" in response.json()["error"]["message_en"]
    aw.admin.refresh_from_db()
    assert aw.admin.is_active
