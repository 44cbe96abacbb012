"""Errors of the meetings app: a Vietnamese message, then the English, and where it happened."""

from __future__ import annotations


class MeetingsError(ValueError):
    """Bad input or a rule broken; the service that raises it has stored nothing."""

    def __init__(
        self,
        vi: str,
        en: str,
        *,
        file: str | None = None,
        row: int | str | None = None,
        column: str | None = None,
    ):
        self.vi, self.en = vi, en
        self.file, self.row, self.column = file, row, column
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.location()
        return f"{where}: {self.vi} / {self.en}" if where else f"{self.vi} / {self.en}"

    def location(self) -> str:
        parts = []
        if self.file:
            parts.append(f"tệp/file {self.file}")
        if self.row is not None:
            parts.append(f"dòng/line {self.row}")
        if self.column:
            parts.append(f"cột/field «{self.column}»")
        return ", ".join(parts)

    def at(
        self, *, file: str | None = None, row: int | str | None = None, column: str | None = None
    ) -> MeetingsError:
        """The same error with the location filled in where it was still unknown."""
        return MeetingsError(
            self.vi,
            self.en,
            file=self.file or file,
            row=self.row if self.row is not None else row,
            column=self.column or column,
        )
