from tongket.papers.commandline import PapersCommand, date_option, format_of, write_file
from tongket.papers.files import notice_file
from tongket.papers.meeting_gather import meeting_get


class Command(PapersCommand):
    help = (
        "Thông báo kết luận của một cuộc họp (DOCX theo Nghị định 30/2020/NĐ-CP, PDF, XLSX các "
        "nhiệm vụ) / the conclusion notice of a meeting (DOCX, PDF, XLSX of its assignments)"
    )

    def add_arguments(self, parser):
        parser.add_argument("--meeting", type=int, required=True, help="mã cuộc họp / meeting id")
        parser.add_argument("-o", "--output", help="tệp ra: .docx, .pdf hoặc .xlsx / output file")
        parser.add_argument("--format", choices=["docx", "pdf", "xlsx"], help="định dạng / format")
        parser.add_argument(
            "--today", help="ngày ghi trên dự thảo chưa ban hành (mặc định hôm nay) / draft date"
        )

    def handle(self, *args, **o):
        paper = notice_file(
            meeting=meeting_get(pk=o["meeting"]),
            fmt=format_of(o["output"], o["format"], "docx"),
            today=date_option(o["today"], "--today"),
        )
        write_file(self, paper, o["output"], text=False)
