"""The five seed documents ingested on top of the reference data: the meeting with its day,
organizer, province then and today, people with their titles, figures, tasks and
commendations, each linked back to the document and its passage."""

from __future__ import annotations

import datetime as dt

import pytest

from tongket.core.models import AuditEntry
from tongket.documents.models import DocumentValue, Provenance, SourceDocument, ValueOutcome
from tongket.documents.selectors import document_items
from tongket.documents.spans import fold
from tongket.meetings.models import (
    Commendation,
    Meeting,
    MeetingFigure,
    MeetingSource,
    Participant,
    Person,
    Position,
    Task,
    TaskSource,
)
from tongket.meetings.text import text_key
from tongket.reporting.models import Value, ValueSource
from tongket.units.selectors import unit_today

D = dt.date

# key: (meeting day, organizer code, province code, today's province code)
EXPECTED = {
    "thai_binh_2007": (D(2007, 1, 31), "34.SBCVT", "34", "33"),
    "hue_2007": (D(2007, 1, 30), "46.SBCVT", "46", "46"),
    "son_la_2007": (D(2007, 1, 18), "14.SBCVT", "14", "14"),
    "thai_binh_2017": (D(2018, 1, 10), "34.STTTT", "34", "33"),
    "vinh_long_2010": (D(2011, 1, 7), "86.STTTT", "86", "86"),
}


def _located(text: str, passage: str) -> bool:
    """The passage is the item's text, or runs from its first words to its last (a remark in
    brackets the record left out stays in the passage)."""
    words, found = fold(text).split(), fold(passage)
    head, tail = " ".join(words[:3]), " ".join(words[-3:])
    return found == fold(text) or (found.startswith(head) and found.endswith(tail))


@pytest.mark.parametrize("key", list(EXPECTED))
def test_seed_becomes_its_meeting(key, ingest_seed, seed_gold):
    day, organizer, province, today = EXPECTED[key]
    gold = seed_gold(key)
    result = ingest_seed(key)
    assert result.created and result.meeting_created
    meeting = result.meeting
    assert meeting.date == day
    assert meeting.organizer.code == organizer
    assert meeting.organizer.is_valid_on(day)
    assert meeting.province.code == province
    now = unit_today(meeting.province)
    assert now.code == today and now.name == gold["meeting"]["province_today"]
    assert meeting.kind == gold["meeting"]["kind"]
    assert meeting.reviewed_periods == [gold["meeting"]["reviewed_period"]]
    assert meeting.planned_periods == [gold["meeting"]["planned_period"]]
    assert meeting.source == MeetingSource.IMPORTED
    document = result.document
    assert meeting.source_document_id == document.pk
    assert document.meeting == meeting
    assert document.provenance == Provenance.FILE
    assert document.source_name.endswith(".txt")
    assert document.record["meeting"]["date"] == day.isoformat()
    # The meeting's passage names it.
    passage = document.clean_text[meeting.source_span_start : meeting.source_span_end]
    assert "hội nghị" in fold(passage)

    # People with the titles they held that day (compared case-blind: the originals vary).
    titles = {
        text_key(p.person.full_name): text_key(p.title)
        for p in meeting.participants.select_related("person")
    }
    assert titles == {text_key(p["name"]): text_key(p["title"] or "") for p in gold["people"]}
    for participant in meeting.participants.all():
        assert participant.source_document_id == document.pk
        assert participant.person.positions.filter(title=participant.title).exists()

    # Every figure, task and commendation of the record, in the cleaned text where it says.
    record = document.record
    figures = list(meeting.figures.order_by("order"))
    assert [f.text for f in figures] == [f["text"] for f in record["figures"]]
    tasks = list(Task.objects.filter(meeting=meeting).order_by("id"))
    assert [t.text for t in tasks] == [t["text"] for t in record["tasks"]]
    for task in tasks:
        assert (task.source, task.lead) == (TaskSource.MEETING, meeting.organizer)
        assert task.assigned_on == day
    for item in [*figures, *tasks]:
        assert item.source_document_id == document.pk
        span_text = document.clean_text[item.source_span_start : item.source_span_end]
        assert _located(item.text, span_text), (item.text, span_text)
    assert meeting.commendations.count() == len(gold["commendations"])


