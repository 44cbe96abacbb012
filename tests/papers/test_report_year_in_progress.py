"""The review report made today for the current year, read back with python-docx: it says
«ước thực hiện», shows coverage where it is below 100%, and holds no share above 100% nor a
part above its whole, though one commune of the province has entered its month."""

from __future__ import annotations

import io
import re

from django.utils import timezone
from docx import Document

from tongket.core.periods import Period as PeriodCode
from tongket.indicators.models import Indicator
from tongket.papers.render_report import report_docx
from tongket.papers.render_xlsx import report_xlsx
from tongket.papers.report_gather import year_report_gather
from tongket.units.models import Unit, UnitAncestor, UnitKind, UnitLink
from tongket.units.services import unit_hierarchy_rebuild

from .conftest import D, put, unit_on

COMMUNE = {
    "pop.total": 5_000,
    "pop.households": 1_400,
    "pop.villages": 10,
    "tel.subscribers": 6_000,
    "tel.villages_mbb": 10,
    "bb.subscribers": 2_000,
    "bb.households_fibre": 1_000,
}
BRANCH = {
    "tel.subscribers": 1_900_000,
    "tel.fixed_subscribers": 100_000,
    "tel.mobile_subscribers": 1_800_000,
    "tel.mobile_data_subscribers": 1_500_000,
    "bb.subscribers": 600_000,
    "bb.fixed_subscribers": 300_000,
    "bb.fibre_subscribers": 290_000,
    "bb.mobile_subscribers": 300_000,
    "bts.stations": 2_700,
    "bts.stations_4g": 2_500,
    "tel.revenue": 50e9,
    "ict.revenue": 60e9,
}
PARTS = (
    ("Số thuê bao điện thoại di động", "Số thuê bao điện thoại"),
    ("Số trạm BTS 4G", "Số trạm thu phát sóng thông tin di động (BTS)"),
)


def _tiny_png(chart) -> bytes:
    import base64

    return base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
    )


def _number(text: str) -> float | None:
    found = re.match(r"^-?[\d.]+(,\d+)?", text.strip())
    return float(found[0].replace(".", "").replace(",", ".")) if found else None


def _world(today):
    year, month = today.year, max(today.month - 1, 1)
    province = unit_on("33", today)
    department = Unit.objects.get(code="33.SKHCN", valid_to__isnull=True)
    communes = UnitAncestor.objects.filter(
        ancestor=province, unit__kind=UnitKind.COMMUNE, unit__valid_to__isnull=True
    ).values_list("unit_id", flat=True)
    commune = Unit.objects.filter(pk__in=communes).order_by("code").first()
    branch = Unit.objects.create(
        kind=UnitKind.ENTERPRISE, code="DN.T.33", name="Chi nhánh thử", valid_from=D(2025, 7, 1)
    )
    UnitLink.objects.create(child=branch, parent=province, valid_from=D(2025, 7, 1))
    unit_hierarchy_rebuild(unit_ids=[branch.pk])
    for code, value in COMMUNE.items():
        put(commune, code, f"{year}-{month:02d}", value)
    for m in range(1, month + 1):
        for code, value in BRANCH.items():
            flow = Indicator.objects.get(code=code).period_aggregation == "sum"
            put(branch, code, f"{year}-{m:02d}", value / 12 if flow else value)
    for code, value in (("pop.total", 1_900_000), ("pop.households", 560_000)):
        put(province, code, str(year - 1), value)
    return department, len(communes), year


def _tables(doc):
    """Result rows: (name, unit, value cell) of every table with the results' header."""
    rows = []
    for table in doc.tables:
        head = [c.text for c in table.rows[0].cells]
        if len(head) == 7 and head[1] == "Chỉ tiêu":
            rows += [
                (cells[1].text, cells[2].text, cells[4].text)
                for cells in (r.cells for r in table.rows[1:])
            ]
    return rows, [
        [c.text for c in t.rows[0].cells] for t in doc.tables if len(t.rows[0].cells) == 7
    ]


def test_the_report_of_the_year_in_progress(catalogue):
    today = timezone.localdate()
    department, communes, year = _world(today)
    report = year_report_gather(unit=department, year=year, on=today, today=today)
    doc = Document(io.BytesIO(report_docx(report, chart_renderer=_tiny_png)))
    text = "\n".join(p.text for p in doc.paragraphs)
    rows, heads = _tables(doc)
    assert rows
    # «ước thực hiện», in the tables' head and in words saying how.
    assert any(h[4] == f"Ước thực hiện năm {year}" for h in heads)
    assert f"Số liệu năm {year} là số ước thực hiện" in text
    assert "ngoại suy từ" in text and "số liệu mới nhất" in text
    # The households of one commune are not the province's: coverage beside the figure.
    by_name = {name: (unit, value) for name, unit, value in rows}
    households = by_name["Số hộ gia đình"][1]
    assert households == f"1.400 (chưa đủ: 1/{communes} đơn vị báo cáo)"
    assert f"Số hộ gia đình (1/{communes} đơn vị báo cáo)" in text
    # Subscribers per 100 households would divide the branches' by one commune's households.
    per_households = "Số thuê bao Internet băng rộng cố định trên 100 hộ gia đình"
    assert by_name[per_households][1].startswith("không tính")
    assert by_name["Số thuê bao điện thoại trên 100 dân"][1].startswith("không tính")
    # The branches' subscribers count; the commune's are a difference to reconcile, not a total.
    assert by_name["Số thuê bao điện thoại"][1] == "1.900.000"
    assert (
        "Số thuê bao điện thoại: 1.900.000 thuê bao, theo báo cáo của xã, phường, đặc khu "
        "6.000 thuê bao" in text
    )
    # No share above 100%, no rate per 100 above 100 × its kind.
    for name, unit, value in rows:
        number = _number(value)
        if number is not None and unit == "%":
            assert number <= 100, (name, value)
        if number is not None and "/100" in unit:
            assert number <= 300, (name, value)
    # No part above its whole.
    for part, whole in PARTS:
        assert _number(by_name[part][1]) <= _number(by_name[whole][1]), (part, whole)
    # The same in the workbook: the estimate named in its head, the coverage in its note.
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(report_xlsx(report)))["Kết quả"]
    cells = [[c.value for c in r] for r in sheet.iter_rows()]
    head = next(r for r in cells if r and "Chỉ tiêu" in r)
    assert f"Ước thực hiện năm {year}" in head
    notes = {r[2]: r[10] for r in cells if r and len(r) > 10 and isinstance(r[1], int)}
    assert f"chưa đủ: 1/{communes} đơn vị báo cáo" in notes["Số hộ gia đình"]
    assert PeriodCode.year_of(year).code == str(year)
