"""The demo data on the reference units, and the listing commands with --json on it."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from tongket.meetings.demo import meetings_demo_load
from tongket.meetings.errors import MeetingsError
from tongket.meetings.models import (
    Commendation,
    Meeting,
    MeetingKind,
    Notice,
    Person,
    Plan,
    Task,
    TaskProgress,
)
from tongket.units.models import Unit

D = dt.date
TODAY = D(2025, 8, 20)


def _json(*args) -> list[dict]:
    out = StringIO()
    call_command(*args, "--json", stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines() if line.strip()]


def _all():
    return tuple(
        m.objects.count() for m in (Meeting, Notice, Task, TaskProgress, Commendation, Plan)
    )


def test_demo_needs_the_reference_units(reference_units):
    Unit.objects.filter(code="34.STTTT").delete()
    with pytest.raises(MeetingsError) as error:
        meetings_demo_load(today=TODAY)
    assert "34.STTTT" in str(error.value) and "tongket init" in str(error.value)
    assert _all() == (0, 0, 0, 0, 0, 0)


def test_demo_and_the_commands(reference_units, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    counts = meetings_demo_load(today=TODAY)
    assert counts["meetings"] == Meeting.objects.count() > 200
    assert counts["tasks"] == Task.objects.count()
    assert counts["notices_late"] > 0 and counts["progress"] > 0
    assert not Meeting.objects.filter(is_synthetic=False).exists()
    assert not Task.objects.filter(is_synthetic=False).exists()
    assert set(Meeting.objects.values_list("kind", flat=True)) == set(MeetingKind.values) - {
        "other"
    }
    assert Meeting.objects.filter(date__gt=TODAY).count() == 0
    # Organizers of each era: Sở TT&TT, Sở KH&CN from 01/03/2025, merged Hưng Yên from 01/07.
    codes = set(Meeting.objects.values_list("organizer__code", flat=True))
    assert {"34.STTTT", "34.SKHCN", "33.SKHCN", "46.SKHCN", "86.STTTT"} <= codes

    # A second run adds nothing.
    before = _all()
    again = meetings_demo_load(today=TODAY)
    assert _all() == before and "meetings" not in again

    # The provincial vice-chairman of 2016-2020 is chairman later: one person, two titles.
    promoted = [
        p
        for p in Person.objects.prefetch_related("positions")
        if {"Phó Chủ tịch UBND tỉnh", "Chủ tịch UBND tỉnh"} <= {x.title for x in p.positions.all()}
    ]
    assert promoted

    meetings = _json("meetings", "--year", "2018")
    assert len(meetings) == Meeting.objects.filter(date__year=2018).count()
    for row in meetings:
        assert {"kind", "date", "organizer", "province"} <= set(row)
        assert row["date"].startswith("2018") and row["province"]
    thai_binh = _json("meetings", "--unit", "34", "--year", "2018")
    assert thai_binh and all(r["province_code"] == "34" for r in thai_binh)

    statuses = Counter()
    for status in ("in_progress", "overdue", "done_on_time", "done_late"):
        rows = _json("tasks", "--status", status, "--today", "2025-08-20")
        assert rows, status
        assert all(r["status"] == status for r in rows)
        assert all({"text", "lead", "deadline", "status"} <= set(r) for r in rows)
        statuses[status] = len(rows)
    assert sum(statuses.values()) == Task.objects.count()
    lead_rows = _json("tasks", "--lead", "34.STTTT", "--today", "2025-08-20")
    assert lead_rows and all(r["lead_code"] == "34.STTTT" for r in lead_rows)

    rates = _json("task-rates", "--by", "source", "--today", "2025-08-20")
    assert sum(r["total"] for r in rates) == Task.objects.count()
    assert sum(r["overdue"] for r in rates) == statuses["overdue"]

    commendations = _json("commendations", "--year", "2017")
    assert commendations and all(r["year"] == 2017 for r in commendations)
    forms = {r["form_code"] for r in commendations}
    assert {"bk_tinh", "gk_so", "ldtt", "cstd_cs"} <= forms
    totals = _json("commendations", "--by", "unit", "--year", "2017")
    assert sum(r["decisions"] for r in totals) == len(commendations)

    late = _json("notices", "--late")
    assert late and all(r["late"] and r["issued_on"] > r["due_on"] for r in late)

    plans = _json("plans", "--unit", "34.STTTT")
    assert {p["period"] for p in plans} >= {"2017", "2018"}

    out = StringIO()
    call_command("remind", "--today", "2025-08-20", stdout=out)
    assert "reminders_created" in out.getvalue()
    sent = len(mail.outbox)
    call_command("remind", "--today", "2025-08-20", stdout=StringIO())
    assert len(mail.outbox) == sent


def test_listing_rejects_an_unknown_unit(db):
    with pytest.raises(CommandError) as error:
        call_command("tasks", "--unit", "không có", stdout=StringIO())
    assert "Không có đơn vị" in str(error.value) and "no unit" in str(error.value)
