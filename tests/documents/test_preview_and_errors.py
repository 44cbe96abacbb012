"""The preview stores nothing; a corrected record is stored as corrected; a record that
cannot be stored gets a clear error (Vietnamese / English) and nothing is half-stored."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from tongket.core.models import AuditEntry
from tongket.documents.errors import DocumentError
from tongket.documents.models import Provenance, SourceDocument
from tongket.documents.services import document_ingest, document_preview
from tongket.meetings import services as meetings_services
from tongket.meetings.errors import MeetingsError
from tongket.meetings.models import Meeting, MeetingFigure, Participant, Person, Task
from tongket.reporting.models import Value

from .test_ingest_seeds import _counts


def test_preview_shows_the_plan_and_stores_nothing(world, seed_path):
    before = _counts()
    preview = document_preview(text=seed_path("thai_binh_2017").read_text("utf-8"))
    assert _counts() == before
    assert not preview.error and preview.duplicate_of is None
    plan = preview.as_json()["plan"]
    assert plan["meeting"]["organizer"]["code"] == "34.STTTT"
    assert plan["meeting"]["province_today"]["name"] == "Hưng Yên"
    assert plan["meeting"]["existing_id"] is None
    revenue = next(f for f in plan["figures"] if f["text"] == "2.060 tỷ đồng")
    assert (revenue["indicator"], revenue["period"], revenue["value_outcome"]) == (
        "ict.revenue",
        "2017",
        "created",
    )
    start, end = revenue["span"]
    assert preview.clean_text[start:end] == "2.060 tỷ đồng"
    growth = next(f for f in plan["figures"] if f["text"] == "19%")
    assert growth["indicator"] is None and "%" in growth["reason"]
    assert preview.counts() == {
        "participants": 1,
        "figures": 9,
        "values": 2,
        "reviews": 0,
        "tasks": 5,
        "commendations": 3,
        "conflicts": 0,
    }


def test_preview_of_a_stored_document_names_it(world, ingest_seed, seed_path):
    stored = ingest_seed("thai_binh_2017")
    data = seed_path("thai_binh_2017").read_bytes()
    preview = document_preview(text=data.decode(), data=data)
    assert preview.duplicate_of == stored.document
    # The meeting is there already: the plan adds to it, and nothing twice.
    assert preview.plan.existing_meeting == stored.meeting
    counts = preview.counts()
    assert counts["tasks"] == counts["commendations"] == counts["participants"] == 0


def test_a_corrected_record_is_stored_as_corrected(world, seed_path):
    text = seed_path("thai_binh_2007").read_text("utf-8")
    preview = document_preview(text=text)
    record = copy.deepcopy(preview.record)
    record["people"] = [{"name": "Phạm Văn Xuyên", "title": "Giám đốc Sở Bưu chính, Viễn thông"}]
    record["tasks"] = record["tasks"][:2]
    again = document_preview(text=text, record=record)
    assert again.as_json()["corrected"] is True
    assert again.plan.people[0].unit.code == "34.SBCVT"
    result = document_ingest(text=text, record=record, actor="cli:nam", provenance="pasted")
    document = result.document
    assert document.provenance == Provenance.PASTED
    assert document.record["people"] == record["people"]
    assert document.extracted_record == preview.extracted_record
    assert Task.objects.filter(meeting=result.meeting).count() == 2
    participant = Participant.objects.get(meeting=result.meeting)
    assert participant.unit.code == "34.SBCVT" and participant.source_span_start is None
    assert any("Phạm Văn Xuyên" in n and "not found" in n for n in document.notes)


def _nothing_stored() -> None:
    assert not SourceDocument.objects.exists()
    assert not Meeting.objects.exists() and not Person.objects.exists()
    assert not MeetingFigure.objects.exists() and not Value.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="document.").exists()


def _record(seed_path, key="thai_binh_2017"):
    preview = document_preview(text=seed_path(key).read_text("utf-8"))
    return seed_path(key).read_text("utf-8"), copy.deepcopy(preview.record)


def test_no_meeting_date_nor_publication_date(world, seed_path):
    text, record = _record(seed_path)
    record["meeting"]["date"] = None
    record["published"] = None
    record["meeting"]["reviewed_period"] = None
    # Nor a day and month in the text, nor an address with a month, nor a period reviewed.
    text = "Hội nghị triển khai công tác năm 2018 của Sở Thông tin và Truyền thông Thái Bình."
    record["clean_text"] = text
    with pytest.raises(DocumentError) as caught:
        document_ingest(text=text, record=record, actor="test")
    message = str(caught.value)
    assert "meeting.date" in message and "không cho biết ngày họp" in message
    assert "neither the meeting's day nor a publication date" in message
    assert "Văn bản không cho biết ngày họp" in message
    _nothing_stored()
    preview = document_preview(text=text, record=record)
    assert preview.plan is None and "ngày họp" in preview.error


@pytest.mark.parametrize(
    "field, value, vi, en",
    [
        ("province", "Atlantis", "Không có tỉnh «Atlantis»", "no province «Atlantis»"),
        ("province", None, "không cho biết tỉnh", "does not say the organizer's province"),
        ("department", "Sở Ngoại vụ", "Không có «Sở Ngoại vụ» của Thái Bình", "no «Sở Ngoại vụ»"),
        ("department", None, "không cho biết cơ quan tổ chức", "which body organized"),
    ],
)
def test_unknown_province_or_department(world, seed_path, field, value, vi, en):
    text, record = _record(seed_path)
    record["meeting"]["organizer"][field] = value
    with pytest.raises(DocumentError) as caught:
        document_ingest(text=text, record=record, actor="test")
    assert vi in str(caught.value) and en in str(caught.value)
    assert f"meeting.organizer.{field}" in str(caught.value)
    _nothing_stored()


def test_a_department_before_it_existed(world, seed_path):
    # Sở Nông nghiệp và Môi trường exists from 01/03/2025 only.
    text, record = _record(seed_path)
    record["meeting"]["organizer"]["department"] = "Sở Nông nghiệp và Môi trường"
    with pytest.raises(DocumentError, match=r"Sở Nông nghiệp và Môi trường.*Thái Bình"):
        document_ingest(text=text, record=record, actor="test")
    _nothing_stored()


def test_the_science_department_before_2025(world, corpus):
    # Sở Khoa học và Công nghệ Quảng Ninh in 2020, before information and communications
    # merged into it.
    doc = corpus["p026"]
    result = document_ingest(text=doc["text"], url=doc["url"], actor="test")
    organizer = result.meeting.organizer
    assert (organizer.code, organizer.kind) == ("22.SKHCN", "agency")
    assert organizer.name == "Sở Khoa học và Công nghệ Quảng Ninh"


@pytest.mark.parametrize(
    "change, field",
    [
        (lambda r: r["people"].append({"title": "Giám đốc"}), "people[1].name"),
        (lambda r: r["figures"].append({"value": "nhiều", "text": "x"}), "figures[9].value"),
        (lambda r: r["meeting"].update(kind="hop_mat"), "meeting.kind"),
        (lambda r: r["meeting"].update(date="31/01/2007"), "meeting.date"),
        (lambda r: r["commendations"][0].update(collectives=-1), "commendations[0].collectives"),
        (lambda r: r.update(tasks="một việc"), "tasks"),
    ],
)
def test_a_malformed_corrected_record_names_its_field(world, seed_path, change, field):
    text, record = _record(seed_path)
    change(record)
    with pytest.raises(DocumentError) as caught:
        document_ingest(text=text, record=record, actor="test")
    assert f"«{field}»" in str(caught.value) and " / " in str(caught.value)
    _nothing_stored()


@pytest.mark.parametrize(
    "text, vi",
    [("", "tài liệu rỗng"), ("   \n ", "tài liệu rỗng"), ("abc\x00\x01\x02" * 50, "nhị phân")],
)
def test_unreadable_text(world, text, vi):
    with pytest.raises(DocumentError, match=vi):
        document_ingest(text=text, actor="test")
    with pytest.raises(DocumentError, match=vi):
        document_preview(text=text)
    _nothing_stored()


def test_a_failure_half_way_stores_nothing(world, seed_path, monkeypatch):
    def broken(**kwargs):
        raise MeetingsError("Hỏng giữa chừng", "broken half way", column="tasks")

    monkeypatch.setattr(meetings_services, "task_create", broken)
    with pytest.raises(DocumentError, match="Hỏng giữa chừng / broken half way"):
        document_ingest(text=seed_path("thai_binh_2017").read_text("utf-8"), actor="test")
    _nothing_stored()


def test_an_unknown_award_form_is_noted_not_stored(world, seed_path):
    text, record = _record(seed_path)
    record["commendations"].append(
        {"form": "Kỷ niệm chương vì sự nghiệp", "collectives": None, "individuals": 2}
    )
    result = document_ingest(text=text, record=record, actor="test")
    assert result.counts["commendations"] == 3
    assert any("Kỷ niệm chương" in n and "no award form" in n for n in result.notes)


def test_a_renamed_department_called_by_its_new_name(world, corpus):
    # Tuyên Quang, 02/06/2008: the register renames the department on 01/07/2008.
    doc = corpus["p023"]
    result = document_ingest(text=doc["text"], url=doc["url"], actor="test")
    assert result.meeting.organizer.code == "08.SBCVT"
    assert result.meeting.date == dt.date(2008, 6, 2)
    assert any("earlier or later name" in n for n in result.notes)


def test_a_saved_page_keeps_its_html(world, seed_path):
    body = seed_path("thai_binh_2017").read_text("utf-8").split("\n\n")
    paragraphs = "".join(f"<p>{p.strip()}</p>" for p in body if p.strip())
    html = (
        "<html><head><title>Cổng thông tin</title></head><body>"
        "<nav><a href='/'>Trang chủ</a> | <a href='/tin'>Tin tức</a></nav>"
        f"<article>{paragraphs}</article>"
        "<footer>Bản quyền thuộc Sở Thông tin và Truyền thông</footer></body></html>"
    )
    result = document_ingest(html=html, url="https://thaibinh.gov.vn/tin/1", actor="test")
    document = result.document
    assert document.raw_html == html
    assert "Tổng doanh thu toàn ngành ước đạt 2.060 tỷ đồng" in document.raw_text
    assert "<p>" not in document.clean_text and document.site == "thaibinh.gov.vn"
    assert result.meeting.organizer.code == "34.STTTT"
    assert Value.objects.get(indicator__code="ict.revenue").value == 2_060_000_000_000
    # The same page again is the same document.
    assert not document_ingest(html=html, url="https://thaibinh.gov.vn/tin/1", actor="t").created
