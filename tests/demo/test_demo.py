"""`tongket demo`: plausible values marked synthetic, the seed figures as document values,
reports of every form in every state, a country that looks like Việt Nam, no violation of
the consistency rules in any period, a review report of the year in progress that holds up,
and nothing stored twice."""

import base64
import datetime as dt
import io
import re

import pytest
from django.db.models import F
from docx import Document

from tongket.analytics.selectors import analytics_rows, unit_indicator_rows
from tongket.consistency.checks import consistency_check
from tongket.consistency.rules import consistency_rules, rule_text
from tongket.core.periods import Period as PeriodCode
from tongket.demo.calibration import calibration
from tongket.demo.services import DemoError, demo_load
from tongket.indicators.display import indicator_display
from tongket.indicators.models import Indicator
from tongket.indicators.services import indicator_catalogue_load
from tongket.meetings.models import Notice
from tongket.papers.render_report import report_docx
from tongket.papers.report_gather import year_report_gather
from tongket.reporting.forms_catalogue import form_catalogue_load
from tongket.reporting.models import Form, Submission, Target, Value, ValueSource
from tongket.reporting.selectors import form_completeness
from tongket.units.models import Unit

TODAY = dt.date(2026, 11, 23)


def test_demo_needs_the_reference_data_first(db):
    with pytest.raises(DemoError, match="tongket init"):
        demo_load(today=TODAY, progress=lambda _: None)


@pytest.fixture
def demo(reference_units):
    indicator_catalogue_load(actor="test")
    form_catalogue_load(actor="test")
    return demo_load(today=TODAY, progress=lambda _: None)


def _value(code: str, day: dt.date, indicator: str, period: str) -> Value:
    unit = Unit.objects.get(kind="province", code=code, valid_from__lte=day, valid_to__gte=day)
    return Value.objects.get(unit=unit, indicator__code=indicator, period__code=period)


def test_demo_values_reports_and_a_second_run(demo):
    assert demo["values"] > 200_000
    sources = set(Value.objects.values_list("source", flat=True))
    assert sources == {ValueSource.SYNTHETIC, ValueSource.DOCUMENT}
    revenue = _value("34", dt.date(2017, 6, 1), "ict.revenue", "2017")
    assert (revenue.value, revenue.source) == (2_060_000_000_000.0, ValueSource.DOCUMENT)
    before = _value("34", dt.date(2016, 6, 1), "ict.revenue", "2016")
    assert revenue.value / before.value == pytest.approx(1.19, abs=0.001)
    budget = _value("34", dt.date(2017, 6, 1), "ict.budget", "2017")
    assert budget.value == 100_000_000_000.0
    # 63 provinces report for 2024, the 34 of 1 July 2025 for 2025.
    for year, provinces in ((2024, 63), (2025, 34)):
        reported = Value.objects.filter(
            indicator__code="pop.total", period__code=str(year), unit__kind="province"
        )
        assert reported.count() == provinces
    assert Target.objects.filter(indicator__code="tel.density", period__code="2007").exists()

    # Reports in every state, some late; a second run adds nothing.
    states = set(Submission.objects.values_list("status", flat=True))
    assert states == {"draft", "submitted", "returned", "approved"}
    assert Submission.objects.filter(first_submitted_at__date__gt=F("deadline")).exists()
    _reports_of_every_form_in_past_periods()
    _looks_like_the_country()
    _notices_numbered_in_date_order()
    # The consistency rules hold for every year, half, quarter and month from 2016 to now
    # (postal branches report quarterly, telecom branches monthly: each period sums both).
    for period in _periods_since(2016):
        result = consistency_check(period_code=period)
        assert result.violations == [], (period, [v.message for v in result.violations][:5])
    _report_of_the_year_in_progress()
    counts = (Value.objects.count(), Target.objects.count(), Submission.objects.count())
    again = demo_load(today=TODAY, progress=lambda _: None)
    assert (again["values"], again["targets"]) == (0, 0)
    assert (Value.objects.count(), Target.objects.count(), Submission.objects.count()) == counts


def _periods_since(year: int) -> list[str]:
    found = []
    for y in range(year, TODAY.year + 1):
        found += [str(y), f"{y}S1", f"{y}S2", *(f"{y}Q{q}" for q in range(1, 5))]
        found += [f"{y}-{m:02d}" for m in range(1, 13)]
    return [p for p in found if PeriodCode.parse(p).start() <= TODAY]


def _number(text: str) -> float | None:
    found = re.match(r"^-?[\d.]+(,\d+)?", text.strip())
    return float(found[0].replace(".", "").replace(",", ".")) if found else None


