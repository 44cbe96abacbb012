"""Vietnamese alphabetical order, as people read a sorted list (ICU's Vietnamese collation).

Code-point order puts ``Xã Ân Thi`` and ``Xã Đông …`` after ``Xã Yên Mỹ``; in the Vietnamese
alphabet ``a ă â b c d đ e ê …`` they come first, with the tones after the letters. ICU holds
that order (CLDR's ``vi`` collation); this module only wraps it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import TypeVar

import icu

T = TypeVar("T")
_local = threading.local()


def _collator() -> icu.Collator:
    # A collator per thread: ICU collators are not meant to be shared between threads.
    collator = getattr(_local, "collator", None)
    if collator is None:
        collator = _local.collator = icu.Collator.createInstance(icu.Locale("vi"))
    return collator


def sort_key(text: str | None) -> bytes:
    """The key that orders ``text`` as a Vietnamese reader expects (case and tones after
    letters)."""
    return _collator().getSortKey(text or "")


def vi_sorted(items: Iterable[T], key: Callable[[T], str | None] = str) -> list[T]:  # type: ignore[assignment]
    """``items`` in Vietnamese order of ``key(item)``."""
    return sorted(items, key=lambda item: sort_key(key(item)))
