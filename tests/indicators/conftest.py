from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from tongket.indicators.catalogue_file import CATALOGUE_PATH
from tongket.reporting.forms_catalogue import FORMS_PATH


def _dump(data: Any, path: Path) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def catalogue_data() -> dict:
    """The shipped catalogue as plain data, to edit and write back in a test."""
    return yaml.safe_load(CATALOGUE_PATH.read_text(encoding="utf-8"))


@pytest.fixture
def forms_data() -> dict:
    """The shipped forms as plain data (aliases expanded), to edit in a test."""
    return yaml.safe_load(FORMS_PATH.read_text(encoding="utf-8"))


@pytest.fixture
def write_yaml(tmp_path):
    def write(data: Any, name: str = "edited.yaml") -> Path:
        return _dump(data, tmp_path / name)

    return write


@pytest.fixture
def write_text(tmp_path):
    def write(text: str, name: str = "bad.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write
