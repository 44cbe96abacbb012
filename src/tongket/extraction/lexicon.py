"""Word lists and tables shipped as data (``data/*.yaml``), loaded once, and the text keys
used to match them regardless of case and of where a tone mark sits (``hoà`` = ``hòa``)."""

from __future__ import annotations

import functools
import re
import unicodedata
from importlib import resources

import yaml

_WORD = re.compile(r"\w+")
# Capital letters of Vietnamese, for character classes ("À-Ỹ" would take lower case too).
UPPER = "A-ZĐÀÁẢÃẠĂẮẰẲẴẶÂẤẦẨẪẬÈÉẺẼẸÊẾỀỂỄỆÌÍỈĨỊÒÓỎÕỌÔỐỒỔỖỘƠỚỜỞỠỢÙÚỦŨỤƯỨỪỬỮỰỲÝỶỸỴ"
# Where a tone mark sits in "oa", "oe", "uy" differs between the old and the new spelling
# (hoà/hòa, khoẻ/khỏe, thuỷ/thủy): keys put it on the second vowel.
_TONE_MOVES = {}
for _first, _second in (("o", "a"), ("o", "e"), ("u", "y")):
    for _mark in "\u0300\u0301\u0303\u0309\u0323":
        _new = unicodedata.normalize("NFC", _first + _mark + _second)
        _old = unicodedata.normalize("NFC", _first + _second + _mark)
        _TONE_MOVES[_new] = _old
_TONE_RE = re.compile("|".join(_TONE_MOVES))


@functools.cache
def load(name: str) -> dict:
    """The data file ``data/<name>.yaml`` of this package."""
    text = resources.files("tongket.extraction").joinpath("data", f"{name}.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def fold(text: str) -> str:
    """Lower case with the tone mark of "oa", "oe", "uy" on the second vowel: ``Hoà`` and
    ``hòa`` fold alike. The result has the same length as ``text``, so offsets found in it
    apply to ``text``."""
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return _TONE_RE.sub(lambda m: _TONE_MOVES[m.group(0)], lowered)


def phrase_pattern(phrase: str) -> str:
    """A regular expression (for folded text) that matches ``phrase`` with any spacing around
    punctuation and any run of spaces between words."""
    key = re.sub(r"\s*([-–—&,.:/])\s*", r"\1", fold(phrase.strip()))
    parts = re.split(r"(\s+|[-–—&,.:/])", key)
    out = []
    for part in parts:
        if not part:
            continue
        if part.isspace():
            out.append(r"\s+")
        elif part in "-–—":
            out.append(r"\s*[-–—]\s*")
        elif part in "&,.:/":
            out.append(r"\s*" + re.escape(part) + r"\s*")
        else:
            out.append(re.escape(part))
    return "".join(out)


def alternation(phrases, *, word_bounds: bool = True) -> re.Pattern:
    """One compiled pattern matching any of ``phrases`` in folded text, longest first."""
    unique = sorted({p for p in phrases if p}, key=lambda p: -len(p))
    body = "|".join(phrase_pattern(p) for p in unique)
    if word_bounds:
        body = rf"(?<!\w)(?:{body})(?!\w)"
    return re.compile(body)
