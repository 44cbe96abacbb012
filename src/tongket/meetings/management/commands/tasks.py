from tongket.meetings.commandline import (
    MeetingsCommand,
    add_json,
    add_today,
    run_rows,
    today_of,
    unit_ids_of,
)
from tongket.meetings.models import TaskSource, TaskStatus
from tongket.meetings.selectors import task_list, task_rows

COLUMNS = [
    ("id", "Mã"),
    ("deadline", "Thời hạn"),
    ("status_label", "Trạng thái"),
    ("lead", "Chủ trì"),
    ("text", "Nội dung"),
    ("source_ref", "Nguồn giao"),
]


class Command(MeetingsCommand):
    help = "Danh sách nhiệm vụ được giao và trạng thái / assigned tasks and their status"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--unit",
            help=(
                "đơn vị chủ trì hoặc phối hợp (mã hoặc tên), kể cả các đơn vị trực thuộc / "
                "lead or supporting unit (code or name), units under it included"
            ),
        )
        parser.add_argument("--lead", help="chỉ đúng đơn vị chủ trì này / this lead unit only")
        parser.add_argument("--status", choices=TaskStatus.values)
        parser.add_argument("--source", choices=TaskSource.values)
        parser.add_argument("--year", type=int, help="năm của thời hạn / year of the deadline")
        parser.add_argument("--meeting", type=int, help="mã cuộc họp / meeting id")
        add_today(parser)
        add_json(parser)

    def handle(self, *args, **options):
        today = today_of(options)
        qs = task_list(
            today=today,
            unit_ids=unit_ids_of(options["unit"], below=True),
            lead_ids=unit_ids_of(options["lead"]),
            status=options["status"],
            source=options["source"],
            year=options["year"],
            meeting_id=options["meeting"],
        )
        run_rows(
            self,
            options,
            task_rows(qs, today=today),
            COLUMNS,
            widths={"text": 60, "lead": 35, "source_ref": 30},
        )
