from django.utils import timezone

from tongket.meetings.commandline import MeetingsCommand
from tongket.meetings.refs import unit_find
from tongket.meetings.services import reminder_contact_set


class Command(MeetingsCommand):
    help = "Địa chỉ thư nhận nhắc hạn của một đơn vị / e-mail address for a unit's reminders"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--unit", required=True)
        parser.add_argument("--email", required=True)
        parser.add_argument("--name", default="")
        parser.add_argument("--off", action="store_true", help="ngừng gửi / stop sending")

    def handle(self, *args, **o):
        unit = unit_find(o["unit"], on=timezone.localdate())
        reminder_contact_set(
            unit=unit, email=o["email"], name=o["name"], active=not o["off"], actor=o["actor"]
        )
        self.stdout.write(f"{unit.name}: {o['email']} ({'tắt / off' if o['off'] else 'bật / on'})")
