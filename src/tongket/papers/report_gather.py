"""Gathering a unit's year-end review report: every figure, table and list it shows.

The unit that issues the report (a department) and the unit its figures are of (the
department's province) differ: «Sở Thông tin và Truyền thông Thái Bình» reports the sector's
figures of Thái Bình. Units that report for themselves (a province, an enterprise) are both.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Q
from django.utils import timezone

from tongket.analytics.hierarchy import today as hierarchy_today
from tongket.analytics.selectors import unit_indicator_rows
from tongket.core.numbers import format_date
from tongket.core.periods import Period as PeriodCode
from tongket.core.periods import PeriodKind
from tongket.indicators.catalogue_file import catalogue_fields
from tongket.indicators.models import Indicator
from tongket.meetings.errors import MeetingsError
from tongket.meetings.models import RecipientKind, TaskStatus
from tongket.meetings.refs import province_of, unit_find
from tongket.meetings.selectors import (
    commendation_list,
    plan_list,
    task_completion_rates,
    task_list,
)
from tongket.papers.content import (
    SECTION_KEYS,
    Chart,
    CommendationLine,
    CompletenessLine,
    FieldTable,
    OverdueTask,
    ResultRow,
    TargetLine,
    TaskLine,
    YearReport,
)
from tongket.papers.errors import PapersError
from tongket.papers.letterhead import (
    issuer_of,
    letterhead,
    recipients_default,
    signature_from_text,
    signer_of,
)
from tongket.papers.models import ReportDraft
from tongket.papers.wording import measure_for
from tongket.reporting.models import Form, Target
from tongket.reporting.selectors import form_completeness, form_deadline, form_window
from tongket.reporting.submissions_units import MemoryTree
from tongket.units.models import Unit, UnitKind

CHART_YEARS = 5
CHARTS = 4
OVERDUE_SHOWN = 10
_FREQUENCY_PARTS = {
    "month": PeriodKind.MONTH,
    "quarter": PeriodKind.QUARTER,
    "half": PeriodKind.HALF,
    "year": PeriodKind.YEAR,
}


def _year_span(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def report_unit_find(ref: str, *, year: int) -> Unit:
    """The unit ``ref`` (code or name) names in ``year``: the one valid on 31/12, else the last
    one of that code or name that existed during the year (a department merged in March)."""
    if not 1945 <= year <= 9999:
        raise PapersError(f"Năm không hợp lệ: {year}", f"invalid year: {year}", column="--year")
    start, end = _year_span(year)
    try:
        return unit_find(ref, on=end)
    except MeetingsError as error:
        text = ref.strip()
        found = (
            Unit.objects.filter(
                Q(code=text)
                | Q(name__iexact=text)
                | Q(short_name__iexact=text)
                | Q(abbreviation__iexact=text)
            )
            .filter(valid_from__lte=end)
            .exclude(valid_to__lt=start)
            .order_by("-valid_from", "kind")
        )
        unit = found.first()
        if unit is None:
            raise PapersError(error.vi, error.en, column="--unit") from None
        return unit


def report_date_default(*, unit: Unit, year: int, today: dt.date) -> dt.date:
    """Early January of the next year, as year-end reports are dated (today while that is
    still ahead), and never after the unit ended."""
    day = min(today, dt.date(year + 1, 1, 5))
    if unit.valid_to is not None and day > unit.valid_to:
        day = unit.valid_to
    return max(day, unit.valid_from)


def _last_day(unit: Unit, year: int) -> dt.date:
    end = dt.date(year, 12, 31)
    return min(end, unit.valid_to) if unit.valid_to else end


def _area_of(unit: Unit, year: int) -> Unit:
    """The unit whose figures the report gives: a department's province, else the unit."""
    if unit.kind in (UnitKind.DEPARTMENT, UnitKind.AGENCY):
        province = province_of(unit, on=_last_day(unit, year))
        if province is not None:
            return province
    return unit


