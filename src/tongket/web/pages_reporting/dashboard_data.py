"""What the dashboard shows, gathered from the selectors of analytics, reporting and meetings.

Each function reads one panel for a unit and a period the view has already authorized; none of
them renders anything.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from tongket.accounts.access import meeting_scope
from tongket.analytics.selectors import Row, indicator_series, unit_indicator_rows
from tongket.core.periods import Cutoff, PeriodKind
from tongket.core.periods import Period as PeriodCode
from tongket.indicators.models import Indicator
from tongket.meetings.models import TaskStatus
from tongket.meetings.selectors.meetings import meeting_list
from tongket.meetings.selectors.tasks import task_status_counts
from tongket.reporting.models import Form, FormIndicator, Submission, SubmissionStatus, Target
from tongket.reporting.selectors import form_completeness, form_deadline
from tongket.reporting.submissions_units import MemoryTree
from tongket.units.models import Unit, UnitAncestor, UnitKind
from tongket.web.pages_meetings.common import unit_tasks
from tongket.web.pages_reporting.scope import valid_on

# The indicators a unit without targets or forms of its own is summed up by.
MAIN_INDICATORS = (
    "tel.subscribers",
    "tel.density",
    "bb.subscribers",
    "bb.density",
    "bts.stations",
    "ict.revenue",
    "egov.online_services",
    "egov.edoc_share",
)
CHARTS = 4
CHART_YEARS = 10
KPI_MAX = 12
LIST_MAX = 5
OWN_MAX = 8  # the latest reports a unit owes; the entry page lists them all
_RANK = {PeriodKind.MONTH: 0, PeriodKind.QUARTER: 1, PeriodKind.HALF: 2, PeriodKind.YEAR: 3}


# ----------------------------------------------------------------------------- figures


def _targeted(targets: QuerySet) -> list[Indicator]:
    indicators = Indicator.objects.filter(pk__in=targets.values("indicator_id"))
    return list(indicators.order_by("sort_order", "code")[:KPI_MAX])


def kpi_indicators(unit: Unit, period: PeriodCode) -> list[Indicator]:
    """The indicators the unit has targets for in the period, in catalogue order; else those
    the units directly under it have targets for (the provinces', for the country); else those
    of the forms it reports on; else the main indicators of the catalogue."""
    in_period = Target.objects.filter(period__code=period.code)
    found = _targeted(in_period.filter(unit=unit))
    if found:
        return found
    below = UnitAncestor.objects.filter(valid_on(period.end()), ancestor=unit, depth=1)
    found = _targeted(in_period.filter(unit__in=below.values("unit_id")))
    if found:
        return found
    # Few forms: their kinds are read here (JSON lookups differ between databases).
    forms = [f.pk for f in Form.objects.all() if unit.kind in (f.unit_kinds or [])]
    reported = FormIndicator.objects.filter(form__in=forms)
    found = list(
        Indicator.objects.filter(pk__in=reported.values("indicator_id")).order_by(
            "sort_order", "code"
        )
    )
    if found:
        return found
    by_code = {i.code: i for i in Indicator.objects.filter(code__in=MAIN_INDICATORS)}
    return [by_code[c] for c in MAIN_INDICATORS if c in by_code]


@dataclass(frozen=True)
class Kpi:
    indicator: Indicator
    row: Row


def kpi_rows(unit: Unit, period: PeriodCode, indicators: list[Indicator]) -> list[Kpi]:
    """Value, target, attainment and change of each indicator (those with a value or a target
    first, at most ``KPI_MAX``), in one read of the values."""
    if not indicators:
        return []
    rows = unit_indicator_rows(
        unit=unit.code, indicators=[i.code for i in indicators], periods=[period.code]
    )
    by_code = {r.indicator: r for r in rows}
    kpis = [Kpi(i, by_code[i.code]) for i in indicators if i.code in by_code]
    # A form's lines include figures a unit may have no data for; those say nothing at a glance.
    shown = [k for k in kpis if k.row.value is not None or k.row.target is not None]
    return (shown or kpis)[:KPI_MAX]


def unit_existed_at_end_of(unit: Unit, year: int) -> bool:
    """Whether ``unit`` existed on 31/12 of ``year`` (analytics names a unit by its code on the
    last day of the years asked; after the unit ended, the code may name another unit)."""
    return unit.is_valid_on(dt.date(year, 12, 31))


def chart_years(unit: Unit, period: PeriodCode) -> list[str]:
    """Up to ten years ending with the period's; for a unit that has ended, the years it
    lasted to the end of (a unit of today is drawn within today's boundaries instead)."""
    years = range(period.year - CHART_YEARS + 1, period.year + 1)
    if unit.valid_to is None:
        return [str(y) for y in years]
    return [str(y) for y in years if unit_existed_at_end_of(unit, y)]


def series(unit: Unit, period: PeriodCode, indicator: Indicator) -> list[Row]:
    """The indicator over the years; a unit that exists today is shown within today's
    boundaries, so the years before a merger count what became part of it."""
    years = chart_years(unit, period)
    if not years:
        return []
    return indicator_series(
        indicator=indicator.code,
        unit=unit.code,
        periods=years,
        today_units=unit.valid_to is None,
    )


# ----------------------------------------------------------------------------- reports


@dataclass(frozen=True)
class Round:
    """One form's latest reporting round in the period: who was expected, on time, late,
    missing; how many reports wait for approval, were approved, were returned."""

    form_code: str
    form_name: str
    period: PeriodCode
    deadline: dt.date
    expected: int
    on_time: int
    late: int
    missing: int
    overdue: int
    waiting: int
    approved: int
    returned: int

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.expected if self.expected else None


def latest_round(form: Form, period: PeriodCode, today: dt.date) -> PeriodCode | None:
    """The form's last period inside ``period`` whose days are over by ``today``."""
    kind = PeriodKind(form.frequency)
    if _RANK[kind] > _RANK[period.kind]:
        return None
    ended = [p for p in period.parts(kind) if p.end(Cutoff(form.cutoff)) < today]
    return ended[-1] if ended else None


def report_rounds(unit: Unit, period: PeriodCode, today: dt.date) -> list[Round]:
    """For every form that units under ``unit`` report to it (the whole country for the
    country), its latest round in the period."""
    plans = []
    for form in Form.objects.order_by("code"):
        found = latest_round(form, period, today)
        if found is not None:
            plans.append((form, found))
    if not plans:
        return []
    recipient = None if unit.kind == UnitKind.COUNTRY else unit
    tree = None
    if recipient is not None:
        start = min(p.start(Cutoff(f.cutoff)) for f, p in plans)
        end = max(p.end(Cutoff(f.cutoff)) for f, p in plans)
        tree = MemoryTree.load(start=start, end=end)
    rounds = []
    for form, found in plans:
        c = form_completeness(
            form=form, period_code=found.code, recipient=recipient, today=today, tree=tree
        )
        if c.expected == 0:
            continue
        statuses = Counter(r.submission.status for r in c.rows if r.submission)
        rounds.append(
            Round(
                form_code=form.code,
                form_name=form.name,
                period=found,
                deadline=c.deadline,
                expected=c.expected,
                on_time=c.on_time,
                late=c.late,
                missing=c.missing,
                overdue=c.overdue,
                waiting=statuses[SubmissionStatus.SUBMITTED],
                approved=statuses[SubmissionStatus.APPROVED],
                returned=statuses[SubmissionStatus.RETURNED],
            )
        )
    return rounds


@dataclass(frozen=True)
class OwnReport:
    form: Form
    period: PeriodCode
    deadline: dt.date
    submission: Submission | None

    @property
    def days_late(self) -> int | None:
        sub = self.submission
        if sub is None or sub.first_submitted_at is None:
            return None
        return max((timezone.localdate(sub.first_submitted_at) - self.deadline).days, 0)


def own_reports(unit: Unit, period: PeriodCode, today: dt.date) -> list[OwnReport]:
    """The reports ``unit`` itself owes for the periods of ``period`` that are over, the
    latest deadline first."""
    forms = [f for f in Form.objects.order_by("code") if unit.kind in (f.unit_kinds or [])]
    wanted: list[tuple[Form, PeriodCode]] = []
    for form in forms:
        kind = PeriodKind(form.frequency)
        if _RANK[kind] > _RANK[period.kind]:
            continue
        wanted += [(form, p) for p in period.parts(kind) if p.end(Cutoff(form.cutoff)) < today]
    stored = {
        (s.form_id, s.period.code): s
        for s in Submission.objects.filter(
            unit=unit, form__in=forms, period__code__in={p.code for _, p in wanted}
        ).select_related("period")
    }
    reports = [
        OwnReport(form, p, form_deadline(form=form, period=p), stored.get((form.pk, p.code)))
        for form, p in wanted
    ]
    return sorted(reports, key=lambda r: (r.deadline, r.form.code), reverse=True)


# ----------------------------------------------------------------------------- tasks, meetings


def _below(unit: Unit) -> QuerySet:
    return UnitAncestor.objects.filter(ancestor=unit).values("unit_id")


@dataclass
class TaskPanel:
    counts: Counter
    overdue: list
    upcoming: list


def task_panel(user, unit: Unit, today: dt.date) -> TaskPanel:
    """Tasks led by ``unit`` or a unit under it that the user may see: counts by status, the
    longest overdue and the next due."""
    tasks = unit_tasks(user, unit, today)
    counts = Counter(task_status_counts(tasks))
    overdue = list(tasks.filter(status=TaskStatus.OVERDUE).order_by("deadline", "id")[:LIST_MAX])
    upcoming = list(
        tasks.filter(status=TaskStatus.IN_PROGRESS, deadline__gte=today).order_by("deadline", "id")[
            :LIST_MAX
        ]
    )
    return TaskPanel(counts, overdue, upcoming)


def recent_meetings(user, unit: Unit, today: dt.date) -> list:
    """The latest meetings held by ``unit`` or in it, up to today."""
    if unit.kind == UnitKind.COUNTRY:
        meetings = meeting_list()
    else:
        ids = [unit.pk, *_below(unit).values_list("unit_id", flat=True)]
        meetings = meeting_list(unit_ids=ids)
    return list(meeting_scope(meetings, user=user).filter(date__lte=today)[:LIST_MAX])
