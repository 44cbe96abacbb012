"""Dates as people type them on the command line: ``31/01/2017`` or ``2017-01-31``."""

from __future__ import annotations

import datetime as dt


def parse_day(text: str) -> dt.date:
    raw = str(text).strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    raise ValueError(
        f"«{text}» không phải là ngày (viết 31/01/2017 hoặc 2017-01-31) / "
        f"«{text}» is not a date (write 31/01/2017 or 2017-01-31)"
    )
