"""``tongket extract``: a thin wrapper around ``tongket.extraction.cli.run``."""

from django.core.management.base import BaseCommand, CommandError

from tongket.extraction.cli import run


class Command(BaseCommand):
    help = "Đọc báo cáo hội nghị thành bản ghi / Read meeting reports into records."

    def run_from_argv(self, argv):
        # argparse in the library parses the arguments; Django's parser would reject them.
        status = run(argv[2:])
        if status:
            raise SystemExit(status)

    def handle(self, *args, **options):  # pragma: no cover - run_from_argv does the work
        raise CommandError("use run_from_argv")
