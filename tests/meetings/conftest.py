"""Units for the tests, built with the factories.

Their codes start with «X» so they never collide with the reference units another test
directory may have loaded for the session (the demo tests use those through ``reference_units``).
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from factories import make_unit
from tongket.units.models import UnitKind

D = dt.date


@pytest.fixture
def units(db) -> SimpleNamespace:
    country = make_unit(
        kind=UnitKind.COUNTRY, code="XVN", name="Việt Nam (thử)", valid_from=D(1976, 7, 2)
    )
    thai_binh = make_unit(
        code="X34",
        name="Thái Bình (thử)",
        valid_from=D(2004, 1, 1),
        valid_to=D(2025, 6, 30),
        parent=country,
    )
    hue = make_unit(
        code="X46",
        name="Thừa Thiên Huế (thử)",
        valid_from=D(2004, 1, 1),
        valid_to=D(2024, 12, 31),
        parent=country,
    )
    so_tb = make_unit(
        kind=UnitKind.DEPARTMENT,
        code="X34.STTTT",
        name="Sở Thông tin và Truyền thông Thái Bình (thử)",
        short_name="Sở TT&TT Thái Bình (thử)",
        abbreviation="Sở TT&TT",
        valid_from=D(2008, 7, 1),
        valid_to=D(2025, 2, 28),
        parent=thai_binh,
    )
    so_hue = make_unit(
        kind=UnitKind.DEPARTMENT,
        code="X46.SBCVT",
        name="Sở Bưu chính, Viễn thông Thừa Thiên Huế (thử)",
        abbreviation="Sở BCVT",
        valid_from=D(2004, 1, 1),
        valid_to=D(2008, 6, 30),
        parent=hue,
    )
    vnpt = make_unit(
        kind=UnitKind.ENTERPRISE,
        code="XDN.VNPT",
        name="Tập đoàn Bưu chính Viễn thông Việt Nam (thử)",
        short_name="VNPT (thử)",
        valid_from=D(2006, 1, 9),
        parent=country,
    )
    viettel = make_unit(
        kind=UnitKind.ENTERPRISE,
        code="XDN.VIETTEL",
        name="Tập đoàn Công nghiệp - Viễn thông Quân đội (thử)",
        short_name="Viettel (thử)",
        valid_from=D(1989, 6, 1),
        parent=country,
    )
    return SimpleNamespace(
        country=country,
        thai_binh=thai_binh,
        hue=hue,
        so_tb=so_tb,
        so_hue=so_hue,
        vnpt=vnpt,
        viettel=viettel,
    )


@pytest.fixture
def meeting(units):
    from tongket.meetings.services import PersonSpec, meeting_create

    return meeting_create(
        kind="annual_review",
        title="Hội nghị tổng kết công tác năm 2017 và triển khai nhiệm vụ năm 2018",
        date=D(2018, 1, 10),
        organizer=units.so_tb,
        chair=PersonSpec(
            name="Nguyễn Hoàng Giang", title="Phó Chủ tịch UBND tỉnh", unit=units.thai_binh
        ),
        reviewed_periods=["2017"],
        planned_periods=["2018"],
        actor="test",
    )
