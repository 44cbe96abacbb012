"""The visible signatures stand where Nghị định 30/2020 Phụ lục I puts them: the signer's in
the signature block between the authority line and the name, the agency's the seal's size over
the left third of it; read from the widget rectangles and seen on the page image."""

from __future__ import annotations

import io
import subprocess

import pytest
from PIL import Image
from pyhanko.pdf_utils.reader import PdfFileReader

from signing.conftest import ARTIFACTS
from tongket.papers.meeting_gather import notice_gather
from tongket.signing.layout import MM, SEAL_MM, pdf_words
from tongket.signing.pdfsign import AGENCY_FIELD, PERSON_FIELD
from tongket.signing.selectors import signed_document_data
from tongket.signing.services import notice_sign

pytestmark = pytest.mark.django_db


def _widgets(data: bytes) -> tuple[int, dict[str, tuple[float, ...]]]:
    """The last page's number (1-based) and its signature widgets' rectangles by name."""
    reader = PdfFileReader(io.BytesIO(data), strict=False)
    pages = reader.root["/Pages"]["/Kids"]
    found = {}
    for annot in pages[len(pages) - 1].get_object().get("/Annots", []):
        annot = annot.get_object()
        if annot.get("/FT") == "/Sig" or "/T" in annot:
            found[str(annot["/T"])] = tuple(float(v) for v in annot["/Rect"])
    return len(pages), found


def _line(words, text):
    wanted = text.split()
    hit = None
    for i in range(len(words) - len(wanted) + 1):
        if [w.text for w in words[i : i + len(wanted)]] == wanted:
            hit = words[i : i + len(wanted)]
    assert hit, f"«{text}» not on the page"
    return hit


def test_signatures_stand_in_the_signature_block(year2017, signing_env):
    notice = year2017.notice
    signature = notice_gather(notice=notice).signature
    data = signed_document_data(document=notice_sign(notice=notice, actor="test"))
    last, widgets = _widgets(data)
    assert set(widgets) == {PERSON_FIELD, AGENCY_FIELD}
    px1, py1, px2, py2 = widgets[PERSON_FIELD]
    ax1, ay1, ax2, ay2 = widgets[AGENCY_FIELD]

    # The words of the block on the signed page (from the top of the page).
    _number, width, height, words = pdf_words(data, page=last)
    authority = _line(words, signature.authority[-1])
    name = _line([w for w in words if w.top > authority[-1].bottom], signature.name)
    authority_bottom = height - max(w.bottom for w in authority)
    name_top = height - min(w.top for w in name)
    name_centre = (name[0].x1 + name[-1].x2) / 2
    # The signer's: between the authority line and the name, centred on the block, in the
    # right-hand column (the «Nơi nhận» list is on the left).
    assert name_top - 3 <= py1 < py2 <= authority_bottom + 3
    assert py2 - py1 > 40  # the room the block leaves for the pen
    assert abs((px1 + px2) / 2 - name_centre) < 30
    assert px1 > width * 0.45
    # The agency's: the seal's size, covering the left third of the signer's.
    assert ax2 - ax1 == pytest.approx(SEAL_MM * MM, abs=1)
    assert ay2 - ay1 == pytest.approx(SEAL_MM * MM, abs=1)
    assert ax2 == pytest.approx(px1 + (px2 - px1) / 3, abs=1)
    assert (ay1 + ay2) / 2 == pytest.approx((py1 + py2) / 2, abs=1)

    # On the page image: blue ink only in the signer's box, red only in the seal's.
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf = ARTIFACTS / "notice-signed.pdf"
    pdf.write_bytes(data)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "72",
            "-f",
            str(last),
            "-l",
            str(last),
            "-singlefile",
            str(pdf),
            str(ARTIFACTS / "notice-signed-page"),
        ],
        check=True,
        capture_output=True,
    )
    image = Image.open(ARTIFACTS / "notice-signed-page.png").convert("RGB")
    scale = image.width / width

    def inside(x, y, box, slack=2):
        x1, y1, x2, y2 = box
        return (
            x1 * scale - slack <= x <= x2 * scale + slack
            and (height - y2) * scale - slack <= y <= (height - y1) * scale + slack
        )

    blue_in = blue_out = red_in = red_out = 0
    pixels = image.load()
    for y in range(image.height):
        for x in range(image.width):
            r, g, b = pixels[x, y]
            if b > 120 and b - r > 60 and b - g > 40:
                if inside(x, y, widgets[PERSON_FIELD]):
                    blue_in += 1
                else:
                    blue_out += 1
            elif r > 150 and r - g > 80 and r - b > 80:
                if inside(x, y, widgets[AGENCY_FIELD]):
                    red_in += 1
                else:
                    red_out += 1
    assert blue_in > 50 and blue_out == 0, (blue_in, blue_out)
    assert red_in > 200 and red_out == 0, (red_in, red_out)
