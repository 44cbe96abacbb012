from tongket.meetings.commandline import MeetingsCommand, add_json, run_rows, unit_ids_of
from tongket.meetings.selectors import notification_list

COLUMNS = [
    ("created", "Ngày"),
    ("unit", "Đơn vị"),
    ("subject", "Nội dung"),
    ("emailed", "Đã gửi thư"),
]


class Command(MeetingsCommand):
    help = "Thông báo nhắc việc trong ứng dụng / in-app notifications"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--unit")
        parser.add_argument("--unread", action="store_true", help="chưa đọc / unread only")
        add_json(parser)

    def handle(self, *args, **o):
        qs = notification_list(
            unit_ids=unit_ids_of(o["unit"]), unread=True if o["unread"] else None
        )
        rows = [
            {
                "id": n.pk,
                "created": n.created_at.date().isoformat(),
                "kind": n.kind,
                "task_id": n.task_id,
                "unit": n.unit.name if n.unit else None,
                "subject": n.subject,
                "due_on": n.due_on.isoformat() if n.due_on else None,
                "emailed": n.emailed_at is not None,
                "read": n.read_at is not None,
            }
            for n in qs
        ]
        run_rows(self, o, rows, COLUMNS, widths={"subject": 80, "unit": 40})
