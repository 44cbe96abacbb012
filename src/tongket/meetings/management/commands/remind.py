from tongket.core.numbers import format_number
from tongket.meetings.commandline import MeetingsCommand, add_today, int_list, today_of
from tongket.meetings.services import reminders_send


class Command(MeetingsCommand):
    help = (
        "Gửi nhắc hạn nhiệm vụ (trong ứng dụng và thư điện tử), mỗi lời nhắc một lần / send "
        "deadline reminders (in-app and e-mail), each once"
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        add_today(parser)
        parser.add_argument("--before", help="số ngày trước hạn, ví dụ 7,1 / days before")
        parser.add_argument("--after", help="số ngày sau hạn, ví dụ 1,7 / days after")

    def handle(self, *args, **o):
        counts = reminders_send(
            today=today_of(o),
            days_before=int_list(o["before"], "--before"),
            days_after=int_list(o["after"], "--after"),
            actor=o["actor"],
        )
        for key, value in counts.items():
            self.stdout.write(f"{key}: {format_number(value)}")
