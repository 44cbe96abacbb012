from tongket.meetings.commandline import MeetingsCommand, add_json, date_of, write_json_lines
from tongket.meetings.errors import MeetingsError
from tongket.meetings.models import KeyTask, Meeting, TaskSource
from tongket.meetings.refs import indicator_find, unit_find
from tongket.meetings.selectors import task_list, task_rows
from tongket.meetings.services import person_get_or_create, task_create


class Command(MeetingsCommand):
    help = (
        "Giao một nhiệm vụ (nguồn: --document-number và --document-date, hoặc --meeting, "
        "hoặc --key-task) / assign a task (source: --document-number and --document-date, "
        "or --meeting, or --key-task)"
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--text", required=True, help="nội dung / what is to be done")
        parser.add_argument("--lead", required=True, help="đơn vị chủ trì / lead unit")
        parser.add_argument(
            "--support", action="append", default=[], help="đơn vị phối hợp (lặp lại được)"
        )
        parser.add_argument("--deadline", help="thời hạn / deadline (31/03/2018)")
        parser.add_argument("--assigned-on", help="ngày giao / assignment date")
        parser.add_argument("--document-number", default="", help="số văn bản giao (123/UBND-KT)")
        parser.add_argument("--document-date", help="ngày văn bản / document date")
        parser.add_argument("--document-title", default="", help="trích yếu / title")
        parser.add_argument("--meeting", type=int, help="cuộc họp kết luận / meeting id")
        parser.add_argument("--key-task", type=int, help="nhiệm vụ trọng tâm (mã) / key task id")
        parser.add_argument("--assigned-by", help="người giao / assigned by (name)")
        parser.add_argument("--assigned-by-title", default="")
        parser.add_argument("--assigned-by-unit", help="đơn vị giao / assigning unit")
        parser.add_argument("--indicator", help="mã chỉ tiêu / indicator code")
        add_json(parser)

    def handle(self, *args, **o):
        meeting = _get(Meeting, o["meeting"], "cuộc họp", "meeting")
        key_task = _get(KeyTask, o["key_task"], "nhiệm vụ trọng tâm", "key task")
        document_date = date_of(o["document_date"], "--document-date")
        assigned_on = date_of(o["assigned_on"], "--assigned-on")
        source = (
            TaskSource.MEETING if meeting else TaskSource.PLAN if key_task else TaskSource.DOCUMENT
        )
        on = (
            assigned_on
            or (meeting.last_day if meeting else None)
            or document_date
            or (key_task.plan.period.start if key_task else None)
        )
        if on is None:
            raise MeetingsError(
                "Cần --document-date, --meeting, --key-task hoặc --assigned-on",
                "give --document-date, --meeting, --key-task or --assigned-on",
            )
        assigned_by_unit = _unit(o["assigned_by_unit"], on, "--assigned-by-unit")
        task = task_create(
            text=o["text"],
            lead=_unit(o["lead"], on, "--lead"),
            supporting=[_unit(u, on, "--support") for u in o["support"]],
            deadline=date_of(o["deadline"], "--deadline"),
            assigned_on=assigned_on,
            source=source,
            meeting=meeting,
            key_task=key_task,
            document_number=o["document_number"],
            document_date=document_date,
            document_title=o["document_title"],
            assigned_by_person=(
                person_get_or_create(
                    name=o["assigned_by"],
                    title=o["assigned_by_title"],
                    unit=assigned_by_unit,
                    on=on,
                    actor=o["actor"],
                )
                if o["assigned_by"]
                else None
            ),
            assigned_by_unit=assigned_by_unit,
            indicator=indicator_find(o["indicator"]) if o["indicator"] else None,
            actor=o["actor"],
        )
        row = task_rows(task_list(today=on).filter(pk=task.pk), today=on)[0]
        if o["json"]:
            write_json_lines(self, [row])
        else:
            self.stdout.write(f"Đã giao nhiệm vụ mã {task.pk} / task {task.pk} assigned")


def _get(model, pk, vi, en):
    if pk is None:
        return None
    found = model.objects.filter(pk=pk).first()
    if found is None:
        raise MeetingsError(f"Không có {vi} mã {pk}", f"no {en} with id {pk}")
    return found


def _unit(ref, on, column):
    if not ref:
        return None
    try:
        return unit_find(ref, on=on)
    except MeetingsError as error:
        raise error.at(column=column) from None
