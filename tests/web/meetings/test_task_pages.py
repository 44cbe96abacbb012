"""Task pages: lists by status and lead, rates, assigning, progress with evidence, completion."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tongket.core.models import AuditEntry
from tongket.core.numbers import format_date
from tongket.meetings.models import Task, TaskProgress, TaskSource, TaskStatus
from tongket.meetings.services import task_complete, task_create
from web.meetings.helpers import page_text
from web.meetings.world import PDF

TODAY = timezone.localdate()


def _ids(response) -> list[int]:
    return [row["id"] for row in response.context["rows"]]


def _counts(response) -> dict[str, int]:
    return {tab["key"]: tab["count"] for tab in response.context["tabs"]}


def _done_tasks(world, m):
    """One task done on time and one done late, both of Hưng Yên's department."""
    on_time = task_create(
        text="Báo cáo quý",
        lead=world.so_hy,
        source=TaskSource.DOCUMENT,
        document_number="1/KH-SKHCN",
        document_date=dt.date(2026, 1, 5),
        deadline=dt.date(2026, 3, 31),
        actor="test",
    )
    task_complete(task=on_time, on=dt.date(2026, 3, 30), actor="test")
    late = task_create(
        text="Báo cáo năm",
        lead=world.so_hy,
        source=TaskSource.DOCUMENT,
        document_number="2/KH-SKHCN",
        document_date=dt.date(2026, 1, 5),
        deadline=dt.date(2026, 2, 28),
        actor="test",
    )
    task_complete(task=late, on=dt.date(2026, 4, 2), actor="test")
    return on_time, late


def test_list_is_scoped_and_counts_each_status(clients, m, world):
    on_time, late = _done_tasks(world, m)
    response = clients["staff"].get("/tasks/?year=")
    assert set(_ids(response)) == {m.t_hy.pk, m.t_national.pk, m.t_tb.pk, on_time.pk, late.pk}
    overdue = {t for t in (m.t_hy, m.t_national) if t.deadline < TODAY} | {m.t_tb}
    assert _counts(response) == {
        "": 5,
        TaskStatus.IN_PROGRESS: 2 - len(overdue - {m.t_tb}),
        TaskStatus.OVERDUE: len(overdue),
        TaskStatus.DONE_ON_TIME: 1,
        TaskStatus.DONE_LATE: 1,
    }
    assert _ids(clients["staff"].get("/tasks/?status=done_late")) == [late.pk]
    assert _ids(clients["staff_other"].get("/tasks/?year=")) == [m.t_hn.pk]
    text = page_text(clients["staff"].get("/tasks/?status=done_late"))
    assert "Báo cáo năm" in text and "28/02/2026" in text and "02/04/2026" in text
    assert "Hoàn thành quá hạn" in text


def test_list_opens_on_the_current_year(clients, m, world):
    response = clients["staff"].get("/tasks/")
    assert response.context["form"]["year"].value() == str(TODAY.year)
    # This year's list keeps what is still open from earlier years (Thái Bình's 2018 task is
    # overdue), and leaves out what was done before the year began.
    assert m.t_tb.pk in _ids(response)
    old = task_create(
        text="Báo cáo năm 2019",
        lead=world.so_tb,
        source=TaskSource.DOCUMENT,
        document_number="9/KH-SKHCN",
        document_date=dt.date(2019, 1, 5),
        deadline=dt.date(2019, 3, 31),
        actor="test",
    )
    task_complete(task=old, on=dt.date(2019, 3, 30), actor="test")
    assert old.pk not in _ids(clients["staff"].get("/tasks/"))
    assert old.pk in _ids(clients["staff"].get("/tasks/?year="))
    assert old.pk in _ids(clients["staff"].get("/tasks/?year=2019"))


