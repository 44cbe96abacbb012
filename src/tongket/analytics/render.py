"""Plain-text tables of analytics rows, in Vietnamese number format (2.060,5; 5,6%), each
figure in its indicator's display unit (tỷ đồng), with its coverage where partial and a note
under the table when figures are estimates («ước thực hiện») or reconciled against another
source."""

from __future__ import annotations

from collections.abc import Sequence

from tongket.analytics.selectors import Row
from tongket.core.periods import Period as PeriodCode
from tongket.indicators.display import indicator_display
from tongket.indicators.models import Indicator
from tongket.units.models import UnitKind

_KINDS = dict(UnitKind.choices)


def _signed(value: float | None, text: str) -> str:
    return f"+{text}" if value is not None and value > 0 else text


def _value(row: Row) -> str:
    text = row.value_text
    if row.withheld:
        return "không tính"
    if row.estimated and text:
        text += " (ước)"
    return text


def _coverage(row: Row) -> str:
    if row.expected is None:
        return ""
    text = f"{row.reported}/{row.expected}"
    return f"{text} chưa đủ" if row.partial else text


def _cells(row: Row, with_change: bool) -> list[str]:
    cells = [
        row.unit.code,
        row.unit.name,
        row.period,
        row.indicator,
        _value(row),
        row.target_text,
        row.attainment_text,
        _coverage(row),
    ]
    if with_change:
        cells += [
            row.previous_text,
            row.change_text,
            row.change_pct_text,
            "" if row.rank is None else f"{row.rank}/{row.peers}",
        ]
    return cells


def _notes(rows: Sequence[Row]) -> list[str]:
    """One line per estimate, partial figure, withheld ratio and reconciliation."""
    notes = []
    for r in rows:
        where = f"{r.unit.name}, {PeriodCode.parse(r.period).label_vi().lower()}"
        if r.estimated:
            notes.append(f"{where}: {r.estimate_note}")
        if r.partial:
            missing = ", ".join(name or code for code, name in r.missing[:10])
            more = f" và {len(r.missing) - 10} đơn vị khác" if len(r.missing) > 10 else ""
            notes.append(
                f"{where}: chưa đủ, {r.reported}/{r.expected} đơn vị báo cáo"
                f" ({r.coverage_pct_text}); chưa báo cáo: {missing}{more}"
            )
        if r.withheld:
            notes.append(f"{where}: {r.withheld}")
        if r.entered_estimate is not None and not r.estimated and r.display is not None:
            notes.append(
                f"{where}: ước thực hiện đã nhập "
                f"{r.display.text(r.entered_estimate, with_unit=True)}, thực hiện "
                f"{r.display.text(r.value, with_unit=True)}"
            )
        if r.reconciliation_value is not None and r.display is not None:
            other = _KINDS.get(r.reconciliation_source, r.reconciliation_source)
            notes.append(
                f"{where}: theo báo cáo của {other.lower()}: "
                f"{r.display.text(r.reconciliation_value, with_unit=True)}, chênh lệch "
                f"{_signed(r.reconciliation_difference, r.text('reconciliation_difference'))}"
            )
    return notes


def rows_table(
    rows: Sequence[Row], *, indicator: Indicator | None, with_change: bool = True
) -> str:
    """Header line (the indicator and its unit of measure) and one aligned line per row."""
    head = ["Mã", "Đơn vị", "Kỳ", "Chỉ tiêu", "Giá trị", "Kế hoạch", "Đạt", "Đã báo cáo"]
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
        estimate = " (ước thực hiện)" if any(r.estimated for r in rows) else ""
        unit = indicator_display(indicator).unit
        out.append(f"{indicator.name} ({unit}) — {label}{estimate}")
    out.append(line(head))
    out.append(line(["-" * w for w in widths]))
    out.extend(line(cells) for cells in body)
    if not body:
        out.append("Không có đơn vị nào / no units")
    notes = _notes(rows)
    if notes:
        out.append("")
        out.extend(notes)
    return "\n".join(out)
