import datetime as dt
import getpass
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tongket.accounts.roles import Role
from tongket.accounts.selectors import scope_unit_find
from tongket.accounts.services import AccountError, user_create


def _date(text: str) -> dt.date:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    raise CommandError(f"Ngày «{text}» không hợp lệ (31/01/2026) / «{text}» is not a date")


class Command(BaseCommand):
    help = "Tạo tài khoản với một vai trò / create an account with a role"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument(
            "--unit",
            help="Mã (hoặc tên) đơn vị phạm vi, có hiệu lực vào ngày --from / scope unit code",
        )
        parser.add_argument("--email", default="")
        parser.add_argument("--name", default="", help="Họ và tên / full name")
        parser.add_argument("--from", dest="valid_from", help="Hiệu lực từ / valid from")
        parser.add_argument("--to", dest="valid_to", help="Hiệu lực đến / valid to")
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            help="Đọc mật khẩu từ dòng đầu của đầu vào chuẩn / read the password from stdin",
        )

    def _password(self, options) -> str:
        if options["password_stdin"]:
            password = sys.stdin.readline().rstrip("\r\n")
            if not password:
                raise CommandError("Đầu vào chuẩn trống / stdin gave no password")
            return password
        if not sys.stdin.isatty():
            raise CommandError(
                "Không có bàn phím để nhập mật khẩu: dùng --password-stdin / "
                "no terminal to type the password: use --password-stdin"
            )
        first = getpass.getpass("Mật khẩu / password: ")
        if first != getpass.getpass("Nhập lại / again: "):
            raise CommandError("Hai lần nhập không khớp / the passwords differ")
        return first

    def handle(self, *args, **options):
        valid_from = _date(options["valid_from"]) if options["valid_from"] else None
        valid_to = _date(options["valid_to"]) if options["valid_to"] else None
        try:
            unit = (
                scope_unit_find(ref=options["unit"], on=valid_from or timezone.localdate())
                if options["unit"]
                else None
            )
            user = user_create(
                username=options["username"],
                password=self._password(options),
                role=options["role"],
                unit=unit,
                email=options["email"],
                full_name=options["name"],
                valid_from=valid_from,
                valid_to=valid_to,
                actor=f"cli:{getpass.getuser()}",
            )
        except AccountError as error:
            raise CommandError(str(error)) from error
        scope = f"{unit.name} ({unit.code})" if unit else "cả nước / whole country"
        self.stdout.write(
            f"Đã tạo / created {user.username}: {Role(options['role']).label} — {scope}"
        )
