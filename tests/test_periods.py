import datetime as dt
import re

import pytest

from tongket.core.periods import Cutoff, Period, PeriodError, PeriodKind, period_for_day


@pytest.mark.parametrize(
    ("code", "start", "end"),
    [
        ("2017", dt.date(2017, 1, 1), dt.date(2017, 12, 31)),
        ("2017S2", dt.date(2017, 7, 1), dt.date(2017, 12, 31)),
        ("2017Q1", dt.date(2017, 1, 1), dt.date(2017, 3, 31)),
        ("2016-02", dt.date(2016, 2, 1), dt.date(2016, 2, 29)),
    ],
)
def test_calendar_windows(code, start, end):
    period = Period.parse(code)
    assert period.code == code
    assert (period.start(), period.end()) == (start, end)


@pytest.mark.parametrize(
    ("code", "start", "end"),
    [
        ("2019", dt.date(2018, 12, 15), dt.date(2019, 12, 14)),
        ("2019S1", dt.date(2018, 12, 15), dt.date(2019, 6, 14)),
        ("2019S2", dt.date(2019, 6, 15), dt.date(2019, 12, 14)),
        ("2019Q3", dt.date(2019, 6, 15), dt.date(2019, 9, 14)),
        ("2019-01", dt.date(2018, 12, 15), dt.date(2019, 1, 14)),
    ],
)
def test_decree09_windows(code, start, end):
    period = Period.parse(code)
    assert (period.start(Cutoff.DECREE09), period.end(Cutoff.DECREE09)) == (start, end)


def test_day_falls_in_next_reporting_month_after_the_14th():
    assert period_for_day(dt.date(2019, 3, 14), PeriodKind.MONTH, Cutoff.DECREE09).code == "2019-03"
    assert period_for_day(dt.date(2019, 3, 15), PeriodKind.MONTH, Cutoff.DECREE09).code == "2019-04"
    assert period_for_day(dt.date(2019, 12, 20), PeriodKind.YEAR, Cutoff.DECREE09).code == "2020"
    assert period_for_day(dt.date(2019, 12, 20), PeriodKind.YEAR).code == "2019"


def test_parts_and_containing():
    assert [p.code for p in Period.parse("2017").parts(PeriodKind.QUARTER)] == [
        "2017Q1",
        "2017Q2",
        "2017Q3",
        "2017Q4",
    ]
    assert Period.parse("2017-05").containing(PeriodKind.QUARTER).code == "2017Q2"
    assert Period.parse("2017Q1").previous().code == "2016Q4"
    assert Period.parse("2017Q3").shift_years(-1).code == "2016Q3"


@pytest.mark.parametrize("bad", ["17", "2017Q5", "2017-13", "2017S3", "", "năm 17", "quý 2017"])
def test_bad_codes_are_refused_with_a_message(bad):
    with pytest.raises(PeriodError, match="Kỳ báo cáo không hợp lệ"):
        Period.parse(bad)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Năm 2026", "2026"),
        ("năm  2026", "2026"),
        ("6 tháng đầu năm 2026", "2026S1"),
        ("Sáu tháng cuối năm 2025", "2025S2"),
        ("Quý III/2026", "2026Q3"),
        ("Quý III năm 2026", "2026Q3"),
        ("quý 4/2026", "2026Q4"),
        ("Tháng 11/2026", "2026-11"),
        ("tháng 1 năm 2026", "2026-01"),
        ("11/2026", "2026-11"),
        ("year 2026", "2026"),
        ("first half of 2026", "2026S1"),
        ("H2 2026", "2026S2"),
        ("Q3 2026", "2026Q3"),
        ("November 2026", "2026-11"),
        ("Sept 2026", "2026-09"),
    ],
)
def test_periods_as_people_write_them(text, code):
    assert Period.parse(text).code == code


@pytest.mark.parametrize(
    "text", ["Quý V/2026", "Tháng 13/2026", "13/2026", "6 tháng giữa năm 2026", "Foo 2026"]
)
def test_words_that_name_no_period_are_refused_with_the_ways_to_write_one(text):
    with pytest.raises(PeriodError) as refused:
        Period.parse(text)
    assert "Quý III/2026" in str(refused.value) and "Q3 2026" in str(refused.value)


@pytest.mark.django_db
def test_the_period_filter_of_the_report_list_takes_words():
    from tongket.web.pages_reporting.forms import SubmissionFilterForm

    form = SubmissionFilterForm({"period": "Quý III/2026"})
    assert form.is_valid() and form.cleaned_data["period"] == "2026Q3"


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize(
    "code",
    ["2026", "2026S1", "2026S2", "2026Q1", "2026Q3", "2026Q4", "2026-01", "2026-06", "2026-12"],
)
def test_a_period_in_words_reads_back_as_itself_in_each_language(language, code):
    """A field shows a period in the page's words; sent back as shown, it is the same period."""
    from django.utils import translation

    from tongket.core.period_words import period_label

    with translation.override(language):
        words = period_label(code)
    assert words != code and Period.parse(words).code == code
    if language == "en":
        assert not VIETNAMESE.search(words)


VIETNAMESE = re.compile(
    "[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.I
)
