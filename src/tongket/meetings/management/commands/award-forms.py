from tongket.meetings.commandline import MeetingsCommand, add_json, run_rows
from tongket.meetings.models import AwardForm
from tongket.meetings.services import award_forms_load

COLUMNS = [
    ("code", "Mã"),
    ("name", "Hình thức"),
    ("category_label", "Loại"),
    ("grantor", "Người quyết định"),
    ("recipients", "Đối tượng"),
]
RECIPIENTS = {"both": "tập thể, cá nhân", "collective": "tập thể", "individual": "cá nhân"}


class Command(MeetingsCommand):
    help = (
        "Các hình thức khen thưởng, danh hiệu thi đua (Luật Thi đua, khen thưởng 2022); nạp "
        "từ dữ liệu của gói / commendation forms and emulation titles, loaded from the package"
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        add_json(parser)

    def handle(self, *args, **o):
        counts = award_forms_load(actor=o["actor"])
        if any(counts.values()) and not o["json"]:
            self.stderr.write(
                f"Đã nạp / loaded: {counts['award_forms_created']} mới / new, "
                f"{counts['award_forms_changed']} sửa / changed"
            )
        rows = [
            {
                "code": f.code,
                "name": f.name,
                "name_en": f.name_en,
                "category": f.category,
                "category_label": str(f.get_category_display()),
                "grantor": f.grantor,
                "level": f.level,
                "recipients": RECIPIENTS.get(f.recipients, f.recipients),
                "legal_basis": f.legal_basis,
            }
            for f in AwardForm.objects.all()
        ]
        run_rows(self, o, rows, COLUMNS, widths={"grantor": 45})
