"""The dashboard: targets and attainment, report rounds, tasks, meetings, pickers in scope."""

import datetime as dt
import json
import re
from html import unescape as html_unescape

from django.utils import timezone

from tongket.meetings.models import MeetingKind, TaskSource
from tongket.meetings.services import meeting_create, task_create
from tongket.reporting.services import (
    submission_approve,
    submission_open,
    submission_submit,
    submission_values_set,
)

from .world import reporting_of


def _get(client, query: str = "") -> str:
    response = client.get(f"/dashboard/{query}")
    assert response.status_code == 200
    return response.content.decode()


def _figures(client, query: str = "") -> str:
    """The indicators at a glance: a fragment the page loads (htmx)."""
    response = client.get(f"/dashboard/figures/{query}", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    return response.content.decode()


def _kpi(html: str, name: str) -> list[str]:
    row = re.search(rf"<tr>\s*<th scope=\"row\"><a [^>]*>{name}</a>.*?</tr>", html, re.S)
    assert row, f"no row for {name}"
    return [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row[0])]


def _round(html: str) -> dict[str, str]:
    row = re.search(r'<tr data-form="TEST.01">(.*?)</tr>', html, re.S).group(1)
    cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row)]
    keys = ["period", "deadline", "expected", "on_time", "late", "missing", "waiting", "approved"]
    return dict(zip(keys, cells, strict=True))


def _options(html: str) -> list[str]:
    select = re.search(r'<select id="pick-unit".*?</select>', html, re.S)[0]
    return re.findall(r'<option value="\d+"[^>]*>([^<]+)</option>', select)


def test_targets_and_attainment_of_the_province(clients, world):
    reporting_of(world)
    query = f"?unit={world.hung_yen.pk}&period=2025"
    html = _get(clients["staff"], query)
    assert "Tổng quan: Hưng Yên" in html and "Năm 2025" in html
    assert f'hx-get="/dashboard/figures/?unit={world.hung_yen.pk}&amp;period=2025"' in html
    html = _figures(clients["staff"], query)
    assert "<html" not in html
    # 1.200 reported by Xã Vũ Thư against a target of 1.000 for the province.
    assert _kpi(html, "Tổng số thuê bao") == ["1.200", "1.000", "120,0%", "—"]
    assert _kpi(html, "Doanh thu") == ["—", "2,5", "—", "—"]


def test_staff_start_on_their_province_and_pick_within_their_scope(clients, world):
    html = _get(clients["staff"])
    assert "Tổng quan: Hưng Yên" in html
    options = _options(html)
    assert "Xã Vũ Thư" in options and "Xã Tân Hòa" in options
    assert "Hà Nội" not in options and "Phường Ba Đình" not in options
    # In 2017 the scope reaches Thái Bình, merged into Hưng Yên since.
    assert "Thái Bình" in _options(_get(clients["staff"], "?period=2017"))


def test_an_analyst_sees_the_country_and_its_provinces(clients, world):
    reporting_of(world)
    html = _get(clients["analyst"], "?period=2025")
    assert "Tổng quan: Việt Nam" in html
    assert {"Việt Nam", "Hưng Yên", "Hà Nội"} <= set(_options(html))
    assert "So sánh các tỉnh, thành phố" in html
    html = _figures(clients["analyst"], "?period=2025")
    # The indicators planned for the provinces, summed up for the country.
    # No target for the country: no target columns at all.
    assert _kpi(html, "Tổng số thuê bao") == ["2.000", "—"]
    assert "Chưa có chỉ tiêu kế hoạch cho đơn vị và kỳ này" in html


def test_a_reporting_unit_sees_itself_and_its_own_reports(clients, world):
    reporting_of(world)
    html = _get(clients["reporting"], "?period=2025")
    assert _options(html) == ["Xã Vũ Thư"]
    own = re.search(r"Báo cáo của đơn vị(.*?)</table>", html, re.S).group(1)
    assert f'href="/entry/{world.sub_xa_hy.pk}/"' in own and "Đang soạn" in own
    assert "Nhiệm vụ được giao" not in html  # no task.view for a reporting unit


def test_the_report_round_changes_when_a_report_is_sent_and_approved(clients, world):
    r = reporting_of(world)
    query = f"?unit={world.hung_yen.pk}&period=2025"
    before = _round(_get(clients["staff"], query))
    assert (before["expected"], before["waiting"], before["approved"]) == ("2", "0", "0")
    assert before["on_time"] == "0 (0%)" and before["missing"] == "2"
    submission_values_set(
        submission=world.sub_xa_hy,
        values={r.total.code: 1300, r.mobile.code: 900},
        actor=world.reporting,
    )
    submission_submit(submission=world.sub_xa_hy, actor=world.reporting)
    sent = _round(_get(clients["staff"], query))
    assert (sent["waiting"], sent["approved"]) == ("1", "0")
    assert (sent["late"], sent["missing"]) == ("1", "1")  # sent after 15/01/2026
    submission_approve(submission=world.sub_xa_hy, actor=world.staff)
    html = _get(clients["staff"], query)
    assert (_round(html)["waiting"], _round(html)["approved"]) == ("0", "1")
    assert _kpi(_figures(clients["staff"], query), "Tổng số thuê bao")[0] == "1.300"


