"""How the numbers of one file are written: machine (``2060.5``) or Vietnamese (``2.060,5``).

The convention is decided per file, not per value. A decimal comma (``2060,5``) or more than
one thousands dot (``1.234.567``) proves the file is Vietnamese. ``1.234`` alone is ambiguous
(one and a bit, or one thousand two hundred thirty-four): a file in which nothing proves the
Vietnamese convention is read as machine format, so ``1.234`` there is 1.234. In a Vietnamese
file a value that only makes sense with a decimal point (``2060.5``, ``0.25``, ``1e5``) is an
error, since the file cannot mean both.
"""

from __future__ import annotations

import math
import re

PLAIN = 0  # same under both conventions, or the convention is fixed
AMBIGUOUS = 1  # stored as the Vietnamese reading; divide by 1000 if the file is machine format

_AMBIGUOUS = re.compile(r"^[+-]?[1-9]\d{0,2}\.\d{3}$")
_VIETNAMESE = re.compile(r"^[+-]?([1-9]\d{0,2}(\.\d{3})+|\d+)(,\d+)?$")
_MACHINE_CHARS = frozenset("0123456789.+-eE")


class NumberStyle:
    """Reads the values of one file and remembers what they prove about its convention."""

    def __init__(self, *, fixed_machine: bool = False, samples: int = 1000) -> None:
        self.fixed_machine = fixed_machine
        self.vietnamese_proof: tuple[int | str, str] | None = None
        self.machine_proof: list[tuple[int | str, str, str]] = []
        self.machine_count = 0
        self.samples = samples

    def read(self, text: str, row: int | str, column: str) -> tuple[float, int]:
        """``(value, flag)`` or ``ValueError`` with a bilingual reason."""
        raw = text.strip().replace("\u00a0", "").replace(" ", "")
        if not raw:
            raise ValueError("giá trị trống / empty value")
        if not raw.isascii():
            raise ValueError(f"«{text}» không phải là số / «{text}» is not a number")
        if raw.isdigit():
            # 400 digits read as infinity: the value checks refuse it with the indicator named.
            return float(raw), PLAIN
        if self.fixed_machine:
            return _machine(raw, text), PLAIN
        # The common shapes without a regular expression: 2060.5, 0.25, 1.234, -12.5.
        head, dot, tail = raw.partition(".")
        digits = head[1:] if head[:1] in ("-", "+") else head
        if dot and tail.isdigit() and digits.isdigit():
            if len(tail) == 3 and len(digits) <= 3 and digits[0] != "0":
                return float(head + tail), AMBIGUOUS
            self._machine_seen(row, column, text)
            return _finite(float(raw), text), PLAIN
        if _AMBIGUOUS.match(raw):
            return float(raw.replace(".", "")), AMBIGUOUS
        if "," in raw or raw.count(".") > 1:
            if not _VIETNAMESE.match(raw):
                raise ValueError(
                    f"«{text}» không phải là số (viết 2.060,5 hoặc 2060.5) / "
                    f"«{text}» is not a number (write 2.060,5 or 2060.5)"
                )
            if self.vietnamese_proof is None:
                self.vietnamese_proof = (row, text)
            return _finite(float(raw.replace(".", "").replace(",", ".")), text), PLAIN
        value = _machine(raw, text)
        if "." in raw or "e" in raw or "E" in raw:
            self._machine_seen(row, column, text)
        return value, PLAIN

    def _machine_seen(self, row: int | str, column: str, text: str) -> None:
        self.machine_count += 1
        if len(self.machine_proof) < self.samples:
            self.machine_proof.append((row, column, text))

    @property
    def vietnamese(self) -> bool:
        return self.vietnamese_proof is not None


def _machine(raw: str, text: str) -> float:
    if not _MACHINE_CHARS.issuperset(raw):
        raise ValueError(f"«{text}» không phải là số / «{text}» is not a number")
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"«{text}» không phải là số / «{text}» is not a number") from None
    return _finite(value, text)


def _finite(value: float, text: str) -> float:
    """A number a float can hold; ``1e400`` or 400 digits become infinity and are refused."""
    if not math.isfinite(value):
        shown = text if len(text) <= 40 else f"{text[:20]}…{text[-10:]} ({len(text)} ký tự)"
        raise ValueError(
            f"«{shown}» không phải là một số hữu hạn / «{shown}» is not a finite number"
        )
    return value
