"""Writes: a document signed and stored as signed; a received PDF checked and kept.

The web pages and the command line call these; the certificates come from the environment
(``config.py``), so a page never sees a password or a PIN."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.db import IntegrityError, transaction
from django.utils import timezone

from tongket.core.audit import audit_record
from tongket.meetings.models import Notice, NoticeStatus
from tongket.papers.content import Signature
from tongket.papers.meeting_gather import notice_gather
from tongket.papers.pdf import docx_to_pdf
from tongket.papers.render_notice import notice_docx
from tongket.papers.render_report import report_docx
from tongket.papers.report_gather import year_report_gather
from tongket.papers.selectors import report_draft_get
from tongket.signing.config import signer_config, trust_root_paths, tsa_url
from tongket.signing.errors import SigningError
from tongket.signing.layout import signature_place
from tongket.signing.models import ReceivedDocument, SignedDocument, SignedKind
from tongket.signing.pdfsign import SignRequest, pdf_sign
from tongket.signing.selectors import signed_notice_get, signed_refusal, signed_report_get
from tongket.signing.verify import PdfCheck, pdf_verify, trust_roots_load
from tongket.units.models import Unit

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def _signed_pdf(
    pdf: bytes, signature: Signature, *, place_name: str, reason: str, environ=None
) -> tuple[bytes, PdfCheck]:
    person = signer_config("person", environ)
    if person is None:
        raise SigningError(
            "Chưa cấu hình chứng thư số của người ký (TONGKET_SIGN_PERSON_PKCS12 hoặc "
            "TONGKET_SIGN_PERSON_PKCS11_MODULE); xem mục «Ký số» trong README",
            "no signer's certificate is configured (TONGKET_SIGN_PERSON_PKCS12 or "
            "TONGKET_SIGN_PERSON_PKCS11_MODULE); see «Signing» in the README",
        )
    agency = signer_config("agency", environ)
    authority = signature.authority[-1] if signature.authority else ""
    place = signature_place(pdf, authority=authority, name=signature.name)
    signed = pdf_sign(
        pdf,
        SignRequest(
            person=person,
            agency=agency,
            place=place,
            agency_name="",
            location=place_name,
            reason=reason,
            tsa_url=tsa_url(environ),
        ),
    )
    return signed, pdf_verify(signed, roots=trust_roots_load(trust_root_paths(environ)))


def _store(*, actor: str, unit: Unit, summary: str, **fields) -> SignedDocument:
    check: PdfCheck = fields.pop("check")
    data: bytes = fields["data"]
    signatures = check.signatures
    try:
        with transaction.atomic():
            document = SignedDocument.objects.create(
                **fields,
                issuer=unit,
                sha256=hashlib.sha256(data).hexdigest(),
                signer=signatures[0].signer if signatures else "",
                agency=signatures[1].signer if len(signatures) > 1 else "",
                timestamped=any(s.timestamp_at for s in signatures),
                verification=check.as_dict(),
                signed_by=actor,
                signed_at=timezone.now(),
            )
            audit_record(
                actor=actor,
                action="document.signed",
                object_type="signed_document",
                object_id=document.pk,
                unit=unit,
                summary=summary,
                new={
                    "number": document.number,
                    "sha256": document.sha256,
                    "signer": document.signer,
                    "agency": document.agency,
                    "timestamped": document.timestamped,
                },
            )
    except IntegrityError:
        # Someone else signed it in the meantime: theirs stands.
        signed_refusal(
            SignedDocument.objects.filter(
                kind=fields["kind"], issuer=unit, year=fields["year"], number=fields["number"]
            ).first()
        )
        raise
    return document


def notice_sign(*, notice: Notice, actor: str, environ=None) -> SignedDocument:
    """The issued notice ``notice`` as PDF, signed by the configured signer (and agency), kept
    as signed; refused when it was signed already or is not issued with a number."""
    if notice.status != NoticeStatus.ISSUED or not notice.number or notice.issued_on is None:
        raise SigningError(
            "Chỉ ký số được thông báo đã ban hành, có số và ngày ban hành",
            "only a notice issued with a number and a date can be signed",
            column="status",
        )
    signed_refusal(signed_notice_get(notice=notice))
    document = notice_gather(notice=notice)
    pdf = docx_to_pdf(notice_docx(document), name="thong-bao")
    data, check = _signed_pdf(
        pdf,
        document.signature,
        place_name=document.letterhead.place,
        reason=f"Ban hành Thông báo số {notice.number}",
        environ=environ,
    )
    return _store(
        actor=actor,
        unit=notice.issuer,
        summary=f"Ký số Thông báo số {notice.number} / notice No. {notice.number} signed",
        kind=SignedKind.NOTICE,
        year=notice.year or notice.issued_on.year,
        number=notice.number,
        notice=notice,
        file_name=f"thong-bao-{_file_part(notice.number)}-da-ky.pdf",
        data=data,
        check=check,
    )


def _file_part(number: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in number).strip("-").lower()


def report_sign(
    *, unit: Unit, year: int, actor: str, on: dt.date | None = None, environ=None
) -> SignedDocument:
    """The year-end report of ``unit`` for ``year`` as PDF, signed and kept as signed; it needs
    its number, and a number signed once is not signed again."""
    draft = report_draft_get(unit=unit, year=year)
    number = draft.number.strip() if draft else ""
    if not number:
        raise SigningError(
            "Báo cáo chưa có số văn bản: ghi số ở phần «Số văn bản» rồi ký",
            "the report has no number yet: write it in the «Document number» part, then sign",
            column="number",
        )
    signed_refusal(signed_report_get(unit=unit, year=year, number=number))
    report = year_report_gather(unit=unit, year=year, on=on)
    pdf = docx_to_pdf(report_docx(report), name="bao-cao")
    full = report.letterhead.number.removeprefix("Số:").strip()
    data, check = _signed_pdf(
        pdf,
        report.signature,
        place_name=report.letterhead.place,
        reason=f"Ban hành Báo cáo số {full}",
        environ=environ,
    )
    return _store(
        actor=actor,
        unit=unit,
        summary=f"Ký số Báo cáo tổng kết năm {year}, số {full} / year-end review report {year}, No. {full}, signed",
        kind=SignedKind.REPORT,
        year=year,
        number=full,
        file_name=f"bao-cao-tong-ket-nam-{year}-{_file_part(full)}-da-ky.pdf",
        data=data,
        check=check,
    )


def received_document_check(
    *, name: str, data: bytes, user, keep: bool
) -> tuple[PdfCheck, ReceivedDocument | None]:
    """The signatures of an uploaded PDF checked; kept with the result when ``keep``."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise SigningError(
            f"Tệp nặng quá {MAX_UPLOAD_BYTES // (1024 * 1024)} MB",
            f"the file is over {MAX_UPLOAD_BYTES // (1024 * 1024)} MB",
            column="file",
        )
    check = pdf_verify(data)
    if not keep:
        return check, None
    with transaction.atomic():
        received = ReceivedDocument.objects.create(
            name=name[:255],
            data=data,
            sha256=hashlib.sha256(data).hexdigest(),
            size=len(data),
            signed=check.signed,
            ok=check.ok,
            verification=check.as_dict(),
            uploaded_by=user,
        )
        audit_record(
            actor=user.get_username(),
            action="document.received",
            object_type="received_document",
            object_id=received.pk,
            summary=f"Kiểm tra chữ ký số: {received.name} / signatures checked: {received.name}",
            new={"sha256": received.sha256, "signed": check.signed, "ok": check.ok},
            user=user,
        )
    return check, received
