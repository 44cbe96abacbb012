"""Documents made in the background: django-tasks' database backend queues them, the worker
(``tongket worker --batch`` here, so a test runs them when it chooses) makes them."""

from __future__ import annotations

import datetime as dt
import io
import subprocess

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from docx import Document

from tongket.core.models import AuditEntry
from tongket.papers.errors import PapersError
from tongket.papers.jobs import notice_job_request, report_job_request
from tongket.papers.models import DocumentJob, JobStatus
from tongket.papers.services import report_text_set

from .conftest import ACTOR

# The worker closes and reopens database connections between tasks, as it does in production:
# that needs a test whose writes are committed, not one rolled back around it.
pytestmark = pytest.mark.django_db(transaction=True)


def run_tasks() -> None:
    call_command("worker", "--batch", verbosity=0)


@pytest.fixture
def staff(db):
    return get_user_model().objects.create_user(username="canbo", password="x")


def test_a_report_waits_in_the_queue_until_the_worker_makes_it(year2017, staff):
    report_text_set(
        unit=year2017.department, year=2017, section="lessons", text="Bám sát cơ sở.", actor=ACTOR
    )
    job = report_job_request(
        unit=year2017.department, year=2017, fmt="docx", user=staff, actor="canbo"
    )
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED and job.progress == 0 and job.data is None
    queued = DBTaskResult.objects.get(id=job.task_id)
    assert queued.status == "READY" and queued.task_path.endswith("document_job_run")
    assert AuditEntry.objects.filter(action="document.requested", object_id=str(job.pk)).exists()

    run_tasks()

    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.progress == 100 and job.finished_at
    assert job.file_name == "bao-cao-tong-ket-nam-2017-34-stttt.docx"
    texts = [p.text for p in Document(io.BytesIO(bytes(job.data))).paragraphs]
    assert "Bám sát cơ sở." in texts
    assert "(Nội dung đang được hoàn thiện)" in texts  # the parts not written yet
    assert DBTaskResult.objects.get(id=job.task_id).status == "SUCCESSFUL"


def test_a_notice_pdf_goes_through_libreoffice_in_the_worker(year2017, staff):
    job = notice_job_request(notice=year2017.notice, fmt="pdf", user=staff, actor="canbo")
    run_tasks()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error_vi
    data = bytes(job.data)
    assert data.startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()
    assert "THÔNG BÁO" in text and year2017.notice.number in text


def test_a_failure_is_kept_in_both_languages_and_nothing_is_offered(year2017, staff, monkeypatch):
    def refuse(*args, **kwargs):
        raise PapersError("Chưa cài LibreOffice", "LibreOffice is not installed")

    monkeypatch.setattr("tongket.papers.files.docx_to_pdf", refuse)
    job = report_job_request(
        unit=year2017.department, year=2017, fmt="pdf", user=staff, actor="canbo"
    )
    run_tasks()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.data is None
    assert (job.error_vi, job.error_en) == ("Chưa cài LibreOffice", "LibreOffice is not installed")
    assert job.step == "convert"  # how far it came


def test_bad_requests_store_nothing(year2017, staff):
    with pytest.raises(PapersError, match="không hỗ trợ"):
        report_job_request(unit=year2017.department, year=2017, fmt="exe", user=staff, actor="x")
    with pytest.raises(PapersError, match="Năm không hợp lệ"):
        report_job_request(unit=year2017.department, year=17, fmt="docx", user=staff, actor="x")
    assert not DocumentJob.objects.exists() and not DBTaskResult.objects.exists()


def test_files_older_than_a_week_are_dropped_when_another_is_asked_for(year2017, staff):
    from tongket.papers.jobs import KEEP_FILES

    old = report_job_request(unit=year2017.department, year=2017, fmt="xlsx", user=staff, actor="x")
    run_tasks()
    DocumentJob.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - KEEP_FILES - dt.timedelta(minutes=1)
    )
    waiting = report_job_request(
        unit=year2017.department, year=2017, fmt="xlsx", user=staff, actor="x"
    )
    DocumentJob.objects.filter(pk=waiting.pk).update(created_at=timezone.now() - 2 * KEEP_FILES)
    report_job_request(unit=year2017.department, year=2017, fmt="xlsx", user=staff, actor="x")
    # The finished old one is gone; one still waiting is kept, however old.
    assert not DocumentJob.objects.filter(pk=old.pk).exists()
    assert DocumentJob.objects.filter(pk=waiting.pk).exists()
