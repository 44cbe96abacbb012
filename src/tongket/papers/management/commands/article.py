from tongket.papers.commandline import PapersCommand, format_of, write_file
from tongket.papers.files import article_file
from tongket.papers.meeting_gather import meeting_get


class Command(PapersCommand):
    help = (
        "Bài viết đưa tin về một cuộc họp cho cổng thông tin (văn bản hoặc HTML); mặc định in "
        "ra màn hình / the portal article about a meeting (plain text or HTML)"
    )

    def add_arguments(self, parser):
        parser.add_argument("--meeting", type=int, required=True, help="mã cuộc họp / meeting id")
        parser.add_argument("-o", "--output", help="tệp ra (.txt hoặc .html) / output file")
        parser.add_argument("--format", choices=["txt", "html"], help="định dạng / format")

    def handle(self, *args, **o):
        paper = article_file(
            meeting=meeting_get(pk=o["meeting"]), fmt=format_of(o["output"], o["format"], "txt")
        )
        write_file(self, paper, o["output"], text=True)
