"""Reading commendations: lists and totals per year, per unit, per form."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from tongket.meetings.models import Commendation, CommendationRecipient, RecipientKind


def commendation_list(
    *,
    year: int | None = None,
    unit_ids: Sequence[int] | None = None,
    form_code: str | None = None,
) -> QuerySet[Commendation]:
    """Commendations of a year, of units (the unit commended or a named recipient's unit),
    of a form."""
    qs = (
        Commendation.objects.select_related("form", "unit", "grantor_unit", "meeting")
        .prefetch_related(
            Prefetch("recipients", queryset=CommendationRecipient.objects.order_by("kind", "id"))
        )
        .order_by("-year", "form__rank", "id")
    )
    if year is not None:
        qs = qs.filter(year=year)
    if unit_ids is not None:
        qs = qs.filter(Q(unit_id__in=unit_ids) | Q(recipients__unit_id__in=unit_ids)).distinct()
    if form_code:
        qs = qs.filter(form__code=form_code)
    return qs


def _count(c: Commendation, kind: str) -> int | None:
    """The stated count, else the number of named recipients (None when neither is known)."""
    stated = c.collectives if kind == RecipientKind.COLLECTIVE else c.individuals
    named = sum(1 for r in c.recipients.all() if r.kind == kind)
    if stated is not None:
        return max(stated, named)
    return named or None


def commendation_rows(commendations: Iterable[Commendation]) -> list[dict[str, Any]]:
    return [
        {
            "id": c.pk,
            "year": c.year,
            "form": c.form.name,
            "form_code": c.form.code,
            "category": c.form.category,
            "grantor": c.form.grantor,
            "decision_number": c.decision_number or None,
            "decision_date": c.decision_date.isoformat() if c.decision_date else None,
            "unit": c.unit.name if c.unit else None,
            "unit_code": c.unit.code if c.unit else None,
            "meeting_id": c.meeting_id,
            "meeting": c.meeting.title if c.meeting else None,
            "collectives": _count(c, RecipientKind.COLLECTIVE),
            "individuals": _count(c, RecipientKind.INDIVIDUAL),
            "recipients": [
                {"kind": r.kind, "name": r.name, "title": r.title or None}
                for r in c.recipients.all()
            ],
            "reason": c.reason,
            "is_synthetic": c.is_synthetic,
        }
        for c in commendations
    ]


def commendation_totals(
    *,
    by: str,
    year: int | None = None,
    unit_ids: Sequence[int] | None = None,
    commendations: QuerySet[Commendation] | None = None,
) -> list[dict[str, Any]]:
    """Decisions, collectives and individuals grouped ``by`` ``year``, ``unit`` or ``form``.

    Counts not stated and not named ("nhiều tập thể") are left out of the sums and counted
    in ``unknown_counts``. ``commendations`` (from ``commendation_list``, narrowed to what a
    user may see) replaces the list the other arguments would select.
    """
    if by not in ("year", "unit", "form"):
        raise ValueError(by)
    groups: dict[Any, dict[str, Any]] = defaultdict(
        lambda: {"decisions": 0, "collectives": 0, "individuals": 0, "unknown_counts": 0}
    )
    if commendations is None:
        commendations = commendation_list(year=year, unit_ids=unit_ids)
    for c in commendations:
        if by == "year":
            key, label = c.year, str(c.year)
        elif by == "unit":
            key, label = (c.unit.code if c.unit else None), (c.unit.name if c.unit else "—")
        else:
            key, label = c.form.code, c.form.name
        g = groups[key]
        g["label"], g["rank"] = label, c.form.rank
        g["decisions"] += 1
        collectives = _count(c, RecipientKind.COLLECTIVE)
        individuals = _count(c, RecipientKind.INDIVIDUAL)
        g["collectives"] += collectives or 0
        g["individuals"] += individuals or 0
        if collectives is None and individuals is None:
            g["unknown_counts"] += 1
    rows = [{"group": by, "key": k, **v} for k, v in groups.items()]
    if by == "form":
        rows.sort(key=lambda r: r.pop("rank"))
    else:
        for r in rows:
            r.pop("rank")
        rows.sort(key=lambda r: str(r["key"]) if by == "unit" else -int(r["key"]))
    return rows
