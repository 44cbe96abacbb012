"""Corpus documents of other kinds: a mid-year review, briefings, a department of science and
technology after the 2025 mergers, a committee's own meeting; and one meeting reported by two
documents."""

from __future__ import annotations

import datetime as dt

import pytest

from tongket.documents.models import DocumentValue
from tongket.documents.services import document_ingest
from tongket.meetings.models import Commendation, Meeting, MeetingFigure, Participant, Task
from tongket.reporting.models import Value
from tongket.units.selectors import unit_today

D = dt.date

# id: (kind, day, organizer code, province code, reviewed, planned, today's province name)
CASES = {
    # Sơ kết 6 tháng đầu năm 2017, Thái Bình
    "p003": (
        "midyear_review",
        D(2017, 7, 21),
        "34.STTTT",
        "34",
        ["2017S1"],
        ["2017S2"],
        "Hưng Yên",
    ),
    # Giao ban báo chí tháng 7/2022, Quảng Ngãi
    "p024": (
        "monthly_briefing",
        D(2022, 8, 2),
        "51.STTTT",
        "51",
        ["2022-07"],
        ["2022-08"],
        "Quảng Ngãi",
    ),
    # Giao ban doanh nghiệp BCVT, Thanh Hóa 2007
    "p005": ("monthly_briefing", D(2007, 3, 21), "38.SBCVT", "38", [], [], "Thanh Hóa"),
    # Sở KH&CN Cà Mau after the merger of Cà Mau and Bạc Liêu (01/07/2025)
    "p028": ("other", D(2025, 8, 29), "96.SKHCN", "96", [], [], "Cà Mau"),
    # Sở KH&CN Đồng Nai (Bình Phước merged into it) working with a ward, December 2025
    "p052": ("other", D(2025, 12, 20), "75.SKHCN", "75", [], [], "Đồng Nai"),
    # The province's committee organizes (Phú Thọ, 2026)
    "p029": ("other", D(2026, 3, 11), "25", "25", [], ["2026"], "Phú Thọ"),
}


@pytest.mark.parametrize("key", list(CASES))
def test_corpus_document_becomes_its_meeting(world, corpus, key):
    kind, day, organizer, province, reviewed, planned, today = CASES[key]
    doc = corpus[key]
    result = document_ingest(text=doc["text"], url=doc["url"], source_id=key, actor="test")
    meeting = result.meeting
    assert (meeting.kind, meeting.date, meeting.organizer.code) == (kind, day, organizer)
    assert meeting.province.code == province and meeting.province.is_valid_on(day)
    assert (meeting.reviewed_periods, meeting.planned_periods) == (reviewed, planned)
    assert unit_today(meeting.province).name == today
    assert result.document.url == doc["url"] and result.document.source_id == key
    assert result.document.site == doc["url"].split("/")[2].removeprefix("www.")


def test_midyear_review_stock_figures_are_values_of_the_half(world, corpus):
    # "Tính đến hết tháng 6, toàn tỉnh có 18 doanh nghiệp bưu chính hoạt động, 201 điểm phục
    # vụ bưu chính" (Bắc Ninh, sơ kết 6 tháng đầu năm 2019).
    doc = corpus["p002"]
    result = document_ingest(text=doc["text"], url=doc["url"], actor="test")
    stored = {
        (v.indicator.code, v.unit.code, v.period.code): v.value
        for v in Value.objects.select_related("indicator", "unit", "period")
    }
    assert stored == {
        ("post.enterprises", "27", "2019S1"): 18,
        ("post.points", "27", "2019S1"): 201,
    }
    # The IT enterprises' budget of the same paragraph is not the sector's: a figure only.
    budget = MeetingFigure.objects.get(meeting=result.meeting, text="6.500 tỷ đồng")
    assert budget.indicator is None


def test_sector_values_of_a_review(world, corpus):
    # Thanh Hóa 2023: mobile and internet subscribers, the sector's revenue.
    doc = corpus["p054"]
    document_ingest(text=doc["text"], url=doc["url"], actor="test")
    stored = {
        v.indicator.code: (v.unit.code, v.period.code, v.value)
        for v in Value.objects.select_related("indicator", "unit", "period")
    }
    assert stored == {
        "tel.mobile_subscribers": ("38", "2023", 2_980_000),
        "bb.subscribers": ("38", "2023", 2_450_000),
        "ict.revenue": ("38", "2023", 4_900_000_000_000),
    }


def test_the_same_meeting_from_two_documents_is_one_meeting(world, ingest_seed, seed_path):
    first = ingest_seed("thai_binh_2017")
    # The same article republished by another portal, with its own page furniture.
    text = seed_path("thai_binh_2017").read_text("utf-8")
    republished = "Trang chủ > Tin tức > Tin Sở, ngành\n\n" + text + "\n\nLượt xem: 1.024\n"
    second = document_ingest(
        text=republished, url="https://thaibinh.gov.vn/tin-tuc/123", actor="test"
    )
    assert second.created and not second.meeting_created
    assert second.meeting == first.meeting and Meeting.objects.count() == 1
    assert second.document.meeting == first.meeting
    assert Participant.objects.count() == 1 and second.counts["participants"] == 0
    assert Task.objects.count() == 5 and Commendation.objects.count() == 3
    # Figures are kept per document; the values they state are the same ones.
    assert MeetingFigure.objects.filter(source_document_id=second.document.pk).count() == 9
    assert Value.objects.count() == 2
    assert {d.outcome for d in DocumentValue.objects.filter(document=second.document)} == {"same"}
