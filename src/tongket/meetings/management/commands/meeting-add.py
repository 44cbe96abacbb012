from tongket.meetings.commandline import MeetingsCommand, add_json, date_of, write_json_lines
from tongket.meetings.models import MeetingKind
from tongket.meetings.refs import unit_find
from tongket.meetings.selectors import meeting_list, meeting_rows
from tongket.meetings.services import DocumentSpec, PersonSpec, meeting_create


class Command(MeetingsCommand):
    help = "Thêm một cuộc họp / add a meeting (nhiều cuộc họp: «tongket meetings-load»)"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--kind", required=True, choices=MeetingKind.values)
        parser.add_argument("--title", required=True)
        parser.add_argument("--date", required=True, help="ngày họp / date (10/01/2018)")
        parser.add_argument("--end-date")
        parser.add_argument("--organizer", required=True, help="đơn vị tổ chức (mã hoặc tên)")
        parser.add_argument("--place", default="")
        parser.add_argument("--chair", help="người chủ trì / chair (name)")
        parser.add_argument("--chair-title", default="")
        parser.add_argument(
            "--participant", action="append", default=[], help="«Họ tên, chức vụ» (lặp lại được)"
        )
        parser.add_argument("--reviewed", action="append", default=[], help="kỳ đánh giá: 2017")
        parser.add_argument("--planned", action="append", default=[], help="kỳ triển khai: 2018")
        parser.add_argument("--agenda", default="")
        parser.add_argument("--minutes", default="")
        parser.add_argument("--conclusions", default="")
        parser.add_argument(
            "--document", action="append", default=[], help="đường dẫn tài liệu / document path"
        )
        parser.add_argument("--source-ref", default="", help="nguồn / source (address, title)")
        add_json(parser)

    def handle(self, *args, **o):
        date = date_of(o["date"], "--date")
        organizer = unit_find(o["organizer"], on=date)
        participants = []
        for text in o["participant"]:
            name, _, title = text.partition(",")
            participants.append(PersonSpec(name=name.strip(), title=title.strip()))
        meeting = meeting_create(
            kind=o["kind"],
            title=o["title"],
            date=date,
            end_date=date_of(o["end_date"], "--end-date"),
            organizer=organizer,
            place=o["place"],
            chair=PersonSpec(name=o["chair"], title=o["chair_title"]) if o["chair"] else None,
            participants=participants,
            reviewed_periods=o["reviewed"],
            planned_periods=o["planned"],
            agenda=o["agenda"],
            minutes=o["minutes"],
            conclusions=o["conclusions"],
            documents=[DocumentSpec(name=p.rsplit("/", 1)[-1], path=p) for p in o["document"]],
            source_ref=o["source_ref"],
            actor=o["actor"],
        )
        if o["json"]:
            write_json_lines(self, meeting_rows(meeting_list().filter(pk=meeting.pk)))
        else:
            self.stdout.write(f"Đã thêm cuộc họp mã {meeting.pk} / meeting {meeting.pk} added")
