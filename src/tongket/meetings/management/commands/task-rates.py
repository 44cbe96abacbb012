from tongket.core.periods import PeriodKind
from tongket.meetings.commandline import (
    MeetingsCommand,
    add_json,
    add_today,
    rate,
    run_rows,
    today_of,
    unit_ids_of,
)
from tongket.meetings.selectors import task_completion_rates

COLUMNS = [
    ("label", "Nhóm"),
    ("total", "Tổng"),
    ("done_on_time", "Đúng hạn"),
    ("done_late", "Quá hạn đã xong"),
    ("in_progress", "Trong hạn"),
    ("overdue", "Quá hạn chưa xong"),
    ("completion", "Tỷ lệ hoàn thành"),
    ("on_time", "Tỷ lệ đúng hạn"),
]


class Command(MeetingsCommand):
    help = "Tỷ lệ hoàn thành nhiệm vụ theo đơn vị chủ trì, nguồn giao hoặc kỳ / completion rates"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--by", choices=["lead", "source", "period"], default="lead")
        parser.add_argument(
            "--period-kind",
            choices=[k.value for k in PeriodKind],
            default="year",
            help="với --by period / with --by period",
        )
        parser.add_argument(
            "--unit",
            help="đơn vị chủ trì, kể cả các đơn vị trực thuộc / lead unit, units under it included",
        )
        parser.add_argument("--year", type=int)
        add_today(parser)
        add_json(parser)

    def handle(self, *args, **options):
        rows = task_completion_rates(
            today=today_of(options),
            by=options["by"],
            period_kind=PeriodKind(options["period_kind"]),
            lead_ids=unit_ids_of(options["unit"], below=True),
            year=options["year"],
        )
        if not options["json"]:
            for row in rows:
                row["completion"] = rate(row["completion_rate"])
                row["on_time"] = rate(row["on_time_rate"])
        run_rows(self, options, rows, COLUMNS, widths={"label": 70})
