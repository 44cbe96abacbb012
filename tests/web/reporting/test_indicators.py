"""The indicator catalogue, and one indicator over the years, as units were or as they are."""

import datetime as dt
import re

from django.utils import timezone

from factories import make_indicator
from tongket.analytics.services import target_set
from tongket.reporting.models import Value, ValueSource
from tongket.reporting.periods import period_get_or_create

from .world import reporting_of


def _put(unit, indicator, period: str, value: float) -> None:
    Value.objects.create(
        unit=unit,
        indicator=indicator,
        period=period_get_or_create(period),
        value=value,
        source=ValueSource.MANUAL,
    )


def _rows(html: str) -> dict[str, list[str]]:
    body = re.search(r"<caption>.*?</caption>.*?<tbody>(.*?)</tbody>", html, re.S).group(1)
    found = {}
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row)]
        found[cells[0]] = cells[1:]
    return found


def test_catalogue_search_ignores_accents(clients, world):
    reporting_of(world)
    html = clients["reporting"].get("/indicators/?q=thue bao di dong").content.decode()
    assert "Thuê bao di động" in html and "Doanh thu" not in html
    assert (
        "web.mobile / web.subscribers × 100"
        in clients["reporting"].get("/indicators/?q=ty le").content.decode()
    )


def test_detail_shows_the_formula_and_the_forms(clients, world):
    r = reporting_of(world)
    html = clients["staff"].get(f"/indicators/{r.share.code}/").content.decode()
    assert f'href="/indicators/{r.mobile.code}/"' in html
    assert "Biểu thử (dòng 4)" in html


def test_series_of_a_merged_province_as_it_was_and_on_todays_units(clients, world):
    indicator = make_indicator("web.stations", name="Số trạm BTS", period_aggregation="last")
    _put(world.xa_tb_old, indicator, "2023", 40)  # Thái Bình's commune, merged into Xã Vũ Thư
    _put(world.xa_tb_old, indicator, "2024", 45)
    _put(world.xa_hy, indicator, "2025", 60)
    _put(world.xa_hy, indicator, "2026", 64)
    target_set(unit=world.hung_yen, indicator=indicator, period_code="2026", value=70, actor="t")
    url = f"/indicators/{indicator.code}/?unit={world.hung_yen.pk}&period=2026"
    html = clients["staff"].get(url).content.decode()
    rows = _rows(html)
    assert list(rows) == ["2025", "2026"]  # today's Hưng Yên exists since 01/07/2025
    # The year in progress is an estimate («ước»); the stock's latest value stands for it.
    still_open = timezone.localdate() <= dt.date(2026, 12, 31)
    assert rows["2026"][:4] == ["64 ước thực hiện" if still_open else "64", "70", "91,4%", "+6,7%"]
    assert rows["2025"][:4] == ["60", "—", "—", "—"]
    assert "có hiệu lực từ 01/07/2025" in html
    html = clients["staff"].get(url + "&today=1").content.decode()
    rows = _rows(html)
    assert rows["2023"][0] == "40" and rows["2024"][0] == "45" and rows["2025"][0] == "60"
    assert 'data-chart="chart-web-stations-detail"' in html


def test_a_retired_unit_on_todays_units_is_its_successor(clients, world):
    indicator = make_indicator("web.points", name="Điểm phục vụ", period_aggregation="last")
    _put(world.xa_tb_old, indicator, "2024", 7)
    _put(world.xa_hy, indicator, "2026", 9)
    url = f"/indicators/{indicator.code}/?unit={world.thai_binh.pk}&period=2024"
    then = _rows(clients["staff"].get(url).content.decode())
    assert then["2024"][0] == "7" and "2026" not in then
    html = (
        clients["staff"]
        .get(f"/indicators/{indicator.code}/?unit={world.thai_binh.pk}&period=2026&today=1")
        .content.decode()
    )
    assert "Thái Bình nay thuộc Hưng Yên" in html
    assert _rows(html)["2026"][0].split()[0] == "9"


def test_the_page_reads_in_the_display_unit_and_shows_who_has_not_reported(clients, world):
    from tongket.reporting.models import Form, FormIndicator

    revenue = make_indicator(
        "web.ict_revenue",
        name="Doanh thu toàn ngành",
        unit_of_measure="đồng",
        value_type="money",
        display_unit="tỷ đồng",
        display_scale=1e9,
        decimals=1,
        sources=["commune"],
    )
    form = Form.objects.create(
        code="TEST.M", name="Biểu tháng", frequency="month", unit_kinds=["commune"],
        recipient_kind="department", deadline_days=3,
    )  # fmt: skip
    FormIndicator.objects.create(form=form, indicator=revenue, line=1)
    _put(world.xa_hy, revenue, "2025-12", 8_618_434_000_000)
    url = f"/indicators/{revenue.code}/?unit={world.hung_yen.pk}&period=2025"
    html = clients["staff"].get(url).content.decode()
    row = _rows(html)["2025"]
    assert row[0] == "8.618,4" and "(tỷ đồng)" in html and "8.618.434" not in html
    # One commune of the province reported: the figure is partial, the others one click away.
    assert re.search(r"1/\d+ chưa đủ", row[-1])
    assert row[2:4] == ["—", "—"]  # no attainment nor change read from a partial figure
    assert "Chưa báo cáo" in html and "Xã Tân Hòa" in html
