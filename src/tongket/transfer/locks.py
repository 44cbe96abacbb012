"""Which value keys are locked by an approved submission."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

from tongket.reporting.models import FormIndicator, Submission, SubmissionStatus, Value

Key = tuple[int, int, int]  # (unit_id, indicator_id, period_id)


def approved_exists(*, period_ids: Iterable[int]) -> bool:
    """Whether any approved submission covers these periods (most imports: no, skip the rest)."""
    return Submission.objects.filter(
        status=SubmissionStatus.APPROVED, period_id__in=list(period_ids)
    ).exists()


def value_keys_locked(*, keys: Iterable[Key]) -> set[Key]:
    """The keys a staff member may no longer change: their value belongs to an approved
    submission, or an approved submission of that unit and period has a form listing the
    indicator (a value left empty in an approved report is locked too)."""
    wanted = set(keys)
    if not wanted:
        return set()
    unit_ids = {k[0] for k in wanted}
    period_ids = {k[2] for k in wanted}
    indicator_ids = {k[1] for k in wanted}
    unit_filter = Q(unit_id__gte=min(unit_ids), unit_id__lte=max(unit_ids))
    locked: set[Key] = set()
    linked = Value.objects.filter(
        unit_filter,
        period_id__in=period_ids,
        submission__status=SubmissionStatus.APPROVED,
    ).values_list("unit_id", "indicator_id", "period_id")
    locked.update(k for k in linked if k in wanted)
    approved = Submission.objects.filter(
        unit_filter, period_id__in=period_ids, status=SubmissionStatus.APPROVED
    ).values_list("unit_id", "period_id", "form_id")
    by_form: dict[int, list[tuple[int, int]]] = {}
    for unit_id, period_id, form_id in approved:
        by_form.setdefault(form_id, []).append((unit_id, period_id))
    if by_form:
        lines = FormIndicator.objects.filter(
            form_id__in=list(by_form), indicator_id__in=indicator_ids
        ).values_list("form_id", "indicator_id")
        for form_id, indicator_id in lines:
            for unit_id, period_id in by_form[form_id]:
                key = (unit_id, indicator_id, period_id)
                if key in wanted:
                    locked.add(key)
    return locked
