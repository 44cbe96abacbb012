"""``tongket documents [--json] [--site S] [--search TEXT] [--id N]``: the published reports
read into the system, or the items stored from one of them."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tongket.documents.errors import DocumentError
from tongket.documents.selectors import (
    document_get,
    document_items,
    document_list,
    document_rows,
)
from tongket.meetings.commandline import add_json, run_rows, write_json_lines, write_table

COLUMNS = [
    ("id", "Mã"),
    ("ingested_at", "Nhập lúc"),
    ("title", "Tiêu đề"),
    ("site", "Trang"),
    ("meeting_date", "Ngày họp"),
    ("organizer", "Đơn vị tổ chức"),
    ("values", "Giá trị"),
    ("conflicts", "Xung đột"),
]

ITEM_COLUMNS = [("kind", "Loại"), ("id", "Mã"), ("what", "Nội dung"), ("span", "Đoạn")]


class Command(BaseCommand):
    help = "Các văn bản đã nhập / the published reports read into the system"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--site", help="lọc theo trang / filter by site")
        parser.add_argument("--search", help="tìm trong tiêu đề, tên tệp / search titles, names")
        parser.add_argument(
            "--id", type=int, help="các mục đã lưu từ văn bản này / the items stored from it"
        )
        parser.add_argument("--limit", type=int, default=200, help="số dòng tối đa / at most")
        add_json(parser)

    def handle(self, *args: Any, **o: Any) -> None:
        if o["id"] is not None:
            try:
                document = document_get(pk=o["id"])
            except DocumentError as error:
                raise CommandError(str(error)) from error
            items = document_items(document=document)
            rows = [{"kind": kind, **item} for kind, found in items.items() for item in found]
            if o["json"]:
                write_json_lines(self, rows)
                return
            for row in rows:
                row["what"] = (
                    row.get("text") or row.get("name") or row.get("title") or row.get("form")
                )
                row["span"] = "–".join(map(str, row["span"])) if row["span"] else ""
            write_table(self, rows, ITEM_COLUMNS, widths={"what": 80})
            return
        rows = document_rows(document_list(site=o["site"], search=o["search"])[: o["limit"]])
        for row in rows:
            if not o["json"]:
                row["ingested_at"] = row["ingested_at"][:10]
        run_rows(self, o, rows, COLUMNS, widths={"title": 60})
