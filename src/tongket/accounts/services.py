"""Creating accounts and granting roles."""

from __future__ import annotations

import datetime as dt
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone, translation

from tongket.accounts.models import PasswordState, RoleAssignment
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
            vi, en = _role_names(role)
            raise AccountError(
                f"{user.username} đã có vai trò «{vi}» này từ {format_date(valid_from)} / "
                f"{user.username} already holds the role «{en}» from {format_date(valid_from)}"
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
            summary="Cấp vai trò «{0}» cho {2} / Role «{1}» granted to {2}".format(
                *_role_names(role), user.username
            ),
            new={
                "role": role,
                "unit": unit.pk if unit else None,
                "valid_from": valid_from.isoformat(),
                "valid_to": valid_to.isoformat() if valid_to else None,
            },
        )
    user_grants_forget(user)
    return assignment


def _role_names(role: str) -> tuple[str, str]:
    """The role's name in Vietnamese and in English, whatever language is active (the trail and
    the services' messages are written once, in both)."""
    with translation.override("vi"):
        vi = str(Role(role).label)
    with translation.override("en"):
        en = str(Role(role).label)
    return vi, en


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
            summary=f"Tạo tài khoản {username} / account {username} created",
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
            summary=f"Đặt mật khẩu cho {user.username} / password set for {user.username}",
        )


# ----------------------------------------------------------------------------- on the web

# Letters and digits that cannot be mistaken for one another when read out or copied by hand.
_TEMPORARY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def password_temporary() -> str:
    """A one-time password to hand to a person: four groups of four («k7mq-4hxz-p2rw-9tna»)."""
    groups = ["".join(secrets.choice(_TEMPORARY_ALPHABET) for _ in range(4)) for _ in range(4)]
    return "-".join(groups)


def _password_state_set(user, *, must_change: bool) -> None:
    PasswordState.objects.update_or_create(
        user=user, defaults={"must_change": must_change, "changed_at": timezone.now()}
    )


def user_must_change_password(user) -> bool:
    state = PasswordState.objects.filter(user=user).only("must_change").first()
    return bool(state and state.must_change)


def user_create_with_temporary_password(
    *, username: str, role: str, unit: Unit | None, email: str = "", full_name: str = "", actor: str
):
    """A new account with one role and a one-time password, to be changed at first login.
    Returns the user and the password (shown once, stored only as a hash)."""
    password = password_temporary()
    with transaction.atomic():
        user = user_create(
            username=username,
            password=password,
            role=role,
            unit=unit,
            email=email,
            full_name=full_name,
            actor=actor,
        )
        _password_state_set(user, must_change=True)
    return user, password


def user_password_reset(*, user, actor: str) -> str:
    """A new one-time password for ``user`` (returned, shown once); they must change it at
    their next login. Their open sessions end (the session hash changes)."""
    password = password_temporary()
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        _password_state_set(user, must_change=True)
        audit_record(
            actor=actor,
            action="user.password_reset",
            object_type="user",
            object_id=user.pk,
            summary=(
                f"Đặt lại mật khẩu cho {user.username} (đổi khi đăng nhập) / "
                f"password of {user.username} reset (to change at sign-in)"
            ),
        )
    return password


def user_password_change(*, user, old_password: str, new_password: str, actor: str) -> None:
    """The user's own change: the current password, then a new one that passes the policy
    (``AUTH_PASSWORD_VALIDATORS``) and differs from it."""
    if not user.check_password(old_password):
        raise AccountError("Mật khẩu hiện tại không đúng / the current password is wrong")
    if old_password == new_password:
        raise AccountError(
            "Mật khẩu mới phải khác mật khẩu hiện tại / the new password must differ from the "
            "current one"
        )
    try:
        validate_password(new_password, user=user)
    except ValidationError as error:
        raise AccountError(" ".join(error.messages)) from None
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        _password_state_set(user, must_change=False)
        audit_record(
            actor=actor,
            user=user,
            action="user.password_changed",
            object_type="user",
            object_id=user.pk,
            summary=f"{user.username} đổi mật khẩu / {user.username} changed the password",
        )


def user_active_set(*, user, active: bool, actor: str, actor_user=None) -> None:
    """Deactivate (or reactivate) an account. A deactivated account cannot log in, its open
    sessions end at their next request and its API tokens are refused at once (they check the
    account on every call)."""
    if actor_user is not None and actor_user.pk == user.pk and not active:
        raise AccountError(
            "Không thể tự khóa tài khoản của mình / you cannot deactivate your own account"
        )
    if user.is_active == active:
        return
    with transaction.atomic():
        user.is_active = active
        user.save(update_fields=["is_active"])
        audit_record(
            actor=actor,
            action="user.reactivated" if active else "user.deactivated",
            object_type="user",
            object_id=user.pk,
            summary=(
                f"Mở lại tài khoản {user.username} / account {user.username} reactivated"
                if active
                else f"Khóa tài khoản {user.username} / account {user.username} deactivated"
            ),
            old={"is_active": not active},
            new={"is_active": active},
        )
    user_grants_forget(user)


def role_assignment_end(*, assignment: RoleAssignment, actor: str) -> None:
    """End a role today: it held until yesterday (one granted today is withdrawn)."""
    today = timezone.localdate()
    with transaction.atomic():
        old = {
            "role": assignment.role,
            "unit": assignment.unit_id,
            "valid_from": assignment.valid_from.isoformat(),
            "valid_to": assignment.valid_to.isoformat() if assignment.valid_to else None,
        }
        yesterday = today - dt.timedelta(days=1)
        if assignment.valid_to is not None and assignment.valid_to < today:
            return
        if assignment.valid_from > yesterday:
            assignment.delete()
            new = None
        else:
            assignment.valid_to = yesterday
            assignment.save(update_fields=["valid_to"])
            new = {"valid_to": yesterday.isoformat()}
        audit_record(
            actor=actor,
            action="role.ended",
            object_type="user",
            object_id=assignment.user_id,
            unit=assignment.unit,
            summary="Thôi vai trò «{0}» của {2} / Role «{1}» of {2} ended".format(
                *_role_names(assignment.role), assignment.user.username
            ),
            old=old,
            new=new,
        )
    user_grants_forget(assignment.user)
