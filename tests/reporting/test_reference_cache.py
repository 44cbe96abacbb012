"""Forms, their lines and rules, and the unit tree are cached per process and dropped when
they change: in this process at once, in the others when they see the shared counter move."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from factories import make_indicator, make_unit
from tongket.core import refcache
from tongket.core.models import ReferenceGeneration
from tongket.reporting.models import Form, FormIndicator, Frequency
from tongket.reporting.reference import form_by_code, form_lines, unit_tree
from tongket.reporting.submissions_units import unit_recipient_on
from tongket.units.models import UnitKind, UnitLink

pytestmark = pytest.mark.django_db(transaction=True)


def _form() -> Form:
    form = Form.objects.create(
        code="CACHE.01",
        name="Biểu thử bộ nhớ đệm",
        frequency=Frequency.YEAR,
        unit_kinds=["commune"],
        recipient_kind="department",
        deadline_days=15,
    )
    FormIndicator.objects.create(form=form, indicator=make_indicator("cache.a"), line=1)
    return form


def _queries(call) -> tuple[object, int]:
    with CaptureQueriesContext(connection) as captured:
        result = call()
    return result, len(captured)


def test_form_lines_are_read_once_then_again_after_a_change():
    form = _form()
    first, count = _queries(lambda: form_lines(form.pk))
    assert [fl.indicator.code for fl in first] == ["cache.a"] and count >= 1
    again, count = _queries(lambda: form_lines(form.pk))
    assert again is first and count == 0
    FormIndicator.objects.create(form=form, indicator=make_indicator("cache.b"), line=2)
    changed, count = _queries(lambda: form_lines(form.pk))
    assert [fl.indicator.code for fl in changed] == ["cache.a", "cache.b"] and count >= 1


def test_a_renamed_form_is_seen_at_once():
    form = _form()
    assert form_by_code("CACHE.01").name == "Biểu thử bộ nhớ đệm"
    form.name = "Biểu đã đổi tên"
    form.save()
    assert form_by_code("CACHE.01").name == "Biểu đã đổi tên"


def test_a_change_made_by_another_process_is_seen_through_the_counter(monkeypatch):
    form = _form()
    other = make_indicator("cache.c")
    monkeypatch.setattr(refcache, "CHECK_SECONDS", 3600.0)
    form_lines(form.pk)
    # Another process adds a line: it writes the rows and raises the counter; this process
    # received no signal.
    FormIndicator.objects.bulk_create([FormIndicator(form=form, indicator=other, line=3)])
    ReferenceGeneration.objects.filter(pk=1).update(generation=10_000)
    assert len(form_lines(form.pk)) == 1  # the counter is read at most once a CHECK_SECONDS
    monkeypatch.setattr(refcache, "CHECK_SECONDS", 0.0)
    assert [fl.indicator.code for fl in form_lines(form.pk)] == ["cache.a", "cache.c"]


def test_the_recipient_follows_a_change_of_the_unit_tree():
    day = dt.date(2026, 1, 31)
    start = dt.date(2025, 7, 1)
    province = make_unit(kind=UnitKind.PROVINCE, code="91", name="Tỉnh Một", valid_from=start)
    other = make_unit(kind=UnitKind.PROVINCE, code="92", name="Tỉnh Hai", valid_from=start)
    so_1 = make_unit(kind=UnitKind.DEPARTMENT, code="91.S", name="Sở Một", valid_from=start)
    so_2 = make_unit(kind=UnitKind.DEPARTMENT, code="92.S", name="Sở Hai", valid_from=start)
    UnitLink.objects.create(child=so_1, parent=province, valid_from=start)
    UnitLink.objects.create(child=so_2, parent=other, valid_from=start)
    commune = make_unit(kind=UnitKind.COMMUNE, code="91001", name="Xã Một", valid_from=start)
    link = UnitLink.objects.create(child=commune, parent=province, valid_from=start)
    assert unit_recipient_on(unit=commune, kind="department", day=day) == so_1
    tree = unit_tree()
    _, count = _queries(lambda: unit_tree())
    assert count == 0
    # The commune moves to the other province: the cached tree is dropped and rebuilt.
    link.valid_to = dt.date(2025, 12, 31)
    link.save()
    UnitLink.objects.create(child=commune, parent=other, valid_from=dt.date(2026, 1, 1))
    assert unit_tree() is not tree
    assert unit_recipient_on(unit=commune, kind="department", day=day) == so_2
