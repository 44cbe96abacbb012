"""Vietnamese wording of dates and figures; which unit, date, area and signer a report has;
completeness read once for a year."""

from __future__ import annotations

import datetime as dt

import pytest

from tongket.core.periods import Period as PeriodCode
from tongket.core.periods import PeriodKind
from tongket.indicators.models import Indicator
from tongket.meetings.services import person_get_or_create
from tongket.papers.content import Measure
from tongket.papers.errors import PapersError
from tongket.papers.letterhead import issuer_of, number_line, signer_of
from tongket.papers.report_gather import (
    report_date_default,
    report_unit_find,
    year_report_gather,
)
from tongket.papers.services import report_text_set
from tongket.papers.wording import (
    change_words,
    counts_words,
    date_in_words,
    figure,
    figure_with_unit,
    measure_for,
    percent,
    place_and_date,
    signed_percent,
)
from tongket.reporting.models import Form
from tongket.reporting.selectors import form_completeness
from tongket.reporting.submissions_units import MemoryTree

from .conftest import ACTOR, TODAY, D, unit_on


@pytest.mark.parametrize(
    ("day", "words"),
    [
        (D(2018, 1, 5), "ngày 05 tháng 01 năm 2018"),
        (D(2018, 2, 28), "ngày 28 tháng 02 năm 2018"),
        (D(2018, 3, 1), "ngày 01 tháng 3 năm 2018"),
        (D(2017, 12, 31), "ngày 31 tháng 12 năm 2017"),
    ],
)
def test_dates_in_words_after_the_decree(day, words):
    assert date_in_words(day) == words
    assert place_and_date("Thái Bình", day) == f"Thái Bình, {words}"


def test_figures_in_their_measure_of_the_catalogue():
    """The measure is the indicator's display unit, scale and decimals, whatever the size."""
    revenue = Indicator(
        code="x.revenue",
        unit_of_measure="đồng",
        value_type="money",
        display_unit="tỷ đồng",
        display_scale=1e9,
        decimals=1,
    )
    money = measure_for(revenue)
    assert money == Measure("tỷ đồng", 1e9, 1)
    assert figure(2_060e9, money) == "2.060" and figure(2_060e9, money, table=True) == "2.060,0"
    assert figure_with_unit(1_904.1e9, money) == "1.904,1 tỷ đồng"
    # A small value keeps the catalogue's unit: one column, one unit.
    assert figure(25e6, money, table=True) == "0,0"
    count = measure_for(Indicator(code="x.subs", unit_of_measure="thuê bao", decimals=0))
    assert count == Measure("thuê bao", 1, 0) and figure(536_787.4, count) == "536.787"
    share = measure_for(Indicator(code="x.share", unit_of_measure="%", decimals=1))
    assert figure_with_unit(58.43, share) == "58,4%"
    assert figure(None, share) == "" and figure_with_unit(None, share) == ""


def test_percentages_and_changes():
    assert percent(108.2367) == "108,2%" and percent(99) == "99,0%" and percent(None) == ""
    assert signed_percent(19.006) == "+19,0%" and signed_percent(-2.14) == "-2,1%"
    assert signed_percent(-0.01) == "0,0%"
    assert change_words(2_060, 1_731, "năm 2016") == "tăng 19% so với năm 2016"
    assert change_words(95, 100, "năm 2016") == "giảm 5% so với năm 2016"
    assert change_words(100, 100, "năm 2016") == "bằng năm 2016"
    assert change_words(100, 0, "năm 2016") == change_words(None, 1, "x") == ""


def test_counts_in_words():
    assert counts_words(1, 1) == "1 tập thể và 1 cá nhân"
    assert counts_words(None, 24) == "24 cá nhân"
    assert counts_words(None, None) == "nhiều tập thể và cá nhân"


def test_number_line():
    assert number_line(kind="BC", abbreviation="STTTT", number="12") == "Số: 12/BC-STTTT"
    assert number_line(kind="TB", abbreviation="SKHCN") == "Số:      /TB-SKHCN"


# ----------------------------------------------------------------------------- gathering


def test_unit_of_a_year_and_the_report_date(catalogue):
    # Sở KH&CN Thái Bình existed from 01/03 to 30/06/2025 only: still found for 2025.
    merged = report_unit_find("34.SKHCN", year=2025)
    assert (merged.valid_from, merged.valid_to) == (D(2025, 3, 1), D(2025, 6, 30))
    assert report_date_default(unit=merged, year=2025, today=D(2026, 11, 23)) == D(2025, 6, 30)
    department = report_unit_find("34.STTTT", year=2017)
    assert report_date_default(unit=department, year=2017, today=D(2026, 1, 1)) == D(2018, 1, 5)
    # Drafted before the new year: dated that day.
    assert report_date_default(unit=department, year=2017, today=D(2017, 12, 20)) == D(2017, 12, 20)
    with pytest.raises(PapersError) as error:
        report_unit_find("34.STTTT", year=1900)
    assert "Năm không hợp lệ: 1900" in str(error.value)


