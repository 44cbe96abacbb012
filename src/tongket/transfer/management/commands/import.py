"""``tongket import FILE... [--dry-run] [--json]``: import values from CSV, XLSX or DHIS2 JSON."""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from tongket.transfer.errors import ImportRejected
from tongket.transfer.progress import TqdmProgress
from tongket.transfer.services import files_import


class Command(BaseCommand):
    help = (
        "Nhập số liệu chỉ tiêu từ tệp CSV, XLSX hoặc JSON (DHIS2 dataValueSets); kiểm tra toàn "
        "bộ trước, có lỗi thì không lưu gì / Import indicator values from CSV, XLSX or DHIS2 "
        "JSON files; everything is checked first and nothing is stored if anything is wrong"
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help="tệp .csv, .xlsx hoặc .json / files")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="chỉ kiểm tra và đếm, không lưu / check and count, store nothing",
        )
        parser.add_argument(
            "--json", action="store_true", help="một đối tượng JSON mỗi dòng / JSON lines"
        )
        parser.add_argument("--actor", default="cli:import", help="người nhập / who imports")

    def handle(self, *args, **options):
        as_json = options["json"]
        progress = TqdmProgress()
        try:
            results = files_import(
                paths=options["files"],
                dry_run=options["dry_run"],
                actor=options["actor"],
                progress=progress,
            )
        except ImportRejected as rejected:
            progress.close()
            for issue in rejected.issues:
                self.stdout.write(
                    json.dumps(issue.as_dict(), ensure_ascii=False) if as_json else issue.line()
                )
            if rejected.omitted:
                if as_json:
                    self.stdout.write(json.dumps({"omitted": rejected.omitted}))
                else:
                    self.stdout.write(rejected.lines()[-1])
            count = len(rejected.issues) + rejected.omitted
            raise CommandError(
                f"{count} lỗi, không lưu gì / {count} errors, nothing was stored", returncode=1
            ) from None
        progress.close()
        for result in results:
            if as_json:
                self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
                continue
            verb = (
                "kiểm tra (không lưu) / checked (not stored)"
                if options["dry_run"]
                else "đã nhập / imported"
                if result.stored
                else "đã nhập trước đây, không có gì thay đổi / imported before, nothing changed"
            )
            self.stdout.write(
                f"{result.file}: {verb}: {result.created} mới / new, {result.changed} thay đổi "
                f"/ changed, {result.unchanged} không đổi / unchanged ({result.rows} dòng / rows)"
            )
        sys.stdout.flush()
