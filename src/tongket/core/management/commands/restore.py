"""``tongket restore FILE --yes``: put a backup's database, secret key and stored files back.
The server must be stopped: the database is replaced whole."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tongket.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Khôi phục một bản sao lưu của tongket backup (hãy dừng máy chủ trước; dữ liệu hiện có "
        "bị thay thế) / restore a backup made by tongket backup (stop the server first; the "
        "data in place is replaced)"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="tệp .tar.gz / the .tar.gz file")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="xác nhận thay thế dữ liệu hiện có / confirm replacing the data in place",
        )

    def handle(self, *args, archive: str, yes: bool = False, **options) -> None:
        if not yes:
            raise CommandError(
                "khôi phục sẽ thay thế toàn bộ dữ liệu hiện có; chạy lại với --yes sau khi dừng "
                "máy chủ / restoring replaces all the data in place; run again with --yes once "
                "the server is stopped"
            )
        try:
            manifest = backup_restore(archive=Path(archive))
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"Đã khôi phục bản sao lưu lúc {manifest['created']} ({manifest['engine']}, "
            f"{manifest['media_files']} tệp) / restored the backup of {manifest['created']} "
            f"({manifest['engine']}, files: {manifest['media_files']})"
        )