def test_headers_of_several_kinds_of_units(catalogue):
    on = D(2007, 1, 31)
    department = issuer_of(unit=unit_on("34.SBCVT", on), on=on)
    assert (department.superior, department.name, department.abbreviation, department.place) == (
        "UBND tỉnh Thái Bình",
        "Sở Bưu chính, Viễn thông",
        "SBCVT",
        "Thái Bình",
    )
    hue = issuer_of(unit=unit_on("46", D(2025, 8, 1)), on=D(2025, 8, 1))
    assert (hue.superior, hue.name, hue.abbreviation, hue.place) == (
        "",
        "Ủy ban nhân dân thành phố Huế",
        "UBND",
        "Huế",
    )


def test_signer_is_the_director_known_nearest_the_date(catalogue):
    department = unit_on("34.STTTT", D(2017, 12, 31))
    issuer = issuer_of(unit=department, on=D(2018, 1, 5))
    assert signer_of(issuer=issuer, on=D(2018, 1, 5)).name == ""
    for name, day in (("Lê Văn A", D(2015, 1, 10)), ("Trần Văn B", D(2018, 1, 10))):
        person_get_or_create(name=name, title="Giám đốc Sở", unit=department, on=day, actor=ACTOR)
    person_get_or_create(
        name="Phạm Thị C", title="Phó Giám đốc Sở", unit=department, on=D(2018, 1, 4), actor=ACTOR
    )
    signature = signer_of(issuer=issuer, on=D(2018, 1, 5))
    # Seen as director five days later, not three years earlier; a deputy is never the head.
    assert (signature.authority, signature.name) == (("GIÁM ĐỐC",), "Trần Văn B")
    assert signer_of(issuer=issuer, on=D(2016, 1, 5)).name == "Lê Văn A"


def test_completeness_for_the_year_reads_the_hierarchy_once(catalogue):
    """A tree read once for the year gives what each period read alone gives."""
    department = unit_on("34.STTTT", D(2017, 12, 31))
    form = Form.objects.get(code="telecom-monthly")
    tree = MemoryTree.load(start=D(2016, 12, 1), end=D(2018, 1, 31))
    for month in PeriodCode.year_of(2017).parts(PeriodKind.MONTH):
        alone = form_completeness(
            form=form, period_code=month.code, recipient=department, today=TODAY
        )
        shared = form_completeness(
            form=form, period_code=month.code, recipient=department, today=TODAY, tree=tree
        )
        assert [(r.unit.pk, r.timeliness) for r in alone.rows] == [
            (r.unit.pk, r.timeliness) for r in shared.rows
        ]
        assert alone.expected > 0


def test_report_sums_completeness_over_the_periods_due(year2017):
    report = year_report_gather(unit=year2017.department, year=2017, today=TODAY)
    lines = {c.form_code: c for c in report.completeness}
    monthly = lines["telecom-monthly"]
    # January to November are due by 05/01/2018; December's report is not due yet.
    form = Form.objects.get(code="telecom-monthly")
    expected = sum(
        form_completeness(
            form=form, period_code=f"2017-{m:02d}", recipient=year2017.department, today=TODAY
        ).expected
        for m in range(1, 12)
    )
    assert (monthly.periods, monthly.expected, monthly.missing) == (11, expected, expected)


def test_report_of_a_unit_that_did_not_exist_that_year(year2017):
    with pytest.raises(PapersError) as error:
        year_report_gather(unit=year2017.department, year=2026, today=TODAY)
    assert "không tồn tại trong năm 2026" in str(error.value)
    with pytest.raises(PapersError) as error:
        year_report_gather(unit=year2017.department, year=2017, on=D(2016, 5, 1), today=TODAY)
    assert "trước năm 2017" in str(error.value)


def test_report_text_section_rules(year2017):
    with pytest.raises(PapersError) as error:
        report_text_set(unit=year2017.department, year=2017, section="x", text="a", actor=ACTOR)
    assert "Không có phần «x»" in str(error.value)
    draft = report_text_set(
        unit=year2017.department, year=2017, section="lessons", text="  Bài học 1.\r\n", actor=ACTOR
    )
    assert draft.lessons == "Bài học 1."
    cleared = report_text_set(
        unit=year2017.department, year=2017, section="lessons", text="", actor=ACTOR
    )
    assert cleared.pk == draft.pk and cleared.lessons == ""


def test_year_of_a_merged_province_compares_with_the_units_it_took_in(catalogue):
    """Hưng Yên of 2025 (with Thái Bình since 01/07/2025) against Hưng Yên and Thái Bình of
    2024: the change is on the sum of both."""
    from .conftest import put

    old_hy, tb = unit_on("33", D(2024, 12, 31)), unit_on("34", D(2024, 12, 31))
    new_hy = unit_on("33", D(2025, 12, 31))
    put(old_hy, "ict.revenue", "2024", 1_000e9)
    put(tb, "ict.revenue", "2024", 2_000e9)
    put(new_hy, "ict.revenue", "2025", 3_300e9)
    report = year_report_gather(
        unit=report_unit_find("33.SKHCN", year=2025), year=2025, today=dt.date(2026, 3, 1)
    )
    row = next(r for t in report.fields for r in t.rows if r.code == "ict.revenue")
    assert (row.value, row.previous) == (3_300e9, 3_000e9)
    assert row.change_pct == pytest.approx(10)
    assert report.area_name == "Hưng Yên" and report.letterhead.place == "Hưng Yên"
