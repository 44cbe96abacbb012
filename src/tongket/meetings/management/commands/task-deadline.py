from tongket.meetings.commandline import MeetingsCommand, date_of
from tongket.meetings.errors import MeetingsError
from tongket.meetings.models import Task
from tongket.meetings.services import task_deadline_change


class Command(MeetingsCommand):
    help = "Gia hạn hoặc đổi thời hạn một nhiệm vụ / extend or change a task's deadline"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("task", type=int, help="mã nhiệm vụ / task id")
        parser.add_argument("--deadline", required=True, help="thời hạn mới / new deadline")
        parser.add_argument("--reason", required=True, help="lý do / reason")

    def handle(self, *args, **o):
        task = Task.objects.filter(pk=o["task"]).select_related("meeting").first()
        if task is None:
            raise MeetingsError(f"Không có nhiệm vụ mã {o['task']}", f"no task with id {o['task']}")
        deadline = date_of(o["deadline"], "--deadline")
        task_deadline_change(task=task, deadline=deadline, reason=o["reason"], actor=o["actor"])
        self.stdout.write(f"Đã đổi thời hạn nhiệm vụ {task.pk} / deadline of {task.pk} changed")
