"""Errors of the documents app: the Vietnamese message, then the English, and where."""

from __future__ import annotations


class DocumentError(ValueError):
    """A document or record that cannot be stored; the service that raises it stored nothing."""

    def __init__(self, vi: str, en: str, *, where: str = "", field: str = ""):
        self.vi, self.en, self.where, self.field = vi, en, where, field
        super().__init__(str(self))

    def __str__(self) -> str:
        place = ", ".join(
            p for p in (self.where, f"trường/field «{self.field}»" if self.field else "") if p
        )
        return f"{place}: {self.vi} / {self.en}" if place else f"{self.vi} / {self.en}"

    def at(self, *, where: str = "", field: str = "") -> DocumentError:
        """The same error with the place filled in where it was still unknown."""
        return DocumentError(self.vi, self.en, where=self.where or where, field=self.field or field)
