"""`tongket demo`: plausible values marked synthetic, the seed figures as document values,
reports in every state, and nothing stored twice."""

import datetime as dt

import pytest
from django.db.models import F

from tongket.demo.services import DemoError, demo_load
from tongket.indicators.services import indicator_catalogue_load
from tongket.reporting.forms_catalogue import form_catalogue_load
from tongket.reporting.models import Submission, Target, Value, ValueSource
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
    counts = (Value.objects.count(), Target.objects.count(), Submission.objects.count())
    again = demo_load(today=TODAY, progress=lambda _: None)
    assert (again["values"], again["targets"]) == (0, 0)
    assert (Value.objects.count(), Target.objects.count(), Submission.objects.count()) == counts
