"""Demo accounts, one per role, on the units of ``tongket init`` (demo databases only).

Their passwords are published; an account that exists is left alone unless a reset is asked
for, and ``TONGKET_PRODUCTION=1`` refuses the demo altogether (``tongket.demo.services``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from tongket.accounts.models import RoleAssignment
from tongket.accounts.roles import GLOBAL_ROLES, Role
from tongket.accounts.services import (
    AccountError,
    role_assignment_create,
    user_create,
    user_password_set,
)
from tongket.units.models import Unit, UnitAncestor, UnitKind

DEMO_PROVINCE = "33"  # Hưng Yên, which took in Thái Bình on 1 July 2025
DEMO_DEPARTMENT = "33.SKHCN"
DEMO_ACTOR = "demo"
DEMO_VALID_FROM = dt.date(2016, 1, 1)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: str
    scope: str


def _valid(day: dt.date) -> Q:
    return Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))


def _demo_units(today: dt.date) -> tuple[Unit, Unit]:
    """The department of Hưng Yên (or the province) and a commune (or an enterprise)."""
    province = Unit.objects.filter(
        _valid(today), kind=UnitKind.PROVINCE, code=DEMO_PROVINCE
    ).first()
    if province is None:
        raise AccountError(
            "Chưa có dữ liệu đơn vị: chạy «tongket init» trước. / "
            "No units yet: run «tongket init» first."
        )
    below = UnitAncestor.objects.filter(_valid(today), ancestor=province, depth__gte=1)
    department = (
        Unit.objects.filter(_valid(today), kind=UnitKind.DEPARTMENT, code=DEMO_DEPARTMENT).first()
        or Unit.objects.filter(
            _valid(today), kind=UnitKind.DEPARTMENT, id__in=below.values("unit_id")
        )
        .order_by("code")
        .first()
        or province
    )
    reporting = (
        Unit.objects.filter(_valid(today), kind=UnitKind.COMMUNE, id__in=below.values("unit_id"))
        .order_by("code")
        .first()
        or Unit.objects.filter(_valid(today), kind=UnitKind.ENTERPRISE).order_by("code").first()
    )
    if reporting is None:
        raise AccountError(
            "Không có xã hoặc doanh nghiệp nào để làm đơn vị báo cáo mẫu / "
            "no commune or enterprise to serve as the demo reporting unit"
        )
    return department, reporting


# The demo accounts: username (the reporting one takes its unit's code), published password,
# role, full name. Their passwords are in the README, so they must never land on a real
# installation unasked.
_DEMO = (
    ("quantri", "demo-quantri-2026", Role.ADMIN, "Quản trị Hệ thống"),
    ("canbo.hungyen", "demo-canbo-2026", Role.STAFF, "Nguyễn Văn Cán"),
    ("lanhdao.hungyen", "demo-lanhdao-2026", Role.LEADER, "Trần Thị Lãnh"),
    ("baocao.{code}", "demo-baocao-2026", Role.REPORTING, "Lê Văn Báo"),
    ("phantich.bo", "demo-phantich-2026", Role.ANALYST, "Phạm Thị Phân"),
)


@dataclass(frozen=True)
class _Planned:
    username: str
    password: str
    role: str
    unit: Unit | None
    full_name: str

    @property
    def scope(self) -> str:
        return self.unit.name if self.unit is not None else "Cả nước / whole country"

    def shown(self) -> DemoAccount:
        return DemoAccount(self.username, self.password, str(Role(self.role).label), self.scope)


def _planned(today: dt.date) -> list[_Planned]:
    department, reporting = _demo_units(today)
    planned = []
    for username, password, role, full_name in _DEMO:
        unit = (
            None if role in GLOBAL_ROLES else (reporting if role == Role.REPORTING else department)
        )
        name = username.format(code=reporting.code.lower())
        planned.append(_Planned(name, password, role, unit, full_name))
    return planned


def _existing(username: str):
    return get_user_model().objects.filter(username__iexact=username).first()


def _reset(user, account: _Planned) -> None:
    """Put an existing account back to its published demo password and role (asked for)."""
    user_password_set(user=user, password=account.password, actor=DEMO_ACTOR)
    held = RoleAssignment.objects.filter(user=user, role=account.role, unit=account.unit)
    if not held.exists():
        role_assignment_create(
            user=user,
            role=account.role,
            unit=account.unit,
            valid_from=DEMO_VALID_FROM,
            actor=DEMO_ACTOR,
        )


def demo_refused_in_production() -> None:
    """Refuse demo data and accounts on an installation marked ``TONGKET_PRODUCTION=1``."""
    if settings.TONGKET_PRODUCTION:
        raise AccountError(
            "Đây là cài đặt vận hành thật (TONGKET_PRODUCTION=1): không thêm dữ liệu và tài "
            "khoản mẫu / this is a production installation (TONGKET_PRODUCTION=1): no demo "
            "data or accounts are added"
        )


@dataclass(frozen=True)
class DemoAccountsResult:
    created: list[DemoAccount]
    kept: list[str]  # accounts that already existed and were left exactly as they were
    reset: list[str]


def accounts_demo_load(
    *, today: dt.date | None = None, reset_existing: bool = False
) -> DemoAccountsResult:
    """Create the demo accounts that do not exist yet, one per role.

    An account that already exists (by username, case aside) is never touched: its password,
    roles and grants stay as its owner left them. Only ``reset_existing`` puts the published
    demo password back and grants the demo role again, for a demo database that is to be
    shown as new.
    """
    demo_refused_in_production()
    today = today or timezone.localdate()
    created: list[DemoAccount] = []
    kept: list[str] = []
    reset: list[str] = []
    with transaction.atomic():
        for account in _planned(today):
            user = _existing(account.username)
            if user is None:
                user_create(
                    username=account.username,
                    password=account.password,
                    role=account.role,
                    unit=account.unit,
                    full_name=account.full_name,
                    valid_from=DEMO_VALID_FROM,
                    actor=DEMO_ACTOR,
                )
                created.append(account.shown())
            elif reset_existing:
                _reset(user, account)
                reset.append(user.username)
            else:
                kept.append(user.username)
    return DemoAccountsResult(created=created, kept=kept, reset=reset)


@dataclass(frozen=True)
class DemoAccountState:
    account: DemoAccount
    exists: bool
    demo_password: bool  # the account still has the published demo password


def accounts_demo_list(*, today: dt.date | None = None) -> list[DemoAccountState]:
    """The demo accounts and whether each exists with its demo password; writes nothing."""
    today = today or timezone.localdate()
    states = []
    for account in _planned(today):
        user = _existing(account.username)
        states.append(
            DemoAccountState(
                account=account.shown(),
                exists=user is not None,
                # hashers.check_password, not user.check_password: that one may rehash and save.
                demo_password=user is not None and check_password(account.password, user.password),
            )
        )
    return states
