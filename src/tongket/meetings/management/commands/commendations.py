from tongket.meetings.commandline import MeetingsCommand, add_json, run_rows, unit_ids_of
from tongket.meetings.selectors import commendation_list, commendation_rows, commendation_totals
from tongket.meetings.services import award_form_find

COLUMNS = [
    ("year", "Năm"),
    ("form", "Hình thức"),
    ("decision_number", "Quyết định"),
    ("decision_date", "Ngày"),
    ("unit", "Đơn vị"),
    ("collectives", "Tập thể"),
    ("individuals", "Cá nhân"),
]
TOTAL_COLUMNS = [
    ("label", "Nhóm"),
    ("decisions", "Số quyết định"),
    ("collectives", "Tập thể"),
    ("individuals", "Cá nhân"),
    ("unknown_counts", "Không rõ số lượng"),
]


class Command(MeetingsCommand):
    help = (
        "Danh sách khen thưởng theo năm, đơn vị, hình thức (--by: tổng hợp) / commendations "
        "per year, unit, form (--by: totals)"
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--year", type=int, help="năm thành tích / year of the achievements")
        parser.add_argument("--unit", help="đơn vị được khen (mã hoặc tên)")
        parser.add_argument("--form", help="hình thức (mã hoặc tên, xem «tongket award-forms»)")
        parser.add_argument("--by", choices=["year", "unit", "form"], help="tổng hợp / totals")
        add_json(parser)

    def handle(self, *args, **o):
        unit_ids = unit_ids_of(o["unit"], below=True)
        if o["by"]:
            rows = commendation_totals(by=o["by"], year=o["year"], unit_ids=unit_ids)
            run_rows(self, o, rows, TOTAL_COLUMNS, widths={"label": 50})
            return
        form = award_form_find(o["form"]) if o["form"] else None
        qs = commendation_list(
            year=o["year"], unit_ids=unit_ids, form_code=form.code if form else None
        )
        run_rows(self, o, commendation_rows(qs), COLUMNS, widths={"unit": 45, "form": 40})
