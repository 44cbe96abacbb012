import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tongket.core.numbers import format_date
from tongket.units.index import UnitIndex
from tongket.units.models import SuccessionEvent, UnitKind
from tongket.units.units_json import unit_detail_json

from ._options import day_argument


def _ref(data) -> str:
    if not data:
        return "—"
    return f"{data['name']} ({data['code']}, {_day(data['valid_from'])}–{_day(data['valid_to'])})"


def _day(text) -> str:
    return format_date(dt.date.fromisoformat(text)) if text else "nay"


class Command(BaseCommand):
    help = (
        "Xem một đơn vị và lịch sử của nó (đổi tên, hợp nhất, kế thừa) / show a unit with its "
        "history (renames, mergers, successors)"
    )

    def add_arguments(self, parser):
        parser.add_argument("code", help="mã hoặc tên / code or name")
        parser.add_argument(
            "--on",
            type=day_argument,
            help="ngày / day (31/01/2017 hoặc / or 2017-01-31; mặc định hôm nay / today)",
        )
        parser.add_argument("--json", dest="as_json", action="store_true", help="JSON")

    def handle(self, *args, code: str, on, as_json: bool, **options):
        today = timezone.localdate()
        index = UnitIndex.load()
        if on is not None:
            try:
                units = [index.resolve_or_raise(code, on)]
            except LookupError as error:
                raise CommandError(str(error)) from error
        else:
            # Without a date, a code that names no unit today shows the units it named.
            found = index.candidates(code, today)
            if len(found) > 1:
                raise CommandError(index.error_for(code, today))
            units = found or index.candidates(code, None)
            if not units:
                raise CommandError(index.error_for(code, today))
        for unit in units:
            data = unit_detail_json(unit, on=on or today, today=today)
            if as_json:
                self.stdout.write(json.dumps(data, ensure_ascii=False))
            else:
                self._show(data)

    def _show(self, data) -> None:
        w = self.stdout.write
        w(data["name"])
        kind = UnitKind(data["kind"]).label
        w(f"  Mã / code: {data['code']} · {data['division_type'] or kind} ({data['kind']})")
        w(f"  Hiệu lực / valid: {_day(data['valid_from'])} – {_day(data['valid_to'])}")
        if data["legal_basis"]:
            w(f"  Căn cứ / legal basis: {data['legal_basis']}")
        w(f"  Trực thuộc ngày {_day(data['on'])} / parent: {_ref(data['parent'])}")
        w(f"  Số đơn vị trực thuộc / children: {data['children']}")
        w(f"  Đơn vị ngày nay / today's unit: {_ref(data['today'])}")
        if data["history"]:
            w("  Lịch sử / history:")
            for step in data["history"]:
                event = SuccessionEvent(step["event"]).label
                w(
                    f"    {_day(step['date'])}  {event} / {step['event']}: "
                    f"{_ref(step['predecessor'])} → {_ref(step['successor'])}"
                    + (f"  ({step['legal_basis']})" if step["legal_basis"] else "")
                )
        w("")
