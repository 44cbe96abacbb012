"""``tongket worker``: makes the documents the pages ask for, in the background.

django-tasks' database worker with tongket's defaults; ``tongket serve`` starts one beside the
web server, so this is needed only where the worker runs on its own (another machine, a
service of its own) or to run what is waiting once (``--batch``).
"""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Tạo trong nền các văn bản trang web yêu cầu (PDF qua LibreOffice…) / make in the "
        "background the documents the pages ask for (PDF through LibreOffice…)"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch",
            action="store_true",
            help="chạy hết việc đang chờ rồi dừng / run what is waiting, then stop",
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="số giây chờ giữa hai lần xem hàng đợi / seconds between looks at the queue",
        )

    def handle(self, *args, **o):
        options = ["--queue-name", "*", "--interval", str(o["interval"]), "--no-reload"]
        if o["batch"]:
            options += ["--batch", "--no-startup-delay"]
        call_command("db_worker", *options, verbosity=o["verbosity"])