def _same_unit_ids(unit: Unit, start: dt.date, end: dt.date) -> list[int]:
    """The unit and the other rows of its code that existed in ``[start, end]`` (a renamed
    province's department keeps its code)."""
    ids = set(
        Unit.objects.filter(code=unit.code, kind=unit.kind, valid_from__lte=end)
        .exclude(valid_to__lt=start)
        .values_list("pk", flat=True)
    )
    return sorted(ids | {unit.pk})


# ----------------------------------------------------------------------------- results


def _today_units(area: Unit) -> bool:
    """A unit that exists today is read on today's units, so its history includes the units
    merged into it (Hưng Yên of 2025 compared with Hưng Yên and Thái Bình of 2024); a unit
    that ended is read as it was."""
    return area.is_valid_on(hierarchy_today())


def _result_rows(area: Unit, year: int) -> tuple[list[ResultRow], dict]:
    indicators = list(Indicator.objects.order_by("sort_order", "code"))
    today_units = _today_units(area)
    rows = unit_indicator_rows(
        unit=area.code,
        indicators=[i.code for i in indicators],
        periods=[str(year)],
        today_units=today_units,
        on=None if today_units else _last_day(area, year),
    )
    by_code = {i.code: i for i in indicators}
    results = []
    for row in rows:
        if row.value is None and row.target is None and not row.withheld:
            continue
        indicator = by_code[row.indicator]
        # A partial figure is not the area's total: no attainment or change is read from it.
        whole = not row.partial
        results.append(
            ResultRow(
                code=row.indicator,
                name=indicator.name,
                measure=measure_for(indicator),
                target=row.target,
                value=row.value,
                previous=row.previous,
                attainment=row.attainment if whole else None,
                change_pct=row.change_pct if whole else None,
                direction=row.direction,
                met=row.target_met if whole else None,
                estimated=row.estimated,
                estimate_note=row.estimate_note,
                partial=row.partial,
                coverage=row.coverage_text,
                withheld=bool(row.withheld),
                entered=row.entered_estimate,
                **_other_source(row),
            )
        )
    return results, by_code


_KINDS = dict(UnitKind.choices)


def _other_source(row) -> dict:
    """The next source's figure, when it differs from the figure by more than 5%."""
    other, value = row.reconciliation_source, row.reconciliation_value
    if not other or value is None or row.value is None or row.withheld:
        return {}
    if abs(value - row.value) <= 0.05 * max(abs(row.value), abs(value)):
        return {}
    return {"other": _KINDS.get(other, other).lower(), "other_value": value}


def _field_tables(results: list[ResultRow], by_code: dict) -> tuple[FieldTable, ...]:
    grouped: dict[str, list[ResultRow]] = defaultdict(list)
    for row in results:
        grouped[by_code[row.code].field or ""].append(row)
    order = [f.name for f in catalogue_fields()]
    names = sorted(grouped, key=lambda n: (order.index(n) if n in order else len(order), n))
    return tuple(FieldTable(name=n or "Chỉ tiêu khác", rows=tuple(grouped[n])) for n in names)


def _charts(area: Unit, year: int, results: list[ResultRow], by_code: dict) -> tuple[Chart, ...]:
    """The main indicators over five years: those with a target first, then the others that
    have a value, in catalogue order."""
    # A partial figure is not the area's total: it is not drawn as one.
    whole = [r for r in results if not r.partial and not r.withheld]
    chosen = [r for r in whole if r.target is not None]
    chosen += [r for r in whole if r.target is None and r.value is not None]
    chosen = chosen[:CHARTS]
    if not chosen:
        return ()
    periods = [str(y) for y in range(year - CHART_YEARS + 1, year + 1)]
    today_units = _today_units(area)
    rows = unit_indicator_rows(
        unit=area.code,
        indicators=[r.code for r in chosen],
        periods=periods,
        today_units=today_units,
        on=None if today_units else _last_day(area, year),
    )
    series: dict[str, dict[str, tuple]] = defaultdict(dict)
    estimated: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        # A partial figure is not drawn as the area's total.
        series[row.indicator][row.period] = (None if row.partial else row.value, row.target)
        if row.estimated:
            estimated[row.indicator].append(row.period)
    charts = []
    for result in chosen:
        points = series[result.code]
        # Years before the first value are left out: a short history is not a row of gaps.
        first = next((p for p in periods if points.get(p, (None,))[0] is not None), periods[-1])
        shown = tuple(p for p in periods if p >= first)
        values = tuple(points.get(p, (None, None))[0] for p in shown)
        targets = tuple(points.get(p, (None, None))[1] for p in shown)
        indicator = by_code[result.code]
        charts.append(
            Chart(
                code=result.code,
                title=result.name,
                measure=measure_for(indicator),
                periods=shown,
                values=values,
                targets=targets,
                estimated=tuple(p for p in estimated[result.code] if p in shown),
            )
        )
    return tuple(charts)


