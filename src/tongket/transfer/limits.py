"""How much a file of values may hold, and the checks that refuse one holding more.

Every limit is a setting (``TONGKET_IMPORT_MAX_*``, see ``settings.py`` and the README) and is
checked before the reader goes further: the size on disk first, then the parts of an XLSX
archive from their headers, then rows, columns, cells and time while reading. A refusal is a
``FileProblem`` with a reason in Vietnamese and English, like every other problem of a file.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import time
from dataclasses import dataclass, replace
from pathlib import Path

from django.conf import settings

from tongket.core.numbers import format_number
from tongket.transfer.columns import FileProblem

# Excel's own largest sheet: a sheet said to be longer was not written by a spreadsheet.
XLSX_MAX_ROWS = 1_048_576
_MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    file_bytes: int
    rows: int
    columns: int
    cell_chars: int
    unzipped_bytes: int
    zip_ratio: float
    shared_strings_bytes: int
    json_depth: int
    seconds: float


def import_limits() -> Limits:
    """The limits in force, read from the settings at each call (tests override them)."""
    return Limits(
        file_bytes=int(settings.TONGKET_IMPORT_MAX_MB * _MB),
        rows=settings.TONGKET_IMPORT_MAX_ROWS,
        columns=settings.TONGKET_IMPORT_MAX_COLUMNS,
        cell_chars=settings.TONGKET_IMPORT_MAX_CELL_CHARS,
        unzipped_bytes=int(settings.TONGKET_IMPORT_MAX_UNZIPPED_MB * _MB),
        zip_ratio=settings.TONGKET_IMPORT_MAX_ZIP_RATIO,
        shared_strings_bytes=int(settings.TONGKET_IMPORT_MAX_SHARED_STRINGS_MB * _MB),
        json_depth=settings.TONGKET_IMPORT_MAX_JSON_DEPTH,
        seconds=settings.TONGKET_IMPORT_MAX_SECONDS,
    )


def request_limits() -> Limits:
    """The limits of a file sent through a page or the API: a web worker answers within
    ``TONGKET_UPLOAD_MAX_SECONDS`` rather than being held for the command line's time."""
    limits = import_limits()
    return replace(limits, seconds=min(limits.seconds, settings.TONGKET_UPLOAD_MAX_SECONDS))


def n(value: float) -> str:
    """A count as a person reads it in both languages' messages here: 1.048.576."""
    return format_number(value)


def size_check(path: Path, limits: Limits) -> int:
    size = path.stat().st_size
    if size > limits.file_bytes:
        raise FileProblem(
            f"tệp nặng {n(round(size / _MB, 1))} MB, quá giới hạn {n(limits.file_bytes / _MB)} "
            f"MB / the file is {round(size / _MB, 1)} MB, over the limit of "
            f"{limits.file_bytes / _MB:g} MB"
        )
    return size


def rows_refused(row: int | str, limit: int) -> FileProblem:
    return FileProblem(
        f"tệp có hơn {n(limit)} dòng, quá giới hạn; hãy chia thành nhiều tệp / the file has "
        f"more than {limit} rows, over the limit; split it into several files",
        row=row,
    )


def columns_refused(row: int | str, count: int, limit: int) -> FileProblem:
    return FileProblem(
        f"dòng có {n(count)} cột, quá giới hạn {n(limit)} cột / the row has {count} columns, "
        f"over the limit of {limit}",
        row=row,
    )


def cell_refused(row: int | str, column: str, length: int | None, limit: int) -> FileProblem:
    size = f"{n(length)} ký tự" if length else "quá dài"
    size_en = f"{length} characters" if length else "too long"
    return FileProblem(
        f"ô dài {size}, quá giới hạn {n(limit)} ký tự / the cell is {size_en}, over the "
        f"limit of {limit} characters",
        row=row,
        column=column,
    )


class Deadline:
    """Refuses a file whose reading takes longer than the limit; checked every few rows."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def check(self, row: int | str | None = None) -> None:
        if time.monotonic() > self.end:
            raise FileProblem(
                f"đọc tệp quá {n(self.seconds)} giây, quá giới hạn thời gian; hãy chia thành "
                f"nhiều tệp / reading the file took over {self.seconds:g} s, over the time "
                "limit; split it into several files",
                row=row,
            )


_libc = None


def memory_release() -> None:
    """Give the memory of a large file back to the system once its reading is over.

    CPython keeps freed small objects in its arenas and glibc keeps freed pages in its heap;
    a web worker that read a large file would otherwise hold that memory until it is
    restarted. ``malloc_trim`` (glibc only) hands the free pages back."""
    global _libc
    gc.collect()
    if _libc is None:
        name = ctypes.util.find_library("c")
        _libc = ctypes.CDLL(name) if name else False
    if _libc and hasattr(_libc, "malloc_trim"):
        _libc.malloc_trim(0)
