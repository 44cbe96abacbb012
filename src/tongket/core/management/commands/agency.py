from django.core.management.base import BaseCommand, CommandError

from tongket.core.agency import AgencyError, agency_get, agency_set


class Command(BaseCommand):
    help = (
        "Tên cơ quan trên đầu mỗi trang: xem, hoặc đặt (--name, --name-en) / "
        "the agency's name heading every page: show it, or set it (--name, --name-en)"
    )

    def add_arguments(self, parser):
        parser.add_argument("--name", help="tên cơ quan / the agency's name")
        parser.add_argument("--name-en", default=None, help="tên tiếng Anh / its English name")
        parser.add_argument("--actor", default="cli:agency", help="người thực hiện / actor")

    def handle(self, *args, name, name_en, actor, **options):
        agency = agency_get()
        if name is None and name_en is None:
            if agency is None:
                self.stdout.write("Chưa đặt tên cơ quan / no agency name set (--name)")
            else:
                self.stdout.write(agency.name)
                if agency.name_en:
                    self.stdout.write(agency.name_en)
            return
        try:
            agency = agency_set(
                name=name if name is not None else (agency.name if agency else ""),
                name_en=name_en if name_en is not None else (agency.name_en if agency else ""),
                actor=actor,
            )
        except AgencyError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(agency.name)
