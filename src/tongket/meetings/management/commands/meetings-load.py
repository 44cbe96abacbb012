from tongket.core.numbers import format_number
from tongket.meetings.commandline import MeetingsCommand
from tongket.meetings.loading import meetings_load_file


class Command(MeetingsCommand):
    help = (
        "Nạp cuộc họp, thông báo kết luận, nhiệm vụ, kế hoạch, khen thưởng từ tệp YAML/JSON "
        "(tất cả hoặc không gì cả; mẫu: tongket/meetings/data/meetings_example.yaml) / "
        "load meetings, notices, tasks, plans, commendations from a YAML or JSON file (all or "
        "nothing; example: tongket/meetings/data/meetings_example.yaml)"
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("file")
        parser.add_argument(
            "--dry-run", action="store_true", help="chỉ kiểm tra, không lưu / check only"
        )

    def handle(self, *args, **o):
        counts = meetings_load_file(o["file"], actor=o["actor"], dry_run=o["dry_run"])
        if o["dry_run"]:
            self.stdout.write("Kiểm tra xong, không lưu gì / checked, nothing stored")
        if not counts:
            self.stdout.write("Tệp không có gì để nạp / nothing to load")
        for key, value in counts.items():
            self.stdout.write(f"{key}: {format_number(value)}")
