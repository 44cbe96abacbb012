"""The conclusion notice as DOCX, from a gathered ``NoticeDocument`` (no database reads)."""

from __future__ import annotations

import io

from tongket.core.numbers import format_date
from tongket.papers import decree30 as d
from tongket.papers.content import Assignment, NoticeDocument, Person
from tongket.papers.wording import join_words, sentence


def person_words(person: Person) -> str:
    """«đồng chí Nguyễn Hoàng Giang, Tỉnh ủy viên, Phó Chủ tịch UBND tỉnh»."""
    return f"đồng chí {person.name}, {person.title}" if person.title else f"đồng chí {person.name}"


def assignment_words(a: Assignment) -> str:
    """«Gom bó cáp viễn thông. Chủ trì: VNPT; phối hợp: Viettel; thời hạn: 30/09/2018.»"""
    parts = [f"Chủ trì: {a.lead}"]
    if a.supporting:
        parts.append(f"phối hợp: {join_words(list(a.supporting))}")
    parts.append(f"thời hạn: {format_date(a.deadline)}" if a.deadline else "thời hạn: thường xuyên")
    return f"{sentence(a.text)} {'; '.join(parts)}."


def notice_intro(doc: NoticeDocument) -> str:
    where = f", tại {doc.meeting_place}" if doc.meeting_place else ""
    text = f"Ngày {format_date(doc.meeting_date)}{where}, {doc.issuer_name} tổ chức {doc.meeting_title}"
    if doc.chair is not None:
        text += f" dưới sự chủ trì của {person_words(doc.chair)}"
    text += "."
    if doc.guests:
        text += f" Tham dự có {'; '.join(person_words(p) for p in doc.guests)}."
    return text


def notice_docx(doc_data: NoticeDocument) -> bytes:
    doc = d.new_document()
    d.header_block(doc, doc_data.letterhead)
    d.body(doc, notice_intro(doc_data))
    heard = "; ".join(r[0].lower() + r[1:] for r in doc_data.reports)
    who = doc_data.chair.title if doc_data.chair and doc_data.chair.title else "chủ trì Hội nghị"
    d.body(
        doc,
        (f"Sau khi nghe {heard} và ý kiến của các đại biểu, " if heard else "Sau khi nghe ý kiến "
         "của các đại biểu, ") + f"{who} kết luận như sau:",
    )  # fmt: skip
    for part in doc_data.conclusions:
        d.body(doc, part)
    if doc_data.assignments:
        d.heading(doc, "Các nhiệm vụ cụ thể", level=2)
        for a in doc_data.assignments:
            d.body(doc, f"{a.order}. {assignment_words(a)}")
    d.body(
        doc,
        f"{doc_data.issuer_name} thông báo để các cơ quan, đơn vị biết, thực hiện./.",
    ).paragraph_format.keep_with_next = True
    d.closing_block(doc, doc_data.recipients, doc_data.signature)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
