"""Meetings, notices, tasks and commendations in the permission world (tests/accounts/world.py).

Built on first use and kept on the world object, so the routes of the permission matrix and
the page tests reach them as ``meetings_of(w).<key>`` while other tests pay nothing for them.

    m_hy     annual review of Sở KH&CN Hưng Yên, 20/12/2025, notice 1/TB-SKHCN issued
             (tasks: t_hy led by the department, t_national led by a national enterprise),
             a draft notice, a document file, a progress update with an evidence file
    m_tb     Thái Bình's 2017 review (Sở TT&TT Thái Bình, merged into Hưng Yên in 2025)
    m_hn     Hà Nội's review, 22/12/2025, notice issued (task t_hn)
    c_hy, c_hn  commendations of the two departments
    doc_hy, doc_hn  published reports stored for m_hy and m_hn
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.core.files.base import ContentFile

from accounts.world import World
from tongket.documents.models import Provenance, SourceDocument
from tongket.meetings.models import MeetingKind, TaskSource
from tongket.meetings.services import (
    AssignmentSpec,
    FigureSpec,
    PersonSpec,
    award_form_find,
    commendation_create,
    meeting_create,
    meeting_document_add,
    notice_create,
    notice_issue,
    task_create,
    task_progress_add,
)

ACTOR = "test"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _meeting(organizer, day: dt.date, title: str, **extra):
    return meeting_create(
        kind=MeetingKind.ANNUAL_REVIEW,
        title=title,
        date=day,
        organizer=organizer,
        actor=ACTOR,
        **extra,
    )


def _build(w: World) -> SimpleNamespace:
    m_hy = _meeting(
        w.so_hy,
        dt.date(2025, 12, 20),
        "Hội nghị tổng kết công tác năm 2025 và triển khai nhiệm vụ năm 2026",
        place="Hội trường Sở",
        chair=PersonSpec("Nguyễn Văn An", "Giám đốc Sở"),
        participants=[PersonSpec("Trần Thị Bình", "Phó Chủ tịch UBND tỉnh")],
        agenda="Báo cáo kết quả năm 2025\nTriển khai nhiệm vụ năm 2026",
        minutes="Hội nghị thống nhất các chỉ tiêu năm 2026.",
        conclusions="Hoàn thành chuyển đổi số cấp xã",
        figures=[FigureSpec(2060.5, "tỷ đồng", "Doanh thu đạt 2.060,5 tỷ đồng", period="2025")],
        reviewed_periods=["2025"],
        planned_periods=["2026"],
    )
    issued = notice_create(
        meeting=m_hy,
        actor=ACTOR,
        items=[
            AssignmentSpec("Hoàn thành chuyển đổi số cấp xã", w.so_hy, (), dt.date(2026, 6, 30)),
            AssignmentSpec("Phủ sóng 5G các xã", w.dn_national, (w.so_hy,), dt.date(2026, 9, 30)),
        ],
    )
    issued = notice_issue(notice=issued, issued_on=dt.date(2025, 12, 24), actor=ACTOR)
    t_hy, t_national = issued.tasks.order_by("id")
    draft = notice_create(
        meeting=m_hy,
        actor=ACTOR,
        items=[AssignmentSpec("Tổng kết 5 năm chuyển đổi số", w.so_hy, (), dt.date(2026, 12, 31))],
    )
    document = meeting_document_add(
        meeting=m_hy,
        name="Báo cáo tổng kết",
        file=ContentFile(PDF, name="bao-cao-tong-ket.pdf"),
        actor=ACTOR,
    )
    progress = task_progress_add(
        task=t_hy,
        on=dt.date(2026, 3, 1),
        text="Đã triển khai ở 40 xã",
        percent=40,
        evidence_file=ContentFile(PDF, name="minh-chung.pdf"),
        actor=ACTOR,
    )
    m_tb = _meeting(w.so_tb, dt.date(2017, 12, 22), "Hội nghị tổng kết công tác năm 2017")
    t_tb = task_create(
        text="Phát triển hạ tầng bưu chính",
        lead=w.so_tb,
        source=TaskSource.MEETING,
        meeting=m_tb,
        deadline=dt.date(2018, 6, 30),
        actor=ACTOR,
    )
    m_hn = _meeting(w.so_hn, dt.date(2025, 12, 22), "Hội nghị tổng kết năm 2025 của Sở Hà Nội")
    notice_hn = notice_issue(
        notice=notice_create(
            meeting=m_hn,
            actor=ACTOR,
            items=[AssignmentSpec("Số hóa hồ sơ", w.so_hn, (), dt.date(2026, 5, 31))],
        ),
        issued_on=dt.date(2025, 12, 23),
        actor=ACTOR,
    )
    (t_hn,) = notice_hn.tasks.all()
    form = award_form_find("gk_so")
    c_hy = commendation_create(
        form=form, year=2025, unit=w.so_hy, meeting=m_hy, collectives=2, actor=ACTOR
    )
    c_hn = commendation_create(form=form, year=2025, unit=w.so_hn, collectives=1, actor=ACTOR)
    doc_hy, doc_hn = (_document(meeting, n) for n, meeting in enumerate((m_hy, m_hn)))
    return SimpleNamespace(
        m_hy=m_hy,
        m_tb=m_tb,
        m_hn=m_hn,
        notice_hy=issued,
        draft_hy=draft,
        notice_hn=notice_hn,
        t_hy=t_hy,
        t_national=t_national,
        t_tb=t_tb,
        t_hn=t_hn,
        document=document,
        progress=progress,
        c_hy=c_hy,
        c_hn=c_hn,
        doc_hy=doc_hy,
        doc_hn=doc_hn,
    )


def _document(meeting, n: int) -> SourceDocument:
    """A stored published report of ``meeting`` (as the import leaves one)."""
    text = f"{meeting.title}. Đồng chí Nguyễn Văn An phát biểu chỉ đạo."
    return SourceDocument.objects.create(
        sha256=f"{n:064d}",
        title=meeting.title,
        raw_text=text,
        clean_text=text,
        record={"title": meeting.title},
        extractor_version="test",
        provenance=Provenance.PASTED,
        ingested_by=ACTOR,
        meeting=meeting,
    )


def meetings_of(w: World) -> SimpleNamespace:
    """The meetings part of world ``w``, built the first time it is asked for."""
    if "meetings" not in w.__dict__:
        w.__dict__["meetings"] = _build(w)
    return w.__dict__["meetings"]