def _report_of_the_year_in_progress():
    """The review report of Hưng Yên's department made today for the current year, read back
    with python-docx: «ước thực hiện», coverage where it is below 100%, no share above 100%
    and no part above its whole (by every «≤» rule of the catalogue)."""
    department = Unit.objects.get(code="33.SKHCN", valid_to__isnull=True)
    report = year_report_gather(unit=department, year=TODAY.year, on=TODAY, today=TODAY)
    doc = Document(io.BytesIO(report_docx(report, chart_renderer=lambda chart: _PNG)))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert f"Số liệu năm {TODAY.year} là số ước thực hiện" in text
    rows = {}
    for table in doc.tables:
        head = [c.text for c in table.rows[0].cells]
        if len(head) == 7 and head[1] == "Chỉ tiêu":
            assert head[4] == f"Ước thực hiện năm {TODAY.year}"
            for cells in (r.cells for r in table.rows[1:]):
                rows[cells[1].text] = (cells[2].text, cells[4].text)
    assert len(rows) > 20
    names = {i.name: i for i in Indicator.objects.all()}
    shown = {names[n].code: (names[n], u, v) for n, (u, v) in rows.items() if n in names}
    # Coverage where it is below 100%, figure by figure, as analytics computes it.
    found = unit_indicator_rows(
        unit="33", indicators=list(shown), periods=[str(TODAY.year)], today_units=True
    )
    assert {r.indicator for r in found} == set(shown)
    for r in found:
        cell = shown[r.indicator][2]
        if r.coverage is not None and r.coverage < 100 and not r.withheld:
            assert f"chưa đủ: {r.reported}/{r.expected} đơn vị báo cáo" in cell, (r.indicator, cell)
        else:
            assert "chưa đủ" not in cell, (r.indicator, r.coverage, cell)
    # No share above 100%.
    for code, (_, unit, cell) in shown.items():
        if unit == "%" and _number(cell) is not None:
            assert 0 <= _number(cell) <= 100, (code, cell)
    # No part above its whole.
    compared = 0
    for rule in consistency_rules().rules:
        if rule.kind != "le" or rule.indicator.code not in shown or rule.other.code not in shown:
            continue
        part, whole = shown[rule.indicator.code], shown[rule.other.code]
        if _number(part[2]) is None or _number(whole[2]) is None:
            continue
        scale = indicator_display(part[0]).scale / indicator_display(whole[0]).scale
        assert _number(part[2]) * scale <= _number(whole[2]) * 1.0001, (
            rule_text(rule),
            part,
            whole,
        )
        compared += 1
    assert compared >= 5


_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def _reports_of_every_form_in_past_periods():
    for form in Form.objects.all():
        past = Submission.objects.filter(form=form, status="approved", period__end__lt=TODAY)
        assert past.count() > 3, form.code
        late = past.filter(first_submitted_at__date__gt=F("deadline")).count()
        assert 0 < late < past.count() / 3, form.code
        # Approved on the days after the deadline, spread over several of them.
        days = {(s.approved_at.date() - s.deadline).days for s in past}
        assert min(days) >= 1 and len(days) >= 4, (form.code, sorted(days))
    # Hưng Yên's department received the communes' monthly reports of 2025.
    department = Unit.objects.get(code="33.SKHCN", valid_to__isnull=True)
    done = form_completeness(
        form=Form.objects.get(code="commune-monthly"),
        period_code="2025-10",
        recipient=department,
        today=TODAY,
    )
    expected = len(done.rows)
    reported = sum(1 for r in done.rows if r.submission is not None)
    assert expected > 90 and reported >= 0.9 * expected


def _looks_like_the_country():
    # About 130 telephone subscriptions per 100 inhabitants, not the provinces' and the
    # national enterprises' subscribers counted twice.
    (country,) = analytics_rows(indicator="tel.density", period_code="2025", unit="VN", by="self")
    assert 110 < country.value < 150
    (fixed,) = analytics_rows(
        indicator="bb.fixed_density", period_code="2024", unit="VN", by="self"
    )
    assert 15 < fixed.value < 30
    people = analytics_rows(indicator="pop.total", period_code="2024", unit="VN", by="self")
    assert 95e6 < people[0].value < 105e6
    # Revenue follows population and economy: the two cities lead, mountain provinces last.
    rows = sorted(analytics_rows(indicator="ict.revenue", period_code="2024"), key=lambda r: r.rank)
    assert {r.unit.code for r in rows[:2]} == {"01", "79"}
    last = {r.unit.code for r in rows[-10:]}
    assert {"04", "06", "12"} <= last  # Cao Bằng, Bắc Kạn, Lai Châu
    # The calibration file names its sources.
    sources = calibration().sources
    assert {"population", "subscriptions", "revenue"} <= set(sources)
    assert "Tổng cục Thống kê" in sources["population"] and "ITU" in sources["subscriptions"]


def _notices_numbered_in_date_order():
    notices = Notice.objects.exclude(sequence=None).order_by("issuer_id", "year", "sequence")
    by_issuer: dict[tuple[int, int], list] = {}
    for notice in notices:
        by_issuer.setdefault((notice.issuer_id, notice.year), []).append(notice.issued_on)
    assert by_issuer
    for key, days in by_issuer.items():
        assert days == sorted(days), key
