"""The consistency analysis of a period: every broken rule with the figures on both sides,
for the unit chosen and the units under it."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from tongket.accounts import roles
from tongket.accounts.decorators import require_permission
from tongket.consistency.checks import CheckError, Level, consistency_check
from tongket.core.periods import Period as PeriodCode
from tongket.web.pages_reporting.scope import chosen_unit, parse_period, period_day

LEVELS = (Level.SUBMISSION, Level.UNIT, Level.AGGREGATE)


@require_GET
@require_permission(roles.ANALYTICS_VIEW)
def consistency(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    period = parse_period(request.GET.get("period"), default=PeriodCode.year_of(today.year - 1))
    day = period_day(period, today)
    unit, own, below = chosen_unit(
        request.user, permission=roles.ANALYTICS_VIEW, unit_id=request.GET.get("unit"), day=day
    )
    result, error = None, ""
    if unit is not None:
        try:
            result = consistency_check(period_code=period.code, unit_code=unit.code)
        except CheckError as exc:
            error = str(exc)
    groups = []
    if result is not None:
        for level in LEVELS:
            found = [v for v in result.violations if v.level == level]
            if found:
                groups.append((level.value, found))
    return render(
        request,
        "web/reporting/consistency.html",
        {
            "period": period,
            "unit": unit,
            "own_units": own,
            "below_units": below,
            "result": result,
            "groups": groups,
            "error": error,
        },
    )