def test_dashboard_counts_lead_to_the_same_tasks(clients, m, world):
    """One count: each figure of the dashboard's task panel is a link to the task page, which
    lists exactly that many tasks."""
    _done_tasks(world, m)
    for unit in (world.hung_yen, world.so_hy):
        dashboard = clients["staff"].get(f"/dashboard/?unit={unit.pk}")
        counts = dashboard.context["tasks"].counts
        html = dashboard.content.decode()
        for status in TaskStatus.values:
            link = f"/tasks/?unit={unit.pk}&amp;year=&amp;status={status}"
            assert link in html, (unit, status)
            listed = clients["staff"].get(link.replace("&amp;", "&"))
            assert listed.context["page"].paginator.count == counts[status], (unit, status)
    # The province stands for its department: the department's tasks are the province's too.
    province = clients["staff"].get(f"/tasks/?unit={world.hung_yen.pk}&year=")
    assert m.t_hy.pk in _ids(province)
    # A unit outside the user's scope is not found.
    assert clients["staff"].get(f"/tasks/?unit={world.ha_noi.pk}").status_code == 404


def test_list_filters_by_lead_and_year(clients, m, world):
    response = clients["staff"].get(f"/tasks/?lead={world.dn_national.pk}")
    assert _ids(response) == [m.t_national.pk]
    assert _ids(clients["staff"].get("/tasks/?year=2018")) == [m.t_tb.pk]
    choices = dict(clients["staff"].get("/tasks/").context["form"].fields["lead"].choices)
    assert world.so_hn.pk not in choices and choices[world.dn_national.pk] == "Tập đoàn Toàn Quốc"


def test_completion_rates_count_only_visible_tasks(clients, m, world):
    _done_tasks(world, m)
    rows = {r["label"]: r for r in clients["staff"].get("/tasks/rates/").context["rows"]}
    assert set(rows) == {
        "Sở Khoa học và Công nghệ Hưng Yên",
        "Sở Thông tin và Truyền thông Thái Bình",
        "Tập đoàn Toàn Quốc",
    }
    hy = rows["Sở Khoa học và Công nghệ Hưng Yên"]
    assert (hy["total"], hy["done"]) == (3, 2)
    assert round(hy["completion_pct"], 1) == 66.7 and round(hy["on_time_pct"], 1) == 33.3
    text = page_text(clients["staff"].get("/tasks/rates/"))
    assert "66,7%" in text and "33,3%" in text
    by_year = clients["staff"].get("/tasks/rates/?by=period").context["rows"]
    assert [(r["label"], r["total"]) for r in by_year] == [("2018", 1), ("2026", 4)]
    other = clients["staff_other"].get("/tasks/rates/").context["totals"]
    assert other["total"] == 1


def _assign(**changes) -> dict:
    return {
        "text": "Báo cáo kết quả chuyển đổi số",
        "lead": "Xã Vũ Thư (12001)",
        "supporting": "33.SKHCN",
        "deadline": format_date(TODAY + dt.timedelta(days=20)),
        "assigned_by": "Hưng Yên (33)",
        "source": TaskSource.DOCUMENT,
        "document_number": "215/UBND-KGVX",
        "document_date": format_date(TODAY),
    } | changes


def test_leader_assigns_a_task_by_a_document(clients, world):
    response = clients["leader"].post("/tasks/new/", _assign())
    task = Task.objects.get(document_number="215/UBND-KGVX")
    assert response.status_code == 302 and response.url == f"/tasks/{task.pk}/"
    assert (task.lead, task.assigned_by_unit, task.assigned_on) == (
        world.xa_hy,
        world.hung_yen,
        TODAY,
    )
    assert list(task.supporting.all()) == [world.so_hy]
    assert AuditEntry.objects.get(action="task.created", object_id=str(task.pk)).actor == "leader"


