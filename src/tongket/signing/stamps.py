"""The pictures the two visible signatures show (Nghị định 30/2020 Phụ lục I), drawn with
Pillow at print resolution so every Vietnamese letter is right whatever the PDF reader:

- the signer's: the image of the handwritten signature when one is configured, in blue ink,
  with the signer's name and the time under it;
- the agency's: the seal (the configured image, else a red ring the seal's size) with the
  agency's name and the time of signing (ISO 8601, Vietnam's time zone) in red.
"""

from __future__ import annotations

import textwrap
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from tongket.signing.errors import SigningError

DPI = 300
BLUE = (0, 51, 190, 255)
RED = (217, 13, 13, 255)


@lru_cache(maxsize=8)
def _font(px: int) -> ImageFont.FreeTypeFont:
    # DejaVu Sans has every Vietnamese letter; matplotlib (a dependency) ships it.
    import matplotlib

    path = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
    return ImageFont.truetype(str(path), px)


def _px(points: float) -> int:
    return max(round(points / 72 * DPI), 1)


def _picture(path: Path) -> Image.Image:
    try:
        with Image.open(path) as image:
            return image.convert("RGBA")
    except (OSError, ValueError):
        raise SigningError(
            f"Tệp ảnh «{path}» không mở được (cần ảnh PNG nền trong suốt)",
            f"the image «{path}» cannot be opened (a PNG with a transparent background)",
        ) from None


def _fit(image: Image.Image, width: int, height: int) -> Image.Image:
    scale = min(width / image.width, height / image.height)
    return image.resize((max(int(image.width * scale), 1), max(int(image.height * scale), 1)))


def _lines(draw, lines: list[str], *, box, px: int, fill) -> None:
    """``lines`` centred in ``box`` (x1, y1, x2, y2 in pixels), at ``px`` or smaller so the
    widest fits."""
    width = box[2] - box[0]
    font = _font(px)
    while px > 8 and max(draw.textlength(line, font=font) for line in lines) > width:
        px -= 2
        font = _font(px)
    heights = [draw.textbbox((0, 0), line, font=font)[3] for line in lines]
    total = sum(heights) + (len(lines) - 1) * px // 4
    y = box[1] + (box[3] - box[1] - total) / 2
    for line, height in zip(lines, heights, strict=True):
        length = draw.textlength(line, font=font)
        draw.text((box[0] + (width - length) / 2, y), line, font=font, fill=fill)
        y += height + px // 4


def person_stamp(*, size_pt: tuple[float, float], name: str, when: str, image: Path | None):
    """The signer's signature; its words stand in the right two thirds, clear of the seal
    that covers the left third."""
    width, height = _px(size_pt[0]), _px(size_pt[1])
    canvas = Image.new("RGBA", (width, height), (255, 255, 255, 0))
    draw = ImageDraw.Draw(canvas)
    text = ["Ký bởi:", name, when]
    if image is not None:
        signature = _fit(_picture(image), width, int(height * 0.6))
        canvas.alpha_composite(signature, ((width - signature.width) // 2, 0))
        words = (width // 3, int(height * 0.6), width, height)
        _lines(draw, [name, when], box=words, px=_px(6), fill=BLUE)
    else:
        _lines(draw, text, box=(width // 3, 0, width, height), px=_px(8), fill=BLUE)
    return canvas


def agency_stamp(*, size_pt: float, agency: str, when: str, image: Path | None):
    side = _px(size_pt)
    canvas = Image.new("RGBA", (side, side), (255, 255, 255, 0))
    draw = ImageDraw.Draw(canvas)
    if image is not None:
        seal = _fit(_picture(image), side, side)
        canvas.alpha_composite(seal, ((side - seal.width) // 2, (side - seal.height) // 2))
    else:
        ring = max(side // 60, 3)
        draw.ellipse((ring, ring, side - ring, side - ring), outline=RED, width=ring)
        inner = side // 14
        draw.ellipse(
            (inner, inner, side - inner, side - inner), outline=RED, width=max(ring // 2, 2)
        )
    lines = [*textwrap.wrap(agency, width=24), when]
    margin = side // 7
    _lines(draw, lines, box=(margin, margin, side - margin, side - margin), px=_px(6.5), fill=RED)
    return canvas
