"""Reads: the signed copy of a document, and the refusal to make a signed one again."""

from __future__ import annotations

from django.utils import timezone

from tongket.core.numbers import format_date
from tongket.papers.errors import PapersError
from tongket.signing.models import ReceivedDocument, SignedDocument, SignedKind


def signed_notice_get(*, notice) -> SignedDocument | None:
    return SignedDocument.objects.defer("data").filter(notice=notice).first()


def signed_report_get(*, unit, year: int, number: str) -> SignedDocument | None:
    """The signed report of ``unit`` for ``year`` under the draft's number ``number`` («12»)."""
    if not number.strip():
        return None
    return (
        SignedDocument.objects.defer("data")
        .filter(
            kind=SignedKind.REPORT, issuer=unit, year=year, number__startswith=f"{number.strip()}/"
        )
        .first()
    )


def signed_reports_of(*, unit, year: int) -> list[SignedDocument]:
    return list(
        SignedDocument.objects.defer("data").filter(kind=SignedKind.REPORT, issuer=unit, year=year)
    )


def signed_document_data(*, document: SignedDocument) -> bytes:
    return bytes(SignedDocument.objects.values_list("data", flat=True).get(pk=document.pk))


def signed_refusal(signed: SignedDocument | None) -> None:
    """Refuse to make again a document that was signed under its number (its signed copy is
    the document from then on)."""
    if signed is None:
        return
    day = format_date(timezone.localtime(signed.signed_at).date())
    vi, en = signed.kind_words()
    raise PapersError(
        f"{vi} số {signed.number} đã được ký số ngày {day}; văn bản đã "
        "ký không được tạo lại dưới cùng số. Tải bản đã ký, hoặc cho văn bản mới một số mới",
        f"{en} no. {signed.number} was digitally signed on {day}; a "
        "signed document is not made again under the same number. Download the signed copy, "
        "or give a new document a new number",
        column="number",
    )


def received_document_list(*, user, limit: int = 20) -> list[ReceivedDocument]:
    return list(ReceivedDocument.objects.defer("data").filter(uploaded_by=user)[:limit])


def received_document_get_for_user(*, user, pk: int) -> ReceivedDocument | None:
    return ReceivedDocument.objects.filter(pk=pk, uploaded_by=user).first()
