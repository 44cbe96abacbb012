"""``tongket estimates``: the estimates entered for periods in progress («ước thực hiện»),
each beside the outcome once the period has closed; ``set`` enters one."""

from __future__ import annotations

import getpass
import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tongket.analytics import hierarchy
from tongket.analytics.hierarchy import AnalyticsError
from tongket.analytics.render import rows_table
from tongket.analytics.selectors import estimate_rows
from tongket.analytics.services import estimate_set
from tongket.core.numbers import NumberFormatError, parse_number
from tongket.core.periods import Period as PeriodCode
from tongket.core.periods import PeriodError
from tongket.indicators.models import Indicator
from tongket.units.models import Unit


class Command(BaseCommand):
    help = (
        "Số ước thực hiện do đơn vị nhập: liệt kê (mặc định, cạnh số thực hiện khi kỳ đã kết "
        "thúc) hoặc nhập (set) / entered estimates: list (beside the outcome once the period "
        "closed) or set"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", nargs="?", choices=["list", "set"], default="list")
        parser.add_argument("--unit", help="Mã đơn vị / unit code")
        parser.add_argument("--indicator", help="Mã chỉ tiêu / indicator code")
        parser.add_argument("--period", help="Kỳ / period: 2026, 2026Q4")
        parser.add_argument("--value", help="Số ước, theo đơn vị gốc / estimate in base units")
        parser.add_argument("--note", default="", help="Cách ước tính / how it was estimated")
        parser.add_argument(
            "--actor", default=f"cli:{getpass.getuser()}", help="Người thực hiện / actor"
        )
        parser.add_argument("--json", action="store_true", help="Mỗi dòng một đối tượng JSON")

    def handle(self, *args, **opts) -> None:
        try:
            if opts["action"] == "set":
                self._set(opts)
                return
            rows = estimate_rows(unit=opts["unit"], period_code=opts["period"])
        except AnalyticsError as exc:
            raise CommandError(str(exc)) from None
        if opts["json"]:
            for row in rows:
                self.stdout.write(json.dumps(row.as_dict(), ensure_ascii=False))
            return
        if not rows:
            self.stdout.write("Chưa có số ước thực hiện nào / no estimates entered")
            return
        self.stdout.write(rows_table(rows, indicator=None, with_change=False))

    def _set(self, opts: dict) -> None:
        missing = [f"--{n}" for n in ("unit", "indicator", "period", "value") if not opts.get(n)]
        if missing:
            names = ", ".join(missing)
            raise CommandError(f"Thiếu {names} / missing {names}")
        try:
            period = PeriodCode.parse(opts["period"])
            value = parse_number(opts["value"])
        except (PeriodError, NumberFormatError) as exc:
            raise CommandError(str(exc)) from None
        ref = hierarchy.unit_at(code=opts["unit"], on=min(period.end(), hierarchy.today()))
        indicator = Indicator.objects.filter(code=opts["indicator"]).first()
        if indicator is None:
            code = opts["indicator"]
            raise CommandError(f"Không có chỉ tiêu «{code}» / unknown indicator «{code}»")
        unit = Unit.objects.get(pk=ref.id)
        estimate_set(
            unit=unit,
            indicator=indicator,
            period_code=period.code,
            value=value,
            note=opts["note"],
            actor=opts["actor"],
        )
        self.stdout.write(
            f"Đã nhập số ước thực hiện / estimate set: {unit.name} {indicator.code} {period.code}"
        )
