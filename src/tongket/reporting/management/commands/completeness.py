"""``tongket completeness``: who reported a form for a period, on time, late, or not yet."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tongket.reporting.selectors import form_completeness, form_get
from tongket.reporting.submissions_cli import (
    completeness_as_dict,
    completeness_text,
    date_parse,
    unit_for_form,
)
from tongket.reporting.submissions_errors import SubmissionError


class Command(BaseCommand):
    help = "Tình hình gửi báo cáo: đủ, đúng hạn / report completeness and timeliness"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--form", required=True, help="ký hiệu biểu / form code")
        parser.add_argument("--period", required=True, help="kỳ / period (2017Q1...)")
        parser.add_argument(
            "--recipient", help="mã đơn vị nhận / recipient unit code (mặc định: tất cả / all)"
        )
        parser.add_argument(
            "--today", help="tính quá hạn đến ngày / overdue as of (31/01/2017 or 2017-01-31)"
        )
        parser.add_argument("--json", action="store_true", help="in JSON / print JSON lines")

    def handle(self, *args, **opts) -> None:
        try:
            form = form_get(code=opts["form"])
            today = date_parse(opts["today"]) if opts["today"] else None
            recipient = None
            if opts["recipient"]:
                recipient = unit_for_form(
                    code=opts["recipient"],
                    form=form,
                    period_code=opts["period"],
                    prefer_kinds=[form.recipient_kind],
                )
            result = form_completeness(
                form=form, period_code=opts["period"], recipient=recipient, today=today
            )
        except SubmissionError as exc:
            raise CommandError(str(exc)) from None
        if not opts["json"]:
            self.stdout.write(completeness_text(result))
            return
        self.stdout.write(json.dumps(completeness_as_dict(result), ensure_ascii=False))
        for r in result.rows:
            self.stdout.write(
                json.dumps(
                    {
                        "unit": r.unit.code,
                        "unit_name": r.unit.name,
                        "timeliness": r.timeliness,
                        "submission": r.submission.pk if r.submission else None,
                        "first_submitted_on": r.first_submitted_on.isoformat()
                        if r.first_submitted_on
                        else None,
                        "days_late": r.days_late,
                        "overdue": r.overdue,
                    },
                    ensure_ascii=False,
                )
            )
