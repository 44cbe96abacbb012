"""Reading the reference data files (no database): the rules and the errors."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
import yaml

from tongket.units.reference import (
    DATA_DIR,
    ReferenceDataError,
    package_divisions,
    reference_build_from,
)

D = dt.date


@pytest.fixture(scope="module")
def sources() -> dict:
    def read(name: str) -> dict:
        with (DATA_DIR / name).open(encoding="utf-8") as fh:
            return yaml.safe_load(fh)

    return {
        "provinces": read("provinces.yaml"),
        "merger": read("provinces_2025.yaml"),
        "departments": read("departments.yaml"),
        "enterprises": read("enterprises.yaml"),
        "divisions": package_divisions(),
    }


def build(sources: dict, change=None):
    data = copy.deepcopy(sources)
    if change:
        change(data)
    return reference_build_from(**data)


def test_shipped_data_builds(sources):
    ref = build(sources)
    kinds = {}
    for u in ref.units:
        kinds[u.kind] = kinds.get(u.kind, 0) + 1
    assert kinds == {
        "country": 1,
        "province": 63 + 1 + 23,
        "commune": 3321,
        "department": 213,
        "agency": 1528,
        "enterprise": 6,
    }
    assert len({u.key for u in ref.units}) == len(ref.units)


def test_department_dates_can_be_overridden_per_province(sources):
    def change(data):
        data["departments"]["from_overrides"] = {
            "14": {"SBCVT": D(2006, 6, 1), "STTTT": D(2008, 4, 1)}
        }

    ref = build(sources, change)
    son_la = {u.code: u for u in ref.units if u.code.startswith("14.")}
    assert (son_la["14.SBCVT"].valid_from, son_la["14.SBCVT"].valid_to) == (
        D(2006, 6, 1),
        D(2008, 3, 31),
    )
    assert son_la["14.STTTT"].valid_from == D(2008, 4, 1)
    other = {u.code: u for u in ref.units if u.code == "34.STTTT"}
    assert other["34.STTTT"].valid_from == D(2008, 7, 1)
    [step] = [s for s in ref.successions if s.predecessor == son_la["14.SBCVT"].key]
    assert (step.date, step.event) == (D(2008, 4, 1), "rename")


def test_era_dates_out_of_order_are_refused(sources):
    def change(data):
        data["departments"]["from_overrides"] = {"14": {"STTTT": D(2026, 1, 1)}}

    with pytest.raises(ReferenceDataError, match=r"departments.yaml, 14"):
        build(sources, change)


def test_an_era_without_start_is_refused(sources):
    def change(data):
        del data["departments"]["eras"][1]["from"]

    with pytest.raises(ReferenceDataError, match="eras #2"):
        build(sources, change)


def test_an_old_province_in_two_merges_is_refused(sources):
    def change(data):
        data["merger"]["merged"]["80"] = ["72", "80", "34"]

    with pytest.raises(ReferenceDataError, match=r"«34».*«33»|«34».*«80»"):
        build(sources, change)


def test_an_old_province_left_out_is_refused(sources):
    def change(data):
        data["merger"]["merged"]["33"] = ["33"]

    with pytest.raises(ReferenceDataError, match=r"\['34'\]"):
        build(sources, change)


def test_new_codes_must_match_the_package(sources):
    def change(data):
        data["merger"]["merged"]["99"] = data["merger"]["merged"].pop("96")

    with pytest.raises(ReferenceDataError, match="vietnam-provinces") as info:
        build(sources, change)
    assert "'96'" in str(info.value) and "'99'" in str(info.value)


def test_unchanged_province_named_differently_by_the_package_is_refused(sources):
    def change(data):
        for p in data["provinces"]["provinces"]:
            if p["code"] == "38":
                p["name"] = "Thanh Hoá"

    with pytest.raises(ReferenceDataError, match=r"unchanged «38».*Thanh Hóa"):
        build(sources, change)


def test_unquoted_code_is_refused(sources):
    def change(data):
        data["provinces"]["provinces"][0]["code"] = 1

    with pytest.raises(ReferenceDataError, match=r"provinces #1.*2-digit"):
        build(sources, change)


def test_rename_before_the_province_starts_is_refused(sources):
    def change(data):
        data["provinces"]["renames"][0]["date"] = D(2003, 1, 1)

    with pytest.raises(ReferenceDataError, match="renames #1"):
        build(sources, change)


def test_two_units_sharing_a_code_at_the_same_time_are_refused(sources):
    def change(data):
        data["enterprises"]["enterprises"].append(
            {"code": "DN.VNPT", "name": "Bản sao", "valid_from": D(2010, 1, 1)}
        )

    with pytest.raises(ReferenceDataError, match=r"DN.VNPT"):
        build(sources, change)


def test_hue_departments_follow_the_rename(sources):
    ref = build(sources)
    by_key = {u.key: u for u in ref.units}
    steps = [
        (by_key[s.predecessor].name, by_key[s.successor].name, s.date, s.event)
        for s in ref.successions
        if s.predecessor[1].startswith("46.")
    ]
    assert (
        "Sở Thông tin và Truyền thông Thừa Thiên Huế",
        "Sở Thông tin và Truyền thông Huế",
        D(2025, 1, 1),
        "rename",
    ) in steps
    assert (
        "Sở Thông tin và Truyền thông Huế",
        "Sở Khoa học và Công nghệ Huế",
        D(2025, 3, 1),
        "merge",
    ) in steps
