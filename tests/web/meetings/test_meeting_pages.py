"""Meeting pages: list by unit, year and kind; detail; create and edit; documents."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from tongket.core.models import AuditEntry
from tongket.meetings.models import Meeting, MeetingDocument, MeetingKind
from web.meetings.helpers import page_text
from web.meetings.world import PDF


def _titles(response) -> list[str]:
    return [row["title"] for row in response.context["rows"]]


def test_list_shows_the_meetings_of_the_scope_newest_first(clients, m):
    staff = _titles(clients["staff"].get("/meetings/"))
    assert staff == [m.m_hy.title, m.m_tb.title]
    assert _titles(clients["staff_other"].get("/meetings/")) == [m.m_hn.title]
    assert _titles(clients["leader"].get("/meetings/")) == staff
    assert set(_titles(clients["analyst"].get("/meetings/"))) == {
        m.m_hy.title,
        m.m_tb.title,
        m.m_hn.title,
    }


def test_list_filters_by_year_kind_and_organizer(clients, m, world):
    client = clients["admin"]
    assert _titles(client.get("/meetings/?year=2017")) == [m.m_tb.title]
    assert _titles(client.get(f"/meetings/?unit={world.so_hn.pk}")) == [m.m_hn.title]
    assert _titles(client.get("/meetings/?kind=monthly_briefing")) == []
    # Choices come from the meetings the user may see: Hà Nội's department is no choice of
    # Hưng Yên's staff, and asking for it falls back to every meeting of their scope.
    response = clients["staff"].get(f"/meetings/?unit={world.so_hn.pk}")
    assert dict(response.context["form"].fields["unit"].choices).get(world.so_hn.pk) is None
    assert _titles(response) == [m.m_hy.title, m.m_tb.title]
    text = page_text(client.get("/meetings/?year=2025"))
    assert "20/12/2025" in text and "Hội nghị tổng kết năm" in text


def test_detail_shows_participants_figures_record_documents_notices_tasks(clients, m):
    text = page_text(clients["leader"].get(f"/meetings/{m.m_hy.pk}/"))
    for expected in (
        "Nguyễn Văn An",
        "Giám đốc Sở",
        "Trần Thị Bình",
        "Phó Chủ tịch UBND tỉnh",
        "2.060,5",
        "tỷ đồng",
        "Triển khai nhiệm vụ năm 2026",
        "Hội nghị thống nhất các chỉ tiêu năm 2026.",
        "Báo cáo tổng kết",
        m.notice_hy.number,
        "Dự thảo",
        "Hoàn thành chuyển đổi số cấp xã",
        "30/06/2026",
        "Giấy khen của Giám đốc Sở",
        "Hạn ban hành: 26/12/2025 (5 ngày làm việc sau cuộc họp).",
    ):
        assert expected in text, expected
    # A leader reads; the staff's actions are not offered.
    assert "Soạn thông báo kết luận" not in text and "Đính kèm tài liệu" not in text
    staff = page_text(clients["staff"].get(f"/meetings/{m.m_hy.pk}/"))
    assert "Soạn thông báo kết luận" in staff and "Đính kèm tài liệu" in staff


def _meeting_post(world, **changes) -> dict:
    data = {
        "kind": MeetingKind.QUARTERLY_REVIEW,
        "title": "Giao ban quý III năm 2026",
        "date": "15/10/2026",
        "organizer": "Sở Khoa học và Công nghệ Hưng Yên (33.SKHCN)",
        "chair_name": "Nguyễn Văn An",
        "chair_title": "Giám đốc Sở",
        "participants": "Lê Văn Cường, Giám đốc Viễn thông Hưng Yên, Tập đoàn VNPT\n\n",
        "conclusions": "Đẩy nhanh phủ sóng",
        "reviewed_periods": "2026Q3",
        "planned_periods": "2026Q4",
    }
    return data | changes


def test_staff_creates_a_meeting(clients, world):
    response = clients["staff"].post("/meetings/new/", _meeting_post(world))
    meeting = Meeting.objects.get(title="Giao ban quý III năm 2026")
    assert response.status_code == 302 and response.url == f"/meetings/{meeting.pk}/"
    assert meeting.organizer == world.so_hy and meeting.date == dt.date(2026, 10, 15)
    assert meeting.province == world.hung_yen
    assert meeting.reviewed_periods == ["2026Q3"] and meeting.planned_periods == ["2026Q4"]
    guests = {p.person.full_name: p.title for p in meeting.participants.all()}
    assert guests == {
        "Nguyễn Văn An": "Giám đốc Sở",
        "Lê Văn Cường": "Giám đốc Viễn thông Hưng Yên, Tập đoàn VNPT",
    }
    assert meeting.chair.full_name == "Nguyễn Văn An"
    entry = AuditEntry.objects.get(action="meeting.created", object_id=str(meeting.pk))
    assert entry.actor == "staff"


def test_a_meeting_of_a_unit_outside_the_scope_is_refused_and_nothing_stored(clients, world):
    response = clients["staff"].post("/meetings/new/", _meeting_post(world, organizer="01.STTTT"))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "không thuộc phạm vi của bạn" in errors["organizer"][0]
    assert not Meeting.objects.filter(title="Giao ban quý III năm 2026").exists()


def test_bad_dates_and_periods_are_shown_beside_their_fields(clients, world):
    client = clients["staff"]
    errors = (
        client.post("/meetings/new/", _meeting_post(world, date="31/02/2026"))
        .context["form"]
        .errors
    )
    assert errors["date"] == ["Ngày viết theo dạng 31/01/2026."]
    errors = (
        client.post("/meetings/new/", _meeting_post(world, end_date="01/10/2026"))
        .context["form"]
        .errors
    )
    assert errors["end_date"] == ["Ngày kết thúc trước ngày họp."]
    errors = (
        client.post("/meetings/new/", _meeting_post(world, reviewed_periods="quý 3"))
        .context["form"]
        .errors
    )
    assert list(errors) == ["reviewed_periods"]
    # Sở KH&CN Hưng Yên did not exist in 2017: the organizer is read on the meeting's date.
    errors = (
        client.post("/meetings/new/", _meeting_post(world, date="15/10/2017"))
        .context["form"]
        .errors
    )
    assert "organizer" in errors
    assert not Meeting.objects.filter(title="Giao ban quý III năm 2026").exists()


def test_organizer_typed_by_name_is_looked_up_in_the_scope(clients, world):
    response = clients["staff"].post(
        "/meetings/new/", _meeting_post(world, organizer="Sở Khoa học và Công nghệ Hưng Yên")
    )
    assert response.status_code == 302
    assert Meeting.objects.get(title="Giao ban quý III năm 2026").organizer == world.so_hy


def test_edit_changes_the_record_with_an_audit_entry(clients, m):
    response = clients["staff"].post(
        f"/meetings/{m.m_hy.pk}/edit/",
        {
            "title": m.m_hy.title,
            "place": "Trung tâm Hội nghị tỉnh",
            "agenda": m.m_hy.agenda,
            "minutes": "Biên bản đã sửa",
            "conclusions": m.m_hy.conclusions,
            "reason": "Ghi lại địa điểm",
        },
    )
    assert response.status_code == 302
    m.m_hy.refresh_from_db()
    assert m.m_hy.place == "Trung tâm Hội nghị tỉnh" and m.m_hy.minutes == "Biên bản đã sửa"
    entry = AuditEntry.objects.get(action="meeting.changed", object_id=str(m.m_hy.pk))
    assert entry.old["place"] == "Hội trường Sở" and entry.reason == "Ghi lại địa điểm"
    bad = clients["staff"].post(
        f"/meetings/{m.m_hy.pk}/edit/", {"title": "", "end_date": "01/01/2025"}
    )
    assert set(bad.context["form"].errors) == {"title", "end_date"}


def test_document_upload_is_stored_and_served_only_as_a_download(clients, m, settings):
    client = clients["staff"]
    upload = SimpleUploadedFile("Kế hoạch 2026.pdf", PDF, content_type="application/pdf")
    response = client.post(
        f"/meetings/{m.m_hy.pk}/documents/", {"name": "Kế hoạch năm 2026", "file": upload}
    )
    assert response.status_code == 302 and response.url.endswith("#documents")
    document = MeetingDocument.objects.get(meeting=m.m_hy, name="Kế hoạch năm 2026")
    stored = settings.MEDIA_ROOT / document.file.name
    assert stored.read_bytes() == PDF
    download = clients["analyst"].get(f"/meetings/{m.m_hy.pk}/documents/{document.pk}/")
    assert download.status_code == 200
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content) == PDF


def test_bad_uploads_are_refused_with_the_file_named(clients, m, settings):
    client = clients["staff"]
    url = f"/meetings/{m.m_hy.pk}/documents/"
    cases = [
        (SimpleUploadedFile("trang.html", b"<script>alert(1)</script>"), "không nhận loại tệp"),
        (SimpleUploadedFile("bao-cao.pdf", b"MZ\x90\x00"), "nội dung không phải tệp pdf"),
        (SimpleUploadedFile("ghi-chu.txt", b"\xff\xfe\x00a"), "không phải văn bản UTF-8"),
        (SimpleUploadedFile("rong.pdf", b""), "trống"),
    ]
    for upload, reason in cases:
        response = client.post(url, {"name": "Tài liệu", "file": upload})
        error = response.context["document_form"].errors["file"][0]
        assert upload.name in error and reason in error, error
    settings.TONGKET_UPLOAD_MAX_BYTES = 100
    big = SimpleUploadedFile("lon.pdf", PDF + b" " * 200)
    error = client.post(url, {"name": "Tài liệu", "file": big}).context["document_form"].errors
    assert "quá giới hạn" in error["file"][0]
    # A body far beyond the limit is refused before it is read.
    huge = SimpleUploadedFile("rat-lon.pdf", PDF + b" " * 100_000)
    response = client.post(url, {"name": "Tài liệu", "file": huge})
    assert response.status_code == 413
    assert "Tệp quá lớn: không nhận tệp nặng hơn 0 MB." in page_text(response)
    assert MeetingDocument.objects.filter(meeting=m.m_hy).count() == 1
    stored = [p.name for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()]
    assert sorted(stored) == ["bao-cao-tong-ket.pdf", "minh-chung.pdf"]


def test_detail_pages_keep_the_content_security_policy(clients, m):
    """No inline script, style or handler; every POST form carries its CSRF token."""
    import re

    for path in (
        f"/meetings/{m.m_hy.pk}/",
        f"/meetings/{m.m_hy.pk}/edit/",
        f"/meetings/{m.m_hy.pk}/notices/new/",
        f"/meetings/notices/{m.draft_hy.pk}/",
        f"/tasks/{m.t_hy.pk}/",
    ):
        html = clients["staff"].get(path).content.decode()
        assert all("src=" in tag for tag in re.findall(r"<script\b[^>]*>", html)), path
        assert "<style" not in html and not re.search(r"\sstyle=", html), path
        assert not re.search(r"\son[a-z]+=", html), path
        for form in re.findall(r"<form\b.*?</form>", html, re.S):
            if 'method="post"' in form:
                assert "csrfmiddlewaretoken" in form, (path, form[:120])
