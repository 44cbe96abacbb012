from tongket.meetings.commandline import MeetingsCommand, add_json, cell, run_rows
from tongket.meetings.selectors import person_list, person_rows

COLUMNS = [("id", "Mã"), ("name", "Họ tên"), ("scope", "Tỉnh, cơ quan"), ("titles", "Chức vụ")]


class Command(MeetingsCommand):
    help = "Người và các chức vụ theo thời gian / people and their positions over time"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--name", help="tìm theo tên / search by name")
        add_json(parser)

    def handle(self, *args, **o):
        rows = person_rows(person_list(name=o["name"]))
        if not o["json"]:
            for row in rows:
                row["titles"] = "; ".join(
                    f"{p['title']} ({cell(p['from'])}–{cell(p['to'])})" for p in row["positions"]
                )
        run_rows(self, o, rows, COLUMNS, widths={"titles": 90})
