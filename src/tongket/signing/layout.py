"""Where the two signatures go on the PDF, as Nghị định 30/2020 Phụ lục I places them.

- the signer's signature (the image of the handwritten one) in the signature block, centred
  between the authority line («GIÁM ĐỐC») and the signer's name, in the space the paper
  document leaves for the pen;
- the agency's signature over the seal's place: the seal's size, covering about the left third
  of the signer's signature.

The block is found on the document's last page by its words (poppler's ``pdftotext -bbox``):
the last authority line and the name under it.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from defusedxml import ElementTree

from tongket.signing.errors import SigningError

MM = 72 / 25.4
PERSON_WIDTH_MM = 50
SEAL_MM = 36  # a department's round seal: 35–36 mm across
GAP_DEFAULT_PT = 60  # the room the signature block leaves (papers.decree30.closing_block)

Box = tuple[float, float, float, float]  # PDF points, origin bottom left: x1, y1, x2, y2


@dataclass(frozen=True)
class Word:
    text: str
    x1: float
    top: float
    x2: float
    bottom: float


@dataclass(frozen=True)
class SignaturePlace:
    page: int  # 0-based
    page_width: float
    page_height: float
    person: Box
    agency: Box
    # The lines the block was found by (PDF points, from the bottom): the authority's bottom
    # edge and the name's top edge.
    authority_bottom: float
    name_top: float | None


def _key(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip().casefold()


def pdf_words(data: bytes, *, page: int | None = None) -> tuple[int, float, float, list[Word]]:
    """The words of page ``page`` (1-based; the last when None) with their boxes (from the top):
    the page's number, width, height and words."""
    binary = shutil.which("pdftotext")
    if binary is None:
        raise SigningError(
            "Chưa cài poppler-utils (pdftotext) nên không đặt được chữ ký lên trang "
            "(«make office»)",
            "poppler-utils (pdftotext) is not installed, so the signature cannot be placed "
            "(«make office»)",
        )
    with tempfile.TemporaryDirectory(prefix="tongket-sign-") as tmp:
        source = Path(tmp) / "in.pdf"
        source.write_bytes(data)
        args = [binary, "-bbox", str(source), "-"]
        if page is not None:
            args[1:1] = ["-f", str(page), "-l", str(page)]
        done = subprocess.run(args, capture_output=True, timeout=60, check=False)
    if done.returncode != 0:
        raise SigningError(
            "Tệp không đọc được như PDF", "the file cannot be read as a PDF", column="pdf"
        )
    root = ElementTree.fromstring(done.stdout)
    pages = root.findall(".//{*}page")
    if not pages:
        raise SigningError("Tệp PDF không có trang nào", "the PDF has no page", column="pdf")
    last = pages[-1]
    words = [
        Word(
            w.text or "",
            float(w.get("xMin")),
            float(w.get("yMin")),
            float(w.get("xMax")),
            float(w.get("yMax")),
        )
        for w in last.findall("{*}word")
    ]
    number = page if page is not None else len(pages)
    return number, float(last.get("width")), float(last.get("height")), words


def _find_line(words: list[Word], text: str) -> list[Word] | None:
    """The last run of consecutive words that reads ``text``."""
    wanted = [_key(w) for w in text.split()]
    if not wanted:
        return None
    found = None
    for start in range(len(words) - len(wanted) + 1):
        run = words[start : start + len(wanted)]
        if [_key(w.text) for w in run] == wanted:
            found = run
    return found


def signature_place(data: bytes, *, authority: str, name: str) -> SignaturePlace:
    """The boxes of the two signatures on the last page of ``data``, found from the signature
    block's last authority line and the signer's name."""
    number, width, height, words = pdf_words(data)
    line = _find_line(words, authority)
    if line is None:
        raise SigningError(
            f"Không tìm thấy khối chữ ký («{authority}») ở trang cuối văn bản",
            f"the signature block («{authority}») is not on the document's last page",
        )
    below = [w for w in words if w.top > line[-1].bottom]
    name_words = _find_line(below, name) if name.strip() else None
    authority_bottom = max(w.bottom for w in line)
    left, right = min(w.x1 for w in line), max(w.x2 for w in line)
    centre = (left + right) / 2
    if name_words:
        name_top = min(w.top for w in name_words)
        name_centre = (min(w.x1 for w in name_words) + max(w.x2 for w in name_words)) / 2
        centre = (centre + name_centre) / 2
    else:
        name_top = authority_bottom + GAP_DEFAULT_PT
    # From the top of the page to PDF points from the bottom.
    top, bottom = height - authority_bottom - 2, height - name_top + 2
    half = PERSON_WIDTH_MM * MM / 2
    person = (centre - half, bottom, centre + half, top)
    seal = SEAL_MM * MM
    seal_right = person[0] + (person[2] - person[0]) / 3
    middle = (bottom + top) / 2
    agency = (seal_right - seal, middle - seal / 2, seal_right, middle + seal / 2)
    return SignaturePlace(
        page=number - 1,
        page_width=width,
        page_height=height,
        person=person,
        agency=agency,
        authority_bottom=height - authority_bottom,
        name_top=height - name_top if name_words else None,
    )
