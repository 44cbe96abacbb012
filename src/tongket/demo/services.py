"""``tongket demo``: the demo data, on top of the reference data of ``tongket init``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import connection
from django.utils import timezone

from tongket.accounts.demo import accounts_demo_load, demo_refused_in_production
from tongket.accounts.services import AccountError
from tongket.demo.submissions import demo_submissions_load
from tongket.demo.values import demo_values_load
from tongket.indicators.models import Indicator
from tongket.meetings.demo import meetings_demo_load
from tongket.meetings.errors import MeetingsError
from tongket.units.models import Unit


class DemoError(RuntimeError):
    pass


def demo_load(
    *,
    today: dt.date | None = None,
    progress: Callable[[str], None] = print,
    reset_accounts: bool = False,
) -> dict:
    """Add the demo data (idempotent: a second run adds nothing).

    Demo accounts that already exist are left as they are unless ``reset_accounts``; on an
    installation marked ``TONGKET_PRODUCTION=1`` nothing is added.
    """
    try:
        demo_refused_in_production()
    except AccountError as error:
        raise DemoError(str(error)) from error
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
    try:
        accounts = accounts_demo_load(today=today, reset_existing=reset_accounts)
    except AccountError as error:
        raise DemoError(str(error)) from error
    counts["accounts"] = len(accounts.created)
    if accounts.kept:
        progress(
            "Tài khoản đã có, giữ nguyên (mật khẩu và vai trò không đổi): "
            f"{', '.join(accounts.kept)}; «--reset-accounts» để đặt lại mật khẩu mẫu / "
            "existing accounts left as they are (password and roles unchanged); "
            "«--reset-accounts» puts the demo passwords back"
        )
    if accounts.reset:
        progress(f"Đã đặt lại mật khẩu mẫu / demo passwords put back: {', '.join(accounts.reset)}")
    # Fresh planner statistics after a bulk load keep the first national queries fast.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return counts
