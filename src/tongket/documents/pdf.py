"""A published report as a PDF: its text (Debian's ``pdftotext``, from poppler-utils) and, when
the file is signed, what its digital signatures say (``tongket.signing.verify``): who signed,
when, whether it was changed afterwards, whether the certificate chains to a trusted root."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from tongket.extraction.errors import ExtractionError

# pdftotext on a hostile file: bounded in time like every other reader.
PDFTOTEXT_SECONDS = 60


def pdf_text(data: bytes) -> str:
    """The text of the PDF, page after page; refused with a clear message when there is
    none (a scanned image) or the file is not a PDF."""
    if not data.startswith(b"%PDF-"):
        raise ExtractionError("tệp không phải PDF", "the file is not a PDF")
    tool = shutil.which("pdftotext")
    if tool is None:
        raise ExtractionError(
            "thiếu chương trình pdftotext (gói poppler-utils của Debian: make office)",
            "pdftotext is missing (Debian's poppler-utils: make office)",
        )
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in.pdf"
        source.write_bytes(data)
        try:
            done = subprocess.run(
                [tool, "-enc", "UTF-8", "-nopgbrk", str(source), "-"],
                capture_output=True,
                timeout=PDFTOTEXT_SECONDS,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise ExtractionError(
                f"đọc tệp PDF quá {PDFTOTEXT_SECONDS} giây",
                f"reading the PDF took over {PDFTOTEXT_SECONDS} seconds",
            ) from None
    text = done.stdout.decode("utf-8", errors="replace").strip() if done.returncode == 0 else ""
    if done.returncode != 0:
        raise ExtractionError("không đọc được tệp PDF", "the PDF cannot be read")
    if not text:
        raise ExtractionError(
            "tệp PDF không có chữ (có thể là ảnh chụp)",
            "the PDF holds no text (perhaps a scanned image)",
        )
    return _paragraphs(text)


# A line that ends a sentence, before one that starts another, ends its paragraph too.
_SENTENCE_END = tuple(".:;!?…")


def _paragraphs(text: str) -> str:
    """pdftotext gives the page's lines as laid out, a blank line between blocks: the lines
    of a block are joined into paragraphs again, as the report was written."""
    paragraphs: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        current = ""
        for line in (raw.strip() for raw in block.splitlines()):
            if not line:
                continue
            if (
                current
                and current.endswith(_SENTENCE_END)
                and (line[0].isupper() or line[0] in "-–•+*")
            ):
                paragraphs.append(current)
                current = line
            else:
                current = f"{current} {line}" if current else line
        if current:
            paragraphs.append(current)
    return "\n\n".join(paragraphs)


def pdf_signature(data: bytes) -> dict | None:
    """What the file's signatures say (``PdfCheck.as_dict``), checked against the roots the
    installation trusts (``TONGKET_SIGN_TRUST``); None for a file nobody signed."""
    from tongket.signing.errors import SigningError
    from tongket.signing.verify import pdf_verify, trust_roots_load

    try:
        check = pdf_verify(data, roots=trust_roots_load())
    except SigningError as error:  # the text was read; what the signatures say could not be
        return {"ok": False, "roots": 0, "signatures": [], "problem": str(error)}
    return check.as_dict() if check.signed else None


_AFTER = {
    "unchanged": ("không bị sửa sau khi ký", "unchanged since signed"),
    "signed_after": ("chỉ thêm chữ ký sau", "only later signatures added"),
    "changed": ("BỊ SỬA SAU KHI KÝ", "CHANGED AFTER SIGNING"),
}


def signature_lines(signature: dict | None) -> list[str]:
    """One «Vietnamese / English» line per signature of a checked PDF."""
    if not signature:
        return []
    if signature.get("problem"):
        return [f"chữ ký số: {signature['problem']}"]
    lines = []
    for s in signature.get("signatures", []):
        if s.get("problem"):
            lines.append(f"chữ ký số «{s.get('field', '')}»: {s['problem']}")
            continue
        after_vi, after_en = _AFTER.get(s.get("after", ""), (s.get("after", ""),) * 2)
        trust_vi = "tin cậy" if s.get("trusted") else "KHÔNG tin cậy"
        trust_en = "trusted" if s.get("trusted") else "NOT trusted"
        valid_vi = "hợp lệ" if s.get("valid") and s.get("intact") else "KHÔNG hợp lệ"
        valid_en = "valid" if s.get("valid") and s.get("intact") else "NOT valid"
        who = ", ".join(x for x in (s.get("signer"), s.get("organization")) if x)
        when = s.get("timestamp_at") or s.get("signed_at") or "?"
        lines.append(
            f"ký số: {who}, {when}, {valid_vi}, {after_vi}, {trust_vi} / signed: {who}, {when}, "
            f"{valid_en}, {after_en}, {trust_en}"
        )
    return lines