# ----------------------------------------------------------------------------- reporting


def _completeness(issuer: Unit, year: int, on: dt.date) -> tuple[CompletenessLine, ...]:
    """Reports the issuer receives, per form, over the periods of the year due by ``on``."""
    forms = list(Form.objects.filter(recipient_kind=issuer.kind).order_by("code"))
    plans = []
    for form in forms:
        kind = _FREQUENCY_PARTS.get(form.frequency)
        if kind is None:
            continue
        parts = (
            PeriodCode.year_of(year).parts(kind)
            if kind is not PeriodKind.YEAR
            else [PeriodCode.year_of(year)]
        )
        for period in parts:
            start, end = form_window(form=form, period=period)
            if form_deadline(form=form, period=period) > on or not issuer.is_valid_on(end):
                continue
            plans.append((form, period, start, end))
    if not plans:
        return ()
    tree = MemoryTree.load(start=min(p[2] for p in plans), end=max(p[3] for p in plans))
    totals: dict[int, list[int]] = {}
    for form, period, _, _ in plans:
        c = form_completeness(
            form=form, period_code=period.code, recipient=issuer, today=on, tree=tree
        )
        t = totals.setdefault(form.pk, [0, 0, 0, 0, 0])
        for i, n in enumerate((1, c.expected, c.on_time, c.late, c.missing)):
            t[i] += n
    return tuple(
        CompletenessLine(form.code, form.name, *totals[form.pk])
        for form in forms
        if form.pk in totals
    )


# ----------------------------------------------------------------------------- tasks, awards


def _tasks(ids: list[int], year: int, on: dt.date) -> tuple[tuple[TaskLine, ...], TaskLine]:
    rows = task_completion_rates(today=on, by="source", lead_ids=ids, year=year)
    lines = tuple(
        TaskLine(
            label=r["label"],
            total=r["total"],
            done_on_time=r[TaskStatus.DONE_ON_TIME],
            done_late=r[TaskStatus.DONE_LATE],
            in_progress=r[TaskStatus.IN_PROGRESS],
            overdue=r[TaskStatus.OVERDUE],
        )
        for r in rows
    )
    total = TaskLine(
        label="Tổng số",
        total=sum(t.total for t in lines),
        done_on_time=sum(t.done_on_time for t in lines),
        done_late=sum(t.done_late for t in lines),
        in_progress=sum(t.in_progress for t in lines),
        overdue=sum(t.overdue for t in lines),
    )
    return lines, total


def _overdue(ids: list[int], year: int, on: dt.date) -> tuple[OverdueTask, ...]:
    tasks = task_list(today=on, lead_ids=ids, status=TaskStatus.OVERDUE, year=year)
    return tuple(
        OverdueTask(
            text=t.text,
            lead=t.lead.name,
            deadline=t.deadline,
            days_overdue=(on - t.deadline).days if t.deadline else 0,
        )
        for t in tasks.order_by("deadline", "id")[:OVERDUE_SHOWN]
    )


def _count(stated: int | None, named: int) -> int | None:
    if stated is not None:
        return max(stated, named)
    return named or None


def _commendations(ids: list[int], year: int) -> tuple[CommendationLine, ...]:
    lines = []
    for c in commendation_list(year=year, unit_ids=ids):
        recipients = list(c.recipients.all())
        decision = c.decision_number
        if decision and c.decision_date:
            decision = f"{decision} ngày {format_date(c.decision_date)}"
        lines.append(
            CommendationLine(
                form=c.form.name,
                grantor=c.form.grantor,
                decision=decision,
                collectives=_count(
                    c.collectives, sum(1 for r in recipients if r.kind == RecipientKind.COLLECTIVE)
                ),
                individuals=_count(
                    c.individuals, sum(1 for r in recipients if r.kind == RecipientKind.INDIVIDUAL)
                ),
                names=tuple(r.name for r in recipients),
            )
        )
    return tuple(lines)


