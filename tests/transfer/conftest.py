import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest

from factories import make_indicator, make_unit
from tongket.indicators.models import Indicator
from tongket.units.models import Unit, UnitKind


@dataclass
class Ref:
    long_an: Unit
    tay_ninh: Unit
    ha_noi: Unit
    commune: Unit
    subscribers: Indicator
    population: Indicator
    density: Indicator


@pytest.fixture
def ref(db) -> Ref:
    """Code 80 is Long An until 30/06/2025 and Tây Ninh from 01/07/2025."""
    long_an = make_unit(code="80", name="Long An", valid_to=dt.date(2025, 6, 30))
    tay_ninh = make_unit(code="80", name="Tây Ninh", valid_from=dt.date(2025, 7, 1))
    ha_noi = make_unit(code="01", name="Hà Nội")
    commune = make_unit(kind=UnitKind.COMMUNE, code="00004", name="Phường Ba Đình", parent=ha_noi)
    # Decimal, not counts: these tests read number conventions (2.060,5, 0,25, -3); the rules
    # on counts (whole, never negative) have tests of their own.
    subscribers = make_indicator("tt.thue_bao", name="Số thuê bao điện thoại", value_type="decimal")
    population = make_indicator(
        "ds.dan_so", name="Dân số", unit_of_measure="người", value_type="decimal"
    )
    density = make_indicator(
        "tt.mat_do",
        name="Mật độ điện thoại",
        unit_of_measure="máy/100 dân",
        value_type="decimal",
        numerator=subscribers,
        denominator=population,
        factor=100,
    )
    return Ref(long_an, tay_ninh, ha_noi, commune, subscribers, population, density)


@pytest.fixture
def write(tmp_path: Path):
    """Write text (or bytes) to a file in the test's folder and return its path."""

    def _write(name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.encode(encoding))
        return path

    return _write
