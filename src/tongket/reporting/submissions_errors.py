"""Errors raised by the submission services; each message is Vietnamese / English."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tongket.reporting.validation import Issue


class SubmissionError(ValueError):
    """A submission service refused the request; nothing was stored."""


class SubmissionNotFound(SubmissionError):
    pass


class SubmissionStateError(SubmissionError):
    """The submission's status does not allow the requested step."""


class SubmissionForbidden(SubmissionError):
    """The actor may not take this step on the submission (scope, or separation of duties)."""


class SubmissionLocked(SubmissionError):
    """The values belong to an approved submission and may not change.

    ``keys`` are the locked ``(unit_id, indicator_id, period_id)`` triples.
    """

    def __init__(self, message: str | None = None, *, keys: Iterable[tuple[int, int, int]] = ()):
        self.keys = sorted(set(keys))
        if message is None:
            shown = ", ".join(f"{u}/{i}/{p}" for u, i, p in self.keys[:5])
            more = f" (+{len(self.keys) - 5})" if len(self.keys) > 5 else ""
            message = (
                "Số liệu thuộc báo cáo đang chờ duyệt hoặc đã duyệt, không được sửa; cần trả lại "
                "hoặc hủy duyệt (có lý do) trước / the values belong to a report awaiting "
                "approval or approved and are locked; have it returned or un-approved (with a "
                f"reason) first [đơn vị/chỉ tiêu/kỳ / unit/indicator/period: {shown}{more}]"
            )
        super().__init__(message)


class SubmissionInvalid(SubmissionError):
    """Validation found errors; ``issues`` holds all of them (errors and warnings)."""

    def __init__(self, issues: Sequence[Issue]):
        self.issues = list(issues)
        errors = [i for i in self.issues if i.is_error]
        lines = "\n".join(f"  - {i}" for i in errors)
        super().__init__(
            f"Báo cáo còn {len(errors)} lỗi, chưa gửi được / the report has {len(errors)} "
            f"error(s) and was not submitted:\n{lines}"
        )
