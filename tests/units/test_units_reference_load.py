"""The shipped reference units, as loaded into the database."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import vietnam_provinces

from tongket.core.models import AuditEntry
from tongket.units.models import Unit, UnitAncestor, UnitKind, UnitLink, UnitSuccession
from tongket.units.selectors import (
    unit_descendant_ids,
    unit_get,
    unit_parent,
    unit_today,
    units_valid_on,
)
from tongket.units.services import units_reference_load

D = dt.date
LAST_OLD_DAY = D(2025, 6, 30)
MERGE_DAY = D(2025, 7, 1)
TODAY = D(2026, 1, 1)

pytestmark = pytest.mark.usefixtures("reference_units")


def _province(code: str, on: dt.date) -> Unit:
    return unit_get(code=code, on=on, kind=UnitKind.PROVINCE)


def test_63_provinces_until_30_06_2025_and_34_from_01_07_2025():
    assert units_valid_on(D(2017, 6, 1), kind=UnitKind.PROVINCE).count() == 63
    assert units_valid_on(LAST_OLD_DAY, kind=UnitKind.PROVINCE).count() == 63
    assert units_valid_on(MERGE_DAY, kind=UnitKind.PROVINCE).count() == 34
    assert units_valid_on(TODAY, kind=UnitKind.PROVINCE).count() == 34


def test_country_is_the_root():
    vn = unit_get(code="VN", on=D(2017, 1, 1))
    assert (vn.name, vn.kind) == ("Việt Nam", UnitKind.COUNTRY)
    assert unit_parent(vn, on=D(2017, 1, 1)) is None
    for day in (D(2017, 1, 1), TODAY):
        provinces = set(units_valid_on(day, kind=UnitKind.PROVINCE).values_list("id", flat=True))
        children = set(
            UnitLink.objects.filter(parent=vn, valid_from__lte=day)
            .exclude(valid_to__lt=day)
            .values_list("child_id", flat=True)
        )
        assert provinces <= children


def test_official_codes_and_names():
    assert _province("01", D(2017, 1, 1)).name == "Hà Nội"
    assert _province("02", D(2017, 1, 1)).name == "Hà Giang"
    assert _province("04", D(2017, 1, 1)).name == "Cao Bằng"
    assert _province("96", D(2017, 1, 1)).name == "Cà Mau"
    thai_binh = _province("34", D(2017, 1, 1))
    assert (thai_binh.name, thai_binh.division_type) == ("Thái Bình", "tỉnh")
    assert _province("31", D(2017, 1, 1)).division_type == "thành phố trung ương"


def test_provinces_created_in_2004_start_on_01_01_2004():
    for code in ("11", "12", "67", "93"):
        unit = _province(code, D(2010, 1, 1))
        assert unit.valid_from == D(2004, 1, 1)
        assert "22/2003/QH11" in unit.legal_basis
        with pytest.raises(LookupError):
            _province(code, D(2003, 12, 31))


def test_code_80_is_long_an_in_2017_and_tay_ninh_in_2026():
    assert _province("80", D(2017, 6, 1)).name == "Long An"
    assert _province("80", TODAY).name == "Tây Ninh"
    assert _province("72", D(2017, 6, 1)).name == "Tây Ninh"
    with pytest.raises(LookupError):
        _province("72", TODAY)


def test_code_33_is_hung_yen_on_both_dates_but_two_rows():
    old, new = _province("33", D(2017, 6, 1)), _province("33", TODAY)
    assert old.name == new.name == "Hưng Yên"
    assert old.pk != new.pk
    assert old.valid_to == LAST_OLD_DAY and new.valid_from == MERGE_DAY


def test_code_34_is_thai_binh_in_2017_and_nothing_in_2026():
    assert _province("34", D(2017, 6, 1)).name == "Thái Bình"
    with pytest.raises(LookupError):
        unit_get(code="34", on=TODAY)


@pytest.mark.parametrize(
    ("old_code", "name", "today_code", "today_name"),
    [
        ("34", "Thái Bình", "33", "Hưng Yên"),
        ("80", "Long An", "80", "Tây Ninh"),
        ("33", "Hưng Yên", "33", "Hưng Yên"),
        ("15", "Yên Bái", "15", "Lào Cai"),
        ("45", "Quảng Trị", "44", "Quảng Trị"),
        ("74", "Bình Dương", "79", "Hồ Chí Minh"),
    ],
)
def test_old_province_leads_to_todays_province(old_code, name, today_code, today_name):
    old = _province(old_code, D(2017, 6, 1))
    assert old.name == name
    now = unit_today(old, today=TODAY)
    assert (now.code, now.name, now.valid_from) == (today_code, today_name, MERGE_DAY)


def test_thua_thien_hue_became_hue_on_01_01_2025():
    tth = _province("46", D(2024, 12, 31))
    hue = _province("46", D(2025, 1, 1))
    assert tth.name == "Thừa Thiên Huế" and tth.valid_to == D(2024, 12, 31)
    assert (hue.name, hue.division_type) == ("Huế", "thành phố trung ương")
    succession = UnitSuccession.objects.get(predecessor=tth)
    assert (succession.successor, succession.event, succession.date) == (
        hue,
        "rename",
        D(2025, 1, 1),
    )
    assert unit_today(tth, today=TODAY) == hue
    # Huế is unchanged by the mergers: the same row continues.
    assert _province("46", TODAY) == hue


def test_merges_of_01_07_2025():
    merges = UnitSuccession.objects.filter(
        date=MERGE_DAY, predecessor__kind=UnitKind.PROVINCE
    ).select_related("predecessor", "successor")
    assert {m.event for m in merges} == {"merge"}
    assert {m.legal_basis for m in merges} == {"Nghị quyết 202/2025/QH15"}
    absorbed: dict[str, set[str]] = {}
    for m in merges:
        assert m.predecessor.valid_to == LAST_OLD_DAY
        assert m.successor.valid_from == MERGE_DAY
        absorbed.setdefault(m.successor.code, set()).add(m.predecessor.code)
    assert len(absorbed) == 23
    assert sum(len(v) for v in absorbed.values()) == 52
    assert absorbed["33"] == {"33", "34"}
    assert absorbed["80"] == {"72", "80"}
    assert absorbed["15"] == {"10", "15"}
    assert absorbed["24"] == {"27", "24"}
    assert absorbed["44"] == {"45", "44"}
    assert absorbed["52"] == {"64", "52"}
    assert absorbed["82"] == {"87", "82"}
    assert absorbed["91"] == {"89", "91"}
    assert absorbed["25"] == {"25", "26", "17"}
    assert absorbed["37"] == {"37", "35", "36"}
    assert absorbed["68"] == {"68", "67", "60"}
    assert absorbed["79"] == {"79", "74", "77"}
    assert absorbed["92"] == {"92", "94", "93"}
    assert absorbed["86"] == {"86", "83", "84"}


def test_unchanged_provinces_continue_as_one_row():
    for code, name in [
        ("01", "Hà Nội"),
        ("04", "Cao Bằng"),
        ("11", "Điện Biên"),
        ("12", "Lai Châu"),
        ("14", "Sơn La"),
        ("20", "Lạng Sơn"),
        ("22", "Quảng Ninh"),
        ("38", "Thanh Hóa"),
        ("40", "Nghệ An"),
        ("42", "Hà Tĩnh"),
    ]:
        unit = _province(code, D(2017, 6, 1))
        assert unit == _province(code, TODAY)
        assert (unit.name, unit.valid_to) == (name, None)
        assert not UnitSuccession.objects.filter(predecessor=unit).exists()


def test_new_provinces_take_names_and_codes_from_the_package():
    with open(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH, encoding="utf-8") as fh:
        package = json.load(fh)
    for p in package:
        unit = _province(f"{p['code']:02d}", TODAY)
        assert p["name"].endswith(unit.name)
        assert unit.division_type == p["division_type"]


def test_communes_each_under_a_valid_new_province():
    with open(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH, encoding="utf-8") as fh:
        package = json.load(fh)
    expected = {
        # Names as printed: the package's doubled spaces ("Xã  Bắc Đông Quan") are not kept.
        f"{w['code']:05d}": (" ".join(w["name"].split()), w["division_type"], f"{p['code']:02d}")
        for p in package
        for w in p["wards"]
    }
    communes = units_valid_on(TODAY, kind=UnitKind.COMMUNE)
    assert communes.count() == len(expected) == 3321
    assert not units_valid_on(LAST_OLD_DAY, kind=UnitKind.COMMUNE).exists()
    links = {
        child: (parent_code, parent_from, parent_to)
        for child, parent_code, parent_from, parent_to in UnitLink.objects.filter(
            child__kind=UnitKind.COMMUNE
        ).values_list("child__code", "parent__code", "parent__valid_from", "parent__valid_to")
    }
    for unit in communes:
        name, division_type, province_code = expected[unit.code]
        assert (unit.name, unit.division_type, unit.valid_from) == (name, division_type, MERGE_DAY)
        parent_code, parent_from, parent_to = links[unit.code]
        assert parent_code == province_code
        assert parent_from <= MERGE_DAY and parent_to is None
    assert {u.division_type for u in communes} == {"xã", "phường", "đặc khu"}


def test_department_chain_thai_binh():
    bcvt = unit_get(code="34.SBCVT", on=D(2007, 1, 31))
    assert (bcvt.name, bcvt.abbreviation) == ("Sở Bưu chính, Viễn thông Thái Bình", "Sở BCVT")
    chain = [bcvt]
    while True:
        nxt = UnitSuccession.objects.filter(predecessor=chain[-1]).select_related("successor")
        if not nxt:
            break
        assert len(nxt) == 1
        chain.append(nxt[0].successor)
    assert [(u.code, u.name, u.valid_from, u.valid_to) for u in chain] == [
        ("34.SBCVT", "Sở Bưu chính, Viễn thông Thái Bình", D(2004, 1, 1), D(2008, 6, 30)),
        ("34.STTTT", "Sở Thông tin và Truyền thông Thái Bình", D(2008, 7, 1), D(2025, 2, 28)),
        ("34.SKHCN", "Sở Khoa học và Công nghệ Thái Bình", D(2025, 3, 1), LAST_OLD_DAY),
        ("33.SKHCN", "Sở Khoa học và Công nghệ Hưng Yên", MERGE_DAY, None),
    ]
    assert [u.abbreviation for u in chain] == ["Sở BCVT", "Sở TT&TT", "Sở KH&CN", "Sở KH&CN"]
    assert unit_today(bcvt, today=TODAY) == chain[-1]
    assert unit_parent(chain[1], on=D(2017, 1, 10)).name == "Thái Bình"
    assert unit_parent(chain[-1], on=TODAY) == _province("33", TODAY)
    events = list(
        UnitSuccession.objects.filter(predecessor__in=chain[:-1])
        .order_by("date")
        .values_list("event", "legal_basis")
    )
    assert [e for e, _ in events] == ["rename", "merge", "merge"]
    assert "13/2008/NĐ-CP" in events[0][1] and events[2][1] == "Nghị quyết 202/2025/QH15"


def test_departments_for_every_province_and_era():
    for day, count in [(D(2007, 1, 1), 63), (D(2017, 1, 1), 63), (D(2025, 3, 1), 63)]:
        departments = units_valid_on(day, kind=UnitKind.DEPARTMENT)
        assert departments.count() == count
        for dep in departments:
            assert unit_parent(dep, on=day).kind == UnitKind.PROVINCE
    assert units_valid_on(TODAY, kind=UnitKind.DEPARTMENT).count() == 34
    old_hy = unit_get(code="33.SKHCN", on=D(2025, 5, 1))
    new_hy = unit_get(code="33.SKHCN", on=TODAY)
    assert old_hy != new_hy
    assert UnitSuccession.objects.filter(predecessor=old_hy, successor=new_hy).exists()
    hue = unit_get(code="46.STTTT", on=D(2025, 2, 1))
    assert hue.name == "Sở Thông tin và Truyền thông Huế"
    assert unit_get(code="46.STTTT", on=D(2024, 12, 1)).name.endswith("Thừa Thiên Huế")
    assert unit_get(code="79.SKHCN", on=TODAY).name.endswith("Thành phố Hồ Chí Minh")


def test_enterprises_linked_to_the_country():
    enterprises = list(units_valid_on(TODAY, kind=UnitKind.ENTERPRISE))
    assert {"VNPT", "Viettel", "MobiFone", "Viettel Post", "FPT Telecom"} <= {
        e.short_name for e in enterprises
    }
    assert "Tổng công ty Bưu điện Việt Nam" in {e.name for e in enterprises}
    for e in enterprises:
        assert unit_parent(e, on=TODAY).code == "VN"


def test_closure_of_a_commune_includes_province_and_country():
    commune = units_valid_on(TODAY, kind=UnitKind.COMMUNE).first()
    province = unit_parent(commune, on=TODAY)
    rows = {
        (a, d)
        for a, d in UnitAncestor.objects.filter(unit=commune).values_list("ancestor__code", "depth")
    }
    assert rows == {(commune.code, 0), (province.code, 1), ("VN", 2)}
    assert commune.pk in unit_descendant_ids(province, on=TODAY)
    assert commune.pk in unit_descendant_ids(unit_get(code="VN", on=TODAY), on=TODAY)
    assert commune.pk not in unit_descendant_ids(province, on=LAST_OLD_DAY)


def test_closure_of_a_2017_department():
    dep = unit_get(code="34.STTTT", on=D(2017, 1, 10))
    thai_binh = _province("34", D(2017, 1, 10))
    ancestors = UnitAncestor.objects.filter(
        unit=dep, valid_from__lte=D(2017, 1, 10), depth__gte=1
    ).exclude(valid_to__lt=D(2017, 1, 10))
    assert {a.ancestor_id for a in ancestors} == {thai_binh.pk, unit_get(code="VN", on=TODAY).pk}
    row = UnitAncestor.objects.get(unit=dep, ancestor=thai_binh)
    assert (row.depth, row.valid_from, row.valid_to) == (1, D(2008, 7, 1), D(2025, 2, 28))
    assert dep.pk in unit_descendant_ids(thai_binh, on=D(2017, 1, 10))
    assert unit_descendant_ids(thai_binh, on=D(2017, 1, 10), kind=UnitKind.DEPARTMENT) == [dep.pk]
    # Today the department of Thái Bình is nobody's descendant.
    assert dep.pk not in unit_descendant_ids(unit_get(code="VN", on=TODAY), on=TODAY)


def test_second_load_creates_and_changes_nothing(reference_units):
    tables = (Unit, UnitLink, UnitSuccession, UnitAncestor, AuditEntry)
    before = [m.objects.count() for m in tables]
    counts = units_reference_load(actor="test")
    changes = {k: v for k, v in counts.items() if k.endswith(("created", "updated", "deleted"))}
    assert changes and set(changes.values()) == {0}
    assert [m.objects.count() for m in tables] == before
    assert counts["units"] == reference_units["units"] == 3628
