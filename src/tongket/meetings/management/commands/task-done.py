from django.utils import timezone

from tongket.meetings.commandline import MeetingsCommand, date_of
from tongket.meetings.errors import MeetingsError
from tongket.meetings.models import Task, TaskStatus
from tongket.meetings.rules import task_status
from tongket.meetings.services import task_complete, task_reopen


class Command(MeetingsCommand):
    help = "Ghi nhận hoàn thành một nhiệm vụ (--reopen: mở lại) / mark a task done (--reopen)"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("task", type=int, help="mã nhiệm vụ / task id")
        parser.add_argument("--date", help="ngày hoàn thành (mặc định hôm nay) / completion date")
        parser.add_argument("--note", default="", help="kết quả / result")
        parser.add_argument("--reopen", action="store_true", help="mở lại / reopen")
        parser.add_argument("--reason", default="", help="lý do mở lại / reason to reopen")

    def handle(self, *args, **o):
        task = Task.objects.filter(pk=o["task"]).select_related("lead", "meeting").first()
        if task is None:
            raise MeetingsError(f"Không có nhiệm vụ mã {o['task']}", f"no task with id {o['task']}")
        if o["reopen"]:
            task_reopen(task=task, reason=o["reason"], actor=o["actor"])
            self.stdout.write(f"Đã mở lại nhiệm vụ {task.pk} / task {task.pk} reopened")
            return
        on = date_of(o["date"], "--date") or timezone.localdate()
        task_complete(task=task, on=on, note=o["note"], actor=o["actor"])
        status = TaskStatus(task_status(deadline=task.deadline, completed_on=on, today=on))
        self.stdout.write(f"Nhiệm vụ {task.pk}: {status.label} / {status.value}")
