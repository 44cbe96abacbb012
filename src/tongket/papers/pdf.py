"""DOCX to PDF through LibreOffice (``soffice --headless --convert-to pdf``), when installed."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from tongket.papers.errors import OfficeMissing, PapersError

TIMEOUT_SECONDS = 180


def office_binary() -> str | None:
    """The LibreOffice program on this machine, if any."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx: bytes, *, name: str = "document") -> bytes:
    """The PDF of a DOCX; ``OfficeMissing`` when LibreOffice is not installed."""
    binary = office_binary()
    if binary is None:
        raise OfficeMissing(
            "Chưa cài LibreOffice nên chưa tạo được PDF; tệp DOCX vẫn tạo được (cài bằng "
            "«make office», tức «apt-get install libreoffice-writer-nogui»)",
            "LibreOffice is not installed, so no PDF can be made; the DOCX still can "
            "(install it with «make office», i.e. «apt-get install libreoffice-writer-nogui»)",
        )
    with tempfile.TemporaryDirectory(prefix="tongket-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / f"{name}.docx"
        source.write_bytes(docx)
        # A profile of its own: two conversions at once (or an open LibreOffice window) do
        # not wait on each other's lock.
        profile = (folder / "profile").as_uri()
        try:
            done = subprocess.run(
                [
                    binary,
                    f"-env:UserInstallation={profile}",
                    "--headless",
                    "--norestore",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    str(folder),
                    str(source),
                ],
                capture_output=True,
                text=True,
                timeout=TIMEOUT_SECONDS,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise PapersError(
                f"LibreOffice không chuyển xong sang PDF sau {TIMEOUT_SECONDS} giây",
                f"LibreOffice did not finish the PDF within {TIMEOUT_SECONDS} seconds",
            ) from None
        target = folder / f"{name}.pdf"
        if done.returncode != 0 or not target.exists():
            detail = (done.stderr or done.stdout or "").strip().splitlines()[-1:] or [""]
            raise PapersError(
                f"LibreOffice không tạo được PDF (mã {done.returncode}): {detail[0]}",
                f"LibreOffice could not make the PDF (exit {done.returncode}): {detail[0]}",
            )
        return target.read_bytes()