def test_tasks_due_and_overdue_and_recent_meetings(clients, world, monkeypatch):
    today = timezone.localdate()
    meeting_create(
        kind=MeetingKind.QUARTERLY_REVIEW,
        title="Giao ban quý với doanh nghiệp",
        date=today - dt.timedelta(days=3),
        organizer=world.so_hy,
        actor="test",
    )
    meeting_create(
        kind=MeetingKind.QUARTERLY_REVIEW,
        title="Giao ban của Hà Nội",
        date=today - dt.timedelta(days=2),
        organizer=world.so_hn,
        actor="test",
    )
    for text, deadline in [
        ("Hoàn thành hạ tầng cáp quang", today - dt.timedelta(days=10)),
        ("Báo cáo chuyển đổi số", today + dt.timedelta(days=5)),
    ]:
        task_create(
            text=text,
            source=TaskSource.DOCUMENT,
            document_number="12/KH-UBND",
            document_date=today - dt.timedelta(days=30),
            lead=world.so_hy,
            assigned_on=today - dt.timedelta(days=30),
            deadline=deadline,
            actor="test",
        )
    html = _get(clients["staff"])
    tasks = re.search(r"Nhiệm vụ được giao(.*?)</section>", html, re.S).group(1)
    assert re.search(r"<strong>1</strong> quá hạn chưa hoàn thành", tasks)
    assert "Hoàn thành hạ tầng cáp quang" in tasks and "Báo cáo chuyển đổi số" in tasks
    meetings = re.search(r"Hội nghị, cuộc họp gần đây(.*?)</section>", html, re.S).group(1)
    assert "Giao ban quý với doanh nghiệp" in meetings and "Hà Nội" not in meetings


def test_charts_and_comparison_arrive_as_fragments(clients, world):
    r = reporting_of(world)
    html = _figures(clients["staff"], f"?unit={world.hung_yen.pk}&period=2025")
    chart_url = re.search(r'hx-get="(/dashboard/chart/[^"]+)"', html).group(1).replace("&amp;", "&")
    # One year of figures: the figure itself rather than a line.
    few = clients["staff"].get(chart_url, HTTP_HX_REQUEST="true").content.decode()
    assert "<figure" not in few and "<dt>2025</dt><dd>1.200" in few
    # With the years of Thái Bình's commune, merged into today's Hưng Yên: a chart.
    for year, value in [("2023", 900), ("2024", 1000)]:
        report = submission_open(unit=world.xa_tb_old, form=r.form, period_code=year, actor="t")
        submission_values_set(submission=report, values={r.total.code: value}, actor="t")
    chart = clients["staff"].get(chart_url, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in chart and 'data-chart="chart-web-subscribers' in chart
    # The data travel in an attribute (htmx drops script elements), the target line with them.
    data = json.loads(html_unescape(re.search(r'data-json="([^"]+)"', chart).group(1)))
    assert [s["label"] for s in data["series"]] == ["Hưng Yên", "Kế hoạch"]
    assert "<script" not in chart
    compare = clients["staff"].get(
        f"/dashboard/compare/?unit={world.hung_yen.pk}&period=2025&indicator={r.total.code}",
        HTTP_HX_REQUEST="true",
    )
    rows = re.findall(
        r"<tr><td class=\"num\">([^<]+)</td><td>([^<]+)</td>", compare.content.decode()
    )
    # Every unit under the province is listed, the ranked one first, none cut off.
    assert rows[0] == ("1/1", "Xã Vũ Thư")
    assert {name for _, name in rows[1:]} >= {"Xã Tân Hòa"}
    assert all(rank.startswith("—/") for rank, _ in rows[1:])


def test_english_labels(clients, world):
    reporting_of(world)
    clients["staff"].cookies["django_language"] = "en"
    query = f"?unit={world.hung_yen.pk}&period=2025"
    html = _get(clients["staff"], query)
    assert "Overview: Hưng Yên" in html and "Year 2025" in html
    assert "Total subscribers" in _figures(clients["staff"], query)  # the indicator's English name


def test_a_fragment_opened_on_its_own_is_a_page(clients, world):
    reporting_of(world)
    html = (
        clients["staff"]
        .get(f"/dashboard/figures/?unit={world.hung_yen.pk}&period=2025")
        .content.decode()
    )
    assert "<html" in html and "Tổng số thuê bao" in html
    assert f'href="/dashboard/?unit={world.hung_yen.pk}&amp;period=2025"' in html
