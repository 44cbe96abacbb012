from django.core.management.base import BaseCommand, CommandError

from tongket.accounts.demo import accounts_demo_load
from tongket.accounts.services import AccountError


class Command(BaseCommand):
    help = "Tạo và in các tài khoản mẫu / create and print the demo accounts (demo only)"

    def handle(self, *args, **options):
        try:
            accounts = accounts_demo_load()
        except AccountError as error:
            raise CommandError(str(error)) from error
        self.stdout.write("Tài khoản mẫu / demo accounts:")
        width = max(len(a.username) for a in accounts)
        for a in accounts:
            self.stdout.write(f"  {a.username:<{width}}  {a.password:<20}  {a.role} — {a.scope}")
