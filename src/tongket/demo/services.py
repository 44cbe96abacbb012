"""``tongket demo``: the demo data, on top of the reference data of ``tongket init``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import connection
from django.utils import timezone

from tongket.accounts.demo import accounts_demo_load
from tongket.demo.submissions import demo_submissions_load
from tongket.demo.values import demo_values_load
from tongket.indicators.models import Indicator
from tongket.meetings.demo import meetings_demo_load
from tongket.meetings.errors import MeetingsError
from tongket.units.models import Unit


class DemoError(RuntimeError):
    pass


def demo_load(*, today: dt.date | None = None, progress: Callable[[str], None] = print) -> dict:
    """Add the demo data (idempotent: a second run adds nothing)."""
    today = today or timezone.localdate()
    if not Unit.objects.exists() or not Indicator.objects.exists():
        raise DemoError(
            "Chưa có dữ liệu danh mục: chạy «tongket init» trước. / "
            "No reference data yet: run «tongket init» first."
        )
    counts: dict[str, int] = {}
    progress("Số liệu và chỉ tiêu kế hoạch mẫu / demo values and targets")
    counts.update(demo_values_load(today=today, progress=progress))
    progress(
        "Báo cáo mẫu của doanh nghiệp và xã, phường / demo reports of enterprises and communes"
    )
    counts.update(demo_submissions_load(today=today, progress=progress))
    progress("Hội nghị, nhiệm vụ, khen thưởng mẫu / demo meetings, tasks, commendations")
    try:
        counts.update(meetings_demo_load(actor="demo", today=today))
    except MeetingsError as error:
        raise DemoError(str(error)) from error
    progress("Tài khoản mẫu / demo accounts")
    counts["accounts"] = len(accounts_demo_load(today=today))
    # Fresh planner statistics after a bulk load keep the first national queries fast.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return counts
