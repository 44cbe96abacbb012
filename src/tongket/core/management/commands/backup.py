"""``tongket backup [-o FILE]``: the database, the secret key and the stored files in one
archive, taken while the server runs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tongket.core.backup import BackupError, backup_create
from tongket.core.numbers import format_number


class Command(BaseCommand):
    help = (
        "Sao lưu cơ sở dữ liệu, khoá bí mật và các tệp đã lưu vào một tệp .tar.gz (máy chủ "
        "vẫn chạy) / back up the database, the secret key and the stored files into one "
        ".tar.gz (the server keeps running)"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "-o",
            "--out",
            help="tệp sao lưu / the backup file (default: "
            "$TONGKET_HOME/backups/tongket-YYYYMMDD-HHMMSS.tar.gz)",
        )

    def handle(self, *args, out: str | None = None, **options) -> None:
        if out is None:
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            path = Path(settings.HOME) / "backups" / f"tongket-{stamp}.tar.gz"
        else:
            path = Path(out)
        try:
            result = backup_create(out=path)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        size = format_number(round(result.path.stat().st_size / 1024 / 1024, 1))
        self.stdout.write(
            f"Đã sao lưu vào {result.path} ({size} MB; {result.engine}; "
            f"{result.media_files} tệp; khoá bí mật: {'có' if result.secret_key else 'không'}) / "
            f"backed up to {result.path} ({size} MB; {result.engine}; files: {result.media_files}; secret key: "
            f"{'yes' if result.secret_key else 'no'})"
        )
