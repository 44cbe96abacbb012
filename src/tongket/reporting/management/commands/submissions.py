"""``tongket submissions``: list reports, filtered by form, period, status and unit."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tongket.core.numbers import format_date
from tongket.reporting.selectors import status_label, submission_list
from tongket.reporting.submissions_cli import submission_as_dict
from tongket.reporting.submissions_errors import SubmissionError
from tongket.units.models import Unit


class Command(BaseCommand):
    help = "Danh sách báo cáo / list report submissions"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--form", help="ký hiệu biểu / form code")
        parser.add_argument("--period", help="kỳ / period (2017, 2017Q1, 2017-01...)")
        parser.add_argument("--status", help="draft, submitted, returned, approved")
        parser.add_argument("--unit", help="mã đơn vị báo cáo / reporting unit code")
        parser.add_argument("--json", action="store_true", help="mỗi dòng một JSON / JSON lines")

    def handle(self, *args, **opts) -> None:
        try:
            qs = submission_list(
                form_code=opts["form"], period_code=opts["period"], status=opts["status"]
            )
        except SubmissionError as exc:
            raise CommandError(str(exc)) from None
        if opts["unit"]:
            # A code names different units over time; all of them are meant here.
            qs = qs.filter(unit__in=Unit.objects.filter(code=opts["unit"]))
        count = 0
        for sub in qs.iterator(chunk_size=500):
            count += 1
            if opts["json"]:
                self.stdout.write(json.dumps(submission_as_dict(sub), ensure_ascii=False))
                continue
            self.stdout.write(
                f"#{sub.pk:<6} {sub.form.code:<14} {sub.period.code:<8} {sub.unit.code:<10} "
                f"{sub.unit.name:<36} {status_label(sub.status):<26} "
                f"hạn / due {format_date(sub.deadline)}"
            )
        if not opts["json"]:
            self.stdout.write(f"{count} báo cáo / report(s)")
