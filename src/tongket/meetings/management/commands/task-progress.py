from pathlib import Path

from django.core.files import File
from django.utils import timezone

from tongket.meetings.commandline import MeetingsCommand, date_of
from tongket.meetings.errors import MeetingsError
from tongket.meetings.models import Task
from tongket.meetings.refs import unit_find
from tongket.meetings.services import person_get_or_create, task_progress_add


class Command(MeetingsCommand):
    help = "Báo cáo tiến độ một nhiệm vụ / report progress on a task"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("task", type=int, help="mã nhiệm vụ / task id")
        parser.add_argument("--text", required=True, help="nội dung / what was done")
        parser.add_argument("--date", help="ngày báo cáo (mặc định hôm nay) / report date")
        parser.add_argument("--percent", type=int, help="tỷ lệ hoàn thành 0-100")
        parser.add_argument("--evidence", default="", help="minh chứng (số văn bản...)")
        parser.add_argument("--file", help="tệp minh chứng / evidence file")
        parser.add_argument("--reporter", help="người báo cáo / reported by (name)")
        parser.add_argument("--reporter-title", default="")
        parser.add_argument("--unit", help="đơn vị báo cáo (mặc định: chủ trì) / reporting unit")

    def handle(self, *args, **o):
        task = Task.objects.filter(pk=o["task"]).select_related("lead").first()
        if task is None:
            raise MeetingsError(f"Không có nhiệm vụ mã {o['task']}", f"no task with id {o['task']}")
        on = date_of(o["date"], "--date") or timezone.localdate()
        unit = unit_find(o["unit"], on=on) if o["unit"] else task.lead
        reporter = None
        if o["reporter"]:
            reporter = person_get_or_create(
                name=o["reporter"], title=o["reporter_title"], unit=unit, on=on, actor=o["actor"]
            )
        evidence_file = None
        if o["file"]:
            path = Path(o["file"])
            if not path.is_file():
                raise MeetingsError("Không có tệp", "no such file", file=str(path))
            evidence_file = File(path.open("rb"), name=path.name)
        try:
            progress = task_progress_add(
                task=task,
                on=on,
                text=o["text"],
                percent=o["percent"],
                evidence=o["evidence"],
                evidence_file=evidence_file,
                reported_by_person=reporter,
                reported_by_unit=unit,
                actor=o["actor"],
            )
        finally:
            if evidence_file is not None:
                evidence_file.close()
        self.stdout.write(f"Đã ghi tiến độ {progress.pk} / progress {progress.pk} recorded")
