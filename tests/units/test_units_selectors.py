"""Reading units: by code and date, by name, through the hierarchy and through history."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from tongket.units.models import Unit, UnitKind
from tongket.units.selectors import (
    UnitAmbiguous,
    UnitIndex,
    UnitNotFound,
    unit_children,
    unit_get,
    unit_history,
    unit_resolve,
    unit_today,
    unit_today_map,
    units_valid_on,
)

D = dt.date
TODAY = D(2026, 1, 1)
OLD = D(2017, 6, 1)

pytestmark = pytest.mark.usefixtures("reference_units")


def province(code: str, on: dt.date) -> Unit:
    return unit_get(code=code, on=on, kind=UnitKind.PROVINCE)


def test_unit_not_found_names_the_code_and_the_date():
    with pytest.raises(UnitNotFound) as info:
        unit_get(code="34", on=TODAY)
    message = str(info.value)
    assert message.startswith(
        "Không có đơn vị mã «34» vào ngày 01/01/2026 / No unit with code «34» on 01/01/2026"
    )
    assert "Thái Bình" in message  # the code was used before
    assert isinstance(info.value, LookupError)
    with pytest.raises(UnitNotFound, match="loại «department»"):
        unit_get(code="34", on=OLD, kind=UnitKind.DEPARTMENT)


@pytest.mark.parametrize(
    ("ref", "on", "code", "name"),
    [
        ("34", OLD, "34", "Thái Bình"),
        ("Thái Bình", OLD, "34", "Thái Bình"),
        ("tỉnh thái bình", OLD, "34", "Thái Bình"),
        ("  THÁI   BÌNH ", OLD, "34", "Thái Bình"),
        (unicodedata.normalize("NFD", "Tỉnh Thái Bình"), OLD, "34", "Thái Bình"),
        ("Thành phố Hồ Chí Minh", TODAY, "79", "Hồ Chí Minh"),
        ("TP. Hồ Chí Minh", OLD, "79", "Hồ Chí Minh"),
        ("Hồ Chí Minh", TODAY, "79", "Hồ Chí Minh"),
        ("Thanh Hoá", OLD, "38", "Thanh Hóa"),
        ("Khánh Hoà", TODAY, "56", "Khánh Hòa"),
        ("Thừa Thiên - Huế", OLD, "46", "Thừa Thiên Huế"),
        ("Thành phố Huế", TODAY, "46", "Huế"),
        ("Bà Rịa–Vũng Tàu", OLD, "77", "Bà Rịa - Vũng Tàu"),
        ("Sở TT&TT Thái Bình", OLD, "34.STTTT", "Sở Thông tin và Truyền thông Thái Bình"),
        ("Sở Bưu chính, Viễn thông Thái Bình", D(2007, 1, 31), "34.SBCVT", None),
        ("VNPT", TODAY, "DN.VNPT", "Tập đoàn Bưu chính Viễn thông Việt Nam"),
        ("1", OLD, "01", "Hà Nội"),  # a leading zero lost in a spreadsheet
        ("Phường Ba Đình", TODAY, "00004", "Phường Ba Đình"),
    ],
)
def test_unit_resolve(ref, on, code, name):
    unit = unit_resolve(ref, on=on)
    assert unit.code == code
    if name:
        assert unit.name == name


def test_resolve_is_by_date():
    assert unit_resolve("80", on=OLD).name == "Long An"
    assert unit_resolve("80", on=TODAY).name == "Tây Ninh"
    assert unit_resolve("Tây Ninh", on=OLD).code == "72"
    assert unit_resolve("Tây Ninh", on=TODAY).code == "80"
    with pytest.raises(UnitNotFound) as info:
        unit_resolve("Huế", on=OLD)
    assert "01/06/2017" in str(info.value) and "mã 46, 01/01/2025" in str(info.value)


def test_ambiguous_reference_lists_the_candidates():
    with pytest.raises(UnitAmbiguous) as info:
        unit_resolve("Tân Hòa", on=TODAY)
    message = str(info.value)
    assert "«Tân Hòa» ứng với 6 đơn vị" in message and "use the code" in message
    assert "Xã Tân Hòa (mã 25531" in message and "Phường Tân Hòa (mã 04792" in message
    assert len(info.value.candidates) == 6
    # "4" is Cao Bằng (04) and Phường Ba Đình (00004): the kind settles it.
    with pytest.raises(UnitAmbiguous):
        unit_resolve("4", on=TODAY)
    assert unit_resolve("4", on=TODAY, kinds=[UnitKind.PROVINCE]).name == "Cao Bằng"
    assert unit_resolve("4", on=TODAY, kinds=UnitKind.COMMUNE).name == "Phường Ba Đình"


def test_a_division_type_limits_the_kinds():
    # "Tỉnh Hưng Yên" cannot be a commune, "Phường Hưng Yên" cannot be a province.
    assert unit_resolve("Tỉnh Hưng Yên", on=TODAY).kind == UnitKind.PROVINCE
    with pytest.raises(UnitNotFound):
        unit_resolve("Phường Thái Bình", on=OLD)
    # "Thành phố" fits only a centrally-run city: Thành phố Thái Bình was the provincial
    # capital, and Thành phố Huế before 2025 a city inside the province.
    with pytest.raises(UnitNotFound):
        unit_resolve("Thành phố Thái Bình", on=OLD)
    with pytest.raises(UnitNotFound):
        unit_resolve("Thành phố Huế", on=OLD)
    assert unit_resolve("Thành phố Huế", on=TODAY).name == "Huế"
    assert unit_resolve("Tỉnh Thừa Thiên Huế", on=OLD).name == "Thừa Thiên Huế"
    with pytest.raises(UnitNotFound):
        unit_resolve("Tỉnh Hà Nội", on=OLD)


def test_unit_index_resolves_and_explains():
    index = UnitIndex.load()
    assert len(index) == Unit.objects.count()
    assert index.resolve("34", OLD).name == "Thái Bình"
    assert index.resolve("34", TODAY) is None
    assert "«34»" in index.error_for("34", TODAY) and "01/01/2026" in index.error_for("34", TODAY)
    assert index.error_for("34", OLD) == ""
    assert index.resolve("Tân Hòa", TODAY) is None
    assert "6 đơn vị" in index.error_for("Tân Hòa", TODAY)
    assert index.resolve("", TODAY) is None and "empty" in index.error_for("", TODAY)
    assert index.resolve("Hưng Yên", OLD, kinds=[UnitKind.PROVINCE]).code == "33"
    assert index.resolve("Hưng Yên", OLD, kinds=[UnitKind.COMMUNE]) is None


def test_unit_index_answers_from_its_cache(django_assert_num_queries):
    index = UnitIndex.load(kinds=[UnitKind.PROVINCE, UnitKind.COMMUNE])
    with django_assert_num_queries(0):
        first = index.resolve("Thái Bình", OLD)
        for _ in range(1000):
            assert index.resolve("Thái Bình", OLD) is first
    assert index.resolve("34.STTTT", OLD) is None  # departments were not loaded


def test_unit_today_follows_renames_and_mergers():
    assert unit_today(province("34", OLD), today=TODAY) == province("33", TODAY)
    assert unit_today(province("80", OLD), today=TODAY) == province("80", TODAY)
    assert unit_today(province("46", OLD), today=TODAY).name == "Huế"
    assert unit_today(province("01", OLD), today=TODAY) == province("01", OLD)
    assert unit_today(province("34", OLD), today=OLD) == province("34", OLD)
    with pytest.raises(UnitNotFound):  # before it existed there is no "today's" Hậu Giang
        unit_today(province("93", OLD), today=D(2003, 1, 1))


def test_unit_today_map():
    mapping = unit_today_map(today=TODAY)
    assert mapping[province("34", OLD).pk] == province("33", TODAY).pk
    assert mapping[province("33", OLD).pk] == province("33", TODAY).pk
    assert mapping[province("80", OLD).pk] == province("80", TODAY).pk
    assert mapping[province("46", OLD).pk] == province("46", TODAY).pk
    assert mapping[unit_get(code="34.SBCVT", on=D(2007, 1, 1)).pk] == (
        unit_get(code="33.SKHCN", on=TODAY).pk
    )
    for unit in units_valid_on(TODAY):
        assert mapping[unit.pk] == unit.pk
    assert len(mapping) == Unit.objects.count()
    # In 2017 Thái Bình was valid: it maps to itself; the communes of 2025 map to nothing.
    then = unit_today_map(today=OLD)
    assert then[province("34", OLD).pk] == province("34", OLD).pk
    assert province("33", TODAY).pk not in then


def test_unit_history_shows_mergers_and_partners():
    thai_binh = province("34", OLD)
    steps = [
        (s.date, s.event, s.predecessor.code, s.successor.code, s.legal_basis)
        for s in unit_history(thai_binh)
    ]
    assert steps == [
        (D(2025, 7, 1), "merge", "33", "33", "Nghị quyết 202/2025/QH15"),
        (D(2025, 7, 1), "merge", "34", "33", "Nghị quyết 202/2025/QH15"),
    ]
    department = unit_get(code="34.SBCVT", on=D(2007, 1, 1))
    chain = [(s.date, s.predecessor.code, s.successor.code) for s in unit_history(department)]
    assert chain == [
        (D(2008, 7, 1), "34.SBCVT", "34.STTTT"),
        # The science department (an agency until then) merged with it the same day.
        (D(2025, 3, 1), "34.SKHCN", "34.SKHCN"),
        (D(2025, 3, 1), "34.STTTT", "34.SKHCN"),
        (D(2025, 7, 1), "33.SKHCN", "33.SKHCN"),
        (D(2025, 7, 1), "34.SKHCN", "33.SKHCN"),
    ]
    assert unit_history(province("01", OLD)) == []


def test_unit_children():
    hung_yen = province("33", TODAY)
    children = unit_children(hung_yen, on=TODAY)
    kinds = {}
    for child in children:
        kinds[child.kind] = kinds.get(child.kind, 0) + 1
    assert kinds == {UnitKind.COMMUNE: 104, UnitKind.DEPARTMENT: 1, UnitKind.AGENCY: 11}
    old = unit_children(province("34", OLD), on=OLD)
    assert list(old.filter(kind=UnitKind.DEPARTMENT).values_list("code", flat=True)) == ["34.STTTT"]
