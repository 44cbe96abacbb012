from tongket.meetings.commandline import (
    MeetingsCommand,
    add_json,
    add_today,
    cell,
    run_rows,
    today_of,
    unit_ids_of,
    write_table,
)
from tongket.meetings.errors import MeetingsError
from tongket.meetings.models import Meeting, MeetingKind
from tongket.meetings.selectors import meeting_detail, meeting_list, meeting_rows

COLUMNS = [
    ("id", "Mã"),
    ("date", "Ngày"),
    ("kind_label", "Loại"),
    ("organizer", "Đơn vị tổ chức"),
    ("province", "Tỉnh"),
    ("title", "Tên cuộc họp"),
    ("tasks", "Nhiệm vụ"),
    ("notices", "Thông báo"),
]


class Command(MeetingsCommand):
    help = "Danh sách cuộc họp / list meetings (--id N: one meeting with everything on it)"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--unit",
            help=(
                "đơn vị tổ chức hoặc tỉnh (mã hoặc tên), kể cả các đơn vị trực thuộc / "
                "organizer or province (code or name), units under it included"
            ),
        )
        parser.add_argument("--year", type=int, help="năm họp / year of the meeting")
        parser.add_argument("--kind", choices=MeetingKind.values)
        parser.add_argument("--id", type=int, help="xem một cuộc họp / show one meeting")
        add_today(parser)
        add_json(parser)

    def handle(self, *args, **options):
        if options["id"] is not None:
            meeting = Meeting.objects.filter(pk=options["id"]).first()
            if meeting is None:
                raise MeetingsError(
                    f"Không có cuộc họp mã {options['id']}", f"no meeting with id {options['id']}"
                )
            detail = meeting_detail(meeting=meeting, today=today_of(options))
            if options["json"]:
                run_rows(self, options, [detail], [])
            else:
                self._show(detail)
            return
        qs = meeting_list(
            unit_ids=unit_ids_of(options["unit"], below=True),
            year=options["year"],
            kind=options["kind"],
        )
        run_rows(self, options, meeting_rows(qs), COLUMNS, widths={"title": 60, "organizer": 40})

    def _show(self, d):
        self.stdout.write(f"{d['title']} — {cell(d['date'])}, {d['place'] or ''}".rstrip(", "))
        self.stdout.write(f"Đơn vị tổ chức / organizer: {d['organizer']} ({d['province'] or ''})")
        if d["chair"]:
            self.stdout.write(f"Chủ trì / chair: {d['chair']}, {d['chair_title']}")
        self.stdout.write(
            f"Kỳ đánh giá / reviewed: {cell(d['reviewed'])}; triển khai / planned: {cell(d['planned'])}"
        )
        for title, rows, columns in (
            (
                "Người dự / participants",
                d["participants"],
                [("name", "Họ tên"), ("title", "Chức vụ"), ("role", "Vai trò")],
            ),
            (
                "Số liệu / figures",
                d["figures"],
                [
                    ("text", "Nguyên văn"),
                    ("value", "Giá trị"),
                    ("unit", "Đơn vị tính"),
                    ("indicator", "Chỉ tiêu"),
                ],
            ),
            (
                "Nhiệm vụ / tasks",
                d["tasks"],
                [
                    ("id", "Mã"),
                    ("lead", "Chủ trì"),
                    ("deadline", "Hạn"),
                    ("status_label", "Trạng thái"),
                    ("text", "Nội dung"),
                ],
            ),
            (
                "Khen thưởng / commendations",
                d["commendations"],
                [
                    ("form", "Hình thức"),
                    ("year", "Năm"),
                    ("collectives", "Tập thể"),
                    ("individuals", "Cá nhân"),
                ],
            ),
        ):
            if rows:
                self.stdout.write("")
                self.stdout.write(title)
                write_table(self, rows, columns, widths={"text": 70})
