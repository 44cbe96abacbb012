"""``tongket targets``: list targets with what was reached; ``set`` and ``delete`` them."""

from __future__ import annotations

import getpass
import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tongket.analytics import hierarchy
from tongket.analytics.hierarchy import AnalyticsError
from tongket.analytics.measures import DIRECTIONS, HIGHER
from tongket.analytics.render import rows_table
from tongket.analytics.selectors import target_rows
from tongket.analytics.services import target_delete, target_set
from tongket.core.numbers import NumberFormatError, parse_number
from tongket.core.periods import Period as PeriodCode
from tongket.core.periods import PeriodError
from tongket.indicators.models import Indicator
from tongket.units.models import Unit


class Command(BaseCommand):
    help = (
        "Chỉ tiêu kế hoạch: liệt kê (mặc định), đặt (set) hoặc xoá (delete) / "
        "targets: list (default), set or delete"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", nargs="?", choices=["list", "set", "delete"], default="list")
        parser.add_argument("--unit", help="Mã đơn vị / unit code")
        parser.add_argument("--indicator", help="Mã chỉ tiêu / indicator code")
        parser.add_argument("--period", help="Kỳ / period: 2017, 2017Q1, 2017-01")
        parser.add_argument("--value", help="Chỉ tiêu / target value (2.060,5 hoặc 2060.5)")
        parser.add_argument("--baseline", help="Giá trị gốc / baseline value")
        parser.add_argument("--baseline-period", help="Kỳ gốc / baseline period")
        parser.add_argument(
            "--direction",
            choices=list(DIRECTIONS),
            default=HIGHER,
            help="higher: càng cao càng tốt / higher is better; lower: càng thấp càng tốt",
        )
        parser.add_argument("--note", default="", help="Ghi chú / note")
        parser.add_argument("--reason", default="", help="Lý do (khi xoá) / reason (delete)")
        parser.add_argument(
            "--actor", default=f"cli:{getpass.getuser()}", help="Người thực hiện / actor"
        )
        parser.add_argument("--json", action="store_true", help="Mỗi dòng một đối tượng JSON")

    def handle(self, *args, **opts) -> None:
        try:
            if opts["action"] == "list":
                self._list(opts)
            elif opts["action"] == "set":
                self._set(opts)
            else:
                self._delete(opts)
        except AnalyticsError as exc:
            raise CommandError(str(exc)) from None

    def _list(self, opts: dict) -> None:
        rows = target_rows(
            unit=opts["unit"], period_code=opts["period"], indicator=opts["indicator"]
        )
        if opts["json"]:
            for row in rows:
                self.stdout.write(json.dumps(row.as_dict(), ensure_ascii=False))
            return
        if not rows:
            self.stdout.write("Không có chỉ tiêu kế hoạch nào / no targets")
            return
        self.stdout.write(rows_table(rows, indicator=None, with_change=False))

    def _resolve(self, opts: dict, needed: tuple[str, ...]) -> tuple[Unit, Indicator, str]:
        missing = [f"--{n.replace('_', '-')}" for n in needed if not opts.get(n)]
        if missing:
            names = ", ".join(missing)
            raise CommandError(f"Thiếu {names} / missing {names}")
        try:
            period = PeriodCode.parse(opts["period"])
        except PeriodError as exc:
            raise CommandError(str(exc)) from None
        # The unit is the one bearing the code during the period (code 80 was Long An in 2017).
        try:
            ref = hierarchy.unit_at(code=opts["unit"], on=period.end())
        except AnalyticsError:
            ref = hierarchy.unit_at(code=opts["unit"], on=period.start())
        indicator = Indicator.objects.filter(code=opts["indicator"]).first()
        if indicator is None:
            code = opts["indicator"]
            raise CommandError(f"Không có chỉ tiêu «{code}» / unknown indicator «{code}»")
        return Unit.objects.get(pk=ref.id), indicator, period.code

    def _number(self, text: str | None, option: str) -> float | None:
        if text is None:
            return None
        try:
            return parse_number(text)
        except NumberFormatError as exc:
            raise CommandError(f"{option}: {exc}") from None

    def _set(self, opts: dict) -> None:
        unit, indicator, period = self._resolve(opts, ("unit", "indicator", "period", "value"))
        target = target_set(
            unit=unit,
            indicator=indicator,
            period_code=period,
            value=self._number(opts["value"], "--value"),
            baseline=self._number(opts["baseline"], "--baseline"),
            baseline_period=opts["baseline_period"],
            direction=opts["direction"],
            note=opts["note"],
            actor=opts["actor"],
        )
        if opts["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "unit": unit.code,
                        "indicator": indicator.code,
                        "period": period,
                        "value": target.value,
                        "baseline": target.baseline,
                        "direction": target.direction,
                    },
                    ensure_ascii=False,
                )
            )
            return
        self.stdout.write(f"Đã đặt chỉ tiêu / target set: {unit.name} {indicator.code} {period}")

    def _delete(self, opts: dict) -> None:
        unit, indicator, period = self._resolve(opts, ("unit", "indicator", "period"))
        target_delete(
            unit=unit,
            indicator=indicator,
            period_code=period,
            actor=opts["actor"],
            reason=opts["reason"],
        )
        self.stdout.write(
            f"Đã xoá chỉ tiêu / target deleted: {unit.name} {indicator.code} {period}"
        )
