"""Reading CSV: UTF-8 (with or without BOM), else Windows-1258; comma, semicolon or tab."""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
from collections.abc import Iterator
from pathlib import Path

from tongket.transfer.columns import FileProblem, Progress, Record, Report, header_positions

_CHUNK = 1 << 20
_REPORT_EVERY = 50_000


def file_sha256_and_encoding(path: Path) -> tuple[str, str]:
    """The file's sha256 and how to decode it, in one pass over its bytes."""
    digest = hashlib.sha256()
    utf8 = codecs.getincrementaldecoder("utf-8")()
    cp1258 = codecs.getincrementaldecoder("cp1258")()
    utf8_ok, cp_ok = True, True
    bad_line = bad_byte = None
    lines_before = 0
    with open(path, "rb") as raw:
        while chunk := raw.read(_CHUNK):
            digest.update(chunk)
            if utf8_ok:
                try:
                    utf8.decode(chunk)
                except UnicodeDecodeError as exc:
                    utf8_ok = False
                    bad_line = lines_before + chunk[: exc.start].count(b"\n") + 1
                    bad_byte = chunk[exc.start]
            if not utf8_ok and cp_ok:
                try:
                    cp1258.decode(chunk)
                except UnicodeDecodeError:
                    cp_ok = False
            lines_before += chunk.count(b"\n")
    if utf8_ok:
        try:
            utf8.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8_ok = False
            bad_line, bad_byte = lines_before + 1, 0
    if utf8_ok:
        return digest.hexdigest(), "utf-8-sig"
    if cp_ok:
        # Windows-1258 maps nearly every byte, so it is tried only after UTF-8 fails; a file
        # with valid UTF-8 is never read as Windows-1258. The whole file must decode: a
        # reader that re-decoded the first part would have to start again.
        cp_ok = _decodes(path, "cp1258")
    if cp_ok:
        return digest.hexdigest(), "cp1258"
    raise FileProblem(
        f"tệp không phải UTF-8 cũng không phải Windows-1258 (byte 0x{bad_byte:02x} ở dòng "
        f"{bad_line}); hãy lưu lại dưới dạng CSV UTF-8 / the file is neither UTF-8 nor "
        f"Windows-1258 (byte 0x{bad_byte:02x} on line {bad_line}); save it as CSV UTF-8",
        row=bad_line,
    )


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
) -> Iterator[Record]:
    """Yield the records of a CSV file; ``row`` is the line number as an editor shows it."""
    with open(path, "rb") as raw:
        text = io.TextIOWrapper(raw, encoding=encoding, newline="")
        first = text.readline()
        skipped = 0
        while first and not first.strip("\ufeff \t\r\n"):
            skipped += 1
            first = text.readline()
        if not first:
            raise FileProblem("tệp trống / the file is empty")
        reader = csv.reader(_chain(first, text), delimiter=_delimiter(first))
        header = next(reader)
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
        for n, fields in enumerate(reader, start=1):
            if len(fields) != width:
                if not any(f.strip() for f in fields):
                    continue
                # Excel writes an empty field after the last column; that is not a problem.
                if len(fields) > width and not any(f.strip() for f in fields[width:]):
                    fields = fields[:width]
                else:
                    report(
                        reader.line_num + skipped,
                        "",
                        f"dòng có {len(fields)} cột, dòng tiêu đề có {width} / "
                        f"the row has {len(fields)} columns, the header {width}",
                    )
                    continue
            yield (
                reader.line_num + skipped,
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


def _chain(first: str, rest: io.TextIOWrapper) -> Iterator[str]:
    yield first
    yield from rest
