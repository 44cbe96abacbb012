"""Demo reports of every form: the communes, the enterprise branches and the departments of
the demo provinces (Hưng Yên with Thái Bình, Huế) report on each form for every period
since their units exist, with realistic lateness.

The latest period of each form goes through the submission services staff use, leaving
reports in every state (approved, submitted, returned, draft, missing). Earlier periods are
history: approved reports stored in bulk as an import of past data would be, each sent on a
plausible day around its deadline (some late) and approved on one of the days after the
deadline. Every figure is synthetic and says so.

The branches of the telecom and postal enterprises are placed under the department that
receives their reports: their subscribers are those the province's communes report by area,
seen by enterprise, and must not be summed with them a second time.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from tongket.core.periods import Period as PeriodCode
from tongket.demo.report_values import (
    MARKET_SHARES,
    POSTAL_SHARES,
    branch_month,
    commune_month,
    commune_quarter,
    department_year,
    postal_quarter,
)
from tongket.demo.values import (
    DEMO_PROVINCES,
    FIRST_YEAR,
    SYNTHETIC_REF,
    CommuneShare,
    _predecessors,
    _rng,
    commune_shares,
    demo_months,
)
from tongket.indicators.models import Indicator
from tongket.reporting.models import (
    Form,
    Submission,
    SubmissionStatus,
    Value,
    ValueSource,
)
from tongket.reporting.periods import periods_ensure
from tongket.reporting.selectors import form_deadline
from tongket.reporting.services import (
    submission_approve,
    submission_open,
    submission_return,
    submission_submit,
    submission_values_set,
)
from tongket.reporting.submissions_units import unit_recipient_on
from tongket.units.models import Unit, UnitKind, UnitLink

ACTOR_UNIT = "demo:đơn vị báo cáo"
ACTOR_STAFF = "demo:chuyên viên sở"
BRANCHES = (
    ("VNPT", "Viễn thông {province} (VNPT)"),
    ("VIETTEL", "Viettel {province}"),
    ("MOBIFONE", "MobiFone tỉnh {province}"),
)
POSTAL_BRANCHES = (
    ("VNPOST", "Bưu điện tỉnh {province}"),
    ("VIETTELPOST", "Viettel Post {province}"),
)
BRANCH_FROM = dt.date(2025, 7, 1)
assert {k for k, _ in BRANCHES} == set(MARKET_SHARES)
assert {k for k, _ in POSTAL_BRANCHES} == set(POSTAL_SHARES)


DEMO_EXPLANATION = "Số liệu thay đổi do điều chỉnh địa bàn và cách thống kê trong kỳ (dữ liệu mẫu)."


@dataclass(frozen=True)
class Plan:
    """One report to make: its unit, form, period and figures."""

    unit: Unit
    form: Form
    period: PeriodCode
    values: Callable[[], dict[str, float]]
    latest: bool


def _province(code: str, day: dt.date) -> Unit:
    unit = (
        Unit.objects.filter(kind=UnitKind.PROVINCE, code=code, valid_from__lte=day)
        .exclude(valid_to__lt=day)
        .first()
    )
    if unit is None:
        raise LookupError(
            f"Không có tỉnh mã {code} vào ngày {day:%d/%m/%Y} / no province {code} on {day}"
        )
    return unit


def _department(province: Unit, day: dt.date) -> Unit | None:
    return (
        Unit.objects.filter(
            kind=UnitKind.DEPARTMENT,
            parent_links__parent=province,
            parent_links__valid_from__lte=day,
            valid_from__lte=day,
        )
        .exclude(parent_links__valid_to__lt=day)
        .exclude(valid_to__lt=day)
        .first()
    )


def _branches(today: dt.date, kinds) -> dict[str, list[tuple[str, Unit]]]:
    """Provincial branches of the enterprises in the demo provinces (demo units), under the
    department that receives their reports."""
    found: dict[str, list[tuple[str, Unit]]] = {}
    created_ids = []
    for code in DEMO_PROVINCES:
        province = _province(code, today)
        department = _department(province, BRANCH_FROM) or province
        for key, pattern in kinds:
            unit, created = Unit.objects.get_or_create(
                kind=UnitKind.ENTERPRISE,
                code=f"DN.{key}.{code}",
                valid_from=BRANCH_FROM,
                defaults={
                    "name": pattern.format(province=province.name),
                    "division_type": "chi nhánh",
                    "legal_basis": "Đơn vị mẫu (giả lập) / demo unit (synthetic)",
                },
            )
            if created:
                UnitLink.objects.create(child=unit, parent=department, valid_from=BRANCH_FROM)
                created_ids.append(unit.id)
            found.setdefault(code, []).append((key, unit))
    if created_ids:
        from tongket.units.services import unit_hierarchy_rebuild

        unit_hierarchy_rebuild(unit_ids=created_ids)
    return found


def _quarters(today: dt.date) -> list[PeriodCode]:
    last = PeriodCode.parse(f"{today.year}Q{(today.month - 1) // 3 + 1}").previous()
    found = [last]
    while found[-1].code > "2025Q3":
        found.append(found[-1].previous())
    return found[::-1]


def _plans(today: dt.date) -> list[Plan]:
    forms = {f.code: f for f in Form.objects.all()}
    months = demo_months(today)
    quarters = _quarters(today)
    plans: list[Plan] = []
    shares: dict[str, list[CommuneShare]] = {
        code: commune_shares(_province(code, today)) for code in DEMO_PROVINCES
    }
    for code, branches in _branches(today, BRANCHES).items():
        for key, unit in branches:
            for m in months:
                plans.append(
                    Plan(
                        unit,
                        forms["telecom-monthly"],
                        m,
                        lambda k=key, s=shares[code], p=m: branch_month(k, s, p),
                        m == months[-1],
                    )
                )
    for code, branches in _branches(today, POSTAL_BRANCHES).items():
        for key, unit in branches:
            for q in quarters:
                plans.append(
                    Plan(
                        unit,
                        forms["postal-quarterly"],
                        q,
                        lambda k=key, s=shares[code], p=q: postal_quarter(k, s, p),
                        q == quarters[-1],
                    )
                )
    for code in DEMO_PROVINCES:
        for share in shares[code]:
            for m in months:
                plans.append(
                    Plan(
                        share.commune,
                        forms["commune-monthly"],
                        m,
                        lambda s=share, p=m: commune_month(s, p),
                        m == months[-1],
                    )
                )
            for q in quarters:
                plans.append(
                    Plan(
                        share.commune,
                        forms["commune-quarterly"],
                        q,
                        lambda s=share, p=q: commune_quarter(s, p),
                        q == quarters[-1],
                    )
                )
    plans.extend(_department_plans(today, forms["department-annual"]))
    return plans


def _department_plans(today: dt.date, form: Form) -> list[Plan]:
    """The yearly statistical report of the departments of the demo provinces (and of Thái
    Bình before it merged into Hưng Yên), from the first demo year to last year."""
    last = today.year - 1
    plans = []
    for year in range(FIRST_YEAR, last + 1):
        end = dt.date(year, 12, 31)
        for code in ("33", "34", "46"):
            try:
                province = _province(code, end)
            except LookupError:
                continue
            department = _department(province, end)
            if department is None:
                continue
            codes = tuple(u.code for u in _predecessors(province))
            plans.append(
                Plan(
                    department,
                    form,
                    PeriodCode.parse(str(year)),
                    lambda c=codes, y=year: department_year(c, y),
                    year == last,
                )
            )
    return plans


def _fate(rng: random.Random, latest: bool) -> str:
    """What became of a demo report: most are approved, the latest period is still moving."""
    roll = rng.random()
    if not latest:
        return "missing" if roll < 0.03 else ("approved_late" if roll < 0.15 else "approved")
    for fate, limit in (
        ("missing", 0.10),
        ("draft", 0.16),
        ("returned", 0.22),
        ("submitted", 0.42),
        ("approved_late", 0.52),
    ):
        if roll < limit:
            return fate
    return "approved"


def _at(day: dt.date, rng: random.Random) -> dt.datetime:
    """A working hour of ``day`` (7:30 to 17:00)."""
    minutes = rng.randint(7 * 60 + 30, 17 * 60)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60)))


def _times(plan: Plan, fate: str, deadline: dt.date, now: dt.datetime) -> tuple:
    """(sent, approved): sent in the days up to the deadline, or 1 to 12 days after it when
    late; approved one to seven days after the deadline (or after a late report came)."""
    rng = _rng(plan.unit.code, plan.form.code, plan.period.code, "days")
    if fate.endswith("late"):
        sent_day = deadline + dt.timedelta(days=rng.randint(1, 12))
    else:
        sent_day = deadline - dt.timedelta(days=rng.choice((0, 0, 1, 1, 2, 3, 5)))
    sent = min(_at(sent_day, rng), now)
    approved_day = max(deadline, sent_day) + dt.timedelta(days=rng.randint(1, 7))
    approved = min(max(_at(approved_day, rng), sent + dt.timedelta(hours=1)), now)
    return sent, approved


def _report_live(plan: Plan, fate: str, now: dt.datetime) -> str:
    """The latest period: through the services, then dated."""
    if fate == "missing":
        return fate
    submission = submission_open(
        unit=plan.unit, form=plan.form, period_code=plan.period.code, actor=ACTOR_UNIT
    )
    if submission.status != SubmissionStatus.DRAFT or submission.values.exists():
        return "existing"
    issues = submission_values_set(submission=submission, values=plan.values(), actor=ACTOR_UNIT)
    if fate == "draft":
        return fate
    # A figure far from the unit's history is sent with its explanation, as a unit must.
    unusual = {i.indicator for i in issues if i.code == "outlier"}
    if unusual:
        submission_values_set(
            submission=submission,
            values={},
            notes={code: {"explanation": DEMO_EXPLANATION} for code in unusual},
            actor=ACTOR_UNIT,
        )
    submission_submit(submission=submission, actor=ACTOR_UNIT)
    sent, approved = _times(plan, fate, submission.deadline, now)
    Submission.objects.filter(pk=submission.pk).update(submitted_at=sent, first_submitted_at=sent)
    submission.refresh_from_db()
    if fate == "returned":
        submission_return(
            submission=submission,
            actor=ACTOR_STAFF,
            reason="Số hồ sơ trực tuyến chưa khớp với Cổng dịch vụ công, đề nghị kiểm tra lại.",
        )
    elif fate.startswith("approved"):
        submission_approve(submission=submission, actor=ACTOR_STAFF)
        Submission.objects.filter(pk=submission.pk).update(approved_at=approved)
    return fate


def _history(plans: list[tuple[Plan, str]], now: dt.datetime) -> dict[str, int]:
    """Approved reports of past periods, stored in bulk with their values."""
    counts = {"reports_history": 0, "reports_missing": 0}
    existing = set(
        Submission.objects.filter(unit_id__in={p.unit.pk for p, _ in plans}).values_list(
            "unit_id", "form_id", "period__code"
        )
    )
    todo = [
        (plan, fate)
        for plan, fate in plans
        if (plan.unit.pk, plan.form.pk, plan.period.code) not in existing
    ]
    counts["reports_missing"] = sum(1 for _, fate in todo if fate == "missing")
    todo = [(plan, fate) for plan, fate in todo if fate != "missing"]
    if not todo:
        return counts
    periods = periods_ensure({plan.period.code for plan, _ in todo})
    recipients: dict[tuple[int, str, dt.date], Unit | None] = {}
    rows = []
    for plan, fate in todo:
        deadline = form_deadline(form=plan.form, period=plan.period)
        day = plan.period.end()
        key = (plan.unit.pk, plan.form.recipient_kind, day)
        if key not in recipients:
            recipients[key] = unit_recipient_on(
                unit=plan.unit, kind=plan.form.recipient_kind, day=day
            )
        sent, approved = _times(plan, fate, deadline, now)
        rows.append(
            Submission(
                unit=plan.unit,
                form=plan.form,
                period=periods[plan.period.code],
                recipient=recipients[key],
                status=SubmissionStatus.APPROVED,
                deadline=deadline,
                opened_by=ACTOR_UNIT,
                submitted_at=sent,
                submitted_by=ACTOR_UNIT,
                first_submitted_at=sent,
                approved_at=approved,
                approved_by=ACTOR_STAFF,
            )
        )
    Submission.objects.bulk_create(rows, batch_size=2000)
    stored = {
        (s.unit_id, s.form_id, s.period_id): s.pk
        for s in Submission.objects.filter(
            unit_id__in={p.unit.pk for p, _ in todo}, approved_by=ACTOR_STAFF
        ).only("unit_id", "form_id", "period_id")
    }
    indicators = dict(Indicator.objects.values_list("code", "id"))
    values = []
    for plan, _ in todo:
        period = periods[plan.period.code]
        submission_id = stored[(plan.unit.pk, plan.form.pk, period.pk)]
        for code, value in plan.values().items():
            values.append(
                Value(
                    unit_id=plan.unit.pk,
                    indicator_id=indicators[code],
                    period=period,
                    value=float(value),
                    source=ValueSource.SYNTHETIC,
                    source_ref=SYNTHETIC_REF,
                    submission_id=submission_id,
                )
            )
    Value.objects.bulk_create(values, batch_size=5000, ignore_conflicts=True)
    # A past report was opened the day it was first sent.
    Submission.objects.filter(pk__in=list(stored.values())).update(
        created_at=F("first_submitted_at")
    )
    counts["reports_history"] = len(rows)
    return counts


@transaction.atomic
def demo_submissions_load(
    *, today: dt.date, progress: Callable[[str], None] = print
) -> dict[str, int]:
    now = timezone.make_aware(dt.datetime.combine(today, dt.time(8)))
    plans = _plans(today)
    progress(f"  {len(plans)} báo cáo mẫu / demo reports")
    history: list[tuple[Plan, str]] = []
    live: list[tuple[Plan, str]] = []
    for plan in plans:
        deadline = form_deadline(form=plan.form, period=plan.period)
        if deadline > today and not plan.latest:
            continue
        fate = _fate(_rng(plan.unit.code, plan.form.code, plan.period.code, "fate"), plan.latest)
        (live if plan.latest else history).append((plan, fate))
    counts = _history(history, now)
    for plan, fate in live:
        result = _report_live(plan, fate, now)
        counts[f"reports_{result}"] = counts.get(f"reports_{result}", 0) + 1
    # The demo reports went through the services like any other; their figures are made up,
    # and every value says so.
    Value.objects.filter(submission__opened_by=ACTOR_UNIT, source=ValueSource.SUBMISSION).update(
        source=ValueSource.SYNTHETIC
    )
    return counts
