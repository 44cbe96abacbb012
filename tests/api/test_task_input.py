"""Task input through the API: control characters refused, nothing done in the future."""

import datetime as dt

import pytest
from django.utils import timezone

from tongket.meetings.models import Task, TaskProgress


def _task(aw, **changes) -> dict:
    return {
        "text": "Rà soát hạ tầng viễn thông",
        "lead_id": aw.so_hy.pk,
        "source": "document",
        "document_number": "12/UBND-KT",
        "document_date": "2026-01-05",
        "deadline": "2026-03-31",
    } | changes


@pytest.mark.parametrize(
    ("field", "text", "code"),
    [
        ("text", "Rà soát\x01 hạ tầng", "U+0001"),
        ("text", "\x1b[31mRà soát", "U+001B"),
        ("document_title", "Công văn\x7f", "U+007F"),
    ],
)
def test_control_characters_in_a_task_are_refused(api, aw, field, text, code):
    response = api["staff"].post("/tasks", json=_task(aw, **{field: text}))
    assert response.status_code == 422, response.content
    error = response.json()["error"]
    assert code in error["message"] and error["details"] == [{"field": field}]
    assert not Task.objects.filter(document_number="12/UBND-KT").exists()


def test_a_task_is_not_finished_or_reported_in_the_future(api, aw):
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    task = aw.task_hy
    response = api["staff"].post(f"/tasks/{task.pk}/complete", json={"on": tomorrow})
    assert response.status_code == 422, response.content
    assert "ở tương lai" in response.json()["error"]["message"]
    task.refresh_from_db()
    assert task.completed_on is None
    response = api["staff"].post(
        f"/tasks/{task.pk}/progress", json={"text": "Đã xong 80%", "on": tomorrow}
    )
    assert response.status_code == 422, response.content
    assert not TaskProgress.objects.filter(task=task).exists()
    today = timezone.localdate().isoformat()
    done = api["staff"].post(f"/tasks/{task.pk}/complete", json={"on": today})
    assert done.status_code == 200, done.content
