"""Reads on report submissions: lookups, locks, lines, completeness and timeliness."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone

from tongket.core.periods import Cutoff, PeriodError
from tongket.core.periods import Period as PeriodCode
from tongket.indicators.models import Indicator
from tongket.reporting.models import (
    Form,
    FormIndicator,
    Submission,
    SubmissionStatus,
    Value,
)
from tongket.reporting.submissions_errors import SubmissionError, SubmissionNotFound
from tongket.reporting.submissions_units import MemoryTree, reporters_of, units_valid_between
from tongket.reporting.workflow import VALUES_LOCKED
from tongket.units.models import Unit

_CHUNK = 5000

STATUS_EN = {
    SubmissionStatus.DRAFT: "draft",
    SubmissionStatus.SUBMITTED: "submitted",
    SubmissionStatus.RETURNED: "returned",
    SubmissionStatus.APPROVED: "approved",
}


def status_label(status: str) -> str:
    """``Đã duyệt / approved``."""
    return f"{SubmissionStatus(status).label} / {STATUS_EN[SubmissionStatus(status)]}"


# ----------------------------------------------------------------------------- forms, periods


def form_get(*, code: str) -> Form:
    from tongket.reporting.reference import form_by_code

    form = form_by_code(code)
    if form is None:
        raise SubmissionNotFound(f"Không có biểu mẫu «{code}» / no report form «{code}»")
    return form


def form_period(*, form: Form, period_code: str) -> PeriodCode:
    """``period_code`` parsed and checked against the form's frequency."""
    try:
        period = PeriodCode.parse(period_code)
    except PeriodError as exc:
        raise SubmissionError(str(exc)) from None
    if period.kind.value != form.frequency:
        raise SubmissionError(
            f"Biểu {form.code} báo cáo theo kỳ «{form.get_frequency_display()}», không nhận kỳ "
            f"{period.code} / form {form.code} is reported per {form.frequency}, "
            f"not for period {period.code}"
        )
    return period


def form_window(*, form: Form, period: PeriodCode) -> tuple[dt.date, dt.date]:
    """The days the form's figures cover for ``period`` under its cut-off rule."""
    cutoff = Cutoff(form.cutoff)
    return period.start(cutoff), period.end(cutoff)


def form_deadline(*, form: Form, period: PeriodCode) -> dt.date:
    """The period's last day under the form's cut-off rule, plus the form's deadline days."""
    return period.end(Cutoff(form.cutoff)) + dt.timedelta(days=form.deadline_days)


# ----------------------------------------------------------------------------- submissions


def submission_get(*, pk: int) -> Submission:
    try:
        return Submission.objects.select_related("unit", "form", "period", "recipient").get(pk=pk)
    except (Submission.DoesNotExist, ValueError):
        raise SubmissionNotFound(f"Không có báo cáo số {pk} / no report submission #{pk}") from None


def submission_list(
    *,
    form_code: str | None = None,
    period_code: str | None = None,
    status: str | None = None,
    unit: Unit | None = None,
    recipient: Unit | None = None,
) -> QuerySet[Submission]:
    qs = Submission.objects.select_related("unit", "form", "period", "recipient")
    if form_code:
        qs = qs.filter(form__code=form_code)
    if period_code:
        try:
            qs = qs.filter(period__code=PeriodCode.parse(period_code).code)
        except PeriodError as exc:
            raise SubmissionError(str(exc)) from None
    if status:
        if status not in SubmissionStatus.values:
            raise SubmissionError(
                f"Trạng thái không hợp lệ «{status}» (dùng {', '.join(SubmissionStatus.values)})"
                f" / invalid status «{status}» (use {', '.join(SubmissionStatus.values)})"
            )
        qs = qs.filter(status=status)
    if unit is not None:
        qs = qs.filter(unit=unit)
    if recipient is not None:
        qs = qs.filter(recipient=recipient)
    return qs.order_by("period__start", "form__code", "unit__code", "pk")