def test_thai_binh_2017_revenue_is_a_value_of_thai_binh_for_2017(ingest_seed):
    result = ingest_seed("thai_binh_2017")
    document = result.document
    value = Value.objects.select_related("unit", "indicator", "period").get(
        indicator__code="ict.revenue"
    )
    assert (value.unit.code, value.unit.name) == ("34", "Thái Bình")
    assert value.period.code == "2017"
    assert value.value == 2_060_000_000_000
    assert value.source == ValueSource.DOCUMENT
    assert value.source_ref == f"document {document.pk}"
    link = DocumentValue.objects.get(value=value)
    assert (link.document, link.outcome, link.stated) == (
        document,
        ValueOutcome.CREATED,
        2_060_000_000_000,
    )
    assert document.clean_text[link.span_start : link.span_end] == "2.060 tỷ đồng"
    figure = link.figure
    assert (figure.indicator.code, figure.period, figure.meeting) == (
        "ict.revenue",
        "2017",
        result.meeting,
    )
    # The budget contribution of the same sentence is the sector's too; the growth rate and
    # the counts of the commendations are figures only.
    budget = Value.objects.get(indicator__code="ict.budget")
    assert (budget.value, budget.period.code) == (100_000_000_000, "2017")
    assert Value.objects.count() == 2
    assert MeetingFigure.objects.filter(meeting=result.meeting, indicator__isnull=True).count() == 7
    entry = AuditEntry.objects.get(action="value.created", object_id=str(value.pk))
    assert entry.new == {"value": 2_060_000_000_000}
    assert result.counts["values"] == 2


def test_thai_binh_2017_people_tasks_and_commendations(ingest_seed, seed_gold):
    result = ingest_seed("thai_binh_2017")
    meeting = result.meeting
    giang = meeting.participants.select_related("person").get()
    assert giang.person.full_name == "Nguyễn Hoàng Giang"
    assert giang.title == "Tỉnh ủy viên, Phó Chủ tịch UBND tỉnh"
    assert giang.unit.code == "34"  # the title places him in the province's leadership
    position = Position.objects.get(person=giang.person)
    assert (position.valid_from, position.source_document_id) == (meeting.date, result.document.pk)
    gold_tasks = [t["text"] for t in seed_gold("thai_binh_2017")["tasks"]]
    assert list(Task.objects.filter(meeting=meeting).values_list("text", flat=True)) == gold_tasks
    awards = {
        c.form.code: (c.collectives, c.individuals, c.year)
        for c in Commendation.objects.filter(meeting=meeting).select_related("form")
    }
    assert awards == {
        "bk_ttg": (1, 1, 2017),
        "bk_tinh": (2, 3, 2017),
        "gk_so": (None, None, 2017),
    }
    text = result.document.clean_text
    minister = Commendation.objects.get(form__code="bk_ttg")
    passage = text[minister.source_span_start : minister.source_span_end]
    assert "Thủ tướng Chính phủ" in passage and "1 tập thể" in passage
    province = Commendation.objects.get(form__code="bk_tinh")
    assert "2 tập thể và 3 cá nhân" in text[province.source_span_start : province.source_span_end]


def test_document_keeps_text_record_version_and_provenance(ingest_seed, seed_path):
    result = ingest_seed("thai_binh_2017")
    document = SourceDocument.objects.get(pk=result.document.pk)
    raw = seed_path("thai_binh_2017").read_text("utf-8")
    assert document.raw_text == raw
    assert "Cannot retrieve the URL" not in document.clean_text
    assert document.clean_text == document.record["clean_text"]
    assert document.title == "Sở Thông tin và Truyền thông tổng kết công tác năm 2017"
    assert document.published_on == D(2018, 1, 11)
    assert document.extractor_version.startswith("0.")
    assert len(document.sha256) == 64 and document.extracted_record is None
    assert document.ingested_by == "test"
    entry = AuditEntry.objects.get(action="document.ingested")
    assert entry.object_id == str(document.pk) and entry.unit == result.meeting.organizer
    items = document_items(document=document)
    assert len(items["figures"]) == 9 and len(items["tasks"]) == 5
    assert [v["indicator"] for v in items["values"]] == ["ict.revenue", "ict.budget"]


COUNTED = (
    SourceDocument,
    Meeting,
    Participant,
    Person,
    Position,
    MeetingFigure,
    Task,
    Commendation,
    Value,
    DocumentValue,
    AuditEntry,
)


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


def test_the_same_document_twice_is_stored_once(ingest_seed):
    for key in EXPECTED:
        ingest_seed(key)
    before = _counts()
    assert before["SourceDocument"] == 5 and before["Meeting"] == 5
    for key in EXPECTED:
        again = ingest_seed(key)
        assert not again.created
        assert again.meeting is not None and again.counts["tasks"] == 0
    assert _counts() == before


def test_one_person_across_documents(ingest_seed, corpus, world):
    from tongket.documents.services import document_ingest

    ingest_seed("thai_binh_2017")
    # The same province's mid-year review of 2017 and its review of 2016 name him too.
    for key in ("p003", "p017"):
        document_ingest(text=corpus[key]["text"], url=corpus[key]["url"], actor="test")
    person = Person.objects.get(full_name="Nguyễn Hoàng Giang")
    assert person.participations.count() == 3
    assert {p.title for p in person.positions.all()} == {
        "Tỉnh ủy viên, Phó Chủ tịch UBND tỉnh",
        "Phó Chủ tịch UBND tỉnh",
    }
    assert person.scope.code == "34"
