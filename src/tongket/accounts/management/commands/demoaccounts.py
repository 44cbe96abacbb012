from django.core.management.base import BaseCommand, CommandError

from tongket.accounts.demo import accounts_demo_list
from tongket.accounts.services import AccountError


class Command(BaseCommand):
    help = (
        "In các tài khoản mẫu mà «tongket demo» tạo; không thay đổi gì / "
        "print the demo accounts «tongket demo» creates; changes nothing"
    )

    def handle(self, *args, **options):
        try:
            states = accounts_demo_list()
        except AccountError as error:
            raise CommandError(str(error)) from error
        self.stdout.write("Tài khoản mẫu / demo accounts:")
        width = max(len(s.account.username) for s in states)
        for s in states:
            a = s.account
            if not s.exists:
                note = "  (chưa tạo: chạy «tongket demo» / not created: run «tongket demo»)"
            elif not s.demo_password:
                note = "  (mật khẩu đã đổi / password changed)"
            else:
                note = ""
            password = a.password if not s.exists or s.demo_password else "—"
            self.stdout.write(
                f"  {a.username:<{width}}  {password:<20}  {a.role} — {a.scope}{note}"
            )
