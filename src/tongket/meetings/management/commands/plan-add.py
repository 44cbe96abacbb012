from tongket.core.periods import Period as PeriodCode
from tongket.meetings.commandline import MeetingsCommand, date_of
from tongket.meetings.refs import period_code, unit_find
from tongket.meetings.services import plan_create


class Command(MeetingsCommand):
    help = "Thêm kế hoạch của một đơn vị cho một kỳ / add a unit's plan for a period"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--unit", required=True)
        parser.add_argument("--period", required=True, help="2018, 2018S1, 2018Q1...")
        parser.add_argument("--title", default="")
        parser.add_argument(
            "--key-task", action="append", default=[], help="nhiệm vụ trọng tâm (lặp lại được)"
        )
        parser.add_argument("--decision-number", default="")
        parser.add_argument("--decision-date")

    def handle(self, *args, **o):
        period = PeriodCode.parse(period_code(o["period"]))
        plan = plan_create(
            unit=unit_find(o["unit"], on=period.end()),
            period=period.code,
            title=o["title"],
            key_tasks=o["key_task"],
            decision_number=o["decision_number"],
            decision_date=date_of(o["decision_date"], "--decision-date"),
            actor=o["actor"],
        )
        self.stdout.write(f"Đã thêm kế hoạch mã {plan.pk} / plan {plan.pk} added")
