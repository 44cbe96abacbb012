"""Reading CSV: UTF-8 (with or without BOM), else an old Vietnamese encoding (Windows-1258,
TCVN3, VNI, VISCII) told from the text; comma, semicolon or tab. Limits on rows, columns and
cells; a quote left open (which would swallow the rows after it) is refused."""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
from collections.abc import Iterator
from itertools import chain
from pathlib import Path

from tongket.extraction.decoding import (
    LEGACY_NAMES,
    UTF8_SEQUENCE,
    EncodingProblem,
    glyph_text_in_utf8,
    legacy_converter,
    legacy_detect,
    utf8_broken_at,
)
from tongket.transfer.columns import FileProblem, Progress, Record, Report, header_positions
from tongket.transfer.limits import (
    Deadline,
    Limits,
    cell_refused,
    columns_refused,
    import_limits,
    rows_refused,
)

_CHUNK = 1 << 20
_SAMPLE = 256 * 1024
_REPORT_EVERY = 50_000


def file_sha256_and_encoding(path: Path, limits: Limits | None = None) -> tuple[str, str]:
    """The file's sha256 and how to decode it (``utf-8-sig`` or an old Vietnamese encoding
    named as in ``LEGACY_NAMES``), in one pass over its bytes.

    A file that is UTF-8 but for a broken byte is refused with the byte's position; a file
    with no valid UTF-8 is read in the old encoding whose reading of its lines with letters
    beyond ASCII gives Vietnamese syllables, or refused with the encoding found."""
    limits = limits or import_limits()
    digest = hashlib.sha256()
    utf8 = codecs.getincrementaldecoder("utf-8")()
    utf8_ok = True
    bad_offset = bad_line = None
    lines_before = offset = 0
    sample = bytearray()  # lines with bytes beyond ASCII, for telling the encoding
    sequences = 0
    with open(path, "rb") as raw:
        while chunk := raw.read(_CHUNK):
            digest.update(chunk)
            if utf8_ok:
                try:
                    utf8.decode(chunk)
                except UnicodeDecodeError as exc:
                    utf8_ok = False
                    bad_line = lines_before + chunk[: exc.start].count(b"\n") + 1
                    bad_offset = offset + exc.start
            if len(sample) < _SAMPLE and not chunk.isascii():
                sequences += len(UTF8_SEQUENCE.findall(chunk))
                for line in chunk.split(b"\n"):
                    if not line.isascii():
                        sample += line + b"\n"
            lines_before += chunk.count(b"\n")
            offset += len(chunk)
    if utf8_ok:
        try:
            utf8.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8_ok = False
            bad_line, bad_offset = lines_before + 1, offset - 1
    if utf8_ok:
        _glyphs_check(path)
        return digest.hexdigest(), "utf-8-sig"
    if sequences and utf8_broken_at(bytes(sample)) is not None:
        raise FileProblem(
            f"tệp UTF-8 hỏng ở byte thứ {bad_offset + 1} (dòng {bad_line}); hãy lưu lại dưới "
            f"dạng CSV UTF-8 / broken UTF-8 at byte {bad_offset + 1} (line {bad_line}); save "
            "the file as CSV UTF-8",
            row=bad_line,
        )
    try:
        encoding = legacy_detect(bytes(sample))
    except EncodingProblem as exc:
        raise FileProblem(str(exc), row=bad_line) from None
    if encoding == "cp1258" and not _decodes(path, "cp1258"):
        raise FileProblem(
            "tệp có byte không thuộc bảng mã Windows-1258; hãy lưu lại dưới dạng CSV UTF-8 / "
            "the file has bytes outside Windows-1258; save it as CSV UTF-8",
            row=bad_line,
        )
    return digest.hexdigest(), encoding