@dataclass(frozen=True)
class SubmissionLine:
    line: int
    indicator: Indicator
    required: bool
    value: float | None
    flagged: bool
    flag_reason: str
    comment: str = ""
    explanation: str = ""


def submission_lines(*, submission: Submission) -> list[SubmissionLine]:
    """The form's lines with the submission's current values."""
    lines = FormIndicator.objects.filter(form_id=submission.form_id).select_related("indicator")
    values = {
        v.indicator_id: v
        for v in Value.objects.filter(
            unit_id=submission.unit_id,
            period_id=submission.period_id,
            indicator_id__in=[fl.indicator_id for fl in lines],
        )
    }
    result = []
    for fl in lines.order_by("line"):
        v = values.get(fl.indicator_id)
        result.append(
            SubmissionLine(
                fl.line,
                fl.indicator,
                fl.required,
                v.value if v else None,
                bool(v and v.flagged),
                v.flag_reason if v else "",
                v.comment if v else "",
                v.explanation if v else "",
            )
        )
    return result


# ----------------------------------------------------------------------------- locks


def locks_exist(*, period_ids: Iterable[int]) -> bool:
    """Whether a report awaiting approval or approved covers any of these periods (if none,
    no value of them is locked)."""
    return Submission.objects.filter(
        status__in=VALUES_LOCKED, period_id__in=list(period_ids)
    ).exists()


def value_keys_locked(*, keys: Iterable[tuple[int, int, int]]) -> set[tuple[int, int, int]]:
    """The ``(unit_id, indicator_id, period_id)`` keys among ``keys`` that may not change.

    A key is locked when a submission of that unit and period awaiting approval or approved
    (``workflow.VALUES_LOCKED``) has the indicator on its form (even if the line was left
    empty: filling it later would change the report), or when the stored value was written
    by such a submission.
    """
    wanted = set(keys)
    if not wanted:
        return set()
    unit_ids = sorted({u for u, _, _ in wanted})
    period_ids = sorted({p for _, _, p in wanted})
    locked: set[tuple[int, int, int]] = set()
    approved: list[tuple[int, int, int]] = []
    for i in range(0, len(unit_ids), _CHUNK):
        chunk = unit_ids[i : i + _CHUNK]
        approved.extend(
            Submission.objects.filter(
                status__in=VALUES_LOCKED, unit_id__in=chunk, period_id__in=period_ids
            ).values_list("unit_id", "period_id", "form_id")
        )
        locked.update(
            key
            for key in Value.objects.filter(
                submission__status__in=VALUES_LOCKED,
                unit_id__in=chunk,
                period_id__in=period_ids,
            ).values_list("unit_id", "indicator_id", "period_id")
            if key in wanted
        )
    if approved:
        lines: dict[int, set[int]] = defaultdict(set)
        for form_id, indicator_id in FormIndicator.objects.filter(
            form_id__in={f for _, _, f in approved}
        ).values_list("form_id", "indicator_id"):
            lines[form_id].add(indicator_id)
        for unit_id, period_id, form_id in approved:
            locked.update(
                (unit_id, ind, period_id)
                for ind in lines[form_id]
                if (unit_id, ind, period_id) in wanted
            )
    return locked


# ----------------------------------------------------------------------------- completeness


class Timeliness:
    ON_TIME = "on_time"
    LATE = "late"
    MISSING = "missing"


@dataclass(frozen=True)
class CompletenessRow:
    unit: Unit
    timeliness: str  # Timeliness.*
    submission: Submission | None
    first_submitted_on: dt.date | None
    days_late: int  # days past the deadline (first submission, or today when missing)
    overdue: bool  # missing and the deadline has passed


