"""``tongket check --period P [--unit U] [--json]``: the consistency rules over a period.

Without ``--period`` it is Django's system check, as before.
"""

from __future__ import annotations

import json

from django.core.management.base import CommandError, CommandParser
from django.core.management.commands.check import Command as SystemCheckCommand

from tongket.consistency.checks import CheckError, consistency_check
from tongket.consistency.render import check_text


class Command(SystemCheckCommand):
    help = (
        "Kiểm tra tính nhất quán của số liệu một kỳ (phần ≤ tổng, tỷ lệ 0–100%, mật độ hợp "
        "lý) trong báo cáo, giữa các báo cáo và trên số tổng hợp; không có --period: kiểm "
        "tra hệ thống của Django / consistency rules over a period inside reports, across "
        "reports and over aggregates; without --period: Django's system check"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--period", help="Kỳ / period: 2025, 2025Q3, 2025-10")
        parser.add_argument("--unit", help="Mã đơn vị và các đơn vị trực thuộc / unit code")
        parser.add_argument("--json", action="store_true", help="Kết quả dạng JSON / as JSON")

    def handle(self, *app_labels, **options):
        if not options.get("period"):
            if options.get("unit") or options.get("json"):
                raise CommandError(
                    "--unit và --json cần --period / --unit and --json need --period"
                )
            return super().handle(*app_labels, **options)
        try:
            result = consistency_check(period_code=options["period"], unit_code=options["unit"])
        except CheckError as error:
            raise CommandError(str(error)) from None
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
        else:
            self.stdout.write(check_text(result))
        if result.violations:
            raise CommandError(
                f"{len(result.violations)} vi phạm quy tắc nhất quán / consistency violations",
                returncode=1,
            )
