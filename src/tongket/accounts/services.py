"""Creating accounts and granting roles."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from tongket.accounts.models import RoleAssignment
from tongket.accounts.roles import GLOBAL_ROLES, Role
from tongket.accounts.scope import user_grants_forget
from tongket.core.audit import audit_record
from tongket.core.numbers import format_date
from tongket.units.models import Unit


class AccountError(ValueError):
    """A request to create an account or grant a role that cannot be carried out."""


def _role_checked(role: str, unit: Unit | None) -> str:
    if role not in Role.values:
        raise AccountError(
            f"Vai trò «{role}» không có; chọn một trong: {', '.join(Role.values)} / "
            f"unknown role «{role}»; choose one of: {', '.join(Role.values)}"
        )
    if role in GLOBAL_ROLES and unit is not None:
        raise AccountError(
            f"Vai trò «{role}» áp dụng cho cả nước, không gắn với đơn vị / "
            f"role «{role}» covers the whole country and takes no unit"
        )
    if role not in GLOBAL_ROLES and unit is None:
        raise AccountError(
            f"Vai trò «{role}» cần một đơn vị phạm vi / role «{role}» needs a scope unit"
        )
    return role


def role_assignment_create(
    *,
    user,
    role: str,
    unit: Unit | None,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    actor: str,
) -> RoleAssignment:
    """Grant ``role`` over ``unit`` to ``user`` from ``valid_from`` (today) to ``valid_to``."""
    _role_checked(role, unit)
    valid_from = valid_from or timezone.localdate()
    if valid_to is not None and valid_to < valid_from:
        raise AccountError(
            f"Ngày kết thúc {format_date(valid_to)} trước ngày bắt đầu "
            f"{format_date(valid_from)} / the end date is before the start date"
        )
    with transaction.atomic():
        duplicate = RoleAssignment.objects.filter(
            user=user, role=role, unit=unit, valid_from=valid_from
        ).exists()
        if duplicate:
            raise AccountError(
                f"{user.username} đã có vai trò «{role}» này từ {format_date(valid_from)} / "
                f"{user.username} already holds this role from {format_date(valid_from)}"
            )
        assignment = RoleAssignment.objects.create(
            user=user, role=role, unit=unit, valid_from=valid_from, valid_to=valid_to
        )
        audit_record(
            actor=actor,
            action="role.granted",
            object_type="user",
            object_id=user.pk,
            unit=unit,
            summary=f"Cấp vai trò {role} cho {user.username}",
            new={
                "role": role,
                "unit": unit.pk if unit else None,
                "valid_from": valid_from.isoformat(),
                "valid_to": valid_to.isoformat() if valid_to else None,
            },
        )
    user_grants_forget(user)
    return assignment


def user_create(
    *,
    username: str,
    password: str,
    role: str,
    unit: Unit | None,
    email: str = "",
    full_name: str = "",
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    actor: str,
):
    """A new account with one role; the password is hashed by Django's default hasher."""
    User = get_user_model()
    username = username.strip()
    if not username or len(username) > 150:
        raise AccountError(
            "Tên đăng nhập phải có từ 1 đến 150 ký tự / the username must be 1 to 150 characters"
        )
    if User.objects.filter(username__iexact=username).exists():
        raise AccountError(f"Tên đăng nhập «{username}» đã có / the username «{username}» is taken")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise AccountError(
                f"Địa chỉ thư «{email}» không hợp lệ / «{email}» is not an e-mail address"
            ) from None
    _role_checked(role, unit)
    candidate = User(username=username, email=email)
    try:
        validate_password(password, user=candidate)
    except ValidationError as error:
        raise AccountError(
            "Mật khẩu không đạt / the password is refused: " + " ".join(error.messages)
        ) from None
    first, _, last = full_name.strip().rpartition(" ")
    with transaction.atomic():
        user = User.objects.create_user(
            username=username,
            email=email,
            password=password,
            first_name=first[:150],
            last_name=last[:150],
        )
        audit_record(
            actor=actor,
            action="user.created",
            object_type="user",
            object_id=user.pk,
            unit=unit,
            summary=f"Tạo tài khoản {username}",
            new={"username": username, "email": email},
        )
        role_assignment_create(
            user=user,
            role=role,
            unit=unit,
            valid_from=valid_from,
            valid_to=valid_to,
            actor=actor,
        )
    return user


def user_password_set(*, user, password: str, actor: str) -> None:
    try:
        validate_password(password, user=user)
    except ValidationError as error:
        raise AccountError(
            "Mật khẩu không đạt / the password is refused: " + " ".join(error.messages)
        ) from None
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        audit_record(
            actor=actor,
            action="user.password_set",
            object_type="user",
            object_id=user.pk,
            summary=f"Đặt mật khẩu cho {user.username}",
        )
