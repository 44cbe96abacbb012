"""Errors of the generated documents: a Vietnamese message, then the English."""

from __future__ import annotations


class PapersError(ValueError):
    """Bad input for a document; nothing was written."""

    def __init__(self, vi: str, en: str, *, column: str | None = None):
        self.vi, self.en, self.column = vi, en, column
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"«{self.column}»: " if self.column else ""
        return f"{where}{self.vi} / {self.en}"


class OfficeMissing(PapersError):
    """LibreOffice is not installed, so no PDF can be made (the DOCX still can)."""
