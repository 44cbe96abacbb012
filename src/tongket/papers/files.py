"""The documents as files to save or download: gather, render, name.

The command line and the web pages call these, so both give the same file.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from tongket.meetings.models import Meeting, Notice
from tongket.papers.errors import PapersError
from tongket.papers.meeting_gather import meeting_article_gather, notice_gather, notice_of_meeting
from tongket.papers.pdf import docx_to_pdf
from tongket.papers.render_article import article_html, article_text
from tongket.papers.render_notice import notice_docx
from tongket.papers.render_report import report_docx
from tongket.papers.render_xlsx import notice_xlsx, report_xlsx
from tongket.papers.report_gather import year_report_gather
from tongket.signing.selectors import signed_notice_get, signed_refusal, signed_report_get
from tongket.units.models import Unit

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "txt": "text/plain; charset=utf-8",
    "html": "text/html; charset=utf-8",
}
DOCUMENT_FORMATS = ("docx", "pdf", "xlsx")
ARTICLE_FORMATS = ("txt", "html")


# Called with a step («gather», «render», «convert») as the work reaches it; a page shows it.
Progress = Callable[[str], None]


def _no_progress(step: str) -> None:
    return None


@dataclass(frozen=True)
class PaperFile:
    name: str
    content_type: str
    data: bytes


def _check(fmt: str, allowed: tuple[str, ...]) -> str:
    fmt = fmt.lower().lstrip(".")
    if fmt not in allowed:
        raise PapersError(
            f"Định dạng «{fmt}» không hỗ trợ (dùng {', '.join(allowed)})",
            f"format «{fmt}» is not supported (use {', '.join(allowed)})",
            column="--format",
        )
    return fmt


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower() or "don-vi"


def report_file(
    *,
    unit: Unit,
    year: int,
    fmt: str = "docx",
    on: dt.date | None = None,
    today: dt.date | None = None,
    progress: Progress = _no_progress,
) -> PaperFile:
    """The year-end report of ``unit`` for ``year`` as DOCX, PDF or XLSX."""
    fmt = _check(fmt, DOCUMENT_FORMATS)
    progress("gather")
    report = year_report_gather(unit=unit, year=year, on=on, today=today)
    if fmt != "xlsx":
        # A signed report is its signed copy: never made again under its number.
        signed_refusal(signed_report_get(unit=unit, year=year, number=report.texts["number"]))
    progress("render")
    if fmt == "xlsx":
        data = report_xlsx(report)
    else:
        data = report_docx(report)
        if fmt == "pdf":
            progress("convert")
            data = docx_to_pdf(data, name="bao-cao")
    name = f"bao-cao-tong-ket-nam-{year}-{_slug(unit.code)}.{fmt}"
    return PaperFile(name, CONTENT_TYPES[fmt], data)


def notice_file(
    *,
    meeting: Meeting,
    fmt: str = "docx",
    today: dt.date | None = None,
    notice: Notice | None = None,
    progress: Progress = _no_progress,
) -> PaperFile:
    """The conclusion notice of ``meeting`` (``notice``, else its last issued one, else its last
    draft) as DOCX, PDF or XLSX (its assignments)."""
    fmt = _check(fmt, DOCUMENT_FORMATS)
    progress("gather")
    notice = notice or notice_of_meeting(meeting=meeting)
    if fmt != "xlsx":
        signed_refusal(signed_notice_get(notice=notice))
    document = notice_gather(notice=notice, today=today)
    progress("render")
    if fmt == "xlsx":
        data = notice_xlsx(document)
    else:
        data = notice_docx(document)
        if fmt == "pdf":
            progress("convert")
            data = docx_to_pdf(data, name="thong-bao")
    return PaperFile(f"thong-bao-ket-luan-cuoc-hop-{meeting.pk}.{fmt}", CONTENT_TYPES[fmt], data)


def article_file(*, meeting: Meeting, fmt: str = "txt") -> PaperFile:
    """The portal article about ``meeting`` as plain text or HTML."""
    fmt = _check(fmt, ARTICLE_FORMATS)
    article = meeting_article_gather(meeting=meeting)
    text = article_text(article) if fmt == "txt" else article_html(article)
    return PaperFile(f"bai-viet-cuoc-hop-{meeting.pk}.{fmt}", CONTENT_TYPES[fmt], text.encode())
