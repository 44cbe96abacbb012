from tongket.meetings.commandline import MeetingsCommand, add_json, run_rows, unit_ids_of
from tongket.meetings.models import NoticeStatus
from tongket.meetings.selectors import notice_list, notice_rows

COLUMNS = [
    ("id", "Mã"),
    ("number", "Số"),
    ("issued_on", "Ngày ban hành"),
    ("due_on", "Hạn"),
    ("late", "Muộn"),
    ("meeting_date", "Ngày họp"),
    ("meeting", "Cuộc họp"),
    ("items", "Nhiệm vụ"),
]


class Command(MeetingsCommand):
    help = "Danh sách thông báo kết luận (--late: ban hành muộn) / conclusion notices"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--unit", help="cơ quan ban hành / issuer")
        parser.add_argument("--year", type=int, help="năm họp / year of the meeting")
        parser.add_argument("--late", action="store_true", help="chỉ thông báo muộn / late only")
        parser.add_argument("--status", choices=NoticeStatus.values)
        add_json(parser)

    def handle(self, *args, **o):
        qs = notice_list(
            unit_ids=unit_ids_of(o["unit"], below=True),
            year=o["year"],
            late=True if o["late"] else None,
            status=o["status"],
        )
        run_rows(self, o, notice_rows(qs), COLUMNS, widths={"meeting": 60})
