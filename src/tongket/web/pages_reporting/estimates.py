"""Estimates of a period still in progress («ước thực hiện») entered by the department's
staff: the list for a unit and period, each with how it was made and, once the period has
closed, the outcome beside it; a form enters or changes one (audited by the service)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tongket.accounts import roles
from tongket.accounts.decorators import require_permission
from tongket.analytics.hierarchy import AnalyticsError
from tongket.analytics.models import Estimate
from tongket.analytics.selectors import unit_indicator_rows
from tongket.analytics.services import estimate_set
from tongket.core.numbers import NumberFormatError, parse_number
from tongket.core.periods import Period as PeriodCode
from tongket.indicators.display import indicator_display
from tongket.indicators.models import Indicator
from tongket.web.pages_reporting.charts import indicator_name
from tongket.web.pages_reporting.scope import chosen_unit, parse_period, period_day


def _entered(*, unit, period: PeriodCode, day) -> list[tuple[Estimate, object]]:
    """The estimates of ``unit`` for ``period``, each with its row (figure, outcome)."""
    estimates = list(
        Estimate.objects.filter(unit=unit, period__code=period.code)
        .select_related("indicator")
        .order_by("indicator__sort_order", "indicator__code")
    )
    if not estimates:
        return []
    rows = unit_indicator_rows(
        unit=unit.code,
        indicators=[e.indicator.code for e in estimates],
        periods=[period.code],
        on=day,
    )
    by_code = {r.indicator: r for r in rows}
    return [(e, by_code.get(e.indicator.code)) for e in estimates]


@require_http_methods(["GET", "POST"])
@require_permission(roles.TARGET_EDIT)
def estimates(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    params = request.POST if request.method == "POST" else request.GET
    period = parse_period(params.get("period"), default=PeriodCode.year_of(today.year))
    day = period_day(period, today)
    unit, own, below = chosen_unit(
        request.user, permission=roles.TARGET_EDIT, unit_id=params.get("unit"), day=day
    )
    english = (get_language() or "").startswith("en")
    indicators = [
        (i.code, indicator_name(i), indicator_display(i).label(english))
        for i in Indicator.objects.order_by("sort_order", "code")
    ]
    error, form = "", {"indicator": "", "value": "", "note": ""}
    if request.method == "POST" and unit is not None:
        form = {k: request.POST.get(k, "").strip() for k in form}
        error = _save(request, unit=unit, period=period, form=form)
        if not error:
            url = reverse("estimates")
            return redirect(f"{url}?unit={unit.pk}&period={period.code}")
    return render(
        request,
        "web/reporting/estimates.html",
        {
            "period": period,
            "unit": unit,
            "own_units": own,
            "below_units": below,
            "indicators": indicators,
            "entered": _entered(unit=unit, period=period, day=day) if unit else [],
            "form": form,
            "error": error,
        },
        status=400 if error else 200,
    )


def _save(request: HttpRequest, *, unit, period: PeriodCode, form: dict) -> str:
    """Enter the estimate of the form; «» when stored, else why not (nothing is stored)."""
    indicator = Indicator.objects.filter(code=form["indicator"]).first()
    if indicator is None:
        return _("Chọn chỉ tiêu cần ước.")
    try:
        shown = parse_number(form["value"])
    except NumberFormatError:
        return _("Số ước «%(value)s» không phải là số (viết như 2.060,5).") % {
            "value": form["value"]
        }
    display = indicator_display(indicator)
    try:
        estimate_set(
            unit=unit,
            indicator=indicator,
            period_code=period.code,
            value=shown * display.scale,
            note=form["note"][:500],
            actor=request.user.get_username(),
        )
    except AnalyticsError as exc:
        return str(exc)
    messages.success(
        request,
        _("Đã lưu số ước thực hiện: %(name)s %(value)s.")
        % {
            "name": indicator_name(indicator),
            "value": display.text(shown * display.scale, with_unit=True),
        },
    )
    return ""
