from tongket.core.numbers import format_date, format_number
from tongket.meetings.commandline import MeetingsCommand, date_of
from tongket.meetings.errors import MeetingsError
from tongket.meetings.loading import meetings_load_file
from tongket.meetings.models import Notice
from tongket.meetings.services import notice_issue


class Command(MeetingsCommand):
    help = (
        "Ban hành thông báo kết luận: từ tệp YAML/JSON (mục «notices») hoặc một dự thảo "
        "(--notice, --date); ban hành là tạo nhiệm vụ / issue conclusion notices from a file "
        "(section «notices») or a draft (--notice, --date); issuing creates the tasks"
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("file", nargs="?", help="tệp có mục «notices» / file with «notices»")
        parser.add_argument("--notice", type=int, help="mã dự thảo / draft id")
        parser.add_argument("--date", help="ngày ban hành / issue date")
        parser.add_argument("--number", help="số, ký hiệu (15/TB-STTTT); mặc định số tiếp theo")
        parser.add_argument("--abbreviation", help="ký hiệu cơ quan ban hành (STTTT)")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, **o):
        if o["file"]:
            counts = meetings_load_file(o["file"], actor=o["actor"], dry_run=o["dry_run"])
            for key, value in counts.items():
                self.stdout.write(f"{key}: {format_number(value)}")
            return
        if o["notice"] is None or not o["date"]:
            raise MeetingsError(
                "Cần một tệp, hoặc --notice và --date", "give a file, or --notice and --date"
            )
        notice = Notice.objects.filter(pk=o["notice"]).first()
        if notice is None:
            raise MeetingsError(
                f"Không có thông báo mã {o['notice']}", f"no notice with id {o['notice']}"
            )
        notice = notice_issue(
            notice=notice,
            issued_on=date_of(o["date"], "--date"),
            number=o["number"],
            abbreviation=o["abbreviation"],
            actor=o["actor"],
        )
        self.stdout.write(
            f"Số: {notice.number}, ngày {format_date(notice.issued_on)}; "
            f"{notice.items.count()} nhiệm vụ / tasks"
        )
        if notice.is_late:
            self.stdout.write(
                f"Ban hành muộn: hạn là {format_date(notice.due_on)} (5 ngày làm việc sau cuộc "
                "họp, Quyết định 45/2018/QĐ-TTg) / issued late: due "
                f"{format_date(notice.due_on)} (5 working days after the meeting)"
            )
