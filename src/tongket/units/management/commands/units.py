import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tongket.core.numbers import format_date
from tongket.units.models import UnitKind
from tongket.units.selectors import unit_children, unit_resolve, units_valid_on
from tongket.units.units_json import unit_json

from ._options import day_argument


class Command(BaseCommand):
    help = (
        "Liệt kê các đơn vị có hiệu lực vào một ngày (31/01/2017 hoặc 2017-01-31) / "
        "list the units valid on a day (31/01/2017 or 2017-01-31)"
    )

    def add_arguments(self, parser):
        parser.add_argument("--on", type=day_argument, help="ngày / day (mặc định hôm nay / today)")
        parser.add_argument("--kind", choices=UnitKind.values, help="loại đơn vị / unit kind")
        parser.add_argument("--parent", help="mã hoặc tên đơn vị cấp trên / parent code or name")
        parser.add_argument(
            "--json",
            dest="as_json",
            action="store_true",
            help="mỗi dòng một đối tượng JSON / JSON lines",
        )

    def handle(self, *args, on, kind, parent, as_json: bool, **options):
        day = on or timezone.localdate()
        if parent:
            try:
                parent_unit = unit_resolve(parent, on=day)
            except LookupError as error:
                raise CommandError(str(error)) from error
            units = unit_children(parent_unit, on=day)
            if kind:
                units = units.filter(kind=kind)
        else:
            units = units_valid_on(day, kind=kind)
        count = 0
        for unit in units:
            count += 1
            if as_json:
                self.stdout.write(json.dumps(unit_json(unit), ensure_ascii=False))
            else:
                end = format_date(unit.valid_to) or "nay"
                self.stdout.write(
                    f"{unit.code:<12} {unit.name:<50} {unit.get_kind_display():<20} "
                    f"{format_date(unit.valid_from)}–{end}"
                )
        if not as_json:
            self.stderr.write(
                f"{count} đơn vị ngày {format_date(day)} / units on {format_date(day)}"
            )