def _decodes(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        with open(path, "rb") as raw:
            while chunk := raw.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _glyphs_check(path: Path) -> None:
    """Refuse a UTF-8 file whose letters are an old font's glyphs (``Së Th«ng tin``)."""
    with open(path, encoding="utf-8-sig") as text:
        head = text.read(_SAMPLE)
    found = glyph_text_in_utf8(head)
    if found:
        name = LEGACY_NAMES[found]
        raise FileProblem(
            f"tệp UTF-8 nhưng chữ được gõ bằng phông {name} (ví dụ «Së Th«ng tin»); hãy chuyển "
            f"mã sang Unicode rồi lưu lại / the file is UTF-8 but its letters were typed in a "
            f"{name} font; convert them to Unicode and save again"
        )


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_csv(
    path: Path,
    *,
    encoding: str,
    report: Report,
    progress: Progress | None = None,
    total: int = 0,
    limits: Limits | None = None,
) -> Iterator[Record]:
    """Yield the records of a CSV file; ``row`` is the line number as an editor shows it."""
    limits = limits or import_limits()
    deadline = Deadline(limits.seconds)
    # Five columns of the longest cell, their quotes and delimiters: a longer line is refused
    # before it is held in memory.
    line_max = 6 * (limits.cell_chars + 3)
    csv.field_size_limit(limits.cell_chars)
    with open(path, "rb") as raw:
        if encoding == "utf-8-sig":
            text = io.TextIOWrapper(raw, encoding=encoding, newline="")
            convert = None
        else:
            text = io.TextIOWrapper(raw, encoding="latin-1", newline="")
            convert = legacy_converter(encoding)
        lines = _lines(text, line_max, convert, limits)
        first = next(lines, "")
        skipped = 0
        while first and not first.strip("\ufeff \t\r\n"):
            skipped += 1
            first = next(lines, "")
        if not first:
            raise FileProblem("tệp trống / the file is empty")
        reader = csv.reader(chain((first,), lines), delimiter=_delimiter(first))
        delimiter = reader.dialect.delimiter
        header = next(reader)
        if len(header) > limits.columns:
            raise columns_refused(skipped + 1, len(header), limits.columns)
        try:
            pos = header_positions(header, lambda _i, name: name)
        except FileProblem as exc:
            exc.row = skipped + 1
            raise
        u, i, p, v = pos["unit"], pos["indicator"], pos["period"], pos["value"]
        c = pos.get("comment")
        width = len(header)
        labels = ("unit", "indicator", "period", "value")
        next_report = _REPORT_EVERY
        last_line = reader.line_num
        max_rows = limits.rows
        n = 0
        while True:
            try:
                fields = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                raise _csv_refused(exc, last_line + 1 + skipped, limits) from None
            n += 1
            line_num = reader.line_num
            if n > max_rows:
                raise rows_refused(last_line + 1 + skipped, max_rows)
            if n % 10_000 == 0:
                deadline.check(last_line + 1 + skipped)
            line = line_num + skipped
            # A quote left open runs the next lines into one cell (at the end of the file it
            # keeps the line break): no cell of these four columns has a line break otherwise.
            if line_num - last_line > 1 or (fields and "\n" in fields[-1]):
                start = last_line + 1 + skipped
                _open_quote_check(fields, (u, i, p, v), c, header, start, delimiter, width)
            last_line = line_num
            if len(fields) != width:
                if not any(f.strip() for f in fields):
                    continue
                # Excel writes an empty field after the last column; that is not a problem.
                if len(fields) > width and not any(f.strip() for f in fields[width:]):
                    fields = fields[:width]
                else:
                    report(
                        line,
                        "",
                        f"dòng có {len(fields)} cột, dòng tiêu đề có {width} / "
                        f"the row has {len(fields)} columns, the header {width}",
                    )
                    continue
            yield (
                line,
                fields[u],
                fields[i],
                fields[p],
                fields[v],
                None if c is None else fields[c],
                labels,
            )
            if progress is not None and n >= next_report:
                next_report += _REPORT_EVERY
                progress("read", raw.tell(), total)


def _lines(text: io.TextIOWrapper, line_max: int, convert, limits: Limits) -> Iterator[str]:
    """The file's lines, each refused when longer than ``line_max`` before more is read."""
    number = 0
    readline, size = text.readline, line_max + 1
    while line := readline(size):
        number += 1
        if len(line) > line_max:
            raise cell_refused(number, "", None, limits.cell_chars)
        yield line if convert is None else convert(line)


def _csv_refused(exc: csv.Error, start: int, limits: Limits) -> FileProblem:
    message = str(exc)
    if "field larger than field limit" in message:
        return FileProblem(
            f"ô bắt đầu ở dòng {start} dài quá giới hạn {limits.cell_chars} ký tự (có thể một "
            "dấu ngoặc kép mở mà không đóng) / a cell starting on this line is over the limit "
            f"of {limits.cell_chars} characters (perhaps a quote left open)",
            row=start,
        )
    return FileProblem(
        f"dòng CSV không hợp lệ ({message}); có thể một dấu ngoặc kép mở mà không đóng / "
        f"invalid CSV line ({message}); perhaps a quote left open",
        row=start,
    )


def _open_quote_check(fields, key_columns, comment_column, header, start, delimiter, width):
    """A record that spans lines: legitimate only for a comment with a line break in it. A
    quote left open swallows the next lines (and their values) into one cell; refuse it."""
    for index in key_columns:
        if index < len(fields) and ("\n" in fields[index] or "\r" in fields[index]):
            raise FileProblem(
                f"dấu ngoặc kép mở ở dòng {start}, cột {header[index]} không được đóng: các "
                "dòng sau bị gộp vào một ô / a quote opened on this line in column "
                f"{header[index]} is not closed: the lines after it run into one cell",
                row=start,
                column=str(header[index]).strip(),
            )
    if comment_column is not None and comment_column < len(fields):
        for part in fields[comment_column].splitlines()[1:]:
            if part.count(delimiter) >= width - 1:
                raise FileProblem(
                    f"dấu ngoặc kép mở ở dòng {start}, cột ghi chú, không được đóng: các dòng "
                    "số liệu sau bị gộp vào ghi chú / a quote opened on this line in the "
                    "comment column is not closed: the data rows after it run into the comment",
                    row=start,
                    column="comment",
                )
