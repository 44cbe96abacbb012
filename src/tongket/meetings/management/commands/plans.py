from tongket.meetings.commandline import (
    MeetingsCommand,
    add_json,
    add_today,
    rate,
    run_rows,
    today_of,
    unit_ids_of,
    write_table,
)
from tongket.meetings.errors import MeetingsError
from tongket.meetings.selectors import plan_list, plan_overview

COLUMNS = [("id", "Mã"), ("period", "Kỳ"), ("unit", "Đơn vị"), ("key_tasks", "Nhiệm vụ trọng tâm")]


class Command(MeetingsCommand):
    help = "Kế hoạch và nhiệm vụ trọng tâm (--id: tổng quan) / plans and key tasks (--id: overview)"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--unit")
        parser.add_argument("--year", type=int)
        parser.add_argument("--id", type=int, help="tổng quan một kế hoạch / one plan at a glance")
        add_today(parser)
        add_json(parser)

    def handle(self, *args, **o):
        today = today_of(o)
        if o["id"] is not None:
            plan = plan_list().filter(pk=o["id"]).first()
            if plan is None:
                raise MeetingsError(f"Không có kế hoạch mã {o['id']}", f"no plan with id {o['id']}")
            overview = plan_overview(plan=plan, today=today)
            if o["json"]:
                run_rows(self, o, [overview], [])
                return
            self.stdout.write(f"{overview['title']} ({overview['period']})")
            rows = [
                {"order": k["order"], "text": k["text"], **k["tasks"]}
                for k in overview["key_tasks"]
            ]
            write_table(
                self,
                rows,
                [("order", "TT"), ("text", "Nhiệm vụ trọng tâm"), ("done_on_time", "Đúng hạn"),
                 ("done_late", "Quá hạn đã xong"), ("in_progress", "Trong hạn"),
                 ("overdue", "Quá hạn")],
                widths={"text": 70},
            )  # fmt: skip
            if overview["targets"]:
                for t in overview["targets"]:
                    t["attained"] = rate(t["attainment"])
                self.stdout.write("")
                write_table(
                    self,
                    overview["targets"],
                    [("name", "Chỉ tiêu"), ("target", "Kế hoạch"), ("value", "Thực hiện"),
                     ("unit_of_measure", "Đơn vị tính"), ("attained", "Đạt")],
                    widths={"name": 60},
                )  # fmt: skip
            return
        plans = plan_list(unit_ids=unit_ids_of(o["unit"], below=True), year=o["year"])
        rows = [
            {
                "id": p.pk,
                "period": p.period.code,
                "unit": p.unit.name,
                "unit_code": p.unit.code,
                "title": p.title,
                "key_tasks": p.key_tasks.count(),
                "meeting_id": p.meeting_id,
                "is_synthetic": p.is_synthetic,
            }
            for p in plans
        ]
        run_rows(self, o, rows, COLUMNS)
