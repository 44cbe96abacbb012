"""Shared paths: the documents live in ../shared beside the repository (CI has it there)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def shared() -> Path:
    assert (SHARED / "seeds").is_dir(), f"the shared documents are expected in {SHARED}"
    return SHARED


@pytest.fixture(scope="session")
def corpus(shared) -> dict[str, dict]:
    """The corpus documents by id, read at test time (never copied into the repository)."""
    docs = {}
    for line in (shared / "corpus" / "pages.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            doc = json.loads(line)
            docs[doc["id"]] = doc
    return docs
