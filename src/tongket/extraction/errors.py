"""Errors a caller can show to a person: Vietnamese first, then English."""

from __future__ import annotations


class ExtractionError(ValueError):
    """A document that cannot be read; ``str()`` gives "vi / en"."""

    def __init__(self, vi: str, en: str):
        super().__init__(f"{vi} / {en}")
        self.vi = vi
        self.en = en
