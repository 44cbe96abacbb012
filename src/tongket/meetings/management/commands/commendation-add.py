import datetime as dt

from tongket.meetings.commandline import MeetingsCommand, date_of
from tongket.meetings.errors import MeetingsError
from tongket.meetings.models import Meeting
from tongket.meetings.refs import unit_find
from tongket.meetings.services import RecipientSpec, award_form_find, commendation_create


class Command(MeetingsCommand):
    help = "Thêm một quyết định khen thưởng / add a commendation decision"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--form", required=True, help="hình thức (mã hoặc tên)")
        parser.add_argument("--year", type=int, required=True, help="năm thành tích")
        parser.add_argument("--decision-number", default="")
        parser.add_argument("--decision-date")
        parser.add_argument("--grantor", help="cơ quan quyết định (mã hoặc tên)")
        parser.add_argument("--unit", help="đơn vị được khen (mã hoặc tên)")
        parser.add_argument("--meeting", type=int, help="trao tại cuộc họp (mã)")
        parser.add_argument("--collectives", type=int)
        parser.add_argument("--individuals", type=int)
        parser.add_argument(
            "--collective", action="append", default=[], help="tên tập thể (lặp lại được)"
        )
        parser.add_argument(
            "--individual", action="append", default=[], help="«Họ tên, chức vụ» (lặp lại được)"
        )
        parser.add_argument("--reason", default="")

    def handle(self, *args, **o):
        meeting = None
        if o["meeting"] is not None:
            meeting = Meeting.objects.filter(pk=o["meeting"]).first()
            if meeting is None:
                raise MeetingsError(
                    f"Không có cuộc họp mã {o['meeting']}", f"no meeting with id {o['meeting']}"
                )
        decision_date = date_of(o["decision_date"], "--decision-date")
        on = decision_date or (meeting.date if meeting else dt.date(o["year"], 12, 31))
        recipients = [RecipientSpec(kind="collective", name=n) for n in o["collective"]]
        for text in o["individual"]:
            name, _, title = text.partition(",")
            recipients.append(RecipientSpec(kind="individual", name=name, title=title.strip()))
        commendation = commendation_create(
            form=award_form_find(o["form"]),
            year=o["year"],
            decision_number=o["decision_number"],
            decision_date=decision_date,
            grantor_unit=unit_find(o["grantor"], on=on) if o["grantor"] else None,
            unit=unit_find(o["unit"], on=on) if o["unit"] else None,
            meeting=meeting,
            reason=o["reason"],
            collectives=o["collectives"],
            individuals=o["individuals"],
            recipients=recipients,
            actor=o["actor"],
        )
        self.stdout.write(f"Đã thêm khen thưởng mã {commendation.pk} / commendation added")
