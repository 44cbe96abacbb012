"""Problems found in an imported file, named the way the user sees the file."""

from __future__ import annotations

from dataclasses import asdict, dataclass

# A file with a million bad rows must not hold a million messages: the first ones are kept,
# the rest are only counted (the report says how many were left out).
MAX_ISSUES = 1000


@dataclass(frozen=True)
class Issue:
    """One problem: ``row`` is the CSV line, the sheet row, or the index in ``dataValues``."""

    file: str
    row: int | str | None
    column: str
    reason: str

    def line(self) -> str:
        where = [self.file]
        if self.row is not None and self.row != "":
            where.append(f"dòng/row {self.row}")
        if self.column:
            where.append(f"cột/column {self.column}")
        return f"{': '.join(where)}: {self.reason}"

    def as_dict(self) -> dict:
        return asdict(self)


class IssueList:
    """Collects issues, keeping at most ``MAX_ISSUES`` and counting the others."""

    def __init__(self, limit: int = MAX_ISSUES) -> None:
        self.items: list[Issue] = []
        self.count = 0
        self.limit = limit

    def add(self, file: str, row: int | str | None, column: str, reason: str) -> None:
        self.count += 1
        if len(self.items) < self.limit:
            self.items.append(Issue(file, row, column, reason))

    def __bool__(self) -> bool:
        return self.count > 0

    @property
    def omitted(self) -> int:
        return self.count - len(self.items)


class ImportRejected(Exception):
    """The files had problems; nothing was stored."""

    def __init__(self, issues: list[Issue], omitted: int = 0) -> None:
        self.issues = issues
        self.omitted = omitted
        super().__init__("\n".join(i.line() for i in issues[:20]))

    def lines(self) -> list[str]:
        out = [i.line() for i in self.issues]
        if self.omitted:
            out.append(
                f"… và {self.omitted} lỗi khác không liệt kê / "
                f"and {self.omitted} more errors not listed"
            )
        return out
