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

# A leading division type and the kinds of unit it can introduce.
_PREFIXES: tuple[tuple[str, frozenset[str]], ...] = (
    ("thành phố trực thuộc trung ương", frozenset({UnitKind.PROVINCE})),
    ("thành phố", frozenset({UnitKind.PROVINCE, UnitKind.DISTRICT})),
    ("tp.", frozenset({UnitKind.PROVINCE, UnitKind.DISTRICT})),
    ("tp", frozenset({UnitKind.PROVINCE, UnitKind.DISTRICT})),
    ("tỉnh", frozenset({UnitKind.PROVINCE})),
    ("đặc khu", frozenset({UnitKind.COMMUNE})),
    ("phường", frozenset({UnitKind.COMMUNE})),
    ("xã", frozenset({UnitKind.COMMUNE})),
)


def name_key(text: str) -> str:
    """The form two names are compared in."""
    key = _nfc(str(text)).casefold()
    key = _DASHES_RE.sub(" ", key)
    key = _SPACES_RE.sub(" ", key).strip()
    return _TONE_RE.sub(lambda m: _TONE_PLACEMENT[m.group(0)], key)


def strip_division_type(key: str) -> tuple[str, frozenset[str] | None]:
    """``tỉnh thái bình`` → (``thái bình``, {province}); a key without a type is returned as is."""
    for prefix, kinds in _PREFIXES:
        if key.startswith(prefix) and len(key) > len(prefix):
            rest = key[len(prefix) :]
            if prefix.endswith(".") or rest.startswith(" "):
                rest = rest.strip()
                if rest:
                    return rest, kinds
    return key, None
