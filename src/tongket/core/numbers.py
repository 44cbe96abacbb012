"""Vietnamese number and date formats: ``2.060,5`` and ``31/01/2007``."""

from __future__ import annotations

import datetime as dt
import math
import re

from django.core.signals import setting_changed


def format_number(value: float | int | None, decimals: int | None = None) -> str:
    """``2060.5`` → ``2.060,5``; ``decimals=None`` keeps up to 2 significant decimals."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 2
    text = f"{abs(value):,.{decimals}f}"
    if decimals and not isinstance(value, int):
        text = text.rstrip("0").rstrip(".") if "." in text else text
    text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return ("-" if value < 0 and text.strip("0.,") else "") + text


def format_percent(value: float | None, decimals: int = 1) -> str:
    return "" if value is None else f"{format_number(round(value, decimals), decimals)}%"


def format_date(day: dt.date | None) -> str:
    return "" if day is None else f"{day:%d/%m/%Y}"


_NUMBER = re.compile(r"^[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$")


class NumberFormatError(ValueError):
    pass


def parse_number(text: str) -> float:
    """Read a number as Vietnamese staff write it (``2.060,5``), or plain (``2060.5``).

    ``1.234`` is one thousand two hundred thirty-four (a dot groups thousands); a lone dot
    followed by other than three digits is a decimal point (``2060.5``), as machines write.
    """
    raw = str(text).strip().replace("\u00a0", "").replace(" ", "")
    if not raw:
        raise NumberFormatError("trống / empty")
    if _NUMBER.match(raw):
        number = float(raw.replace(".", "").replace(",", "."))
    else:
        try:
            number = float(raw)
        except ValueError:
            raise NumberFormatError(f"«{text}» không phải là số / is not a number") from None
    # A long enough run of digits reads as infinity without an error.
    if not math.isfinite(number):
        raise NumberFormatError(
            f"«{_shortened(raw)}» không phải là số hữu hạn / is not a finite number"
        )
    limit = value_limit()
    if abs(number) > limit:
        raise NumberFormatError(
            f"«{_shortened(raw)}» vượt giới hạn ±{format_number(limit)} của mọi giá trị "
            f"(TONGKET_VALUE_LIMIT) / is beyond the limit ±{format_number(limit)} on every "
            "value (TONGKET_VALUE_LIMIT)"
        )
    return number


def _shortened(text: str, keep: int = 24) -> str:
    return text if len(text) <= keep else f"{text[:keep]}… ({len(text)} ký tự / characters)"


VALUE_LIMIT_DEFAULT = 1e15


_limit: list[float] = []


def value_limit() -> float:
    """The largest magnitude any stored value may have (``TONGKET_VALUE_LIMIT``, 10^15 by
    default: a million billion đồng). Sums of many such values stay finite. Read once (a
    report checks it twice per value), again when the setting changes."""
    if not _limit:
        from django.conf import settings

        _limit.append(float(getattr(settings, "TONGKET_VALUE_LIMIT", VALUE_LIMIT_DEFAULT)))
    return _limit[0]


def _limit_changed(*, setting: str, **kwargs) -> None:
    if setting == "TONGKET_VALUE_LIMIT":
        _limit.clear()


setting_changed.connect(_limit_changed, dispatch_uid="tongket-value-limit")
