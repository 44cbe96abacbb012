"""A signature check in words, Vietnamese or English: what the command prints and the pages
show. Times are Vietnam's (UTC+7), dates as «31/01/2007»."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tongket.signing.pdfsign import VIETNAM
from tongket.signing.verify import CHANGED, SIGNED_AFTER, UNCHANGED, PdfCheck, SignatureCheck

ROLE_OF_FIELD = {
    "ChuKyNguoiKy": ("chữ ký của người có thẩm quyền", "the signer's signature"),
    "ChuKyCoQuan": ("chữ ký của cơ quan, tổ chức", "the agency's signature"),
}


def when(text: str | None, lang: str) -> str:
    if not text:
        return "không ghi" if lang == "vi" else "not stated"
    moment = dt.datetime.fromisoformat(text).astimezone(VIETNAM)
    return moment.strftime("%d/%m/%Y %H:%M:%S") + " (UTC+7)"


@dataclass(frozen=True)
class Line:
    label: str
    text: str
    good: bool | None  # None: neither good nor bad news


def _t(lang: str, vi: str, en: str) -> str:
    return en if lang == "en" else vi


def signature_lines(s: SignatureCheck, *, roots: int, lang: str) -> list[Line]:
    t = lambda vi, en: _t(lang, vi, en)  # noqa: E731
    who = s.signer + (f" ({s.organization})" if s.organization else "")
    lines = [
        Line(t("Người ký", "Signed by"), who, None),
        Line(t("Chứng thư do", "Certificate issued by"), f"{s.issuer} · {s.serial}", None),
        Line(
            t("Thời điểm ký (máy người ký ghi)", "Signing time (as stated)"),
            when(s.signed_at, lang),
            None,
        ),
    ]
    if s.timestamp_at:
        ok = bool(s.timestamp_ok)
        lines.append(
            Line(
                t("Dấu thời gian", "Time stamp"),
                when(s.timestamp_at, lang)
                + (
                    t(" — hợp lệ", " — valid")
                    if ok
                    else t(" — không xác thực được", " — cannot be verified")
                ),
                ok,
            )
        )
    else:
        lines.append(Line(t("Dấu thời gian", "Time stamp"), t("không có", "none"), None))
    if s.problem:
        lines.append(
            Line(
                t("Lỗi", "Error"),
                t("Không đọc được chữ ký: ", "The signature cannot be read: ") + s.problem,
                False,
            )
        )
    if not s.intact:
        changed = t(
            "Văn bản ĐÃ BỊ THAY ĐỔI sau khi ký: nội dung không còn khớp với chữ ký",
            "The document WAS CHANGED after signing: its content no longer matches the signature",
        )
    elif s.after == UNCHANGED:
        changed = t(
            "Văn bản không bị thay đổi sau khi ký", "The document was not changed after signing"
        )
    elif s.after == SIGNED_AFTER:
        changed = t(
            "Sau chữ ký này chỉ có chữ ký số khác được thêm vào; nội dung không đổi",
            "Only further signatures were added after this one; the content is unchanged",
        )
    else:
        changed = t(
            "Văn bản ĐÃ BỊ THAY ĐỔI sau khi ký (có phần được thêm vào sau chữ ký)",
            "The document WAS CHANGED after signing (something was added after the signature)",
        )
    lines.append(Line(t("Toàn vẹn", "Integrity"), changed, s.intact and s.after != CHANGED))
    if s.intact and not s.valid:
        lines.append(
            Line(
                t("Chữ ký", "Signature"),
                t(
                    "Chữ ký không khớp với chứng thư",
                    "The signature does not match its certificate",
                ),
                False,
            )
        )
    if s.trusted:
        trust = t(
            "Chứng thư dẫn tới một chứng thư gốc tin cậy đã cấu hình",
            "The certificate chains to a configured trusted root",
        )
    elif roots == 0:
        trust = t(
            "Chưa cấu hình chứng thư gốc tin cậy (TONGKET_SIGN_TRUST) nên không xác nhận được",
            "No trusted root is configured (TONGKET_SIGN_TRUST), so it cannot be confirmed",
        )
    else:
        trust = t(
            "Chứng thư KHÔNG dẫn tới chứng thư gốc tin cậy nào đã cấu hình",
            "The certificate does NOT chain to any configured trusted root",
        )
    lines.append(Line(t("Tin cậy", "Trust"), trust, s.trusted))
    return lines


def signature_title(s: SignatureCheck, n: int, lang: str) -> str:
    role = ROLE_OF_FIELD.get(s.field)
    name = (role[1] if lang == "en" else role[0]) if role else s.field
    return _t(lang, f"Chữ ký {n}: {name}", f"Signature {n}: {name}")


def verdict(check: PdfCheck, lang: str) -> str:
    if not check.signed:
        return _t(lang, "Tệp không có chữ ký số", "The file has no digital signature")
    if check.ok:
        return _t(
            lang,
            f"Hợp lệ: {len(check.signatures)} chữ ký, văn bản không bị thay đổi, chứng thư tin cậy",
            f"Valid: {len(check.signatures)} signature(s), the document unchanged, the "
            "certificates trusted",
        )
    return _t(lang, "KHÔNG hợp lệ: xem từng chữ ký dưới đây", "NOT valid: see each signature below")


def check_text(check: PdfCheck, *, lang: str, name: str = "") -> str:
    """The whole check as plain text (the command's output)."""
    out = [f"{name}: {verdict(check, lang)}" if name else verdict(check, lang)]
    for n, s in enumerate(check.signatures, start=1):
        out += ["", signature_title(s, n, lang)]
        for line in signature_lines(s, roots=check.roots, lang=lang):
            mark = {True: "✓", False: "✗", None: "·"}[line.good]
            out.append(f"  {mark} {line.label}: {line.text}")
    return "\n".join(out)
