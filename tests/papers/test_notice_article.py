"""The conclusion notice (DOCX) and the portal article (text, HTML) of a meeting."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document
from docx.shared import Pt

from tongket.meetings.services import AssignmentSpec, meeting_create, notice_create
from tongket.papers.errors import PapersError
from tongket.papers.meeting_gather import meeting_article_gather, notice_gather, notice_of_meeting
from tongket.papers.render_article import article_html, article_text, headline
from tongket.papers.render_notice import notice_docx

from .conftest import ACTOR, D


def _doc(notice, today=None):
    return Document(io.BytesIO(notice_docx(notice_gather(notice=notice, today=today))))


def test_issued_notice_number_date_subject_and_assignments(year2017):
    doc = _doc(notice_of_meeting(meeting=year2017.meeting))
    head = doc.tables[0]
    assert [p.text for p in head.rows[0].cells[0].paragraphs if p.text] == [
        "UBND TỈNH THÁI BÌNH",
        "SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
    ]
    number, date = (c.paragraphs[0].text for c in head.rows[1].cells)
    assert number == f"Số: {year2017.notice.number}" == "Số: 1/TB-STTTT"
    assert date == "Thái Bình, ngày 15 tháng 01 năm 2018"
    texts = [p.text for p in doc.paragraphs]
    assert "THÔNG BÁO" in texts
    assert (
        "Kết luận của Giám đốc Sở tại Hội nghị tổng kết công tác năm 2017, triển khai nhiệm vụ "
        "năm 2018" in texts
    )
    assert texts[texts.index("Các nhiệm vụ cụ thể") + 1 :][:2] == [
        "1. Xây dựng kế hoạch ứng dụng công nghệ thông tin năm 2018. Chủ trì: Sở Thông tin và "
        "Truyền thông Thái Bình; thời hạn: 31/03/2018.",
        "2. Gom bó, chỉnh trang cáp viễn thông trên các tuyến phố chính. Chủ trì: Tập đoàn Bưu "
        "chính Viễn thông Việt Nam; phối hợp: Sở Thông tin và Truyền thông Thái Bình và Tập đoàn "
        "Công nghiệp - Viễn thông Quân đội; thời hạn: 30/09/2018.",
    ]
    intro = next(t for t in texts if t.startswith("Ngày "))
    assert intro.startswith("Ngày 10/01/2018, tại Hội trường Sở Thông tin và Truyền thông, ")
    assert "dưới sự chủ trì của đồng chí Phạm Văn Xuân, Giám đốc Sở." in intro
    assert "Tham dự có đồng chí Nguyễn Hoàng Giang, Tỉnh ủy viên, Phó Chủ tịch UBND tỉnh." in intro
    left, right = doc.tables[-1].rows[0].cells
    recipients = [p.text for p in left.paragraphs if p.text]
    # The issuer is not among the units the notice is sent to.
    assert recipients == [
        "Nơi nhận:",
        "- UBND tỉnh Thái Bình (để b/c);",
        "- Lãnh đạo Sở;",
        "- Tập đoàn Bưu chính Viễn thông Việt Nam (để thực hiện);",
        "- Tập đoàn Công nghiệp - Viễn thông Quân đội (để phối hợp);",
        "- Lưu: VT, VP.",
    ]
    assert {r.font.size for p in left.paragraphs[1:] for r in p.runs if r.text} == {Pt(11)}
    assert [p.text for p in right.paragraphs if p.text] == ["GIÁM ĐỐC", "Phạm Văn Xuân"]


def test_draft_notice_has_no_number_yet(year2017):
    draft = notice_create(
        meeting=year2017.meeting,
        items=[AssignmentSpec("Tổng hợp ý kiến các đại biểu", year2017.department)],
        signer_title="Chánh Văn phòng",
        actor=ACTOR,
    )
    doc = _doc(draft, today=D(2018, 1, 12))
    number, date = (c.paragraphs[0].text for c in doc.tables[0].rows[1].cells)
    assert re.fullmatch(r"Số: +/TB-STTTT", number)
    assert date == "Thái Bình, ngày 12 tháng 01 năm 2018"
    texts = [p.text for p in doc.paragraphs]
    assert "1. Tổng hợp ý kiến các đại biểu. Chủ trì: Sở Thông tin và Truyền thông Thái Bình; " \
        "thời hạn: thường xuyên." in texts  # fmt: skip
    right = doc.tables[-1].rows[0].cells[1]
    assert next(p.text for p in right.paragraphs if p.text) == "CHÁNH VĂN PHÒNG"
    # The issued notice is still the one a meeting's notice means.
    assert notice_of_meeting(meeting=year2017.meeting).pk == year2017.notice.pk


def test_meeting_without_notice(year2017):
    meeting = meeting_create(
        kind="monthly_briefing",
        title="Giao ban công tác tháng 02/2018",
        date=D(2018, 2, 5),
        organizer=year2017.department,
        actor=ACTOR,
    )
    with pytest.raises(PapersError) as error:
        notice_of_meeting(meeting=meeting)
    assert f"Cuộc họp mã {meeting.pk} chưa có thông báo kết luận" in str(error.value)
    # Its article says what is known and nothing more.
    text = article_text(meeting_article_gather(meeting=meeting))
    assert text == (
        "Sở Thông tin và Truyền thông Thái Bình tổ chức Giao ban công tác tháng 02/2018\n\n"
        "Ngày 05/02/2018, Sở Thông tin và Truyền thông Thái Bình tổ chức Giao ban công tác "
        "tháng 02/2018.\n\nSở TT&TT Thái Bình\n"
    )


def test_article_figures_with_their_change_directions_and_awards(year2017):
    article = meeting_article_gather(meeting=year2017.meeting)
    text = article_text(article)
    assert headline(article) == (
        "Sở Thông tin và Truyền thông Thái Bình tổng kết công tác năm 2017 và triển khai nhiệm "
        "vụ năm 2018"
    )
    paragraphs = text.split("\n\n")
    assert paragraphs[1] == (
        "Ngày 10/01/2018, Sở Thông tin và Truyền thông Thái Bình tổ chức Hội nghị tổng kết "
        "công tác năm 2017, triển khai nhiệm vụ năm 2018 tại Hội trường Sở Thông tin và Truyền "
        "thông. Tham dự Hội nghị có đồng chí Nguyễn Hoàng Giang, Tỉnh ủy viên, Phó Chủ tịch "
        "UBND tỉnh. Đồng chí Phạm Văn Xuân, Giám đốc Sở chủ trì Hội nghị."
    )
    # The mapped figure gets its indicator's name and the change on 2016 from the stored values.
    assert (
        "Một số kết quả, số liệu chủ yếu được nêu tại Hội nghị: Tổng doanh thu toàn ngành Thông "
        "tin và Truyền thông năm 2017 đạt 2.060 tỷ đồng, tăng 19% so với năm 2016; doanh thu "
        "nộp ngân sách ước đạt 100 tỷ đồng." in paragraphs
    )
    assert (
        "Về phương hướng, nhiệm vụ năm 2018, Hội nghị thống nhất tập trung vào 3 nhiệm vụ trọng "
        "tâm: Làm tốt công tác thông tin, tuyên truyền; Đẩy mạnh ứng dụng công nghệ thông tin; "
        "Tăng cường quản lý các doanh nghiệp bưu chính viễn thông." in paragraphs
    )
    assert (
        "Nhân dịp này, 1 tập thể và 1 cá nhân được tặng Bằng khen của Thủ tướng Chính phủ; 2 "
        "tập thể và 3 cá nhân được tặng Bằng khen của Chủ tịch UBND tỉnh; 1 cá nhân (Trần Thị "
        "Lan) được tặng Giấy khen của Giám đốc Sở." in paragraphs
    )
    assert paragraphs[-1] == "Sở TT&TT Thái Bình\n"


def test_article_html_is_escaped(year2017):
    year2017.meeting.place = 'Hội trường <A> & "B"'
    year2017.meeting.save(update_fields=["place"])
    page = article_html(meeting_article_gather(meeting=year2017.meeting))
    assert page.startswith('<article lang="vi">\n  <h1>Sở Thông tin và Truyền thông Thái Bình')
    assert "Hội trường &lt;A&gt; &amp; &quot;B&quot;" in page
    assert "<A>" not in page
    assert '<p class="date">10/01/2018</p>' in page
    assert '<p class="byline">Sở TT&amp;TT Thái Bình</p>' in page
