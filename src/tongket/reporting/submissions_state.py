"""What a report needs to know of a unit's period before it writes, in one plain query.

The reports of the unit for the period (every form: another form's report awaiting approval
locks the indicators it shares) and the values stored for the unit and period, each with the
status of the report that wrote it. From them: the report already open on the form, the
values locked (as ``selectors.value_keys_locked`` decides them) and the values stored. Read
once before the write and once again inside it: when the two differ, someone wrote meanwhile
and the report is checked again under the lock.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar

from django.db import connection

from tongket.reporting.models import Submission, Value
from tongket.reporting.workflow import VALUES_LOCKED


@dataclass(frozen=True)
class ReportState:
    # (submission id, form id, status), by id
    submissions: tuple[tuple[int, int, str], ...]
    # (indicator id, value, status of the report that wrote it or ""), by indicator
    values: tuple[tuple[int, float, str], ...]

    EMPTY: ClassVar[ReportState]

    def submission_of(self, form_id: int) -> tuple[int, int, str] | None:
        return next((s for s in self.submissions if s[1] == form_id), None)

    def values_of(self, indicator_ids: Iterable[int]) -> dict[int, float]:
        wanted = set(indicator_ids)
        return {ind: value for ind, value, _ in self.values if ind in wanted}

    def locked_keys(
        self, *, unit_id: int, period_id: int, indicator_ids: set[int]
    ) -> set[tuple[int, int, int]]:
        """The keys among ``indicator_ids`` no writer may change now."""
        from tongket.reporting.reference import form_lines

        locked = {ind for ind, _, status in self.values if status in VALUES_LOCKED}
        for _, form_id, status in self.submissions:
            if status in VALUES_LOCKED:
                locked.update(fl.indicator_id for fl in form_lines(form_id))
        return {(unit_id, ind, period_id) for ind in locked & indicator_ids}


ReportState.EMPTY = ReportState((), ())


def report_state(*, unit_id: int, period_id: int) -> ReportState:
    """The state of ``unit_id``'s period (see the module text), in one statement: the reports
    (``s``) and the values (``v``) of the unit's period, one after the other."""
    sub, value = Submission._meta.db_table, Value._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT 's', id, form_id, status, NULL FROM {sub} "
            "WHERE unit_id = %s AND period_id = %s "
            "UNION ALL "
            f"SELECT 'v', v.indicator_id, NULL, COALESCE(s.status, ''), v.value FROM {value} v "
            f"LEFT JOIN {sub} s ON s.id = v.submission_id "
            "WHERE v.unit_id = %s AND v.period_id = %s "
            "ORDER BY 1, 2",
            [unit_id, period_id, unit_id, period_id],
        )
        rows = cursor.fetchall()
    submissions = tuple((key, form, status) for kind, key, form, status, _ in rows if kind == "s")
    values = tuple((key, number, status) for kind, key, _, status, number in rows if kind == "v")
    return ReportState(submissions, values)
