"""What an English page may still hold in Vietnamese: names (of units, people, meetings) and
what people wrote. Everything else on it must be English."""

from __future__ import annotations

import re

VIETNAMESE_LETTERS = re.compile(
    "[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]", re.IGNORECASE
)


def vietnamese_left(text: str, names: list[str]) -> list[str]:
    """The lines of ``text`` that still have Vietnamese letters once ``names`` are taken out."""
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, "")
    return [line for line in text.splitlines() if VIETNAMESE_LETTERS.search(line)]
