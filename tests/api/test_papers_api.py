"""The documents through the API, as the pages make them: the year-end report's parts written,
its DOCX and PDF made in the background (django-tasks, ``tongket worker``) and opened with
python-docx and pdftotext; a conclusion notice drafted, changed, issued with its number and
made as DOCX; the meeting's article; plans with their key tasks."""

from __future__ import annotations

import io
import re
import subprocess

import pytest
from django.core.management import call_command
from docx import Document

from tongket.core.models import AuditEntry
from tongket.meetings.models import Notice, NoticeStatus, Plan, Task
from tongket.papers.models import DocumentJob, ReportDraft

SHORTCOMING = "Hạ tầng số ở một số xã còn yếu; tỷ lệ báo cáo đúng hạn chưa cao."
CONCLUSION = "Hội nghị thống nhất đánh giá năm 2025 hoàn thành tốt nhiệm vụ."


# The worker closes and reopens database connections, as in production: the tests that run it
# commit their writes instead of rolling them back.
worker_test = pytest.mark.django_db(transaction=True)


def _worker() -> None:
    call_command("worker", "--batch", verbosity=0)


def _made(client, job: dict) -> bytes:
    """Run the queued work, see the job done, and download its file."""
    assert job["status"] == "queued" and job["file_url"] is None
    assert client.get(job["url"].split("/api/v1")[1] + "/file").status_code == 409
    _worker()
    done = client.get(job["url"].split("/api/v1")[1]).json()
    assert done["status"] == "done" and done["progress"] == 100, done
    response = client.get(done["file_url"].split("/api/v1")[1])
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    return response.content


def _paragraphs(data: bytes) -> list[str]:
    document = Document(io.BytesIO(data))
    found = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            found += [cell.text for cell in row.cells]
    return found


@worker_test
def test_staff_write_a_part_and_get_the_report_as_docx_and_pdf(api, aw):
    staff = api["staff"]
    url = f"/review-reports/{aw.so_hy.pk}/2025"
    response = staff.put(f"{url}/parts/shortcomings", json={"text": SHORTCOMING})
    assert response.status_code == 200, response.content
    parts = {p["key"]: p for p in response.json()["parts"]}
    assert parts["shortcomings"]["text"] == SHORTCOMING and parts["shortcomings"]["written"]
    assert not parts["causes"]["written"] and parts["causes"]["label_en"] == "causes"
    assert response.json()["updated_by"] == "staff"
    assert AuditEntry.objects.get(action="report_draft.changed").new == {
        "shortcomings": SHORTCOMING
    }

    response = staff.post(f"{url}/files", json={"format": "docx"})
    assert response.status_code == 202, response.content
    paragraphs = _paragraphs(_made(staff, response.json()))
    assert SHORTCOMING in paragraphs
    assert "(Nội dung đang được hoàn thiện)" in paragraphs  # the parts not yet written
    assert not [p for p in paragraphs if "tongket" in p or "--section" in p]

    response = staff.post(f"{url}/files", json={"format": "pdf"})
    pdf = _made(staff, response.json())
    assert pdf.startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    assert "Hạ tầng số ở một số xã còn yếu" in re.sub(r"\s+", " ", text)

    # The files are the requester's: listed for them, 404 for anyone else.
    jobs = staff.get("/document-jobs").json()
    assert {j["format"] for j in jobs["items"]} >= {"docx", "pdf"}
    mine = DocumentJob.objects.filter(requested_by=aw.staff, fmt="pdf").get()
    assert api["admin"].get(f"/document-jobs/{mine.pk}").status_code == 404
    assert api["admin"].get(f"/document-jobs/{mine.pk}/file").status_code == 404


def test_bad_report_input_is_refused_and_stores_nothing(api, aw):
    staff = api["staff"]
    url = f"/review-reports/{aw.so_hy.pk}/2025"
    response = staff.put(f"{url}/parts/number", json={"text": "12/BC"})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "rejected" and "số" in error["message"]
    assert "number" in error["message_en"]
    assert staff.put(f"{url}/parts/preface", json={"text": "x"}).status_code == 422
    assert staff.post(f"{url}/files", json={"format": "odt"}).status_code == 422
    assert staff.get(f"/review-reports/{aw.so_hy.pk}/1900").status_code == 422
    assert not ReportDraft.objects.exists() and not DocumentJob.objects.filter(fmt="odt").exists()


