"""The scale of the demo data: population, economy and per-inhabitant levels, read from
``data/calibration.yaml`` (each number there names its published source)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

CALIBRATION_PATH = Path(__file__).resolve().parent / "data" / "calibration.yaml"


@dataclass(frozen=True)
class Level:
    level: float  # per inhabitant in the first demo year, at economy index 100
    growth: float  # per year
    elasticity: float  # to the province's economy index


@dataclass(frozen=True)
class Calibration:
    sources: dict[str, str]
    base_year: int
    population_growth: float
    levels: dict[str, Level]
    people_per_household: float
    people_per_village: float
    provinces: dict[str, tuple[int, int]]  # code → (population in thousands, economy index)

    def population(self, code: str, year: int) -> float:
        thousands, _ = self.provinces[code]
        return round(thousands * 1000 * (1 + self.population_growth) ** (year - self.base_year))

    def economy(self, code: str) -> float:
        return self.provinces[code][1] / 100

    def per_inhabitant(self, code: str, indicator: str, years: int) -> float:
        """The level of ``indicator`` per inhabitant of ``code``, ``years`` after 2016."""
        spec = self.levels[indicator]
        return spec.level * self.economy(code) ** spec.elasticity * (1 + spec.growth) ** years


@lru_cache(maxsize=1)
def calibration() -> Calibration:
    with open(CALIBRATION_PATH, encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    return Calibration(
        sources=dict(data["sources"]),
        base_year=int(data["population_base_year"]),
        population_growth=float(data["population_growth"]),
        levels={code: Level(**spec) for code, spec in data["levels"].items()},
        people_per_household=float(data["people_per_household"]),
        people_per_village=float(data["people_per_village"]),
        provinces={str(code): (int(p), int(e)) for code, (p, e) in data["provinces"].items()},
    )
