from tongket.papers.commandline import PapersCommand, date_option, format_of, write_file
from tongket.papers.files import report_file
from tongket.papers.report_gather import report_unit_find


class Command(PapersCommand):
    help = (
        "Báo cáo tổng kết công tác năm N và phương hướng, nhiệm vụ năm N+1 của một đơn vị "
        "(DOCX theo Nghị định 30/2020/NĐ-CP, PDF qua LibreOffice, XLSX các bảng) / the "
        "year-end review report of a unit (DOCX, PDF through LibreOffice, XLSX tables)"
    )

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help="mã hoặc tên đơn vị / unit code or name")
        parser.add_argument("--year", type=int, required=True, help="năm được tổng kết / year")
        parser.add_argument(
            "-o",
            "--output",
            help="tệp ra: .docx, .pdf hoặc .xlsx (mặc định tên tự đặt, .docx) / output file",
        )
        parser.add_argument("--format", choices=["docx", "pdf", "xlsx"], help="định dạng / format")
        parser.add_argument(
            "--date", help="ngày của báo cáo (mặc định 05/01 năm sau) / date of the report"
        )
        parser.add_argument(
            "--today", help="ngày tính số liệu (mặc định hôm nay) / the data as of this day"
        )

    def handle(self, *args, **o):
        unit = report_unit_find(o["unit"], year=o["year"])
        paper = report_file(
            unit=unit,
            year=o["year"],
            fmt=format_of(o["output"], o["format"], "docx"),
            on=date_option(o["date"], "--date"),
            today=date_option(o["today"], "--today"),
        )
        write_file(self, paper, o["output"], text=False)
