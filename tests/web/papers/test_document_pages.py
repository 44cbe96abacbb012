"""The documents pages through Django's test client: a part saved with its history, bad input
refused with nothing stored, a notice draft changed (an issued one is not), the article."""

from __future__ import annotations

import pytest
from django.conf import settings

from tongket.core.models import AuditEntry
from tongket.meetings.errors import MeetingsError
from tongket.meetings.services import notice_draft_update
from tongket.papers.models import DocumentJob, ReportDraft
from web.meetings.world import meetings_of


def test_a_part_is_saved_and_its_earlier_text_kept(clients, world):
    url = f"/papers/reports/{world.so_hy.pk}/2025/"
    client = clients["staff"]
    for text in ("Bản đầu.", "Bản sửa."):
        response = client.post(url, {"section": "lessons", "text": text})
        assert response.status_code == 302
    assert ReportDraft.objects.get(unit=world.so_hy, year=2025).lessons == "Bản sửa."
    page = client.get(url).content.decode()
    assert "Lịch sử: 2 lần sửa" in page and "Bản đầu." in page
    entries = AuditEntry.objects.filter(action="report_draft.changed").order_by("id")
    assert [e.new["lessons"] for e in entries] == ["Bản đầu.", "Bản sửa."]


def test_a_bad_document_number_is_refused_in_the_page_language(clients, world):
    url = f"/papers/reports/{world.so_hy.pk}/2025/"
    client = clients["staff"]
    response = client.post(url, {"section": "number", "text": "12/BC"})
    assert response.status_code == 400 and "phải là một số" in response.content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(url, {"section": "number", "text": "12/BC"})
    assert "must be a number" in response.content.decode()
    assert not ReportDraft.objects.exists()


def test_a_file_asked_for_is_queued_for_its_requester_only(clients, world):
    response = clients["staff"].post(f"/papers/reports/{world.so_hy.pk}/2025/file/", {"fmt": "pdf"})
    job = DocumentJob.objects.get()
    assert response.url == f"/papers/jobs/{job.pk}/"
    page = clients["staff"].get(response.url).content.decode()
    assert "Chờ tạo tệp" in page and 'hx-trigger="every 1s"' in page
    assert clients["admin"].get(response.url).status_code == 404
    assert clients["staff"].get(f"{response.url}file/").status_code == 404  # not made yet


def test_a_draft_notice_is_changed_and_an_issued_one_is_not(world):
    m = meetings_of(world)
    notice = notice_draft_update(
        notice=m.draft_hy, actor="staff", title="", text="Kết luận mới.", signer_title="giám đốc"
    )
    assert notice.text == "Kết luận mới." and notice.title.startswith("Thông báo kết luận")
    entry = AuditEntry.objects.get(action="notice.changed", object_id=str(notice.pk))
    assert entry.new["text"] == "Kết luận mới."
    with pytest.raises(MeetingsError, match="đã ban hành"):
        notice_draft_update(notice=m.notice_hy, actor="staff", title="x", text="y")


def test_the_article_is_read_on_the_page_and_downloaded(clients, world):
    m = meetings_of(world)
    page = clients["staff"].get(f"/meetings/{m.m_hy.pk}/article/").content.decode()
    assert m.m_hy.title.split(" và ")[0] in page
    response = clients["staff"].get(f"/meetings/{m.m_hy.pk}/article.html")
    assert response["Content-Type"].startswith("text/html")
    assert "attachment" in response["Content-Disposition"]


def test_a_draft_notice_s_assignments_are_edited_on_its_page(clients, world):
    m = meetings_of(world)
    url = f"/meetings/notices/{m.draft_hy.pk}/edit/"
    page = clients["staff"].get(url).content.decode()
    first = m.draft_hy.items.get(order=1)
    assert first.text in page and "(33.SKHCN)" in page  # the rows as they stand
    data = {
        "title": m.draft_hy.title,
        "text": "Kết luận.",
        "signer_title": "",
        "items-TOTAL_FORMS": "2",
        "items-INITIAL_FORMS": "0",
        "items-0-text": "Rà soát hạ tầng số của các xã",
        "items-0-lead": world.so_hy.code,
        "items-0-supporting": "",
        "items-0-deadline": "31/03/2026",
        "items-1-text": "Báo cáo kết quả chuyển đổi số",
        "items-1-lead": world.so_hy.code,
        "items-1-supporting": "",
        "items-1-deadline": "",
    }
    response = clients["staff"].post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    items = list(m.draft_hy.items.order_by("order").values_list("text", "deadline"))
    assert [t for t, _ in items] == [
        "Rà soát hạ tầng số của các xã",
        "Báo cáo kết quả chuyển đổi số",
    ]
    entry = AuditEntry.objects.get(action="notice.changed", object_id=str(m.draft_hy.pk))
    assert len(entry.old["items"]) == 1 and len(entry.new["items"]) == 2

    data["items-1-deadline"] = "01/01/2020"  # before the meeting: refused, nothing changes
    response = clients["staff"].post(url, data)
    assert response.status_code == 400
    assert m.draft_hy.items.count() == 2
