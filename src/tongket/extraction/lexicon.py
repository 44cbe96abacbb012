"""Word lists and tables shipped as data (``data/*.yaml``), loaded once, and the text keys
used to match them regardless of case and of where a tone mark sits (``hoà`` = ``hòa``)."""

from __future__ import annotations

import functools
import re
import unicodedata
from importlib import resources

import yaml

_TONES = "\u0300\u0301\u0303\u0309\u0323"
_WORD = re.compile(r"\w+")


@functools.cache
def load(name: str) -> dict:
    """The data file ``data/<name>.yaml`` of this package."""
    text = resources.files("tongket.extraction").joinpath("data", f"{name}.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def _fold_word(match: re.Match) -> str:
    word = match.group(0)
    decomposed = unicodedata.normalize("NFD", word)
    tones = [c for c in decomposed if c in _TONES]
    if not tones:
        return word
    rest = "".join(c for c in decomposed if c not in _TONES)
    folded = unicodedata.normalize("NFC", rest + "".join(tones))
    # Keep offsets: a word whose folded form changes length stays as it was.
    return folded if len(folded) == len(word) else word


def fold(text: str) -> str:
    """Lower case with each syllable's tone mark at its end: ``Hoà`` and ``hòa`` fold alike.

    The result has the same length as ``text``, so offsets found in it apply to ``text``.
    """
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return _WORD.sub(_fold_word, lowered)


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
