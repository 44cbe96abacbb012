"""The dashboard of a unit and a period: targets and attainment, charts over the years,
completeness and timeliness of reports, tasks due and overdue, recent meetings.

The page itself reads only what is quick to read; the charts and the ranking of the units
below arrive as fragments (htmx) and are kept until the data changes (``cache``), so the first
screen is small and fast on a slow line.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from tongket.accounts import roles
from tongket.accounts.decorators import require_permission
from tongket.accounts.scope import user_permissions
from tongket.analytics.hierarchy import AnalyticsError
from tongket.analytics.selectors import analytics_rows
from tongket.core.periods import Period as PeriodCode
from tongket.indicators.models import Indicator
from tongket.reporting.models import Period
from tongket.units.models import UnitKind
from tongket.web.pages_reporting import dashboard_data as data
from tongket.web.pages_reporting.cache import cached, data_version, scope_key
from tongket.web.pages_reporting.charts import chart_of
from tongket.web.pages_reporting.scope import chosen_unit, parse_period, period_day

COMPARE_MAX = 40


def _context(request: HttpRequest):
    """The period, the unit (authorized) and the picker's units, from the query string."""
    today = timezone.localdate()
    period = parse_period(request.GET.get("period"), default=PeriodCode.year_of(today.year))
    day = period_day(period, today)
    unit, own, below = chosen_unit(
        request.user, permission=roles.DASHBOARD_VIEW, unit_id=request.GET.get("unit"), day=day
    )
    return today, period, unit, own, below


def _years(period: PeriodCode, today) -> list[str]:
    years = set(Period.objects.filter(kind="year").values_list("year", flat=True))
    years |= {today.year, period.year}
    return [str(y) for y in sorted(years, reverse=True)]


@require_GET
@require_permission(roles.DASHBOARD_VIEW)
def dashboard(request: HttpRequest) -> HttpResponse:
    today, period, unit, own, below = _context(request)
    context = {
        "period": period,
        "unit": unit,
        "own_units": own,
        "below_units": below,
        "years": _years(period, today),
        "today": today,
    }
    if unit is None:
        return render(request, "web/reporting/dashboard.html", context)
    allowed = user_permissions(request.user)
    version = data_version()
    scope = scope_key(request.user)

    def figures():
        indicators = data.kpi_indicators(unit, period)
        return indicators, data.kpi_rows(unit, period, indicators)

    try:
        indicators, kpis = cached("kpis", (unit.pk, period.code), figures, version=version)
        error = ""
    except AnalyticsError as exc:
        indicators, kpis, error = data.kpi_indicators(unit, period), [], str(exc)
    context.update(
        kpis=kpis,
        kpi_error=error,
        charts=[k.indicator for k in kpis if k.row.value is not None][: data.CHARTS],
        rounds=cached(
            "rounds",
            (unit.pk, period.code, today),
            lambda: data.report_rounds(unit, period, today),
            version=version,
        ),
        own_reports=data.own_reports(unit, period, today),
        tasks=cached(
            "tasks",
            (scope, unit.pk, today),
            lambda: data.task_panel(request.user, unit, today),
            version=version,
        )
        if roles.TASK_VIEW in allowed
        else None,
        meetings=cached(
            "meetings",
            (scope, unit.pk, today),
            lambda: data.recent_meetings(request.user, unit, today),
            version=version,
        )
        if roles.MEETING_VIEW in allowed
        else None,
        can_approve=roles.SUBMISSION_APPROVE in allowed,
        compare=unit.kind in (UnitKind.COUNTRY, UnitKind.PROVINCE, UnitKind.DISTRICT),
        compare_indicators=indicators,
        today_units=unit.valid_to is None,
    )
    return render(request, "web/reporting/dashboard.html", context)


def _indicator(request: HttpRequest) -> Indicator | None:
    code = request.GET.get("indicator", "")
    return Indicator.objects.filter(code=code).first() if code else None


@require_GET
@require_permission(roles.DASHBOARD_VIEW)
def dashboard_chart(request: HttpRequest) -> HttpResponse:
    """One chart of the dashboard: an indicator of the unit over the years."""
    _today, period, unit, _own, _below = _context(request)
    indicator = _indicator(request)
    chart, error = None, ""
    if unit is not None and indicator is not None:
        try:
            rows = cached(
                "series",
                (unit.pk, period.code, indicator.code),
                lambda: data.series(unit, period, indicator),
            )
            chart = chart_of(indicator, rows, unit=unit, key=f"{unit.pk}-{period.code}")
        except AnalyticsError as exc:
            error = str(exc)
    return render(
        request,
        "web/reporting/_dashboard_chart.html",
        {"chart": chart, "error": error, "indicator": indicator, "unit": unit, "period": period},
    )


@require_GET
@require_permission(roles.DASHBOARD_VIEW)
def dashboard_compare(request: HttpRequest) -> HttpResponse:
    """The units directly under the unit, ranked on one indicator (the provinces for the
    country)."""
    _today, period, unit, _own, _below = _context(request)
    indicator = _indicator(request)
    rows, error = [], ""
    if unit is not None and indicator is not None:
        parent = None if unit.kind == UnitKind.COUNTRY else unit.code
        try:
            rows = cached(
                "compare",
                (unit.pk, period.code, indicator.code),
                lambda: analytics_rows(
                    indicator=indicator.code, period_code=period.code, unit=parent
                ),
            )
        except AnalyticsError as exc:
            error = str(exc)
    ranked = sorted(
        (r for r in rows if r.value is not None),
        key=lambda r: (r.unit.kind, r.rank or 0, r.unit.name),
    )
    return render(
        request,
        "web/reporting/_dashboard_compare.html",
        {
            "rows": ranked[:COMPARE_MAX],
            "more": max(len(ranked) - COMPARE_MAX, 0),
            "empty": len(rows) - len(ranked),
            "error": error,
            "indicator": indicator,
            "unit": unit,
            "period": period,
        },
    )
