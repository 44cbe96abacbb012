"""Comparing people's names and titles as they are written in Vietnamese documents."""

from __future__ import annotations

import re
import unicodedata

from tongket.core.cells import control_character
from tongket.meetings.errors import MeetingsError

_TONES = "\u0301\u0300\u0309\u0303\u0323"  # sắc, huyền, hỏi, ngã, nặng


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", str(text))


# "Hoà" and "Hòa" are the same name: the mark goes on the first vowel of oa, oe, uy.
_TONE_PLACEMENT = {
    nfc(first + second + tone): nfc(first + tone + second)
    for first, second in (("o", "a"), ("o", "e"), ("u", "y"))
    for tone in _TONES
}
_TONE_RE = re.compile("|".join(map(re.escape, _TONE_PLACEMENT)))
_SPACES_RE = re.compile(r"\s+")
_DASHES_RE = re.compile(r"[\u2010-\u2015\u2212]")
# Forms of address that precede a name in reports and are not part of it.
_HONORIFIC_RE = re.compile(
    r"^(?:(?:đ/c|đ\.c|đồng chí|ông|bà|thứ trưởng|bộ trưởng|giám đốc)\s+)+",
    re.IGNORECASE,
)


def clean(text: str) -> str:
    """NFC, single spaces, unified dashes, stripped."""
    return _SPACES_RE.sub(" ", _DASHES_RE.sub("-", nfc(text))).strip()


def text_key(text: str) -> str:
    """The form two titles or names are compared in."""
    key = clean(text).casefold()
    return _TONE_RE.sub(lambda m: _TONE_PLACEMENT[m.group(0)], key)


def person_name(text: str) -> str:
    """The name without a leading form of address: «Đ/c Ngô Hòa» → «Ngô Hòa»."""
    return _HONORIFIC_RE.sub("", clean(text)).strip(" ,.;:-")


def person_key(text: str) -> str:
    return text_key(person_name(text))


def texts_checked(*, row: str | None = None, **fields: str | None) -> None:
    """Refuse control characters (``\x01``, ``\x1b``…) in the named text fields: they cannot
    be printed, and no Word or Excel file could hold them."""
    for column, text in fields.items():
        found = control_character(text)
        if found is not None:
            code, position = found
            raise MeetingsError(
                f"Có ký tự điều khiển {code} ở vị trí {position}, không in được; hãy xoá ký tự đó",
                f"control character {code} at position {position} cannot be printed; remove it",
                row=row,
                column=column,
            )
