"""Demo accounts, one per role, on the units of ``tongket init`` (demo databases only)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from tongket.accounts.models import RoleAssignment
from tongket.accounts.roles import Role
from tongket.accounts.services import AccountError, role_assignment_create, user_create
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


def _ensure(
    username: str, password: str, role: str, unit: Unit | None, full_name: str
) -> DemoAccount:
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        user_create(
            username=username,
            password=password,
            role=role,
            unit=unit,
            full_name=full_name,
            valid_from=DEMO_VALID_FROM,
            actor=DEMO_ACTOR,
        )
    else:
        # A second run leaves the account as the first made it, password included.
        if not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
        if not RoleAssignment.objects.filter(user=user, role=role, unit=unit).exists():
            role_assignment_create(
                user=user, role=role, unit=unit, valid_from=DEMO_VALID_FROM, actor=DEMO_ACTOR
            )
    scope = unit.name if unit is not None else "Cả nước / whole country"
    return DemoAccount(username, password, str(Role(role).label), scope)


def accounts_demo_load(*, today: dt.date | None = None) -> list[DemoAccount]:
    """Create (or keep) one demo account per role; returns them with their passwords."""
    today = today or timezone.localdate()
    department, reporting = _demo_units(today)
    with transaction.atomic():
        return [
            _ensure("quantri", "demo-quantri-2026", Role.ADMIN, None, "Quản trị Hệ thống"),
            _ensure("canbo.hungyen", "demo-canbo-2026", Role.STAFF, department, "Nguyễn Văn Cán"),
            _ensure(
                "lanhdao.hungyen", "demo-lanhdao-2026", Role.LEADER, department, "Trần Thị Lãnh"
            ),
            _ensure(
                f"baocao.{reporting.code.lower()}",
                "demo-baocao-2026",
                Role.REPORTING,
                reporting,
                "Lê Văn Báo",
            ),
            _ensure("phantich.bo", "demo-phantich-2026", Role.ANALYST, None, "Phạm Thị Phân"),
        ]
