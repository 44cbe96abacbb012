"""``tongket submission open|set|show|submit|approve|unapprove|return``: one report at a time."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tongket.consistency.checks import submission_consistency
from tongket.reporting import services
from tongket.reporting.selectors import form_get, submission_get, submission_lines
from tongket.reporting.submissions_actor import cli_actor
from tongket.reporting.submissions_cli import (
    issues_text,
    line_as_dict,
    lines_text,
    pairs_parse,
    submission_as_dict,
    submission_text,
    unit_for_form,
)
from tongket.reporting.submissions_errors import SubmissionError, SubmissionInvalid


class Command(BaseCommand):
    help = "Mở, nhập, gửi, duyệt, trả lại báo cáo / open, fill in, submit, approve, return a report"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)

        def common(p: CommandParser) -> CommandParser:
            p.add_argument("--as", dest="as_user", help="người thực hiện / acting user")
            p.add_argument("--json", action="store_true", help="in JSON / print JSON")
            return p

        p = common(sub.add_parser("open", help="mở báo cáo / open a report"))
        p.add_argument("--unit", required=True, help="mã đơn vị / unit code")
        p.add_argument("--form", required=True, help="ký hiệu biểu / form code")
        p.add_argument("--period", required=True, help="kỳ: 2017, 2017S1, 2017Q1, 2017-01")
        p.add_argument(
            "--recipient",
            help="mã đơn vị nhận, khi không suy ra được / recipient unit code, where it cannot "
            "be found from the hierarchy",
        )

        p = common(sub.add_parser("set", help="nhập số liệu / set values"))
        p.add_argument("id", type=int)
        p.add_argument("pairs", nargs="+", metavar="chỉ_tiêu=giá_trị")
        p.add_argument("--reason", default="", help="lý do sửa / reason for the change")

        common(sub.add_parser("show", help="xem báo cáo / show a report")).add_argument(
            "id", type=int
        )
        helps = {
            "submit": "gửi báo cáo / submit",
            "approve": "duyệt / approve",
            "unapprove": "hủy duyệt (cần lý do) / un-approve (reason required)",
            "return": "trả lại để sửa (cần lý do) / return for correction (reason required)",
        }
        for action in ("submit", "approve"):
            common(sub.add_parser(action, help=helps[action])).add_argument("id", type=int)
        for action in ("unapprove", "return"):
            p = common(sub.add_parser(action, help=helps[action]))
            p.add_argument("id", type=int)
            p.add_argument("--reason", default="", help="lý do (bắt buộc) / reason (required)")

    def handle(self, *args, **opts) -> None:
        actor = cli_actor(opts.get("as_user"))
        action = opts["action"]
        try:
            if action == "open":
                form = form_get(code=opts["form"])
                unit = unit_for_form(code=opts["unit"], form=form, period_code=opts["period"])
                recipient = None
                if opts["recipient"]:
                    recipient = unit_for_form(
                        code=opts["recipient"],
                        form=form,
                        period_code=opts["period"],
                        prefer_kinds=[form.recipient_kind],
                    )
                sub = services.submission_open(
                    unit=unit,
                    form=form,
                    period_code=opts["period"],
                    actor=actor,
                    recipient=recipient,
                )
                self._show(sub, opts)
                return
            sub = submission_get(pk=opts["id"])
            if action == "show":
                self._show(sub, opts, lines=True)
            elif action == "set":
                issues = services.submission_values_set(
                    submission=sub,
                    values=pairs_parse(opts["pairs"]),
                    actor=actor,
                    reason=opts["reason"],
                )
                self._show(sub, opts, issues=issues)
            elif action == "submit":
                issues = services.submission_submit(submission=sub, actor=actor)
                self._show(sub, opts, issues=issues)
            elif action == "approve":
                self._show(services.submission_approve(submission=sub, actor=actor), opts)
                for violation in submission_consistency(sub):
                    self.stderr.write(f"cảnh báo / warning: {violation.message}")
            elif action == "return":
                services.submission_return(submission=sub, actor=actor, reason=opts["reason"])
                self._show(sub, opts)
            elif action == "unapprove":
                services.submission_unapprove(submission=sub, actor=actor, reason=opts["reason"])
                self._show(sub, opts)
        except SubmissionInvalid as exc:
            if opts["json"]:
                for issue in exc.issues:
                    self.stdout.write(json.dumps(issue.as_dict(), ensure_ascii=False))
            raise CommandError(str(exc)) from None
        except SubmissionError as exc:
            raise CommandError(str(exc)) from None

    def _show(self, sub, opts, *, issues=None, lines: bool = False) -> None:
        if opts["json"]:
            data = submission_as_dict(sub)
            if lines:
                data["lines"] = [line_as_dict(x) for x in submission_lines(submission=sub)]
            if issues is not None:
                data["issues"] = [i.as_dict() for i in issues]
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        self.stdout.write(submission_text(sub))
        if lines:
            self.stdout.write(lines_text(submission_lines(submission=sub)))
        if issues is not None:
            self.stdout.write(issues_text(issues))
