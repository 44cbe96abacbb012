"""Vietnamese alphabetical order where people read sorted lists; names tidied at load."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from tongket.accounts.services import user_create
from tongket.core.collation import sort_key, vi_sorted
from tongket.units.models import Unit, UnitKind
from tongket.units.reference import UnitSpec


def test_vietnamese_alphabet_and_tones():
    names = ["Xã Yên Mỹ", "Xã Đông Hưng", "Xã Ân Thi", "xã Ăn Lạc", "Xã An Lạc", "Xã Bắc Hà"]
    assert vi_sorted(names) == [
        "Xã An Lạc",
        "xã Ăn Lạc",
        "Xã Ân Thi",
        "Xã Bắc Hà",
        "Xã Đông Hưng",
        "Xã Yên Mỹ",
    ]
    # d before đ, and a letter's tones after the bare letter: a < á < à.
    assert sort_key("Dương") < sort_key("Đà") < sort_key("Em")
    assert vi_sorted(["Hà", "Ha", "Hạ"]) == ["Ha", "Hà", "Hạ"]


def test_reference_names_are_tidied_when_loaded():
    spec = UnitSpec(UnitKind.COMMUNE, "12345", "Xã  Bắc Đông\u00a0Quan ", dt.date(2025, 7, 1))
    assert spec.name == "Xã Bắc Đông Quan"


@pytest.mark.slow
def test_no_reference_unit_name_has_doubled_spaces(reference_units):
    assert not Unit.objects.filter(name__contains="  ").exists()
    assert Unit.objects.filter(name="Xã Bắc Đông Quan").exists()


def test_units_page_lists_in_vietnamese_order(db):
    Unit.objects.create(
        kind=UnitKind.COUNTRY, code="VN", name="Việt Nam", valid_from=dt.date(2000, 1, 1)
    )
    for code, name in [
        ("90001", "Xã Yên Mỹ"),
        ("90002", "Xã Ân Thi"),
        ("90003", "Xã Đông Hưng"),
        ("90004", "Xã An Lạc"),
    ]:
        Unit.objects.create(
            kind=UnitKind.COMMUNE, code=code, name=name, valid_from=dt.date(2025, 7, 1)
        )
    admin = user_create(
        username="quantri.thu", password="Mk-dai-du-12", role="admin", unit=None, actor="test"
    )
    client = Client()
    client.force_login(admin)
    html = client.get("/units/?kind=commune").content.decode()
    shown = [n for n in re.findall(r"Xã [^<]+?(?=<)", html)]
    assert shown == ["Xã An Lạc", "Xã Ân Thi", "Xã Đông Hưng", "Xã Yên Mỹ"], shown
