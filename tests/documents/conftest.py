"""The real documents (read from ../shared at test time, never copied here) on top of the
reference units and the indicator catalogue."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tongket.indicators.services import indicator_catalogue_load

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"

SEEDS = {
    "thai_binh_2007": "000_16a1b53836409d3f",
    "hue_2007": "001_554ea58c1fb93d96",
    "son_la_2007": "002_b35d178f6336bf55",
    "thai_binh_2017": "003_59aafab0311f16c2",
    "vinh_long_2010": "004_d13b61626b1753b8",
}


@pytest.fixture(scope="session")
def shared() -> Path:
    assert (SHARED / "seeds").is_dir(), f"the shared documents are expected in {SHARED}"
    return SHARED


@pytest.fixture(scope="session")
def seed_path(shared):
    def path(key: str) -> Path:
        return shared / "seeds" / f"{SEEDS[key]}.txt"

    return path


@pytest.fixture(scope="session")
def seed_gold(shared):
    def gold(key: str) -> dict:
        return json.loads((shared / "seeds" / "gold" / f"{SEEDS[key]}.json").read_text("utf-8"))

    return gold


@pytest.fixture(scope="session")
def corpus(shared) -> dict[str, dict]:
    docs = {}
    for line in (shared / "corpus" / "pages.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            doc = json.loads(line)
            docs[doc["id"]] = doc
    return docs


@pytest.fixture
def world(reference_units):
    """The reference units and the indicator catalogue."""
    indicator_catalogue_load(actor="test")
    return reference_units


@pytest.fixture
def ingest_seed(world, seed_path):
    from tongket.documents.services import document_ingest

    def ingest(key: str, **extra):
        path = seed_path(key)
        data = path.read_bytes()
        return document_ingest(
            text=data.decode("utf-8"),
            data=data,
            source_name=path.name,
            actor="test",
            **extra,
        )

    return ingest