# ----------------------------------------------------------------------------- next year


def _next_targets(area: Unit, year: int, results: list[ResultRow], by_code: dict) -> tuple:
    current = {r.code: r.value for r in results}
    targets = (
        Target.objects.filter(unit=area, period__code=str(year + 1))
        .select_related("indicator")
        .order_by("indicator__sort_order", "indicator__code")
    )
    lines = []
    for t in targets:
        value = current.get(t.indicator.code)
        lines.append(
            TargetLine(
                code=t.indicator.code,
                name=t.indicator.name,
                measure=measure_for(t.indicator),
                current=value,
                target=t.value,
                direction=t.direction,
            )
        )
    return tuple(lines)


def _key_tasks(unit: Unit, year: int) -> tuple[str, ...]:
    start, end = _year_span(year + 1)
    plan = plan_list(unit_ids=_same_unit_ids(unit, start, end), year=year + 1).first()
    if plan is None:
        return ()
    return tuple(k.text for k in plan.key_tasks.order_by("order"))


# ----------------------------------------------------------------------------- the report


def _texts(unit: Unit, year: int) -> dict[str, str]:
    draft = ReportDraft.objects.filter(unit=unit, year=year).first()
    return {key: (getattr(draft, key) if draft else "") for key in SECTION_KEYS}


def year_report_gather(
    *, unit: Unit, year: int, on: dt.date | None = None, today: dt.date | None = None
) -> YearReport:
    """Everything the year-end report of ``unit`` for ``year`` shows, dated ``on`` (default:
    early January of the next year); task states and reports due are counted as of ``on``."""
    today = today or timezone.localdate()
    start, end = _year_span(year)
    if unit.valid_from > end or (unit.valid_to is not None and unit.valid_to < start):
        raise PapersError(
            f"Đơn vị «{unit.name}» không tồn tại trong năm {year}",
            f"unit «{unit.name}» did not exist in {year}",
            column="--unit",
        )
    on = on or report_date_default(unit=unit, year=year, today=today)
    if on < start:
        raise PapersError(
            f"Ngày báo cáo {format_date(on)} trước năm {year}",
            f"the report date {format_date(on)} is before {year}",
            column="--date",
        )
    issuer = issuer_of(unit=unit, on=min(on, unit.valid_to) if unit.valid_to else on)
    area = _area_of(unit, year)
    ids = _same_unit_ids(unit, start, end)
    results, by_code = _result_rows(area, year)
    texts = _texts(unit, year)
    recipients = tuple(
        line.strip().lstrip("-").strip().rstrip(";.").strip()
        for line in texts["recipients"].splitlines()
        if line.strip().lstrip("-").strip()
    ) or recipients_default(issuer=issuer, document="report")
    tasks, tasks_total = _tasks(ids, year, on)
    return YearReport(
        letterhead=letterhead(
            issuer=issuer,
            kind_code="BC",
            kind="BÁO CÁO",
            subject=f"Tổng kết công tác năm {year} và phương hướng, nhiệm vụ năm {year + 1}",
            on=on,
            number=texts["number"],
        ),
        unit_name=unit.name,
        unit_code=unit.code,
        area_name=area.name,
        year=year,
        texts=texts,
        fields=_field_tables(results, by_code),
        charts=_charts(area, year, results, by_code),
        completeness=_completeness(unit, year, on),
        tasks=tasks,
        tasks_total=tasks_total,
        overdue=_overdue(ids, year, on),
        commendations=_commendations(ids, year),
        next_targets=_next_targets(area, year, results, by_code),
        key_tasks=_key_tasks(unit, year),
        recipients=recipients,
        signature=signature_from_text(
            texts["signer_title"], texts["signer"], signer_of(issuer=issuer, on=on)
        ),
    )
