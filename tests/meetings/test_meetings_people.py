"""A person keeps one identity across titles, years and the way the name is written."""

from __future__ import annotations

import datetime as dt

from tongket.meetings.models import Person, Position
from tongket.meetings.selectors import person_titles_on
from tongket.meetings.services import PersonSpec, meeting_create, person_get_or_create
from tongket.meetings.text import person_key, person_name

D = dt.date


def test_one_person_across_two_titles(units):
    first = meeting_create(
        kind="annual_review",
        title="Hội nghị tổng kết năm 2006",
        date=D(2007, 1, 30),
        organizer=units.so_hue,
        participants=[
            PersonSpec(name="Đ/c Ngô Hòa", title="Phó Chủ tịch UBND tỉnh", unit=units.hue)
        ],
        actor="test",
    )
    second = meeting_create(
        kind="annual_review",
        title="Hội nghị tổng kết năm 2007",
        date=D(2008, 1, 25),
        organizer=units.so_hue,
        participants=[
            PersonSpec(name="đồng chí Ngô Hoà", title="Chủ tịch UBND tỉnh", unit=units.hue)
        ],
        actor="test",
    )
    people = Person.objects.filter(name_key=person_key("Ngô Hòa"))
    assert people.count() == 1
    person = people.get()
    assert person.full_name == "Ngô Hòa"
    assert person.scope == units.hue
    assert {p.title for p in person.positions.all()} == {
        "Phó Chủ tịch UBND tỉnh",
        "Chủ tịch UBND tỉnh",
    }
    assert person_titles_on(person=person, on=D(2007, 1, 30)) == ["Phó Chủ tịch UBND tỉnh"]
    assert person_titles_on(person=person, on=D(2008, 1, 25)) == ["Chủ tịch UBND tỉnh"]
    # The participant rows keep the title of the day.
    assert first.participants.get().title == "Phó Chủ tịch UBND tỉnh"
    assert second.participants.get().title == "Chủ tịch UBND tỉnh"


def test_same_title_seen_again_widens_the_position(units):
    for day in (D(2007, 1, 30), D(2007, 6, 1), D(2006, 12, 1)):
        person_get_or_create(
            name="Ngô Hòa", title="Phó Chủ tịch UBND tỉnh", unit=units.hue, on=day, actor="t"
        )
    position = Position.objects.get()
    assert (position.valid_from, position.valid_to) == (D(2006, 12, 1), D(2007, 6, 1))


def test_same_name_in_another_province_is_another_person(units):
    a = person_get_or_create(name="Nguyễn Văn An", unit=units.so_tb, on=D(2018, 1, 1), actor="t")
    b = person_get_or_create(name="Nguyễn Văn An", unit=units.hue, on=D(2018, 1, 1), actor="t")
    c = person_get_or_create(
        name="Nguyễn Văn An", unit=units.thai_binh, on=D(2019, 5, 1), actor="t"
    )
    assert a.pk != b.pk
    assert a.pk == c.pk  # the department and the province are one scope


def test_names_are_cleaned():
    assert person_name("Đ/c  Ngô   Hòa") == "Ngô Hòa"
    assert person_name("Thứ trưởng Nguyễn Thành Hưng") == "Nguyễn Thành Hưng"
    assert person_key("NGÔ HOÀ") == person_key("Ngô Hòa")
    assert person_key("Ngô Hòa") != person_key("Ngô Hà")


def test_identity_survives_a_province_merger(units):
    from factories import make_unit
    from tongket.units.models import UnitSuccession

    merged = make_unit(code="X33", name="Hưng Yên (thử)", valid_from=D(2025, 7, 1))
    units.thai_binh.valid_to = D(2025, 6, 30)
    UnitSuccession.objects.create(
        predecessor=units.thai_binh, successor=merged, date=D(2025, 7, 1), event="merge"
    )
    before = person_get_or_create(
        name="Vũ Thị Hương", title="Phó Chủ tịch UBND tỉnh", unit=units.thai_binh,
        on=D(2024, 5, 1), actor="t",
    )  # fmt: skip
    after = person_get_or_create(
        name="Vũ Thị Hương", title="Phó Chủ tịch UBND tỉnh", unit=merged, on=D(2025, 9, 1),
        actor="t",
    )  # fmt: skip
    assert before.pk == after.pk
    assert {p.unit for p in after.positions.all()} == {units.thai_binh, merged}