def test_assigning_checks_the_assigner_source_and_dates(clients, m, world):
    client = clients["leader"]
    errors = client.post("/tasks/new/", _assign(assigned_by="Hà Nội (01)")).context["form"].errors
    assert "không thuộc phạm vi của bạn" in errors["assigned_by"][0]
    errors = client.post("/tasks/new/", _assign(document_number="")).context["form"].errors
    assert errors["document_number"] == ["Ghi số văn bản giao nhiệm vụ."]
    errors = client.post("/tasks/new/", _assign(source="meeting")).context["form"].errors
    assert errors["meeting"] == ["Chọn cuộc họp giao nhiệm vụ."]
    past = format_date(TODAY - dt.timedelta(days=1))
    errors = client.post("/tasks/new/", _assign(deadline=past)).context["form"].errors
    assert errors["deadline"][0].startswith("Thời hạn")
    errors = client.post("/tasks/new/", _assign(lead="Xã Vũ Thư (12001)", supporting="12001"))
    assert errors.context["form"].errors["supporting"][0].startswith("«Xã Vũ Thư» vừa chủ trì")
    # A meeting of another province is no choice.
    errors = client.post("/tasks/new/", _assign(source="meeting", meeting=str(m.m_hn.pk)))
    assert "meeting" in errors.context["form"].errors
    assert not Task.objects.filter(text="Báo cáo kết quả chuyển đổi số").exists()


def test_assigning_at_a_meeting_dates_the_task_on_the_meeting(clients, m, world):
    response = clients["staff"].post(
        "/tasks/new/",
        _assign(
            source="meeting",
            meeting=str(m.m_hy.pk),
            assigned_by="33.SKHCN",
            lead="33.SKHCN",
            supporting="",
        ),
    )
    task = Task.objects.get(text="Báo cáo kết quả chuyển đổi số")
    assert response.status_code == 302
    assert (task.meeting, task.assigned_on, task.document_number) == (m.m_hy, m.m_hy.date, "")


def test_progress_with_evidence_file(clients, m, settings):
    url = f"/tasks/{m.t_hy.pk}/progress/"
    upload = SimpleUploadedFile("Biên bản.pdf", PDF)
    response = clients["staff"].post(
        url,
        {"on": format_date(TODAY), "text": "Đã triển khai 80 xã", "percent": "80", "file": ""}
        | {"evidence": "Công văn 12/SKHCN", "evidence_file": upload},
    )
    assert response.status_code == 302 and response.url == f"/tasks/{m.t_hy.pk}/#progress"
    progress = TaskProgress.objects.get(task=m.t_hy, percent=80)
    assert progress.evidence == "Công văn 12/SKHCN" and progress.actor == "staff"
    assert progress.reported_by_unit == m.t_hy.lead
    assert (settings.MEDIA_ROOT / progress.evidence_file.name).read_bytes() == PDF
    text = page_text(clients["leader"].get(f"/tasks/{m.t_hy.pk}/"))
    assert "Đã triển khai 80 xã" in text and "80%" in text and format_date(TODAY) in text
    download = clients["leader"].get(f"/tasks/{m.t_hy.pk}/progress/{progress.pk}/file/")
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content) == PDF


def test_progress_errors_store_nothing(clients, m):
    url = f"/tasks/{m.t_hy.pk}/progress/"
    client = clients["staff"]
    cases = [
        ({"on": format_date(TODAY + dt.timedelta(days=1)), "text": "x"}, "on"),
        ({"on": "20/12/2024", "text": "x"}, "on"),  # before the task was assigned
        ({"on": format_date(TODAY), "text": "x", "percent": "120"}, "percent"),
        ({"on": format_date(TODAY), "text": " "}, "text"),
        (
            {
                "on": format_date(TODAY),
                "text": "x",
                "evidence_file": SimpleUploadedFile("virus.exe", b"MZ"),
            },
            "evidence_file",
        ),
    ]
    for data, field in cases:
        response = client.post(url, data)
        assert response.status_code == 200
        assert list(response.context["progress_form"].errors) == [field], data
    assert TaskProgress.objects.filter(task=m.t_hy).count() == 1


