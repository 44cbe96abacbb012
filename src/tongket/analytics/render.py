"""Plain-text tables of analytics rows, in Vietnamese number format (2.060,5; 5,6%)."""

from __future__ import annotations

from collections.abc import Sequence

from tongket.analytics.selectors import Row
from tongket.core.numbers import format_number, format_percent
from tongket.core.periods import Period as PeriodCode
from tongket.indicators.models import Indicator


def _signed(value: float | None, text: str) -> str:
    return f"+{text}" if value is not None and value > 0 else text


def _cells(row: Row, with_change: bool) -> list[str]:
    cells = [
        row.unit.code,
        row.unit.name,
        row.period,
        row.indicator,
        format_number(row.value),
        format_number(row.target),
        format_percent(row.attainment),
    ]
    if with_change:
        cells += [
            format_number(row.previous),
            _signed(row.change_abs, format_number(row.change_abs)),
            _signed(row.change_pct, format_percent(row.change_pct)),
            "" if row.rank is None else f"{row.rank}/{row.peers}",
        ]
    return cells


def rows_table(
    rows: Sequence[Row], *, indicator: Indicator | None, with_change: bool = True
) -> str:
    """Header line (the indicator and its unit of measure) and one aligned line per row."""
    head = ["Mã", "Đơn vị", "Kỳ", "Chỉ tiêu", "Giá trị", "Kế hoạch", "Đạt"]
    if with_change:
        head += ["Cùng kỳ năm trước", "Tăng/giảm", "Tăng/giảm %", "Hạng"]
    body = [_cells(r, with_change) for r in rows]
    if indicator is not None:
        # One indicator: its name says it once, the column would repeat it.
        head.pop(3)
        for cells in body:
            cells.pop(3)
    widths = [
        max(len(h), *(len(c[i]) for c in body)) if body else len(h) for i, h in enumerate(head)
    ]
    numeric = {i for i, h in enumerate(head) if h not in ("Mã", "Đơn vị", "Kỳ", "Chỉ tiêu")}

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.rjust(w) if i in numeric else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    out = []
    if indicator is not None:
        periods = list(dict.fromkeys(r.period for r in rows))
        label = ", ".join(PeriodCode.parse(p).label_vi() for p in periods)
        out.append(f"{indicator.name} ({indicator.unit_of_measure}) — {label}")
    out.append(line(head))
    out.append(line(["-" * w for w in widths]))
    out.extend(line(cells) for cells in body)
    if not body:
        out.append("Không có đơn vị nào / no units")
    return "\n".join(out)
