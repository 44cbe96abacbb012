"""Matching unit names as people write them.

``Tỉnh Thanh Hoá``, ``thanh hóa`` and ``THANH HÓA`` name the same province: names are compared
after Unicode NFC normalization, case folding, unified dashes and spaces, and one placement
of the tone mark in ``oa``/``oe``/``uy`` (``hoá`` and ``hóa`` are both in official use).
"""

from __future__ import annotations

import re
import unicodedata

from tongket.units.models import UnitKind

_TONES = "\u0301\u0300\u0309\u0303\u0323"  # sắc, huyền, hỏi, ngã, nặng


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# "oá" → "óa", "uý" → "úy", "oé" → "óe": the same syllable with the mark on the first vowel.
_TONE_PLACEMENT = {
    _nfc(first + second + tone): _nfc(first + tone + second)
    for first, second in (("o", "a"), ("o", "e"), ("u", "y"))
    for tone in _TONES
}
_TONE_RE = re.compile("|".join(map(re.escape, _TONE_PLACEMENT)))
_DASHES_RE = re.compile(r"[\-\u2010-\u2015\u2212]+")
_SPACES_RE = re.compile(r"\s+")

# A leading division type and the units it can introduce: (kind, division type or "" for any).
# "Thành phố" before a province's name only fits a centrally-run city: "Thành phố Thái Bình"
# was the provincial capital, a district-level city, not the province.
Accepts = frozenset[tuple[str, str]]
_CITY: Accepts = frozenset({(UnitKind.PROVINCE, "thành phố trung ương"), (UnitKind.DISTRICT, "")})
_PREFIXES: tuple[tuple[str, Accepts], ...] = (
    ("thành phố trực thuộc trung ương", frozenset({(UnitKind.PROVINCE, "thành phố trung ương")})),
    ("thành phố", _CITY),
    ("tp.", _CITY),
    ("tp", _CITY),
    ("tỉnh", frozenset({(UnitKind.PROVINCE, "tỉnh")})),
    ("đặc khu", frozenset({(UnitKind.COMMUNE, "đặc khu")})),
    ("phường", frozenset({(UnitKind.COMMUNE, "phường")})),
    ("xã", frozenset({(UnitKind.COMMUNE, "xã")})),
)


def name_key(text: str) -> str:
    """The form two names are compared in."""
    key = _nfc(str(text)).casefold()
    key = _DASHES_RE.sub(" ", key)
    key = _SPACES_RE.sub(" ", key).strip()
    return _TONE_RE.sub(lambda m: _TONE_PLACEMENT[m.group(0)], key)


def strip_division_type(key: str) -> tuple[str, Accepts | None]:
    """``tỉnh thái bình`` → (``thái bình``, what «tỉnh» accepts); other keys come back as is."""
    for prefix, accepts in _PREFIXES:
        if key.startswith(prefix) and len(key) > len(prefix):
            rest = key[len(prefix) :]
            if prefix.endswith(".") or rest.startswith(" "):
                rest = rest.strip()
                if rest:
                    return rest, accepts
    return key, None


def accepts_unit(accepts: Accepts | None, kind: str, division_type: str) -> bool:
    return accepts is None or any(kind == k and (not d or division_type == d) for k, d in accepts)