def test_complete_reopen_and_change_the_deadline(clients, m):
    client = clients["staff"]
    url = f"/tasks/{m.t_hy.pk}/"
    new_deadline = TODAY + dt.timedelta(days=40)
    response = client.post(
        f"{url}deadline/", {"deadline": format_date(new_deadline), "reason": "Gia hạn theo đề nghị"}
    )
    assert response.status_code == 302
    m.t_hy.refresh_from_db()
    assert m.t_hy.deadline == new_deadline
    entry = AuditEntry.objects.get(action="task.deadline_changed", object_id=str(m.t_hy.pk))
    assert entry.reason == "Gia hạn theo đề nghị" and entry.old == {"deadline": "2026-06-30"}
    errors = (
        client.post(f"{url}deadline/", {"deadline": format_date(new_deadline)})
        .context["deadline_form"]
        .errors
    )
    assert list(errors) == ["reason"]

    future = format_date(TODAY + dt.timedelta(days=1))
    errors = client.post(f"{url}complete/", {"completed_on": future}).context["complete_form"]
    assert errors.errors["completed_on"] == ["Ngày hoàn thành ở tương lai."]
    assert client.post(f"{url}complete/", {"completed_on": format_date(TODAY)}).status_code == 302
    m.t_hy.refresh_from_db()
    assert m.t_hy.completed_on == TODAY
    assert "Hoàn thành đúng hạn" in page_text(client.get(url))
    # Sent twice (a second tap on a slow line): the second is refused where it was made.
    again = client.post(f"{url}complete/", {"completed_on": format_date(TODAY)})
    assert again.context["complete_form"].errors["completed_on"] == [
        f"Nhiệm vụ đã hoàn thành ngày {format_date(TODAY)}"
    ]
    # Done: the deadline stays until the task is reopened.
    refused = client.post(f"{url}deadline/", {"deadline": "31/12/2027", "reason": "x"})
    assert refused.context["deadline_form"].non_field_errors()
    assert client.post(f"{url}reopen/", {"reason": ""}).context["reopen_form"].errors
    assert client.post(f"{url}reopen/", {"reason": "Chưa đạt"}).status_code == 302
    m.t_hy.refresh_from_db()
    assert m.t_hy.completed_on is None and m.t_hy.deadline == new_deadline


def test_task_page_offers_each_role_its_actions(clients, m):
    def offered(role: str) -> list[str]:
        context = clients[role].get(f"/tasks/{m.t_hy.pk}/").context
        return [
            name
            for name in ("progress_form", "complete_form", "reopen_form", "deadline_form")
            if context[name] is not None
        ]

    assert offered("staff") == ["progress_form", "complete_form", "deadline_form"]
    assert offered("leader") == ["deadline_form"]
    assert offered("analyst") == []


def test_opened_from_a_meeting_the_task_is_that_meetings(clients, m, settings):
    form = clients["leader"].get(f"/tasks/new/?meeting={m.m_tb.pk}").context["form"]
    assert form.initial["source"] == TaskSource.MEETING and form.initial["meeting"] == m.m_tb.pk
    # Without it, only recent meetings are offered (the 2017 one is not).
    offered = set(clients["leader"].get("/tasks/new/").context["form"].fields["meeting"].queryset)
    assert m.m_tb not in offered
    assert offered == {x for x in (m.m_hy,) if (TODAY - x.date).days <= 400}
    # Another province's meeting is no choice even when named.
    form = clients["leader"].get(f"/tasks/new/?meeting={m.m_hn.pk}").context["form"]
    assert form.initial["source"] == TaskSource.DOCUMENT
    assert m.m_hn not in set(form.fields["meeting"].queryset)
    page = clients["leader"].get(f"/meetings/{m.m_hy.pk}/").content.decode()
    assert f'href="/tasks/new/?meeting={m.m_hy.pk}"' in page


def test_command_line_unit_of_a_province_finds_its_department_tasks(m, world):
    """`tongket tasks --unit 33`: the province as a person means it, department included; the
    command line counts as the task page does."""
    import io
    import json

    from django.core.management import call_command

    out = io.StringIO()
    call_command("tasks", "--unit", "33", "--json", stdout=out)
    ids = {json.loads(line)["id"] for line in out.getvalue().splitlines() if line.strip()}
    assert m.t_hy.pk in ids and m.t_hn.pk not in ids
    out = io.StringIO()
    call_command("tasks", "--lead", "33", "--json", stdout=out)
    assert out.getvalue().strip() == ""  # --lead is the unit itself: the province leads none
