"""PAdES signatures on a PDF: the signer's, then the agency's over the seal's place, each
visible where Nghị định 30/2020 Phụ lục I puts it and time-stamped when a service is
configured. Each signature is an incremental update, so the first stays valid under the
second."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from pyhanko.pdf_utils import layout as hanko_layout
from pyhanko.pdf_utils.images import PdfImage
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError as HankoSigningError
from pyhanko.sign.timestamps import TimestampRequestError
from pyhanko.sign.timestamps.requests_client import RequestsHTTPTimeStamper
from pyhanko.stamp import TextStampStyle

from tongket.signing.config import SignerConfig
from tongket.signing.errors import SigningError
from tongket.signing.layout import SignaturePlace
from tongket.signing.loop import outside_event_loop
from tongket.signing.signers import signer_open
from tongket.signing.stamps import agency_stamp, person_stamp

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
PERSON_FIELD = "ChuKyNguoiKy"
AGENCY_FIELD = "ChuKyCoQuan"


def iso_time(moment: dt.datetime) -> str:
    """«2026-12-07T22:30:05+07:00»: the time in Vietnam, ISO 8601 (Phụ lục I)."""
    return moment.astimezone(VIETNAM).isoformat(timespec="seconds")


def _style(picture) -> TextStampStyle:
    """A stamp that is the picture alone (``stamps.py`` draws the words into it)."""
    return TextStampStyle(
        stamp_text="",
        border_width=0,
        background=PdfImage(picture),
        background_opacity=1.0,
        background_layout=hanko_layout.SimpleBoxLayoutRule(
            x_align=hanko_layout.AxisAlignment.ALIGN_MID,
            y_align=hanko_layout.AxisAlignment.ALIGN_MID,
            margins=hanko_layout.Margins.uniform(0),
        ),
    )


@dataclass(frozen=True)
class SignRequest:
    person: SignerConfig
    agency: SignerConfig | None
    place: SignaturePlace
    agency_name: str
    location: str = ""
    reason: str = ""
    tsa_url: str = ""


def _timestamper(url: str):
    return RequestsHTTPTimeStamper(url, timeout=20) if url else None


def _size(box) -> tuple[float, float]:
    return box[2] - box[0], box[3] - box[1]


def _one(data: bytes, *, config: SignerConfig, field: str, box, page: int, picture, request):
    """One signature over ``data``; ``picture(name)`` draws its appearance for the signer
    named in the certificate."""
    with signer_open(config) as signer:
        name = str(signer.signing_cert.subject.native.get("common_name", ""))
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
        meta = signers.PdfSignatureMetadata(
            field_name=field,
            md_algorithm="sha256",
            subfilter=fields.SigSeedSubFilter.PADES,
            location=request.location or None,
            reason=request.reason or None,
        )
        pdf_signer = signers.PdfSigner(
            meta,
            signer=signer,
            timestamper=_timestamper(request.tsa_url),
            stamp_style=_style(picture(name)),
            new_field_spec=fields.SigFieldSpec(
                sig_field_name=field, on_page=page, box=tuple(round(v, 2) for v in box)
            ),
        )
        out = io.BytesIO()
        outside_event_loop(lambda: pdf_signer.sign_pdf(writer, output=out))
        return out.getvalue()


def pdf_sign(data: bytes, request: SignRequest, *, now: dt.datetime | None = None) -> bytes:
    """``data`` signed by the person, then by the agency when one is configured."""
    when = iso_time(now or dt.datetime.now(tz=VIETNAM))
    place = request.place
    try:
        data = _one(
            data,
            config=request.person,
            field=PERSON_FIELD,
            box=place.person,
            page=place.page,
            picture=lambda name: person_stamp(
                size_pt=_size(place.person), name=name, when=when, image=request.person.image
            ),
            request=request,
        )
        if request.agency is not None:
            agency = request.agency
            data = _one(
                data,
                config=agency,
                field=AGENCY_FIELD,
                box=place.agency,
                page=place.page,
                picture=lambda name: agency_stamp(
                    size_pt=_size(place.agency)[0],
                    agency=request.agency_name or name,
                    when=when,
                    image=agency.image,
                ),
                request=request,
            )
    except TimestampRequestError as error:
        raise SigningError(
            f"Dịch vụ cấp dấu thời gian «{request.tsa_url}» không trả lời đúng: {error}",
            f"the time-stamping service «{request.tsa_url}» did not answer properly: {error}",
        ) from None
    except (HankoSigningError, PdfError) as error:
        raise SigningError(
            f"Không ký được văn bản: {error}", f"the document could not be signed: {error}"
        ) from None
    return data
