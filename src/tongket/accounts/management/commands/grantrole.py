import getpass

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tongket.accounts.management.commands.createuser import _date
from tongket.accounts.roles import Role
from tongket.accounts.selectors import role_assignment_list, scope_unit_find, user_by_username
from tongket.accounts.services import AccountError, role_assignment_create
from tongket.core.numbers import format_date


class Command(BaseCommand):
    help = "Cấp thêm vai trò cho tài khoản / grant a role to an existing account"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--unit", help="Mã (hoặc tên) đơn vị phạm vi / scope unit code")
        parser.add_argument("--from", dest="valid_from")
        parser.add_argument("--to", dest="valid_to")

    def handle(self, *args, **options):
        valid_from = _date(options["valid_from"]) if options["valid_from"] else None
        valid_to = _date(options["valid_to"]) if options["valid_to"] else None
        try:
            user = user_by_username(username=options["username"])
            unit = (
                scope_unit_find(ref=options["unit"], on=valid_from or timezone.localdate())
                if options["unit"]
                else None
            )
            role_assignment_create(
                user=user,
                role=options["role"],
                unit=unit,
                valid_from=valid_from,
                valid_to=valid_to,
                actor=f"cli:{getpass.getuser()}",
            )
        except AccountError as error:
            raise CommandError(str(error)) from error
        for a in role_assignment_list(user=user):
            scope = a.unit.name if a.unit else "cả nước / whole country"
            until = format_date(a.valid_to) or "nay"
            self.stdout.write(
                f"{user.username}: {a.get_role_display()} — {scope} "
                f"({format_date(a.valid_from)}–{until})"
            )
