"""`tongket demo`: plausible values marked synthetic, the seed figures as document values,
reports of every form in every state, a country that looks like Việt Nam, no violation of
the consistency rules, and nothing stored twice."""

import datetime as dt

import pytest
from django.db.models import F

from tongket.analytics.selectors import analytics_rows
from tongket.consistency.checks import consistency_check
from tongket.demo.calibration import calibration
from tongket.demo.services import DemoError, demo_load
from tongket.indicators.services import indicator_catalogue_load
from tongket.meetings.models import Notice
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
    # The consistency rules hold: every year of the review conferences, the first and the
    # last month of today's communes and a month between.
    years = [str(y) for y in range(2016, TODAY.year + 1)]
    for period in (*years, "2025-07", "2025-12", "2026-10"):
        result = consistency_check(period_code=period)
        assert result.violations == [], (period, [v.message for v in result.violations][:5])
    counts = (Value.objects.count(), Target.objects.count(), Submission.objects.count())
    again = demo_load(today=TODAY, progress=lambda _: None)
    assert (again["values"], again["targets"]) == (0, 0)
    assert (Value.objects.count(), Target.objects.count(), Submission.objects.count()) == counts


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
