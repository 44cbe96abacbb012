"""Items read from a published report keep the document and the span they came from."""

from __future__ import annotations

import datetime as dt

import pytest

from tongket.meetings.errors import MeetingsError
from tongket.meetings.models import Position
from tongket.meetings.selectors import person_find
from tongket.meetings.services import (
    FigureSpec,
    PersonSpec,
    award_form_find,
    commendation_create,
    meeting_create,
    meeting_participant_add,
    task_create,
)

D = dt.date


def _meeting(units, **extra):
    return meeting_create(
        kind="annual_review",
        title="Hội nghị tổng kết công tác năm 2017",
        date=D(2018, 1, 10),
        organizer=units.so_tb,
        actor="test",
        source="imported",
        source_document_id=7,
        source_span=(0, 40),
        **extra,
    )


def test_participants_positions_and_figures_carry_their_source(units):
    meeting = _meeting(
        units,
        participants=[
            PersonSpec(
                name="Nguyễn Hoàng Giang",
                title="Phó Chủ tịch UBND tỉnh",
                unit=units.thai_binh,
                source_document_id=7,
                span=(41, 90),
            )
        ],
        figures=[
            FigureSpec(value=2.06e12, unit_of_measure="đồng", text="2.060 tỷ đồng", span=(5, 18))
        ],
    )
    participant = meeting.participants.get()
    assert (participant.source_document_id, participant.source_span_start) == (7, 41)
    position = Position.objects.get(person=participant.person)
    assert (position.source_document_id, position.source_span_end) == (7, 90)
    figure = meeting.figures.get()
    # A figure without its own document is the meeting's document's.
    assert (figure.source_document_id, figure.source_span_start) == (7, 5)


def test_a_position_seen_again_keeps_the_document_that_first_stated_it(units):
    spec = PersonSpec(
        name="Ngô Hòa", title="Phó Chủ tịch UBND tỉnh", unit=units.thai_binh, source_document_id=7
    )
    meeting = _meeting(units, participants=[spec])
    other = meeting_create(
        kind="midyear_review",
        title="Hội nghị sơ kết 6 tháng đầu năm 2018",
        date=D(2018, 7, 10),
        organizer=units.so_tb,
        actor="test",
        participants=[
            PersonSpec(
                name="Ngô Hòa",
                title="Phó Chủ tịch UBND tỉnh",
                unit=units.thai_binh,
                source_document_id=8,
            )
        ],
    )
    position = Position.objects.get()
    assert position.source_document_id == 7
    assert (position.valid_from, position.valid_to) == (meeting.date, other.date)


def test_participant_added_to_a_stored_meeting_once(units):
    meeting = _meeting(units)
    spec = PersonSpec(
        name="Đ/c Phạm Văn Xuyên", title="Giám đốc Sở", source_document_id=9, span=(3, 9)
    )
    first = meeting_participant_add(meeting=meeting, spec=spec, actor="test")
    again = meeting_participant_add(meeting=meeting, spec=spec, actor="test")
    assert first.pk == again.pk
    assert meeting.participants.count() == 1
    assert first.source_document_id == 9
    assert person_find(name="Phạm Văn Xuyên", scope=units.thai_binh) == first.person
    assert person_find(name="Phạm Văn Xuyên", scope=units.hue) is None


def test_tasks_and_commendations_carry_their_source(units):
    meeting = _meeting(units)
    task = task_create(
        text="Đẩy mạnh ứng dụng công nghệ thông tin",
        lead=units.so_tb,
        source="meeting",
        meeting=meeting,
        actor="test",
        source_document_id=7,
        source_span=(100, 137),
    )
    assert (task.source_document_id, task.source_span_start, task.source_span_end) == (7, 100, 137)
    commendation = commendation_create(
        form=award_form_find("Bằng khen của Chủ tịch UBND tỉnh"),
        year=2017,
        meeting=meeting,
        collectives=2,
        individuals=3,
        actor="test",
        source_document_id=7,
        source_span=(200, 260),
    )
    assert (commendation.source_document_id, commendation.source_span_start) == (7, 200)


def test_a_backwards_span_is_refused(units):
    with pytest.raises(MeetingsError, match="Đoạn trích nguồn không hợp lệ"):
        _meeting(
            units,
            participants=[PersonSpec(name="Ngô Hòa", source_document_id=7, span=(9, 3))],
        )
