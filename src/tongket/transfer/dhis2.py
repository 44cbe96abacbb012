"""DHIS2 ``dataValueSets`` JSON: periods both ways and a streaming reader.

DHIS2 writes months as ``201701``; years, halves and quarters as we do (``2017``, ``2017S1``,
``2017Q1``). Other DHIS2 period types (weeks, days, financial years) have no tongket period and
are refused.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tongket.core.periods import Period as PeriodCode
from tongket.core.periods import PeriodKind
from tongket.transfer.columns import FileProblem, Progress, Record, Report

_MONTH = re.compile(r"^(\d{4})(0[1-9]|1[0-2])$")
_OURS = re.compile(r"^\d{4}(S[12]|Q[1-4]|-(0[1-9]|1[0-2]))?$")
_CHUNK = 1 << 20
# An error this far before the end of what has been read is a real error, not a cut object.
_SLACK = 1 << 20
_REPORT_EVERY = 50_000
# One value of the document (an item of dataValues, or a field beside it) is a few hundred
# bytes; one that runs on for megabytes is refused before it is held whole.
_MAX_VALUE = 16 << 20


def period_from_dhis2(text: str) -> str:
    """``201701`` → ``2017-01``; ``2017``, ``2017S1``, ``2017Q1`` (and our ``2017-01``) pass."""
    raw = str(text).strip().upper()
    m = _MONTH.match(raw)
    if m:
        return f"{m.group(1)}-{m.group(2)}"
    if _OURS.match(raw):
        return raw
    raise ValueError(
        f"kỳ DHIS2 «{text}» không được hỗ trợ (dùng 2017, 2017S1, 2017Q1 hoặc 201701) / "
        f"unsupported DHIS2 period «{text}» (use 2017, 2017S1, 2017Q1 or 201701)"
    )


def period_to_dhis2(code: str) -> str:
    period = PeriodCode.parse(code)
    if period.kind is PeriodKind.MONTH:
        return f"{period.year}{period.number:02d}"
    return period.code


class _Stream:
    """Decodes one JSON value at a time from a file, reading more text only when needed."""

    def __init__(self, handle, max_depth: int = 20) -> None:
        self.handle = handle
        self.max_depth = max_depth
        self.buf = ""
        self.pos = 0
        self.eof = False
        self.decoder = json.JSONDecoder()
        self.consumed = 0  # characters dropped from the front of the buffer

    def _more(self) -> bool:
        if self.eof:
            return False
        chunk = self.handle.read(_CHUNK)
        if not chunk:
            self.eof = True
            return False
        if self.pos > _CHUNK:
            self.consumed += self.pos
            self.buf = self.buf[self.pos :]
            self.pos = 0
        if len(self.buf) - self.pos > _MAX_VALUE:
            raise FileProblem(
                f"một giá trị JSON ở ký tự {self.consumed + self.pos + 1} dài hơn "
                f"{_MAX_VALUE // (1 << 20)} MB / a JSON value at character "
                f"{self.consumed + self.pos + 1} is longer than {_MAX_VALUE // (1 << 20)} MB"
            )
        self.buf += chunk
        return True

    def peek(self) -> str:
        while True:
            while self.pos < len(self.buf) and self.buf[self.pos] in " \t\r\n":
                self.pos += 1
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self._more():
                return ""

    def expect(self, char: str) -> None:
        found = self.peek()
        if found != char:
            raise FileProblem(
                f"JSON không hợp lệ: cần «{char}» ở ký tự {self.consumed + self.pos + 1}, gặp "
                f"«{found or 'hết tệp'}» / invalid JSON: expected «{char}» at character "
                f"{self.consumed + self.pos + 1}, found «{found or 'end of file'}»"
            )
        self.pos += 1

    def value(self) -> Any:
        self.peek()
        while True:
            try:
                obj, end = self.decoder.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                if exc.pos >= len(self.buf) - _SLACK and self._more():
                    continue
                raise FileProblem(
                    f"JSON không hợp lệ ở ký tự {self.consumed + exc.pos + 1}: {exc.msg} / "
                    f"invalid JSON at character {self.consumed + exc.pos + 1}: {exc.msg}"
                ) from None
            except RecursionError:
                raise self._too_deep() from None
            except ValueError as exc:  # a whole number of more than 4300 digits
                where = self.consumed + self.pos + 1
                raise FileProblem(
                    f"JSON không đọc được ở ký tự {where}: {str(exc)[:100]} / unreadable JSON "
                    f"at character {where}: {str(exc)[:100]}"
                ) from None
            # A number at the very end of the buffer may continue in the next chunk.
            if end == len(self.buf) and not self.eof and self._more():
                continue
            if _depth(obj, self.max_depth) > self.max_depth:
                raise self._too_deep()
            self.pos = end
            return obj

    def _too_deep(self) -> FileProblem:
        where = self.consumed + self.pos + 1
        return FileProblem(
            f"JSON lồng nhau quá {self.max_depth} tầng ở ký tự {where} / JSON nested deeper "
            f"than {self.max_depth} levels at character {where}"
        )


def _depth(obj: Any, limit: int) -> int:
    """How deeply ``obj`` nests, counted up to ``limit + 1`` without recursion."""
    deepest = 0
    stack = [(obj, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            if deepest > limit:
                return deepest
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, level + 1) for child in children if isinstance(child, dict | list))
    return deepest


def read_dhis2(
    path: Path,
    *,
    report: Report,
    progress: Progress | None = None,
    total: int = 0,
    max_depth: int = 20,
    max_rows: int = 5_000_000,
    deadline=None,
) -> Iterator[Record]:
    """Yield the records of ``dataValues``; ``row`` is ``dataValues[i]`` (0-based, as in JSON)."""
    with open(path, encoding="utf-8-sig") as handle:
        try:
            yield from _read(
                _Stream(handle, max_depth), handle, report, progress, total, max_rows, deadline
            )
        except UnicodeDecodeError:
            raise FileProblem("tệp JSON phải là UTF-8 / a JSON file must be UTF-8") from None


def _read(
    stream: _Stream, handle, report: Report, progress, total: int, max_rows: int, deadline
) -> Iterator[Record]:
    if stream.peek() == "":
        raise FileProblem("tệp trống / the file is empty")
    stream.expect("{")
    defaults: dict[str, Any] = {}
    seen_values = False
    first = True
    while stream.peek() != "}":
        if not first:
            stream.expect(",")
        first = False
        key = stream.value()
        stream.expect(":")
        if key != "dataValues":
            defaults[key] = stream.value()
            continue
        seen_values = True
        stream.expect("[")
        index = 0
        while stream.peek() != "]":
            if index:
                stream.expect(",")
            if index >= max_rows:
                raise FileProblem(
                    f"«dataValues» có hơn {max_rows} phần tử, quá giới hạn; hãy chia thành nhiều "
                    f"tệp / «dataValues» has more than {max_rows} items, over the limit; split "
                    "it into several files",
                    row=f"dataValues[{index}]",
                )
            if deadline is not None and index % 10_000 == 0:
                deadline.check(f"dataValues[{index}]")
            item = stream.value()
            yield from _record(index, item, defaults, report)
            index += 1
            if progress is not None and index % _REPORT_EVERY == 0:
                progress("read", handle.buffer.tell() if hasattr(handle, "buffer") else 0, total)
        stream.expect("]")
    stream.expect("}")
    if stream.peek() != "":
        raise FileProblem("JSON có nội dung thừa sau «}» / trailing content after «}»")
    if not seen_values:
        raise FileProblem(
            "không có «dataValues» trong tệp (cần định dạng dataValueSets của DHIS2) / "
            "no «dataValues» in the file (a DHIS2 dataValueSets document is expected)"
        )


_LABELS = ("orgUnit", "dataElement", "period", "value")


def _record(index: int, item: Any, defaults: dict, report: Report) -> Iterator[Record]:
    row = f"dataValues[{index}]"
    if not isinstance(item, dict):
        report(row, "", "mỗi phần tử phải là một đối tượng JSON / each item must be an object")
        return
    period = item.get("period", defaults.get("period"))
    if period is not None:
        try:
            period = period_from_dhis2(period)
        except ValueError as exc:
            report(row, "period", str(exc))
            return
    value = item.get("value")
    if isinstance(value, bool) or not isinstance(value, str | int | float | type(None)):
        report(row, "value", f"«{value}» không phải là số / is not a number")
        return
    # An absent comment leaves the stored one as it is; a present one (even "") replaces it.
    comment = item.get("comment")
    yield (
        row,
        _field(item.get("orgUnit", defaults.get("orgUnit"))),
        _field(item.get("dataElement")),
        "" if period is None else period,
        "" if value is None else (str(value) if not isinstance(value, str) else value),
        None if comment is None else str(comment),
        _LABELS,
    )


def _field(value: Any) -> str:
    return "" if value is None else str(value)