@dataclass(frozen=True)
class Completeness:
    form: Form
    period: str
    start: dt.date
    end: dt.date
    deadline: dt.date
    today: dt.date
    recipient: Unit | None
    rows: list[CompletenessRow] = field(default_factory=list)

    def _count(self, timeliness: str) -> int:
        return sum(1 for r in self.rows if r.timeliness == timeliness)

    @property
    def expected(self) -> int:
        return len(self.rows)

    @property
    def on_time(self) -> int:
        return self._count(Timeliness.ON_TIME)

    @property
    def late(self) -> int:
        return self._count(Timeliness.LATE)

    @property
    def missing(self) -> int:
        return self._count(Timeliness.MISSING)

    @property
    def overdue(self) -> int:
        return sum(1 for r in self.rows if r.overdue)

    @property
    def submitted(self) -> int:
        return self.on_time + self.late

    def _rate(self, count: int) -> float | None:
        return count / self.expected if self.expected else None

    @property
    def submitted_rate(self) -> float | None:
        return self._rate(self.submitted)

    @property
    def on_time_rate(self) -> float | None:
        return self._rate(self.on_time)


def _expected_unit_ids(
    *,
    form: Form,
    start: dt.date,
    end: dt.date,
    recipient: Unit | None,
    period_id: int | None,
    tree: MemoryTree | None = None,
) -> set[int]:
    if recipient is None:
        return set(
            Unit.objects.filter(
                units_valid_between(start, end), kind__in=list(form.unit_kinds)
            ).values_list("pk", flat=True)
        )
    ids = reporters_of(
        tree or MemoryTree.load(start=start, end=end),
        recipient=recipient,
        kinds=form.unit_kinds,
        recipient_kind=form.recipient_kind,
        start=start,
        end=end,
    )
    if period_id is not None:
        # Reports opened with a recipient named by hand count for it as well.
        ids.update(
            Submission.objects.filter(
                form=form, period_id=period_id, recipient=recipient
            ).values_list("unit_id", flat=True)
        )
    return ids


def form_completeness(
    *,
    form: Form,
    period_code: str,
    recipient: Unit | None = None,
    today: dt.date | None = None,
    tree: MemoryTree | None = None,
) -> Completeness:
    """Who was expected to report ``form`` for ``period_code``, who did on time, late, or not.

    On time means first submitted on or before the deadline (a report returned and sent again
    keeps its first date). Missing means never submitted; overdue once ``today`` is past the
    deadline. ``tree``: the hierarchy already read for a window covering the period (one read
    serves the twelve months of a year).
    """
    period = form_period(form=form, period_code=period_code)
    start, end = form_window(form=form, period=period)
    deadline = form_deadline(form=form, period=period)
    today = today or timezone.localdate()
    stored = Submission.objects.filter(form=form, period__code=period.code).select_related("period")
    by_unit = {s.unit_id: s for s in stored}
    period_id = next(iter(by_unit.values())).period_id if by_unit else None
    ids = _expected_unit_ids(
        form=form, start=start, end=end, recipient=recipient, period_id=period_id, tree=tree
    )
    ordered = sorted(ids)
    units = [
        unit
        for i in range(0, len(ordered), _CHUNK)
        for unit in Unit.objects.filter(pk__in=ordered[i : i + _CHUNK])
    ]
    units.sort(key=lambda u: (u.code, u.name, u.pk))
    rows = []
    for unit in units:
        sub = by_unit.get(unit.pk)
        first = (
            timezone.localdate(sub.first_submitted_at)
            if sub is not None and sub.first_submitted_at is not None
            else None
        )
        if first is None:
            late_by = (today - deadline).days
            rows.append(
                CompletenessRow(unit, Timeliness.MISSING, sub, None, max(late_by, 0), late_by > 0)
            )
            continue
        late_by = (first - deadline).days
        rows.append(
            CompletenessRow(
                unit,
                Timeliness.ON_TIME if late_by <= 0 else Timeliness.LATE,
                sub,
                first,
                max(late_by, 0),
                False,
            )
        )
    return Completeness(form, period.code, start, end, deadline, today, recipient, rows)
