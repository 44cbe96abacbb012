"""A small province for report tests: the country, a province, its department, a district, two
communes (one moves up to the province on 01/07/2025 when districts end), an enterprise of the
province and a nationwide one under the country, and a quarterly telecom form with total and
mobile subscribers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from factories import make_indicator, make_unit
from tongket.indicators.models import Indicator
from tongket.reporting.models import Form, FormIndicator, RuleKind, ValidationRule
from tongket.units.models import Unit, UnitKind, UnitLink

ACTOR = "cli:tester"


@dataclass
class World:
    province: Unit
    department: Unit
    district: Unit
    commune: Unit
    commune2: Unit
    enterprise: Unit
    country: Unit
    national: Unit
    total: Indicator
    mobile: Indicator
    revenue: Indicator
    density: Indicator
    form: Form


def form_make(
    *,
    code: str = "TEST-01",
    frequency: str = "quarter",
    cutoff: str = "calendar",
    unit_kinds: list[str] | None = None,
    recipient_kind: str = UnitKind.PROVINCE,
    deadline_days: int = 15,
    lines: list[tuple[Indicator, bool]] = (),
) -> Form:
    form = Form.objects.create(
        code=code,
        name=f"Biểu thử {code}",
        frequency=frequency,
        cutoff=cutoff,
        unit_kinds=unit_kinds if unit_kinds is not None else [UnitKind.COMMUNE],
        recipient_kind=recipient_kind,
        deadline_days=deadline_days,
    )
    for n, (indicator, required) in enumerate(lines, start=1):
        FormIndicator.objects.create(form=form, indicator=indicator, line=n, required=required)
    return form


def world_make() -> World:
    country = make_unit(kind=UnitKind.COUNTRY, code="VN", name="Việt Nam")
    province = make_unit(kind=UnitKind.PROVINCE, code="34", name="Tỉnh Thái Bình", parent=country)
    department = make_unit(
        kind=UnitKind.DEPARTMENT, code="STTTT34", name="Sở TT&TT Thái Bình", parent=province
    )
    district = make_unit(
        kind=UnitKind.DISTRICT,
        code="336",
        name="Huyện Đông Hưng",
        parent=province,
        valid_to=dt.date(2025, 6, 30),
    )
    commune = make_unit(kind=UnitKind.COMMUNE, code="12700", name="Xã Đông Hợp")
    UnitLink.objects.create(
        child=commune, parent=district, valid_from=commune.valid_from, valid_to=dt.date(2025, 6, 30)
    )
    UnitLink.objects.create(child=commune, parent=province, valid_from=dt.date(2025, 7, 1))
    commune2 = make_unit(kind=UnitKind.COMMUNE, code="12703", name="Xã Đông Các", parent=district)
    enterprise = make_unit(
        kind=UnitKind.ENTERPRISE, code="0100109106", name="VNPT Thái Bình", parent=province
    )
    national = make_unit(
        kind=UnitKind.ENTERPRISE, code="0100684378", name="Viettel", parent=country
    )
    total = make_indicator(
        "test.subscribers", name="Tổng số thuê bao", name_en="Total subscribers", min_value=0
    )
    mobile = make_indicator(
        "test.mobile", name="Thuê bao di động", name_en="Mobile subscribers", min_value=0
    )
    revenue = make_indicator(
        "test.revenue",
        name="Doanh thu",
        name_en="Revenue",
        unit_of_measure="tỷ đồng",
        value_type="decimal",
    )
    population = make_indicator("test.population", name="Dân số", name_en="Population")
    density = make_indicator(
        "test.density",
        name="Mật độ thuê bao",
        name_en="Subscriber density",
        value_type="decimal",
        numerator=total,
        denominator=population,
        factor=100,
    )
    form = form_make(lines=[(total, True), (mobile, True), (revenue, False), (density, False)])
    ValidationRule.objects.create(form=form, kind=RuleKind.LE, indicator=mobile, other=total)
    return World(
        province,
        department,
        district,
        commune,
        commune2,
        enterprise,
        country,
        national,
        total,
        mobile,
        revenue,
        density,
        form,
    )
