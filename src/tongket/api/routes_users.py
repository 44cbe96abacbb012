"""Accounts: list and search, create with a one-time password, give roles scoped to units and
end them, deactivate (the account's API tokens are refused at once) and reactivate, reset a
password; everyone changes their own.

As on the pages: an administrator manages every account; a department's staff, the accounts
of the reporting units in their scope (others are 404, as if they did not exist). A one-time
password is in the answer that made it and nowhere else: a retry with the same
``Idempotency-Key`` gets the answer with ``password`` empty.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import update_session_auth_hash
from django.http import HttpRequest
from django.utils import timezone, translation
from ninja import Field, Query, Router, Schema
from ninja.decorators import decorate_view
from ninja.responses import Status

from tongket.accounts import roles
from tongket.accounts.models import RoleAssignment
from tongket.accounts.roles import GLOBAL_ROLES, Role
from tongket.accounts.selectors import access_account, account_list, role_grant_allowed
from tongket.accounts.services import (
    role_assignment_create,
    role_assignment_end,
    user_active_set,
    user_create_with_temporary_password,
    user_must_change_password,
    user_password_change,
    user_password_reset,
)
from tongket.api.access import access_unit_on
from tongket.api.auth import permission_require
from tongket.api.common import Id, Page, Paging, Text, page
from tongket.api.errors import ApiError
from tongket.api.idempotency import idempotent, idempotent_secret

router = Router(tags=["accounts"])


class RoleOut(Schema):
    id: int
    role: Role
    role_label: str
    role_label_en: str
    unit_id: int | None
    unit: str | None
    valid_from: dt.date
    valid_to: dt.date | None
    active: bool = Field(description="Đang hiệu lực hôm nay / in force today")


class UserOut(Schema):
    id: int
    username: str
    full_name: str
    email: str
    is_active: bool
    last_login: dt.datetime | None
    roles: list[RoleOut] = Field(description="Vai trò đang hiệu lực / roles in force today")


class UserDetail(UserOut):
    must_change_password: bool
    history: list[RoleOut] = Field(description="Mọi vai trò, cả đã thôi / every role, ended too")


class UserCreated(UserDetail):
    password: str | None = Field(
        description="Mật khẩu dùng một lần, chỉ hiện một lần; đổi khi đăng nhập / the one-time "
        "password, shown once, to be changed at first login"
    )


class PasswordOut(Schema):
    password: str | None = Field(description="Mật khẩu dùng một lần / the one-time password")


def _label(role: str, language: str) -> str:
    with translation.override(language):
        return str(Role(role).label)


def _role_row(assignment: RoleAssignment, today: dt.date) -> dict:
    return {
        "id": assignment.pk,
        "role": assignment.role,
        "role_label": _label(assignment.role, "vi"),
        "role_label_en": _label(assignment.role, "en"),
        "unit_id": assignment.unit_id,
        "unit": assignment.unit.name if assignment.unit_id else None,
        "valid_from": assignment.valid_from,
        "valid_to": assignment.valid_to,
        "active": assignment.is_valid_on(today),
    }


def _user_row(user, assignments=None) -> dict:
    today = timezone.localdate()
    if assignments is None:
        assignments = list(user.role_assignments.all())
    return {
        "id": user.pk,
        "username": user.username,
        "full_name": user.get_full_name(),
        "email": user.email,
        "is_active": user.is_active,
        "last_login": user.last_login,
        "roles": [_role_row(a, today) for a in assignments if a.is_valid_on(today)],
    }


def _detail(user) -> dict:
    today = timezone.localdate()
    assignments = list(
        RoleAssignment.objects.filter(user=user).select_related("unit").order_by("-valid_from")
    )
    return {
        **_user_row(user, assignments),
        "must_change_password": user_must_change_password(user),
        "history": [_role_row(a, today) for a in assignments],
    }


def _account(request: HttpRequest, user_id: int):
    permission_require(request, roles.ACCOUNT_MANAGE)
    return access_account(user=request.user, user_id=user_id)


class UserFilter(Paging):
    q: Text | None = Field(None, max_length=200, description="Tên đăng nhập, họ tên, thư")
    active: bool | None = None


@router.get("/users", response=Page[UserOut], url_name="users", summary="Tài khoản / accounts")
def users_list(request: HttpRequest, filters: Query[UserFilter]):
    permission_require(request, roles.ACCOUNT_MANAGE)
    users = account_list(user=request.user, q=(filters.q or "").strip(), active=filters.active)
    return page(request, users, filters, _user_row)


@router.get("/users/{user_id}", response=UserDetail, url_name="user", summary="Một tài khoản")
def user_get(request: HttpRequest, user_id: Id):
    return _detail(_account(request, user_id))


def _scope_unit(request: HttpRequest, role: Role, unit_id: int | None):
    """The scope unit named, one the caller may give ``role`` over (404 outside its scope,
    403 for a role it may not give, 422 for a unit where the role takes none or needs one)."""
    if role in GLOBAL_ROLES:
        if unit_id is not None:
            raise ApiError(
                422,
                "invalid_request",
                "Vai trò này áp dụng cho cả nước, không gắn với đơn vị",
                "This role covers the whole country and takes no unit",
                [{"loc": ["body", "unit_id"]}],
            )
        unit = None
    else:
        if unit_id is None:
            raise ApiError(
                422,
                "invalid_request",
                "Vai trò này cần một đơn vị phạm vi",
                "This role needs a scope unit",
                [{"loc": ["body", "unit_id"]}],
            )
        unit = access_unit_on(
            user=request.user,
            unit_id=unit_id,
            permission=roles.ACCOUNT_MANAGE,
            on=timezone.localdate(),
        )
    if not role_grant_allowed(user=request.user, role=role, unit=unit):
        raise ApiError(
            403,
            "forbidden",
            "Bạn không được cấp vai trò này",
            "You may not give this role",
            [{"loc": ["body", "role"]}],
        )
    return unit


class UserIn(Schema):
    username: Text = Field(min_length=1, max_length=150)
    full_name: Text = Field("", max_length=300)
    email: Text = Field("", max_length=254)
    role: Role
    unit_id: Id | None = Field(None, description="Đơn vị phạm vi / the scope unit")


@router.post(
    "/users",
    response={201: UserCreated},
    url_name="users_create",
    summary="Tạo tài khoản với mật khẩu dùng một lần / create an account",
)
@decorate_view(idempotent_secret)
def users_create(request: HttpRequest, body: UserIn):
    permission_require(request, roles.ACCOUNT_MANAGE)
    unit = _scope_unit(request, body.role, body.unit_id)
    user, password = user_create_with_temporary_password(
        username=body.username,
        full_name=body.full_name,
        email=body.email,
        role=body.role.value,
        unit=unit,
        actor=request.user.get_username(),
    )
    return Status(201, {**_detail(user), "password": password})


class RoleIn(Schema):
    role: Role
    unit_id: Id | None = Field(None, description="Đơn vị phạm vi / the scope unit")
    valid_from: dt.date | None = Field(None, description="Mặc định hôm nay / today by default")
    valid_to: dt.date | None = None


@router.post(
    "/users/{user_id}/roles",
    response={201: UserDetail},
    url_name="user_roles_add",
    summary="Cấp vai trò trong phạm vi một đơn vị / give a role over a unit",
)
@decorate_view(idempotent)
def user_roles_add(request: HttpRequest, user_id: Id, body: RoleIn):
    account = _account(request, user_id)
    unit = _scope_unit(request, body.role, body.unit_id)
    role_assignment_create(
        user=account,
        role=body.role.value,
        unit=unit,
        valid_from=body.valid_from,
        valid_to=body.valid_to,
        actor=request.user.get_username(),
    )
    return Status(201, _detail(account))


@router.delete(
    "/users/{user_id}/roles/{assignment_id}",
    response=UserDetail,
    url_name="user_role_end",
    summary="Thôi một vai trò từ hôm nay / end a role from today",
)
@decorate_view(idempotent)
def user_role_end(request: HttpRequest, user_id: Id, assignment_id: Id):
    account = _account(request, user_id)
    assignment = (
        RoleAssignment.objects.select_related("unit", "user")
        .filter(pk=assignment_id, user=account)
        .first()
    )
    if assignment is None or not role_grant_allowed(
        user=request.user, role=assignment.role, unit=assignment.unit
    ):
        raise ApiError(404, "not_found", "Không tìm thấy", "Not found")
    role_assignment_end(assignment=assignment, actor=request.user.get_username())
    return _detail(account)


def _active_set(request: HttpRequest, user_id: int, active: bool) -> dict:
    account = _account(request, user_id)
    user_active_set(
        user=account,
        active=active,
        actor=request.user.get_username(),
        actor_user=request.user,
    )
    return _detail(account)


@router.post(
    "/users/{user_id}/deactivate",
    response=UserDetail,
    url_name="user_deactivate",
    summary="Khóa tài khoản; token API thôi hiệu lực ngay / deactivate; its tokens stop at once",
)
@decorate_view(idempotent)
def user_deactivate(request: HttpRequest, user_id: Id):
    return _active_set(request, user_id, False)


@router.post(
    "/users/{user_id}/reactivate",
    response=UserDetail,
    url_name="user_reactivate",
    summary="Mở lại tài khoản / reactivate an account",
)
@decorate_view(idempotent)
def user_reactivate(request: HttpRequest, user_id: Id):
    return _active_set(request, user_id, True)


@router.post(
    "/users/{user_id}/password-reset",
    response=PasswordOut,
    url_name="user_password_reset",
    summary="Đặt lại mật khẩu dùng một lần / reset to a one-time password",
)
@decorate_view(idempotent_secret)
def user_password_reset_op(request: HttpRequest, user_id: Id):
    account = _account(request, user_id)
    if account.pk == request.user.pk:
        raise ApiError(
            422,
            "rejected",
            "Đổi mật khẩu của chính bạn bằng POST /me/password",
            "Change your own password with POST /me/password",
        )
    return {"password": user_password_reset(user=account, actor=request.user.get_username())}


class PasswordChangeIn(Schema):
    old_password: str = Field(min_length=1, max_length=4096)
    new_password: str = Field(min_length=1, max_length=4096)


@router.post(
    "/me/password",
    response={204: None},
    url_name="me_password",
    summary="Đổi mật khẩu của mình / change my password",
)
@decorate_view(idempotent)
def me_password(request: HttpRequest, body: PasswordChangeIn):
    # Everyone, no role needed; the policy is AUTH_PASSWORD_VALIDATORS, as on the page.
    user_password_change(
        user=request.user,
        old_password=body.old_password,
        new_password=body.new_password,
        actor=request.user.get_username(),
    )
    if request.headers.get("Authorization") is None:
        # A person's session: it stays open, as after the change on the page.
        update_session_auth_hash(request, request.user)
    return Status(204, None)
