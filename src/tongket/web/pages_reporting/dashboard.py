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
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tongket.accounts import roles
from tongket.accounts.decorators import require_permission
from tongket.accounts.scope import user_can, user_permissions
from tongket.analytics.hierarchy import AnalyticsError
from tongket.analytics.selectors import analytics_rows
from tongket.core.periods import Period as PeriodCode
from tongket.indicators.models import Indicator
from tongket.reporting.models import Period
from tongket.units.models import UnitKind
from tongket.web.pages_reporting import dashboard_data as data
from tongket.web.pages_reporting.cache import cached, data_version, scope_key
from tongket.web.pages_reporting.charts import chart_for_fragment, chart_of, indicator_name
from tongket.web.pages_reporting.scope import chosen_unit, parse_period, period_day

CHART_MIN_POINTS = 3


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
    context.update(
        rounds=cached(
            "rounds",
            (unit.pk, period.code, today),
            lambda: data.report_rounds(unit, period, today),
            version=version,
        ),
        own_reports=data.own_reports(unit, period, today)[: data.OWN_MAX],
        can_enter=user_can(request.user, roles.SUBMISSION_EDIT, unit),
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
        compare_indicators=cached(
            "kpi_indicators",
            (unit.pk, period.code),
            lambda: data.kpi_indicators(unit, period)[: data.KPI_MAX],
            version=version,
        ),
    )
    return render(request, "web/reporting/dashboard.html", context)


def render_fragment(request: HttpRequest, template: str, context: dict, title: str):
    """The fragment for htmx; without htmx (no script, or the link opened on its own) the
    same fragment inside the layout, so every fragment is also a page."""
    if request.headers.get("HX-Request"):
        return render(request, template, context)
    return render(
        request,
        "web/reporting/fragment_page.html",
        {**context, "fragment": template, "fragment_title": title},
    )


@require_GET
@require_permission(roles.DASHBOARD_VIEW)
def dashboard_figures(request: HttpRequest) -> HttpResponse:
    """The unit's indicators at a glance (value, target, attainment, change) and the slots of
    their charts; aggregated once per change of the data."""
    _today, period, unit, _own, _below = _context(request)
    context = {"unit": unit, "period": period, "kpis": [], "kpi_error": ""}
    if unit is not None:

        def figures():
            return data.kpi_rows(unit, period, data.kpi_indicators(unit, period))

        try:
            kpis = cached("kpis", (unit.pk, period.code), figures)
        except AnalyticsError as exc:
            kpis, context["kpi_error"] = [], str(exc)
        context.update(
            kpis=kpis,
            has_targets=any(k.row.target is not None for k in kpis),
            charts=[k.indicator for k in kpis if k.row.value is not None][: data.CHARTS],
            today_units=unit.valid_to is None,
        )
    return render_fragment(
        request,
        "web/reporting/_dashboard_figures.html",
        context,
        _("Chỉ tiêu và mức độ hoàn thành"),
    )


def _indicator(request: HttpRequest) -> Indicator | None:
    code = request.GET.get("indicator", "")
    return Indicator.objects.filter(code=code).first() if code else None


@require_GET
@require_permission(roles.DASHBOARD_VIEW)
def dashboard_chart(request: HttpRequest) -> HttpResponse:
    """One chart of the dashboard: an indicator of the unit over the years."""
    _today, period, unit, _own, _below = _context(request)
    indicator = _indicator(request)
    chart, few, error = None, [], ""
    if unit is not None and indicator is not None:
        try:
            rows = cached(
                "series",
                # Today's boundaries are those of the day the series was drawn on.
                (unit.pk, period.code, indicator.code, timezone.localdate()),
                lambda: data.series(unit, period, indicator),
            )
        except AnalyticsError as exc:
            rows, error = [], str(exc)
        present = [r for r in rows if r.value is not None]
        if len(present) >= CHART_MIN_POINTS:
            chart = chart_for_fragment(
                chart_of(indicator, rows, unit=unit, key=f"{unit.pk}-{period.code}")
            )
        else:
            # One or two years draw no useful line: the figures themselves say more.
            few = present
    return render_fragment(
        request,
        "web/reporting/_dashboard_chart.html",
        {
            "chart": chart,
            "few": few,
            "error": error,
            "indicator": indicator,
            "unit": unit,
            "period": period,
        },
        indicator_name(indicator) if indicator else _("Biểu đồ"),
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
    # Every unit is listed: the ranked ones in rank order, then those without a figure.
    ranked = sorted(rows, key=lambda r: (r.unit.kind, r.rank is None, r.rank or 0, r.unit.name))
    return render_fragment(
        request,
        "web/reporting/_dashboard_compare.html",
        {
            "rows": ranked,
            "empty": sum(1 for r in rows if r.value is None),
            "estimated": any(r.estimated for r in rows),
            "error": error,
            "indicator": indicator,
            "unit": unit,
            "period": period,
        },
        _("So sánh các đơn vị"),
    )
