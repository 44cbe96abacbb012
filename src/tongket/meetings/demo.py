"""Demo meetings, notices, tasks, plans and commendations (synthetic, marked as such).

Four provinces (Thái Bình — Hưng Yên after 01/07/2025 —, Huế, Sơn La, Vĩnh Long) from 2016 to
``today``: each year a year-end review conference of the department (Sở TT&TT, Sở KH&CN from
01/03/2025) with its plan, conclusion notice and commendations, a mid-year review, two
quarterly briefings with the telecom enterprises and three monthly briefings. Outcomes
(progress, completion on time or late, nothing yet) are drawn from generators seeded by the
record, so every run writes the same data; records already stored are left as they are, so a
second run adds nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from tongket.core.numbers import format_date, format_number
from tongket.indicators.models import Indicator
from tongket.meetings import demo_content as c
from tongket.meetings.errors import MeetingsError
from tongket.meetings.holidays import add_working_days, is_working_day
from tongket.meetings.loading import meetings_load_data
from tongket.meetings.models import ReminderContact
from tongket.meetings.refs import unit_find
from tongket.meetings.services import reminder_contact_set
from tongket.reporting.models import Target, Value
from tongket.units.models import Unit

FIRST_YEAR = 2016
SKHCN_DAY = dt.date(2025, 3, 1)  # Sở TT&TT merged into Sở KH&CN (Nghị định 45/2025/NĐ-CP)
MERGE_DAY = dt.date(2025, 7, 1)  # 34 provinces (Nghị quyết 202/2025/QH15)
# (province code until 30/06/2025, code of the province that covers it from 01/07/2025)
PROVINCES = (("34", "33"), ("46", "46"), ("14", "14"), ("86", "86"))
ENTERPRISES = ("DN.VNPT", "DN.VIETTEL", "DN.MOBIFONE", "DN.VNPOST", "DN.FPTTELECOM")


def _province_code(p: tuple[str, str], day: dt.date) -> str:
    return p[1] if day >= MERGE_DAY else p[0]


def _dept_code(p: tuple[str, str], day: dt.date) -> str:
    return f"{_province_code(p, day)}.{'SKHCN' if day >= SKHCN_DAY else 'STTTT'}"


def _working_day(day: dt.date) -> dt.date:
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


class _Demo:
    def __init__(self, today: dt.date):
        self.today = today
        self._units: dict[tuple[str, dt.date], Unit] = {}
        self.indicators = set(Indicator.objects.values_list("code", flat=True))

    def unit(self, code: str, day: dt.date) -> Unit:
        key = (code, day)
        if key not in self._units:
            self._units[key] = self._find(code, day)
        return self._units[key]

    def _find(self, code: str, day: dt.date) -> Unit:
        try:
            return unit_find(code, on=day)
        except MeetingsError as error:
            raise MeetingsError(
                f"Thiếu đơn vị mã «{code}» vào ngày {format_date(day)} cho dữ liệu mẫu cuộc họp: "
                f"chạy «tongket init» trước ({error.vi})",
                f"unit «{code}» missing on {format_date(day)} for the demo meetings: run "
                f"«tongket init» first ({error.en})",
            ) from None

    # --- people --------------------------------------------------------------------------

    def director(self, p: tuple[str, str], day: dt.date) -> dict:
        era = "SKHCN" if day >= SKHCN_DAY else f"STTTT{(day.year - FIRST_YEAR) // 5}"
        return {
            "name": c.person_name(_province_code(p, day), "giám đốc", era),
            "title": "Giám đốc Sở",
            "unit": _dept_code(p, day),
        }

    def leader(self, p: tuple[str, str], day: dt.date, *, chairman: bool = False) -> dict:
        """The province's vice-chairman of the term; the chairman is the previous term's
        vice-chairman, so the same person appears with two titles."""
        term = (day.year - FIRST_YEAR) // 5
        who = term - 1 if chairman else term
        return {
            "name": c.person_name(p[0], "phó chủ tịch", who),
            "title": "Chủ tịch UBND tỉnh" if chairman else "Phó Chủ tịch UBND tỉnh",
            "unit": _province_code(p, day),
        }

    # --- outcomes ------------------------------------------------------------------------

    def outcome(self, item: dict, assigned: dt.date, *key: object) -> dict:
        """Progress and completion of an assignment, as far as ``today``."""
        r = c.rng("outcome", *key)
        deadline = item["deadline"]
        draw = r.random()
        completed = None
        if draw < 0.55:
            completed = max(
                assigned + dt.timedelta(days=1), deadline - dt.timedelta(r.randint(0, 15))
            )
        elif draw < 0.8:
            completed = deadline + dt.timedelta(days=r.randint(1, 40))
        if completed is not None and completed > self.today:
            completed = None
        end = min(completed or deadline, self.today)
        span = (end - assigned).days
        progress = []
        if span > 20:
            for share, percent in ((0.4, r.randint(20, 50)), (0.8, r.randint(60, 90))):
                if share == 0.8 and r.random() < 0.5:
                    continue
                day = assigned + dt.timedelta(days=int(span * share))
                progress.append(
                    {
                        "date": day,
                        "text": r.choice(c.PROGRESS_NOTES),
                        "percent": percent,
                        "evidence": f"Báo cáo tiến độ ngày {format_date(day)}",
                    }
                )
        out = dict(item)
        if progress:
            out["progress"] = progress
        if completed is not None:
            out["completed_on"] = completed
            out["completion_note"] = "Đã hoàn thành, có báo cáo kết quả"
        return out

    def notice(self, meeting_date: dt.date, items: list[dict], *key: object) -> dict:
        r = c.rng("notice", *key)
        days = r.randint(1, 5) if r.random() < 0.85 else r.randint(6, 8)
        issued = add_working_days(meeting_date, days)
        if issued > self.today:
            return {
                "items": [
                    {k: v for k, v in i.items() if k in ("text", "lead", "support", "deadline")}
                    for i in items
                ]
            }
        return {
            "date": issued,
            "items": [self.outcome(i, meeting_date, *key, n) for n, i in enumerate(items)],
        }

    def item(self, text: str, lead: str, support: tuple, deadline: dt.date, p, day) -> dict:
        dept = _dept_code(p, day)
        codes = [dept if u == "dept" else u for u in support]
        return {
            "text": text,
            "lead": dept if lead == "dept" else lead,
            "support": [u for u in codes if u != (dept if lead == "dept" else lead)],
            "deadline": deadline,
        }

    # --- meetings ------------------------------------------------------------------------

    def base(self, p, day: dt.date, kind: str, title: str, reviewed: str, planned: str) -> dict:
        return {
            "kind": kind,
            "title": title,
            "date": day,
            "place": f"Hội trường {self.unit(_dept_code(p, day), day).short_name or 'Sở'}",
            "organizer": _dept_code(p, day),
            "chair": self.director(p, day),
            "reviewed": [reviewed],
            "planned": [planned],
            "source_ref": c.SYNTHETIC_REF,
        }

    def annual(self, p, year: int) -> dict | None:
        r = c.rng("annual", p[0], year)
        day = _working_day(dt.date(year, 1, 8 + r.randint(0, 8)))
        if day > self.today:
            return None
        province = _province_code(p, day)
        meeting = self.base(
            p, day, "annual_review",
            f"Hội nghị tổng kết công tác năm {year - 1} và triển khai nhiệm vụ năm {year}",
            str(year - 1), str(year),
        )  # fmt: skip
        meeting["participants"] = [self.leader(p, day, chairman=year % 2 == 1 and year >= 2021)]
        meeting["reports"] = [
            {
                "title": f"Báo cáo tổng kết công tác năm {year - 1}, phương hướng nhiệm vụ năm {year}",
                "presenter": self.director(p, day),
            }
        ]
        meeting["figures"] = self.figures(province, year - 1, day)
        key_tasks = [*c.KEY_TASKS[: 4 + r.randint(0, 1)]]
        if year >= 2020:
            key_tasks.append(c.KEY_TASK_DX)
        plan_tasks = [{"text": t} for t in key_tasks]
        plan_tasks[2]["tasks"] = [self.plan_task(p, province, year, day)]
        meeting["plan"] = {"period": str(year), "key_tasks": plan_tasks}
        chosen = r.sample(c.ANNUAL_ITEMS, 3 + r.randint(0, 1))
        items = [
            self.item(t.format(year=year), lead, sup, dt.date(year, m, d), p, day)
            for t, lead, sup, m, d in chosen
        ]
        meeting["notices"] = [self.notice(day, items, p[0], year, "annual")]
        meeting["commendations"] = self.commendations(p, year - 1, day)
        return meeting

    def plan_task(self, p, province: str, year: int, day: dt.date) -> dict:
        task = {
            "text": f"Phát triển thuê bao Internet băng rộng đạt chỉ tiêu kế hoạch năm {year}",
            "lead": _dept_code(p, day),
            "support": ["DN.VNPT", "DN.VIETTEL"],
            "deadline": dt.date(year, 12, 31),
        }
        if "bb.subscribers" in self.indicators:
            task["indicator"] = "bb.subscribers"
            if Target.objects.filter(
                unit__code=province, indicator__code="bb.subscribers", period__code=str(year)
            ).exists():
                task["target"] = {"unit": province, "period": str(year)}
        return self.outcome(task, day, p[0], year, "plan")

    def figures(self, province: str, year: int, day: dt.date) -> list[dict]:
        """The values stored for the province (the demo values, when loaded) as stated."""
        found = []
        unit = self.unit(province, day) if province else None
        rows = Value.objects.filter(
            unit=unit, period__code=str(year), indicator__code__in=["ict.revenue", "bb.subscribers"]
        ).select_related("indicator")
        for v in rows.order_by("indicator__code"):
            found.append(
                {
                    "value": v.value,
                    "unit": v.indicator.unit_of_measure,
                    "text": f"{v.indicator.name}: {format_number(v.value)} {v.indicator.unit_of_measure}",
                    "indicator": v.indicator.code,
                    "period": str(year),
                }
            )
        return found

    def commendations(self, p, year: int, day: dt.date) -> list[dict]:
        r = c.rng("commendations", p[0], year)
        decided = day - dt.timedelta(days=r.randint(3, 10))
        dept = _dept_code(p, day)
        rows = [
            {
                "form": "bk_tinh",
                "year": year,
                "decision_number": f"{r.randint(100, 3500)}/QĐ-UBND",
                "decision_date": decided,
                "grantor": _province_code(p, day),
                "collectives": r.randint(1, 3),
                "individuals": r.randint(2, 5),
                "reason": "Có thành tích xuất sắc trong công tác, góp phần vào sự nghiệp "
                "phát triển kinh tế - xã hội của tỉnh",
            },
            {
                "form": "gk_so",
                "year": year,
                "decision_number": f"{r.randint(10, 400)}/QĐ-S{'KHCN' if day >= SKHCN_DAY else 'TTTT'}",
                "decision_date": decided,
                "recipients": [{"kind": "collective", "name": r.choice(c.COLLECTIVES)}]
                + [
                    {
                        "kind": "individual",
                        "name": c.person_name(p[0], year, "gk", i),
                        "title": "Chuyên viên",
                    }
                    for i in range(r.randint(2, 4))
                ],
            },
            {"form": "ldtt", "year": year, "individuals": r.randint(18, 32)},
            {
                "form": "cstd_cs",
                "year": year,
                "recipients": [
                    {"kind": "individual", "name": c.person_name(p[0], year, "cstd", i)}
                    for i in range(r.randint(2, 3))
                ],
            },
        ]
        if year % 5 == 2:
            rows.append({"form": "bk_ttg", "year": year, "collectives": 1, "individuals": 1})
        if year % 2 == 1:
            rows.append(
                {"form": "bk_bo", "year": year, "collectives": 1, "individuals": r.randint(1, 2)}
            )
        for row in rows:
            row.setdefault("unit", dept)
        return rows

    def midyear(self, p, year: int) -> dict | None:
        r = c.rng("midyear", p[0], year)
        day = _working_day(dt.date(year, 7, 10 + r.randint(0, 8)))
        if day > self.today:
            return None
        meeting = self.base(
            p, day, "midyear_review",
            f"Hội nghị sơ kết công tác 6 tháng đầu năm {year}, triển khai nhiệm vụ 6 tháng cuối năm",
            f"{year}S1", f"{year}S2",
        )  # fmt: skip
        meeting["participants"] = [self.leader(p, day)]
        chosen = r.sample(c.ANNUAL_ITEMS, 2)
        items = [
            self.item(
                t.format(year=year + 1), lead, sup, dt.date(year, 11 + i, 30 - 15 * i), p, day
            )
            for i, (t, lead, sup, _, _) in enumerate(chosen)
        ]
        meeting["notices"] = [self.notice(day, items, p[0], year, "midyear")]
        return meeting

    def quarterly(self, p, year: int, quarter: int) -> dict | None:
        r = c.rng("quarterly", p[0], year, quarter)
        day = _working_day(dt.date(year, 3 * quarter + 1, 5 + r.randint(0, 10)))
        if day > self.today:
            return None
        meeting = self.base(
            p, day, "quarterly_review",
            f"Giao ban quý {c.ROMAN[quarter - 1]} năm {year} với các doanh nghiệp bưu chính, "
            "viễn thông trên địa bàn tỉnh",
            f"{year}Q{quarter}", f"{year}Q{quarter + 1}",
        )  # fmt: skip
        meeting["participants"] = [
            {
                "name": c.person_name(p[0], code, (year - FIRST_YEAR) // 4),
                "title": "Giám đốc chi nhánh",
                "unit": code,
            }
            for code in ("DN.VNPT", "DN.VIETTEL")
        ]
        items = [
            self.item(t, lead, sup, day + dt.timedelta(days=r.randint(45, 75)), p, day)
            for t, lead, sup in r.sample(c.QUARTER_ITEMS, 1 + r.randint(0, 1))
        ]
        meeting["notices"] = [self.notice(day, items, p[0], year, "q", quarter)]
        return meeting

    def monthly(self, p, year: int, month: int) -> dict | None:
        r = c.rng("monthly", p[0], year, month)
        day = _working_day(dt.date(year, month, 2 + r.randint(0, 5)))
        if day > self.today:
            return None
        meeting = self.base(
            p, day, "monthly_briefing",
            f"Giao ban công tác tháng {month:02d}/{year}",
            f"{year}-{month - 1:02d}", f"{year}-{month:02d}",
        )  # fmt: skip
        items = [
            self.item(t, "dept", (), day + dt.timedelta(days=r.randint(12, 25)), p, day)
            for t in r.sample(c.MONTH_ITEMS, 1 + r.randint(0, 1))
        ]
        meeting["notices"] = [self.notice(day, items, p[0], year, "m", month)]
        return meeting

    def meetings(self) -> list[dict[str, Any]]:
        found = []
        for p in PROVINCES:
            for year in range(FIRST_YEAR, self.today.year + 1):
                for meeting in (
                    self.annual(p, year),
                    self.quarterly(p, year, 1),
                    self.monthly(p, year, 3),
                    self.midyear(p, year),
                    self.monthly(p, year, 9),
                    self.quarterly(p, year, 3),
                    self.monthly(p, year, 11),
                ):
                    if meeting is not None:
                        found.append(meeting)
        # Notices are numbered in the order they are loaded: load them in the order issued.
        found.sort(key=lambda m: (m["notices"][0].get("date") or m["date"], m["date"]))
        return found

    def check_units(self) -> None:
        """Fail early, with the code and the day, when the reference units are not loaded."""
        for p in PROVINCES:
            for year in range(FIRST_YEAR, self.today.year + 1):
                for day in (dt.date(year, 1, 15), dt.date(year, 12, 1)):
                    if day <= self.today:
                        self.unit(_province_code(p, day), day)
                        self.unit(_dept_code(p, day), day)
        for code in ENTERPRISES:
            self.unit(code, dt.date(FIRST_YEAR, 1, 15))


def meetings_demo_load(*, actor: str = "demo", today: dt.date | None = None) -> dict[str, int]:
    """Add the demo meetings (idempotent); returns counts of what was added."""
    demo = _Demo(today or timezone.localdate())
    demo.check_units()
    with transaction.atomic():
        counts = meetings_load_data(
            {"meetings": demo.meetings()},
            file="demo",
            actor=actor,
            existing="skip",
            is_synthetic=True,
        )
        contacts = 0
        for p in PROVINCES:
            unit = demo.unit(_dept_code(p, demo.today), demo.today)
            email = f"vanphong.{unit.code.lower().replace('.', '-')}@tongket.example"
            if not ReminderContact.objects.filter(unit=unit, email=email).exists():
                reminder_contact_set(unit=unit, email=email, name="Văn phòng Sở (mẫu)", actor=actor)
                contacts += 1
    counts["reminder_contacts"] = contacts
    return counts
