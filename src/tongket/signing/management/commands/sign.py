from pathlib import Path

from tongket.meetings.models import Notice
from tongket.papers.commandline import PapersCommand, add_actor, date_option
from tongket.papers.errors import PapersError
from tongket.papers.report_gather import report_unit_find
from tongket.signing.selectors import signed_document_data
from tongket.signing.services import notice_sign, report_sign


class Command(PapersCommand):
    help = (
        "Ký số thông báo kết luận đã ban hành hoặc báo cáo tổng kết (PDF, PAdES) bằng chứng thư "
        "đã cấu hình, lưu bản đã ký / sign an issued notice or a year-end report (PDF, PAdES) "
        "with the configured certificate and keep the signed copy"
    )

    def add_arguments(self, parser):
        what = parser.add_mutually_exclusive_group(required=True)
        what.add_argument("--notice", type=int, help="mã thông báo / notice id")
        what.add_argument("--unit", help="báo cáo của đơn vị (mã hoặc tên) / report's unit")
        parser.add_argument("--year", type=int, help="năm được tổng kết / year of the report")
        parser.add_argument("--date", help="ngày của báo cáo / date of the report")
        parser.add_argument("-o", "--output", help="ghi bản đã ký ra tệp / write the signed PDF")
        add_actor(parser)

    def handle(self, *args, **o):
        if o["notice"] is not None:
            notice = (
                Notice.objects.select_related("issuer", "meeting").filter(pk=o["notice"]).first()
            )
            if notice is None:
                raise PapersError(
                    f"Không có thông báo mã {o['notice']}",
                    f"no notice with id {o['notice']}",
                    column="--notice",
                )
            signed = notice_sign(notice=notice, actor=o["actor"])
        else:
            if o["year"] is None:
                raise PapersError(
                    "Thiếu năm (--year)", "the year is missing (--year)", column="--year"
                )
            unit = report_unit_find(o["unit"], year=o["year"])
            signed = report_sign(
                unit=unit, year=o["year"], actor=o["actor"], on=date_option(o["date"], "--date")
            )
        who = signed.signer + (f", {signed.agency}" if signed.agency else "")
        self.stdout.write(f"Đã ký / signed: {signed.number} ({who})")
        if o["output"]:
            path = Path(o["output"])
            if path.is_dir():
                path = path / signed.file_name
            path.write_bytes(signed_document_data(document=signed))
            self.stdout.write(f"Đã ghi / written: {path}")
