"""``tongket analytics INDICATOR --period P``: one indicator by unit or by period, live."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tongket.analytics.hierarchy import AnalyticsError
from tongket.analytics.render import rows_table
from tongket.analytics.selectors import BY_PERIOD, BY_SELF, BY_UNIT, analytics_rows
from tongket.indicators.models import Indicator


class Command(BaseCommand):
    help = (
        "Số liệu một chỉ tiêu theo đơn vị hoặc theo kỳ, kèm kế hoạch, mức đạt, so cùng kỳ và "
        "xếp hạng / one indicator by unit or by period, with target, attainment, change, rank"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("indicator", help="Mã chỉ tiêu / indicator code (tel.density)")
        parser.add_argument("--period", required=True, help="Kỳ / period: 2017, 2017Q1, 2017-01")
        parser.add_argument("--unit", help="Mã đơn vị / unit code (mặc định: các tỉnh)")
        parser.add_argument(
            "--by",
            choices=[BY_SELF, BY_UNIT, BY_PERIOD],
            default=None,
            help=(
                "self: chính đơn vị (mặc định khi có --unit) / the unit itself (default with "
                "--unit); unit: các đơn vị trực thuộc / children (default without --unit); "
                "period: các kỳ con / parts of the period"
            ),
        )
        parser.add_argument(
            "--today-units",
            action="store_true",
            help="Quy về đơn vị hành chính hiện nay / on today's units",
        )
        parser.add_argument("--json", action="store_true", help="Mỗi dòng một đối tượng JSON")

    def handle(self, *args, **opts) -> None:
        try:
            rows = analytics_rows(
                indicator=opts["indicator"],
                period_code=opts["period"],
                unit=opts["unit"],
                by=opts["by"] or (BY_SELF if opts["unit"] else BY_UNIT),
                today_units=opts["today_units"],
            )
        except AnalyticsError as exc:
            raise CommandError(str(exc)) from None
        if opts["json"]:
            for row in rows:
                self.stdout.write(json.dumps(row.as_dict(), ensure_ascii=False))
            return
        indicator = Indicator.objects.get(code=opts["indicator"])
        self.stdout.write(rows_table(rows, indicator=indicator))
