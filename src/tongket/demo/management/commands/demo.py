from django.core.management.base import BaseCommand, CommandError

from tongket.core.numbers import format_number
from tongket.demo.services import DemoError, demo_load


class Command(BaseCommand):
    help = "Thêm dữ liệu mẫu (giả lập, có đánh dấu) / add the demo data (synthetic, marked)"

    def handle(self, *args, **options):
        try:
            counts = demo_load(progress=lambda text: self.stderr.write(text))
        except DemoError as error:
            raise CommandError(str(error)) from error
        for key, value in counts.items():
            self.stdout.write(f"{key}: {format_number(value)}")
