"""``tongket export --format csv|xlsx|dhis2-json [--unit] [--indicator] [--period] [--form] -o FILE``."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tongket.transfer.columns import FileProblem
from tongket.transfer.export import EXPORT_FORMATS, ExportError, values_export
from tongket.transfer.progress import TqdmProgress


class Command(BaseCommand):
    help = (
        "Xuất số liệu chỉ tiêu ra CSV, XLSX hoặc JSON (DHIS2); XLSX với --form và --period là "
        "mẫu biểu để điền / Export indicator values as CSV, XLSX or DHIS2 JSON; XLSX with "
        "--form and --period writes the form's fillable template"
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", required=True, choices=EXPORT_FORMATS)
        parser.add_argument("--unit", help="mã hoặc tên đơn vị (gồm các đơn vị trực thuộc)")
        parser.add_argument(
            "--indicator", action="append", default=[], help="mã chỉ tiêu (lặp lại được)"
        )
        parser.add_argument("--period", help="kỳ: 2017, 2017S1, 2017Q1, 2017-01")
        parser.add_argument("--form", help="ký hiệu biểu mẫu")
        parser.add_argument("-o", "--output", required=True, help="tệp ghi ra / output file")

    def handle(self, *args, **options):
        out = Path(options["output"])
        progress = TqdmProgress()
        try:
            count = values_export(
                fmt=options["format"],
                out=out,
                unit=options["unit"],
                indicators=options["indicator"],
                period=options["period"],
                form=options["form"],
                progress=progress,
            )
        except (ExportError, FileProblem) as exc:
            raise CommandError(str(exc), returncode=2) from None
        finally:
            progress.close()
        self.stdout.write(f"{out}: {count} dòng / rows")
