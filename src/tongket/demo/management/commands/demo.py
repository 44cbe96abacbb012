from django.core.management.base import BaseCommand, CommandError

from tongket.core.numbers import format_number
from tongket.demo.services import DemoError, demo_load


class Command(BaseCommand):
    help = (
        "Thêm dữ liệu mẫu (giả lập, có đánh dấu); không chạy khi TONGKET_PRODUCTION=1 / "
        "add the demo data (synthetic, marked); refused when TONGKET_PRODUCTION=1"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset-accounts",
            action="store_true",
            help=(
                "đặt lại mật khẩu mẫu và vai trò mẫu cho tài khoản mẫu đã có (mặc định: giữ "
                "nguyên) / put the published demo passwords and roles back on demo accounts "
                "that exist (by default they are left alone)"
            ),
        )

    def handle(self, *args, **options):
        try:
            counts = demo_load(
                progress=lambda text: self.stderr.write(text),
                reset_accounts=options["reset_accounts"],
            )
        except DemoError as error:
            raise CommandError(str(error)) from error
        for key, value in counts.items():
            self.stdout.write(f"{key}: {format_number(value)}")
