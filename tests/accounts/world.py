"""A small country for permission tests: two provinces merged in 2025, one other province.

    Thái Bình (34, -30/06/2025) ─┐ merge
    Hưng Yên cũ (33, -30/06/2025) ┴→ Hưng Yên (33, 01/07/2025-)
    Hà Nội (01)

Units under them (links with validity), successions for communes (a merge and a split), an
enterprise that moved from Thái Bình to Hà Nội in 2020, one submission per interesting unit,
and one user per role (plus users of Hà Nội and a user without any role).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model

from factories import make_unit
from tongket.accounts.models import RoleAssignment
from tongket.accounts.roles import Role
from tongket.reporting.models import Form, Frequency, Submission
from tongket.reporting.periods import period_get_or_create
from tongket.units.models import Unit, UnitKind, UnitLink, UnitSuccession
from tongket.units.services import unit_hierarchy_rebuild

MERGE = dt.date(2025, 7, 1)
BEFORE = dt.date(2025, 6, 30)
PASSWORD = "Mật-khẩu-thử-2026"

# The users of the world, by the key tests use; "anonymous" is the absence of a user.
ROLE_KEYS = (
    "admin",
    "analyst",
    "staff",
    "leader",
    "reporting",
    "staff_other",
    "reporting_other",
    "nobody",
)


@dataclass
class World:
    units: dict[str, Unit] = field(default_factory=dict)
    users: dict = field(default_factory=dict)
    submissions: dict[str, Submission] = field(default_factory=dict)

    def __getattr__(self, name: str):
        for bag in ("units", "users", "submissions"):
            found = self.__dict__.get(bag, {})
            if name in found:
                return found[name]
        raise AttributeError(name)


def _unit(kind: str, code: str, name: str, start: dt.date, end: dt.date | None = None) -> Unit:
    return make_unit(kind=kind, code=code, name=name, valid_from=start, valid_to=end)


def _link(child: Unit, parent: Unit, start: dt.date, end: dt.date | None = None) -> None:
    UnitLink.objects.create(child=child, parent=parent, valid_from=start, valid_to=end)


def _succeed(pred: Unit, succ: Unit, event: str, day: dt.date = MERGE) -> None:
    UnitSuccession.objects.create(predecessor=pred, successor=succ, date=day, event=event)


def _units() -> dict[str, Unit]:
    d2004, d2008 = dt.date(2004, 1, 1), dt.date(2008, 7, 1)
    u: dict[str, Unit] = {}
    u["country"] = _unit(UnitKind.COUNTRY, "VN", "Việt Nam", dt.date(1976, 7, 2))
    u["thai_binh"] = _unit(UnitKind.PROVINCE, "34", "Thái Bình", d2004, BEFORE)
    u["hung_yen_old"] = _unit(UnitKind.PROVINCE, "33", "Hưng Yên", d2004, BEFORE)
    u["hung_yen"] = _unit(UnitKind.PROVINCE, "33", "Hưng Yên", MERGE)
    u["ha_noi"] = _unit(UnitKind.PROVINCE, "01", "Hà Nội", d2004)
    for key in ("thai_binh", "hung_yen_old", "ha_noi"):
        _link(u[key], u["country"], d2004, u[key].valid_to)
    _link(u["hung_yen"], u["country"], MERGE)
    _succeed(u["thai_binh"], u["hung_yen"], "merge")
    _succeed(u["hung_yen_old"], u["hung_yen"], "merge")

    u["so_tb"] = _unit(
        UnitKind.DEPARTMENT, "34.STTTT", "Sở Thông tin và Truyền thông Thái Bình", d2008, BEFORE
    )
    _link(u["so_tb"], u["thai_binh"], d2008, BEFORE)
    u["so_hy"] = _unit(UnitKind.DEPARTMENT, "33.SKHCN", "Sở Khoa học và Công nghệ Hưng Yên", MERGE)
    _link(u["so_hy"], u["hung_yen"], MERGE)
    u["so_hn"] = _unit(
        UnitKind.DEPARTMENT, "01.STTTT", "Sở Thông tin và Truyền thông Hà Nội", d2008
    )
    _link(u["so_hn"], u["ha_noi"], d2008)

    # Thái Bình's old district and commune, ended with the two-level reform.
    u["huyen_tb"] = _unit(UnitKind.DISTRICT, "34.H1", "Huyện Vũ Thư", d2004, BEFORE)
    _link(u["huyen_tb"], u["thai_binh"], d2004, BEFORE)
    u["xa_tb_old"] = _unit(UnitKind.COMMUNE, "34.X1", "Xã Tân Lập", d2004, BEFORE)
    _link(u["xa_tb_old"], u["huyen_tb"], d2004, BEFORE)

    # Today's communes: two in Hưng Yên, one in Hà Nội.
    u["xa_hy"] = _unit(UnitKind.COMMUNE, "12001", "Xã Vũ Thư", MERGE)
    _link(u["xa_hy"], u["hung_yen"], MERGE)
    u["xa_hy2"] = _unit(UnitKind.COMMUNE, "12002", "Xã Tân Hòa", MERGE)
    _link(u["xa_hy2"], u["hung_yen"], MERGE)
    u["xa_hn"] = _unit(UnitKind.COMMUNE, "00004", "Phường Ba Đình", MERGE)
    _link(u["xa_hn"], u["ha_noi"], MERGE)
    # Xã Tân Lập went whole into Xã Vũ Thư; Xã Hòa Bình (old Hưng Yên) was split in two.
    _succeed(u["xa_tb_old"], u["xa_hy"], "merge")
    u["xa_split"] = _unit(UnitKind.COMMUNE, "33.X9", "Xã Hòa Bình", d2004, BEFORE)
    _link(u["xa_split"], u["hung_yen_old"], d2004, BEFORE)
    _succeed(u["xa_split"], u["xa_hy"], "split")
    _succeed(u["xa_split"], u["xa_hy2"], "split")

    # An enterprise under Thái Bình until 2019, under Hà Nội since 2020.
    u["dn_move"] = _unit(
        UnitKind.ENTERPRISE, "DN.MOVE", "Công ty Bưu điện Dời", dt.date(2010, 1, 1)
    )
    _link(u["dn_move"], u["thai_binh"], dt.date(2010, 1, 1), dt.date(2019, 12, 31))
    _link(u["dn_move"], u["ha_noi"], dt.date(2020, 1, 1))
    # A national enterprise, under the country only: it reports to each province's department.
    u["dn_national"] = _unit(
        UnitKind.ENTERPRISE, "DN.NAT", "Tập đoàn Toàn Quốc", dt.date(2006, 1, 1)
    )
    _link(u["dn_national"], u["country"], dt.date(2006, 1, 1))
    unit_hierarchy_rebuild()
    return u


def _submission(form: Form, unit: Unit, period: str, recipient: Unit | None) -> Submission:
    p = period_get_or_create(period)
    return Submission.objects.create(
        unit=unit, form=form, period=p, recipient=recipient, deadline=p.end + dt.timedelta(days=15)
    )


def _submissions(u: dict[str, Unit]) -> dict[str, Submission]:
    form = Form.objects.create(
        code="TEST.01",
        name="Biểu thử",
        frequency=Frequency.YEAR,
        unit_kinds=["commune", "enterprise"],
        recipient_kind="department",
        deadline_days=15,
    )
    return {
        "sub_xa_hy": _submission(form, u["xa_hy"], "2025", u["so_hy"]),
        "sub_xa_hy2": _submission(form, u["xa_hy2"], "2025", u["so_hy"]),
        "sub_xa_hn": _submission(form, u["xa_hn"], "2025", u["so_hn"]),
        "sub_xa_tb_old": _submission(form, u["xa_tb_old"], "2017", u["so_tb"]),
        "sub_dn_move_2015": _submission(form, u["dn_move"], "2015", u["so_tb"]),
        "sub_dn_move_2021": _submission(form, u["dn_move"], "2021", u["so_hn"]),
        "sub_national_hy": _submission(form, u["dn_national"], "2026", u["so_hy"]),
    }


def make_user(username: str, *assignments: tuple[str, Unit | None]):
    user = get_user_model().objects.create_user(username=username, password=PASSWORD)
    for role, unit in assignments:
        RoleAssignment.objects.create(
            user=user, role=role, unit=unit, valid_from=dt.date(2016, 1, 1)
        )
    return user


def build_world() -> World:
    u = _units()
    users = {
        "admin": make_user("admin", (Role.ADMIN, None)),
        "analyst": make_user("analyst", (Role.ANALYST, None)),
        "staff": make_user("staff", (Role.STAFF, u["so_hy"])),
        "leader": make_user("leader", (Role.LEADER, u["hung_yen"])),
        "reporting": make_user("reporting", (Role.REPORTING, u["xa_hy"])),
        "staff_other": make_user("staff_other", (Role.STAFF, u["so_hn"])),
        "reporting_other": make_user("reporting_other", (Role.REPORTING, u["xa_hn"])),
        "nobody": make_user("nobody"),
    }
    return World(units=u, users=users, submissions=_submissions(u))
