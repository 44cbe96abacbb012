"""The indicator catalogue, and one indicator over the years for a unit, as the unit was then
or within today's boundaries."""

from __future__ import annotations

import unicodedata

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from tongket.accounts import roles
from tongket.accounts.decorators import require_permission
from tongket.analytics.hierarchy import AnalyticsError
from tongket.analytics.selectors import indicator_series
from tongket.core.periods import Period as PeriodCode
from tongket.documents.selectors import values_from_documents
from tongket.indicators.catalogue_file import catalogue_fields
from tongket.indicators.selectors import IndicatorNotFound, indicator_get, indicator_list
from tongket.reporting.models import FormIndicator, Period
from tongket.units.selectors import UnitAmbiguous, UnitNotFound, unit_today
from tongket.web.pages_reporting import dashboard_data
from tongket.web.pages_reporting.cache import cached
from tongket.web.pages_reporting.charts import chart_of
from tongket.web.pages_reporting.scope import chosen_unit, parse_period, period_day

YEARS = dashboard_data.CHART_YEARS


def _fold(text: str) -> str:
    """Lower case without diacritics: «vien thong» finds «Viễn thông»."""
    decomposed = unicodedata.normalize("NFD", text.strip().lower().replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@require_GET
@require_permission(roles.INDICATOR_VIEW)
def indicator_catalogue(request: HttpRequest) -> HttpResponse:
    fields = catalogue_fields()
    field_key = request.GET.get("field", "")
    spec = next((f for f in fields if f.key == field_key), None)
    indicators = indicator_list(field=spec.key if spec else None)
    q = request.GET.get("q", "").strip()[:100]
    if q:
        needle = _fold(q)
        indicators = [
            i
            for i in indicators
            if needle in _fold(i.code) or needle in _fold(i.name) or needle in _fold(i.name_en)
        ]
    names = {f.name: f for f in fields}
    groups: dict[str, list] = {}
    for indicator in indicators:
        groups.setdefault(indicator.field, []).append(indicator)
    return render(
        request,
        "web/reporting/indicator_list.html",
        {
            "fields": fields,
            "field": spec,
            "q": q,
            "count": len(indicators),
            "groups": [(names.get(name), name, items) for name, items in groups.items()],
        },
    )


@require_GET
@require_permission(roles.INDICATOR_VIEW)
def indicator_detail(request: HttpRequest, code: str) -> HttpResponse:
    try:
        indicator = indicator_get(code)
    except IndicatorNotFound:
        raise Http404("Không có chỉ tiêu này / no such indicator") from None
    today = timezone.localdate()
    period = parse_period(request.GET.get("period"), default=PeriodCode.year_of(today.year))
    if period.kind != "year":
        period = PeriodCode.year_of(period.year)
    day = period_day(period, today)
    # The figures are those of the dashboard: the same scope decides which units they cover.
    unit, own, below = chosen_unit(
        request.user,
        permission=roles.DASHBOARD_VIEW,
        unit_id=request.GET.get("unit"),
        day=day,
    )
    today_units = request.GET.get("today") == "1"
    shown, rows, chart, error, note = unit, [], None, "", ""
    published: dict = {}
    if unit is not None:
        if today_units and unit.valid_to is not None:
            try:
                shown = unit_today(unit, today=today)
                note = shown.name
            except (UnitNotFound, UnitAmbiguous) as exc:
                error = str(exc)
        if not error:
            try:
                years = [str(y) for y in range(period.year - YEARS + 1, period.year + 1)]
                periods = years if today_units else _years_of(shown, years)
                rows = cached(
                    "indicator_series",
                    (indicator.code, shown.pk, tuple(periods), today_units, today),
                    lambda: indicator_series(
                        indicator=indicator.code,
                        unit=shown.code,
                        periods=periods,
                        today_units=today_units,
                    ),
                )
                chart = chart_of(indicator, rows, unit=shown, key="detail")
                if not today_units:
                    # A value stored from a published report says so and links to it.
                    shown_values = {r.period: r.value for r in rows}
                    published = {
                        period: source
                        for period, source in values_from_documents(
                            unit_id=shown.pk,
                            indicator_id=indicator.pk,
                            periods=list(shown_values),
                        ).items()
                        if shown_values.get(period) == source["stated"]
                    }
            except AnalyticsError as exc:
                error = str(exc)
    forms = FormIndicator.objects.filter(indicator=indicator).select_related("form")
    year_choices = sorted(
        set(Period.objects.filter(kind="year").values_list("year", flat=True))
        | {today.year, period.year},
        reverse=True,
    )
    return render(
        request,
        "web/reporting/indicator_detail.html",
        {
            "indicator": indicator,
            "unit": unit,
            "shown": shown,
            "own_units": own,
            "below_units": below,
            "period": period,
            "years": [str(y) for y in year_choices],
            "today_units": today_units,
            "today_note": note,
            "rows": rows,
            "published": published,
            "chart": chart,
            "error": error,
            "forms": forms,
            "started_late": unit is not None
            and not today_units
            and unit.valid_from.year > period.year - YEARS + 1,
        },
    )


def _years_of(unit, years: list[str]) -> list[str]:
    """The years of ``years`` that ended while ``unit`` existed (a unit is named by its code
    on the last day of the last year, and after its end the code may name another unit)."""
    return [y for y in years if dashboard_data.unit_existed_at_end_of(unit, int(y))]