@worker_test
def test_a_notice_is_drafted_changed_issued_with_its_number_and_made(api, aw):
    staff = api["staff"]
    response = staff.post(
        f"/meetings/{aw.meeting_hy.pk}/notices",
        json={
            "text": "Bản đầu.",
            "items": [
                {
                    "text": "Phủ sóng 5G các khu công nghiệp",
                    "lead_id": aw.so_hy.pk,
                    "deadline": "2026-09-30",
                }
            ],
        },
    )
    assert response.status_code == 201, response.content
    notice = response.json()
    assert notice["status"] == "draft" and notice["number"] is None
    assert notice["assignments"][0]["lead"] == aw.so_hy.name
    url = f"/notices/{notice['id']}"

    response = staff.patch(url, json={"text": CONCLUSION})
    assert response.status_code == 200 and response.json()["text"] == CONCLUSION
    response = staff.post(f"{url}/issue", json={}, headers={"Idempotency-Key": "issue-1"})
    assert response.status_code == 200, response.content
    issued = response.json()
    assert issued["status"] == "issued" and re.fullmatch(r"\d+/TB-\S+", issued["number"])
    assert issued["assignments"][0]["task_id"] is not None
    # The same request again is answered the same, and nothing is issued twice.
    again = staff.post(f"{url}/issue", json={}, headers={"Idempotency-Key": "issue-1"})
    assert again.json() == issued and again["Idempotent-Replayed"] == "true"
    assert Task.objects.filter(notice_id=notice["id"]).count() == 1
    # Once issued, neither issued again nor changed.
    assert staff.post(f"{url}/issue", json={}).json()["error"]["code"] == "invalid_state"
    assert staff.patch(url, json={"text": "x"}).status_code == 409
    assert Notice.objects.get(pk=notice["id"]).text == CONCLUSION

    response = staff.post(f"{url}/files", json={"format": "docx"})
    assert response.status_code == 202
    paragraphs = _paragraphs(_made(staff, response.json()))
    assert CONCLUSION in paragraphs
    assert any(issued["number"] in p for p in paragraphs)
    assert staff.post(f"{url}/files", json={"format": "xlsx"}).status_code == 422
    actions = set(
        AuditEntry.objects.filter(object_type="notice", object_id=str(notice["id"])).values_list(
            "action", flat=True
        )
    )
    assert {"notice.created", "notice.changed", "notice.issued"} <= actions


def test_a_notice_refuses_a_lead_outside_the_scope_and_a_future_date(api, aw):
    staff = api["staff"]
    before = Notice.objects.count()
    response = staff.post(
        f"/meetings/{aw.meeting_hy.pk}/notices",
        json={"items": [{"text": "x", "lead_id": aw.so_hn.pk}]},
    )
    assert response.status_code == 404
    response = staff.post(
        f"/meetings/{aw.meeting_hy.pk}/notices",
        json={"items": [{"text": "x", "lead_id": aw.so_hy.pk, "supporting_ids": [aw.so_hy.pk]}]},
    )
    assert response.status_code == 422
    assert Notice.objects.count() == before
    response = staff.post(f"/notices/{aw.notice_hy.pk}/issue", json={"issued_on": "2999-01-01"})
    assert response.status_code == 422
    assert Notice.objects.get(pk=aw.notice_hy.pk).status == NoticeStatus.DRAFT


def test_the_article_as_text_and_html(api, aw):
    response = api["leader"].get(f"/meetings/{aw.meeting_hy.pk}/article", data={"format": "html"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "<p>" in response.content.decode()
    text = api["leader"].get(f"/meetings/{aw.meeting_hy.pk}/article").content.decode()
    assert text.strip() and "<p>" not in text


def test_plans_are_made_read_and_given_key_tasks(api, aw):
    staff = api["staff"]
    response = staff.post(
        "/plans",
        json={"unit_id": aw.so_hy.pk, "period": "Năm 2026", "key_tasks": ["Chuyển đổi số"]},
    )
    assert response.status_code == 201, response.content
    plan = response.json()
    assert plan["period"] == "2026" and [k["text"] for k in plan["key_tasks"]] == ["Chuyển đổi số"]
    response = staff.post(f"/plans/{plan['id']}/key-tasks", json={"text": "Đào tạo kỹ năng số"})
    assert [k["order"] for k in response.json()["key_tasks"]] == [1, 2]
    listed = staff.get("/plans", data={"year": 2026}).json()
    assert [p["id"] for p in listed["items"]] == [plan["id"]] and listed["items"][0]["key_tasks"]
    # One plan a unit and period: the second is refused, nothing stored.
    again = staff.post("/plans", json={"unit_id": aw.so_hy.pk, "period": "2026"})
    assert again.status_code == 422 and again.json()["error"]["code"] == "rejected"
    assert Plan.objects.filter(unit=aw.so_hy).count() == 2  # 2025's and 2026's
    assert AuditEntry.objects.filter(action="plan.key_task_added").count() == 1
