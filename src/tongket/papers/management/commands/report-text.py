import sys
from pathlib import Path

from tongket.papers.commandline import PapersCommand, add_actor
from tongket.papers.content import SECTION_KEYS, SECTIONS
from tongket.papers.errors import PapersError
from tongket.papers.report_gather import report_unit_find
from tongket.papers.selectors import report_draft_get
from tongket.papers.services import report_text_set


class Command(PapersCommand):
    help = (
        "Nhập phần lời của báo cáo tổng kết (tồn tại, nguyên nhân, bài học, phương hướng, kiến "
        "nghị, nơi nhận, số, người ký), giữ cho mọi lần tạo báo cáo sau / store the written "
        "parts of a year-end report, kept for every later draft"
    )

    def add_arguments(self, parser):
        add_actor(parser)
        parser.add_argument("--unit", required=True, help="mã hoặc tên đơn vị / unit code or name")
        parser.add_argument("--year", type=int, required=True, help="năm được tổng kết / year")
        parser.add_argument(
            "--section",
            choices=SECTION_KEYS,
            help="phần cần nhập / the part to store: " + ", ".join(SECTION_KEYS),
        )
        parser.add_argument(
            "--file", help="tệp văn bản UTF-8 («-»: đầu vào chuẩn); tệp rỗng xóa phần này"
        )
        parser.add_argument(
            "--show", action="store_true", help="in các phần đã nhập / print the stored parts"
        )

    def handle(self, *args, **o):
        unit = report_unit_find(o["unit"], year=o["year"])
        if o["show"] or not o["section"]:
            if o["section"] or o["file"]:
                raise PapersError("--show không đi cùng --section", "--show takes no --section")
            draft = report_draft_get(unit=unit, year=o["year"])
            for key, vi, en in SECTIONS:
                text = getattr(draft, key) if draft else ""
                self.stdout.write(f"== {key}: {vi} / {en}")
                self.stdout.write(text or "(trống / empty)")
            return
        if not o["file"]:
            raise PapersError("Thiếu --file", "--file missing", column="--file")
        text = self._read(o["file"])
        draft = report_text_set(
            unit=unit, year=o["year"], section=o["section"], text=text, actor=o["actor"]
        )
        stored = getattr(draft, o["section"])
        self.stdout.write(
            f"{unit.name}, năm {o['year']}, phần «{o['section']}»: {len(stored)} ký tự / characters"
        )

    def _read(self, name: str) -> str:
        if name == "-":
            data = sys.stdin.buffer.read()
        else:
            path = Path(name)
            if not path.is_file():
                raise PapersError(f"Không có tệp {name}", f"no such file: {name}", column="--file")
            data = path.read_bytes()
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise PapersError(
                f"Tệp {name} không phải UTF-8 (byte {error.start})",
                f"{name} is not UTF-8 (byte {error.start})",
                column="--file",
            ) from None
