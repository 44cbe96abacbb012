"""Demo reports: enterprise branches and communes of a few provinces report through the same
services staff use, leaving reports in every state (approved, submitted, returned, draft,
missing; on time and late).

The timestamps of demo reports are set to plausible days before today, so completeness and
timeliness have something to show; everything else goes through the submission services.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from tongket.core.periods import Period as PeriodCode
from tongket.demo.values import _rng
from tongket.reporting.models import Form, Submission, SubmissionStatus, Value, ValueSource
from tongket.reporting.selectors import form_deadline
from tongket.reporting.services import (
    submission_approve,
    submission_open,
    submission_return,
    submission_submit,
    submission_values_set,
)
from tongket.units.models import Unit, UnitKind, UnitLink

ACTOR_UNIT = "demo:đơn vị báo cáo"
ACTOR_STAFF = "demo:chuyên viên sở"
DEMO_PROVINCES = ("33", "46")  # Hưng Yên (with Thái Bình), Huế
BRANCHES = (
    ("VNPT", "Viễn thông {province} (VNPT)"),
    ("VIETTEL", "Viettel {province}"),
    ("MOBIFONE", "MobiFone tỉnh {province}"),
)
BRANCH_FROM = dt.date(2025, 7, 1)


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


def _branches(today: dt.date) -> list[Unit]:
    """Provincial branches of the telecom enterprises in the demo provinces (demo units)."""
    branches = []
    for code in DEMO_PROVINCES:
        province = _province(code, today)
        for key, pattern in BRANCHES:
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
                UnitLink.objects.create(child=unit, parent=province, valid_from=BRANCH_FROM)
            branches.append(unit)
    if branches:
        from tongket.units.services import unit_hierarchy_rebuild

        unit_hierarchy_rebuild(unit_ids=[u.id for u in branches])
    return branches


def _telecom_values(unit: Unit, period: str) -> dict[str, float]:
    rng = _rng(unit.code, "telecom", period)
    size = _rng(unit.code, "size").uniform(150_000, 900_000)
    months = PeriodCode.parse(period).number + 12 * (PeriodCode.parse(period).year - 2025)
    total = round(size * (1 + 0.002 * months) * rng.uniform(0.995, 1.005))
    fixed = round(total * 0.03)
    mobile = total - fixed
    data = round(mobile * 0.78)
    bb_fixed = round(total * 0.12)
    bb_mobile = round(data * 0.95)
    stations = round(size / 450)
    revenue = round(total * 95_000 * rng.uniform(0.97, 1.03), -6)
    return {
        "tel.subscribers": total,
        "tel.fixed_subscribers": fixed,
        "tel.mobile_subscribers": mobile,
        "tel.mobile_data_subscribers": data,
        "tel.smartphone_subscribers": round(data * 0.9),
        "bb.subscribers": bb_fixed + bb_mobile,
        "bb.fixed_subscribers": bb_fixed,
        "bb.fibre_subscribers": round(bb_fixed * 0.97),
        "bb.mobile_subscribers": bb_mobile,
        "bts.stations": stations,
        "bts.stations_4g": round(stations * 0.8),
        "bts.stations_5g": round(stations * 0.08),
        "tel.revenue": revenue,
        "ict.revenue": round(revenue * 1.15, -6),
    }


def _commune_values(unit: Unit, period: str) -> dict[str, float]:
    rng = _rng(unit.code, "commune", period)
    received = rng.randint(300, 2500)
    resolved = round(received * rng.uniform(0.9, 1.0))
    officials = rng.randint(18, 40)
    return {
        "egov.applications_received": received,
        "egov.online_applications": round(received * rng.uniform(0.4, 0.8)),
        "egov.applications_resolved": resolved,
        "egov.applications_ontime": round(resolved * rng.uniform(0.92, 1.0)),
        "egov.edoc_share": round(rng.uniform(88, 99.5), 1),
        "egov.officials": officials,
        "egov.officials_signature": round(officials * rng.uniform(0.7, 1.0)),
        "radio.commune_stations": 1,
        "radio.ip_stations": rng.choice([0, 1, 1]),
        "train.sessions": rng.randint(0, 4),
        "sec.incidents": rng.choice([0, 0, 0, 1]),
    }


def _fate(rng: random.Random, latest: bool) -> str:
    """What became of a demo report: most are approved, the latest period is still moving."""
    roll = rng.random()
    if not latest:
        return "missing" if roll < 0.03 else ("approved_late" if roll < 0.12 else "approved")
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


def _report(
    *, unit: Unit, form: Form, period: str, values: dict[str, float], fate: str, now: dt.datetime
) -> str:
    if fate == "missing":
        return fate
    submission = submission_open(unit=unit, form=form, period_code=period, actor=ACTOR_UNIT)
    if submission.status != SubmissionStatus.DRAFT or submission.values.exists():
        return "existing"
    submission_values_set(submission=submission, values=values, actor=ACTOR_UNIT)
    if fate == "draft":
        return fate
    submission_submit(submission=submission, actor=ACTOR_UNIT)
    deadline = form_deadline(form=form, period=PeriodCode.parse(period))
    days = _rng(unit.code, period, "day").randint(4, 12) if fate.endswith("late") else 0
    sent = timezone.make_aware(
        dt.datetime.combine(deadline - dt.timedelta(days=2) + dt.timedelta(days=days), dt.time(9))
    )
    sent = min(sent, now)
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
    return fate


@transaction.atomic
def demo_submissions_load(
    *, today: dt.date, progress: Callable[[str], None] = print
) -> dict[str, int]:
    now = timezone.make_aware(dt.datetime.combine(today, dt.time(8)))
    counts: dict[str, int] = {}
    plans = []
    telecom = Form.objects.get(code="telecom-monthly")
    last_month = PeriodCode.parse(f"{today.year}-{today.month:02d}").previous()
    months = [last_month]
    while len(months) < 4:
        months.append(months[-1].previous())
    for unit in _branches(today):
        for month in months:
            plans.append((unit, telecom, month.code, _telecom_values, month == last_month))
    communes_form = Form.objects.get(code="commune-quarterly")
    quarter = PeriodCode.parse(f"{today.year}Q{(today.month - 1) // 3 + 1}").previous()
    quarters = [quarter, quarter.previous(), quarter.previous().previous()]
    for code in DEMO_PROVINCES:
        province = _province(code, today)
        communes = Unit.objects.filter(
            kind=UnitKind.COMMUNE, parent_links__parent=province, valid_to__isnull=True
        ).order_by("code")
        for commune in communes:
            for q in quarters:
                plans.append((commune, communes_form, q.code, _commune_values, q == quarter))
    progress(f"  {len(plans)} báo cáo mẫu / demo reports")
    for unit, form, period, values, latest in plans:
        deadline = form_deadline(form=form, period=PeriodCode.parse(period))
        if deadline > today and not latest:
            continue
        fate = _fate(_rng(unit.code, form.code, period, "fate"), latest)
        result = _report(
            unit=unit, form=form, period=period, values=values(unit, period), fate=fate, now=now
        )
        counts[f"reports_{result}"] = counts.get(f"reports_{result}", 0) + 1
    # The demo reports went through the services like any other; their figures are made up,
    # and every value says so.
    Value.objects.filter(submission__opened_by=ACTOR_UNIT, source=ValueSource.SUBMISSION).update(
        source=ValueSource.SYNTHETIC
    )
    return counts
