"""What a signed PDF says about itself: who signed, when, whether the document changed after
each signature, and whether each certificate chains to a root the department trusts.

The answer is data (``PdfCheck``), in words in both languages by ``words.py``; the command,
the upload page and the stored uploads all read the same."""

from __future__ import annotations

import datetime as dt
import io
import logging
from dataclasses import asdict, dataclass, field
from pathlib import Path

from asn1crypto import x509
from pyhanko.keys import load_certs_from_pemder
from pyhanko.pdf_utils.misc import PdfReadError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from tongket.signing.config import trust_root_paths
from tongket.signing.errors import SigningError
from tongket.signing.loop import outside_event_loop

logger = logging.getLogger(__name__)

# What happened to the document after a signature.
UNCHANGED = "unchanged"  # the signature covers the whole file
SIGNED_AFTER = "signed_after"  # only later signatures (or form filling) were added
CHANGED = "changed"  # anything else: the content may differ from what was signed


@dataclass
class SignatureCheck:
    field: str
    signer: str  # the certificate's common name
    organization: str
    issuer: str
    serial: str
    signed_at: str | None  # ISO 8601, the time the signer's software stated
    timestamp_at: str | None  # ISO 8601, from a time-stamping service, when there is one
    timestamp_ok: bool | None
    intact: bool  # the signed bytes are the ones hashed
    valid: bool  # the signature over them is the certificate's
    trusted: bool  # the certificate chains to a configured root
    after: str  # UNCHANGED, SIGNED_AFTER or CHANGED
    problem: str = ""  # why the signature could not be read at all

    @property
    def ok(self) -> bool:
        return self.intact and self.valid and self.trusted and self.after != CHANGED


@dataclass
class PdfCheck:
    signatures: list[SignatureCheck] = field(default_factory=list)
    roots: int = 0  # how many trusted roots were configured

    @property
    def signed(self) -> bool:
        return bool(self.signatures)

    @property
    def ok(self) -> bool:
        return self.signed and all(s.ok for s in self.signatures)

    def as_dict(self) -> dict:
        return {
            "ok": self.ok,
            "roots": self.roots,
            "signatures": [asdict(s) | {"ok": s.ok} for s in self.signatures],
        }

    @classmethod
    def from_dict(cls, data: dict) -> PdfCheck:
        known = set(SignatureCheck.__dataclass_fields__)
        return cls(
            signatures=[
                SignatureCheck(**{k: v for k, v in s.items() if k in known})
                for s in data.get("signatures", [])
            ],
            roots=int(data.get("roots", 0)),
        )


def trust_roots_load(paths: list[Path] | None = None) -> list[x509.Certificate]:
    """The trusted roots from their files (the configured ones when ``paths`` is None)."""
    paths = trust_root_paths() if paths is None else paths
    roots: list[x509.Certificate] = []
    for path in paths:
        try:
            roots.extend(load_certs_from_pemder([str(path)]))
        except (OSError, ValueError) as error:
            raise SigningError(
                f"Không đọc được chứng thư gốc tin cậy «{path}»: {error}",
                f"cannot read the trusted root certificate «{path}»: {error}",
                column="TONGKET_SIGN_TRUST",
            ) from None
    return roots


def _iso(moment: dt.datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment else None


def _name(cert: x509.Certificate, key: str) -> str:
    return str(cert.subject.native.get(key, "") or "")


def _after(status) -> str:
    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return UNCHANGED
    level = status.modification_level
    if status.coverage == SignatureCoverageLevel.ENTIRE_REVISION and level in (
        ModificationLevel.NONE,
        ModificationLevel.LTA_UPDATES,
        ModificationLevel.FORM_FILLING,
    ):
        return SIGNED_AFTER
    return CHANGED


def _unreadable(embedded, base: dict, error: Exception) -> SignatureCheck:
    logger.info("signature %s unreadable: %s", base.get("field"), error)
    try:
        stated = _iso(embedded.self_reported_timestamp)
    except Exception:  # the signature's own data is what failed: say it has no time
        stated = None
    return SignatureCheck(
        **base,
        signed_at=stated,
        timestamp_at=None,
        timestamp_ok=None,
        intact=False,
        valid=False,
        trusted=False,
        after=CHANGED,
        problem=str(error)[:300] or type(error).__name__,
    )


def _check(embedded, roots) -> SignatureCheck:
    base = {"field": "", "signer": "", "organization": "", "issuer": "", "serial": ""}
    try:
        base["field"] = embedded.field_name or ""
        cert = embedded.signer_cert
        base |= {
            "signer": _name(cert, "common_name"),
            "organization": _name(cert, "organization_name"),
            "issuer": str(cert.issuer.native.get("common_name", "") or ""),
            "serial": format(cert.serial_number, "X"),
        }
        context = ValidationContext(trust_roots=roots, allow_fetching=False)
        status = outside_event_loop(lambda: validate_pdf_signature(embedded, context, context))
    except (SignatureValidationError, PdfReadError, ValueError, KeyError, TypeError) as error:
        return _unreadable(embedded, base, error)
    except Exception as error:  # a hostile or broken file: its check fails, the page stays up
        logger.warning("signature %s check failed", base["field"], exc_info=True)
        return _unreadable(embedded, base, error)
    stamp = status.timestamp_validity
    return SignatureCheck(
        **base,
        signed_at=_iso(status.signer_reported_dt),
        timestamp_at=_iso(stamp.timestamp) if stamp else None,
        timestamp_ok=(stamp.intact and stamp.valid and stamp.trusted) if stamp else None,
        intact=status.intact,
        valid=status.valid,
        trusted=status.trusted,
        after=_after(status),
    )


def pdf_verify(data: bytes, *, roots: list[x509.Certificate] | None = None) -> PdfCheck:
    """Each signature of the PDF ``data`` checked against ``roots`` (the configured trusted
    roots when None)."""
    roots = trust_roots_load() if roots is None else roots
    if not data.startswith(b"%PDF-"):
        raise SigningError("Tệp không phải PDF", "the file is not a PDF", column="pdf")
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
    except Exception as error:  # any reading failure of an uploaded file is the file's
        raise SigningError(
            f"Không đọc được tệp PDF: {error}", f"the PDF cannot be read: {error}", column="pdf"
        ) from None
    return PdfCheck(signatures=[_check(e, roots) for e in embedded], roots=len(roots))
