"""``tongket audit``: the audit trail, newest first, filtered by unit, user, action and dates."""

from __future__ import annotations

import datetime as dt
import json
import re

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q
from django.utils import timezone

from tongket.core.audit import audit_entry_list
from tongket.core.models import AuditEntry
from tongket.core.numbers import format_number
from tongket.units.models import Unit

_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def _date(text: str) -> dt.date:
    raw = text.strip()
    try:
        m = _DMY.match(raw)
        if m:
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise CommandError(
            f"Ngày không hợp lệ «{text}» (dùng 31/01/2017 hoặc 2017-01-31) / invalid date "
            f"«{text}» (use 31/01/2017 or 2017-01-31)"
        ) from None


def _as_dict(entry: AuditEntry) -> dict:
    return {
        "id": entry.pk,
        "at": timezone.localtime(entry.at).isoformat(),
        "actor": entry.actor,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "unit": entry.unit.code if entry.unit else None,
        "unit_name": entry.unit.name if entry.unit else None,
        "summary": entry.summary,
        "old": entry.old,
        "new": entry.new,
        "reason": entry.reason,
    }


def _short(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return format_number(value)
    if isinstance(value, dict) and "value" in value:
        # A value entry: {"value": 1200.0, "comment": "..."} reads as «1.200 (...)».
        text = _short(value["value"])
        return f"{text} ({value['comment']})" if value.get("comment") else text
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


class Command(BaseCommand):
    help = "Nhật ký thay đổi / the audit trail"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", help="mã đơn vị / unit code")
        parser.add_argument(
            "--user", help="người thực hiện (nam hoặc cli:nam) / actor (nam matches cli:nam too)"
        )
        parser.add_argument("--action", help="mã thao tác hoặc tiền tố / action code or prefix")
        parser.add_argument("--since", help="từ ngày / from (31/01/2017 or 2017-01-31)")
        parser.add_argument("--until", help="đến ngày / until, inclusive")
        parser.add_argument("--limit", type=int, default=0, help="số dòng tối đa / at most N")
        parser.add_argument("--json", action="store_true", help="mỗi dòng một JSON / JSON lines")

    def handle(self, *args, **opts) -> None:
        since = _date(opts["since"]) if opts["since"] else None
        until = _date(opts["until"]) if opts["until"] else None
        if since and until and since > until:
            raise CommandError("«--since» sau «--until» / «--since» is after «--until»")
        qs = audit_entry_list(action=opts["action"], since=since, until=until)
        if opts["unit"]:
            # A code names different units over time (80 was Long An, is Tây Ninh): all of them.
            ids = list(Unit.objects.filter(code=opts["unit"]).values_list("pk", flat=True))
            if not ids:
                raise CommandError(
                    f"Không có đơn vị mã «{opts['unit']}» / no unit with code «{opts['unit']}»"
                )
            qs = qs.filter(unit_id__in=ids)
        if opts["user"]:
            name = opts["user"].strip()
            match = Q(actor=name) if ":" in name else Q(actor=name) | Q(actor=f"cli:{name}")
            qs = qs.filter(match)
        if opts["limit"] > 0:
            qs = qs[: opts["limit"]]
        count = 0
        for entry in qs.iterator(chunk_size=500):
            count += 1
            if opts["json"]:
                self.stdout.write(json.dumps(_as_dict(entry), ensure_ascii=False))
                continue
            line = (
                f"{timezone.localtime(entry.at):%d/%m/%Y %H:%M:%S}  {entry.actor:<16} "
                f"{entry.action:<22} {entry.summary}"
            )
            if entry.old is not None or entry.new is not None:
                line += f"  [{_short(entry.old)} → {_short(entry.new)}]"
            if entry.reason:
                line += f"  lý do / reason: {entry.reason}"
            self.stdout.write(line)
        if not opts["json"]:
            self.stdout.write(f"{count} mục / entries")
