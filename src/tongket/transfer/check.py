"""The first step of an import: read the whole file, resolve every reference, collect every
problem, and keep the good records in compact arrays (a few dozen bytes per value)."""

from __future__ import annotations

import hashlib
import math
from array import array
from dataclasses import dataclass, field
from pathlib import Path

import numpy

from tongket.core.cells import csv_text_restore
from tongket.core.numbers import format_number
from tongket.indicators.models import Indicator
from tongket.reporting.models import Value
from tongket.reporting.validation import Bounds, value_bounds, value_problems
from tongket.transfer.columns import FileProblem, Progress
from tongket.transfer.dhis2 import read_dhis2
from tongket.transfer.errors import IssueList
from tongket.transfer.limits import Deadline, Limits, cell_refused, import_limits, size_check
from tongket.transfer.numberstyle import AMBIGUOUS, NumberStyle
from tongket.transfer.read_csv import file_sha256_and_encoding, read_csv
from tongket.transfer.read_xlsx import read_xlsx
from tongket.transfer.resolve import IndicatorResolver, PeriodResolver, UnitResolver, nfc

COMMENT_MAX = Value._meta.get_field("comment").max_length
FORMATS = {".csv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".json": "dhis2-json"}

# A value's key packs (unit id, indicator id, period index) into one 63-bit integer, so the
# keys of a million values fit in one array and sort as numbers.
UNIT_SHIFT, INDICATOR_SHIFT = 40, 16
INDICATOR_MASK, PERIOD_MASK = (1 << 24) - 1, (1 << 16) - 1
_INDICATOR_BITS = INDICATOR_MASK << INDICATOR_SHIFT


def key_pack(unit_id: int, indicator_id: int, period_index: int) -> int:
    return (unit_id << UNIT_SHIFT) | (indicator_id << INDICATOR_SHIFT) | period_index


def key_unpack(key: int) -> tuple[int, int, int]:
    return key >> UNIT_SHIFT, (key >> INDICATOR_SHIFT) & INDICATOR_MASK, key & PERIOD_MASK


class Resolvers:
    """Look-ups shared by all the files of one import."""

    def __init__(self) -> None:
        self.units = UnitResolver()
        self.indicators = IndicatorResolver()
        self.periods = PeriodResolver()


@dataclass
class Parsed:
    """The good records of one file, in the file's order, and their sorted order."""

    name: str
    format: str
    sha256: str
    rows: int = 0
    keys: array = field(default_factory=lambda: array("q"))
    values: array = field(default_factory=lambda: array("d"))
    lines: array = field(default_factory=lambda: array("q"))
    # Comments: "none" (the file has none: stored comments stay), "column" (a missing entry
    # is an empty comment) or "optional" (a missing entry leaves the stored comment).
    comment_mode: str = "none"
    comments: dict[int, str] = field(default_factory=dict)
    vietnamese_numbers: bool = False
    order: list[int] = field(default_factory=list)
    sorted_keys: array = field(default_factory=lambda: array("q"))  # keys in ``order``

    def row_label(self, line: int) -> int | str:
        return f"dataValues[{line}]" if self.format == "dhis2-json" else line


def file_format(path: Path) -> str | None:
    return FORMATS.get(path.suffix.lower())


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def file_check(
    *,
    path: Path,
    name: str,
    resolvers: Resolvers,
    issues: IssueList,
    progress: Progress | None = None,
    limits: Limits | None = None,
) -> Parsed | None:
    """Read and check ``path``; ``None`` when it could not be read at all (see ``issues``)."""
    fmt = file_format(path)
    if fmt is None:
        issues.add(
            name,
            None,
            "",
            f"không nhận ra định dạng tệp «{path.suffix}» (dùng .csv, .xlsx hoặc .json) / "
            f"unknown file type «{path.suffix}» (use .csv, .xlsx or .json)",
        )
        return None
    if not path.is_file():
        issues.add(name, None, "", "không tìm thấy tệp / file not found")
        return None

    def report(row, column, reason):
        issues.add(name, row, column, reason)

    limits = limits or import_limits()
    try:
        total = size_check(path, limits)
        if fmt == "csv":
            sha, encoding = file_sha256_and_encoding(path, limits)
            records = read_csv(
                path,
                encoding=encoding,
                report=report,
                progress=progress,
                total=total,
                limits=limits,
            )
        elif fmt == "xlsx":
            sha = file_sha256(path)
            records = read_xlsx(path, report=report, progress=progress, total=0, limits=limits)
        else:
            sha = file_sha256(path)
            records = read_dhis2(
                path,
                report=report,
                progress=progress,
                total=total,
                max_depth=limits.json_depth,
                max_rows=limits.rows,
                deadline=Deadline(limits.seconds),
            )
        parsed = Parsed(name=name, format=fmt, sha256=sha)
        _collect(parsed, records, resolvers, issues, limits)
        _values_check(parsed, issues)
    except FileProblem as exc:
        issues.add(name, exc.row, exc.column, exc.reason)
        return None
    if parsed.rows == 0 and not issues:
        issues.add(name, None, "", "tệp không có dòng số liệu nào / the file has no data rows")
        return None
    _sort_and_find_duplicates(parsed, issues)
    return parsed


def _collect(
    parsed: Parsed, records, resolvers: Resolvers, issues: IssueList, limits: Limits
) -> None:
    name = parsed.name
    style = NumberStyle(fixed_machine=parsed.format == "dhis2-json")
    units, indicators, periods = resolvers.units, resolvers.indicators, resolvers.periods
    period_codes = periods.codes
    keys, values, lines, comments = parsed.keys, parsed.values, parsed.lines, parsed.comments
    ambiguous: list[int] = []  # indexes of the values read as 1.234 (AMBIGUOUS)
    dhis2 = parsed.format == "dhis2-json"
    comment_mode = None
    add = issues.add
    # Local caches in front of the resolvers: a million rows repeat a few thousand texts.
    period_cache: dict = {}
    indicator_cache: dict = {}
    unit_cache: dict = {}
    # The usual rows in one step: (unit text, period text) → the key's unit and period bits,
    # indicator text → the key's indicator bits; only references that resolved are kept.
    known_places: dict = {}
    known_indicators: dict = {}
    read_number = style.read
    fixed_machine = style.fixed_machine
    machine_proof, samples = style.machine_proof, style.samples
    machine_seen = 0
    inf = math.inf
    count = 0
    cell_chars = limits.cell_chars
    for row, unit_ref, indicator_ref, period_ref, raw, comment, cols in records:
        count += 1
        if dhis2:  # the CSV and XLSX readers limit their cells themselves
            for text, column in ((unit_ref, 0), (indicator_ref, 1), (period_ref, 2), (raw, 3)):
                if len(text) > cell_chars:
                    raise cell_refused(row, cols[column], len(text), cell_chars)
            if comment is not None and len(comment) > cell_chars:
                raise cell_refused(row, "comment", len(comment), cell_chars)
        place = known_places.get((unit_ref, period_ref))
        indicator_bits = known_indicators.get(indicator_ref)
        ok = True
        if place is None or indicator_bits is None:
            pidx = period_cache.get(period_ref)
            if pidx is None:
                pidx = period_cache[period_ref] = periods.lookup(period_ref)
            if type(pidx) is str:
                add(name, row, cols[2], pidx)
                ok = False
            else:
                unit = unit_cache.get((unit_ref, pidx))
                if unit is None:
                    unit = unit_cache[unit_ref, pidx] = units.lookup(unit_ref, period_codes[pidx])
                if type(unit) is str:
                    add(name, row, cols[0], unit)
                    ok = False
                elif unit >= 1 << 23 or pidx > PERIOD_MASK:
                    raise FileProblem("quá nhiều đơn vị, chỉ tiêu hoặc kỳ / too many ids", row=row)
                else:
                    place = known_places[unit_ref, period_ref] = (unit << UNIT_SHIFT) | pidx
            indicator = indicator_cache.get(indicator_ref)
            if indicator is None:
                indicator = indicator_cache[indicator_ref] = indicators.lookup(indicator_ref)
            if type(indicator) is str:
                add(name, row, cols[1], indicator)
                ok = False
            elif indicator > INDICATOR_MASK:
                raise FileProblem("quá nhiều đơn vị, chỉ tiêu hoặc kỳ / too many ids", row=row)
            else:
                indicator_bits = known_indicators[indicator_ref] = indicator << INDICATOR_SHIFT
        if type(raw) is str:
            if raw.isdigit() and raw.isascii():
                value = float(raw)
            else:
                # The usual decimal (2060.5) read as ``NumberStyle.read`` reads it; anything
                # else (1.234, 2.060,5, signs, spaces, errors) goes through it.
                head, dot, tail = raw.partition(".")
                if (
                    dot
                    and tail.isdigit()
                    and head.isdigit()
                    and raw.isascii()
                    and (fixed_machine or len(tail) != 3 or len(head) > 3 or head[0] == "0")
                    and (value := float(raw)) != inf
                ):
                    if not fixed_machine:
                        machine_seen += 1
                        # Past ``samples`` of its own the list is full: no need to look.
                        if machine_seen <= samples and len(machine_proof) < samples:
                            machine_proof.append((row, cols[3], raw))
                else:
                    try:
                        value, flag = read_number(raw, row, cols[3])
                    except ValueError as exc:
                        add(name, row, cols[3], str(exc))
                        continue
                    if flag == AMBIGUOUS and ok:
                        ambiguous.append(len(keys))
        elif type(raw) in (float, int) and math.isfinite(raw):
            value = float(raw)
        else:
            add(
                name,
                row,
                cols[3],
                f"ô chứa «{raw}», không phải số / the cell holds «{raw}», not a number",
            )
            continue
        if not ok:
            continue
        keys.append(place | indicator_bits)
        values.append(value)
        lines.append(int(row[11:-1]) if dhis2 else row)
        if comment is not None:
            if len(comment) > COMMENT_MAX:
                add(
                    name,
                    row,
                    "comment",
                    f"ghi chú dài {len(comment)} ký tự, tối đa {COMMENT_MAX} / the comment has "
                    f"{len(comment)} characters, at most {COMMENT_MAX}",
                )
                continue
            if comment_mode is None:
                comment_mode = "optional" if dhis2 else "column"
            if comment:
                # A comment exported as '=… (quoted against formulas) reads back as =….
                comments[len(keys) - 1] = nfc(comment if dhis2 else csv_text_restore(comment))
            elif dhis2:
                comments[len(keys) - 1] = ""
    style.machine_count += machine_seen
    parsed.rows = count
    parsed.comment_mode = comment_mode or ("optional" if dhis2 else "none")
    parsed.vietnamese_numbers = style.vietnamese
    if style.vietnamese:
        proof_row, proof_text = style.vietnamese_proof
        for row, column, text in style.machine_proof:
            add(
                name,
                row,
                column,
                f"«{text}» viết dấu chấm thập phân, nhưng tệp viết số kiểu Việt Nam (dòng "
                f"{proof_row}: «{proof_text}»); hãy dùng một cách viết cho cả tệp / «{text}» "
                f"has a decimal point but the file writes Vietnamese numbers (row {proof_row}: "
                f"«{proof_text}»); use one convention for the whole file",
            )
        issues.count += style.machine_count - len(style.machine_proof)
    elif style.machine_count:
        # A decimal point elsewhere in the file (2060.5) proves its convention: 1.234 was one
        # point two three four.
        for at in ambiguous:
            values[at] = values[at] / 1000.0
    else:
        # Nothing in the file tells how it writes numbers: 1.234 may be 1234 or 1,234; the
        # import refuses to guess.
        for at in ambiguous:
            text = format_number(values[at])
            add(
                name,
                parsed.row_label(lines[at]),
                "value",
                f"«{text}» có thể là {format_number(values[at])} (viết kiểu Việt Nam) hoặc "
                f"{format_number(values[at] / 1000.0)} (dấu chấm thập phân), và không số nào "
                f"khác trong tệp cho biết cách viết; hãy viết {int(values[at])} hoặc "
                f"{format_number(values[at] / 1000.0)} / «{text}» may be {int(values[at])} or "
                f"{values[at] / 1000.0:g} and no other number in the file tells its "
                f"convention; write {int(values[at])}, or {format_number(values[at] / 1000.0)} for "
                f"{values[at] / 1000.0:g}",
            )


def _values_check(parsed: Parsed, issues: IssueList) -> None:
    """Every value as its indicator allows (a count whole and not negative, within the
    catalogue's bounds and the limit on every value), once the file's number convention has
    been settled: the same check as entry and the API (``reporting.validation``)."""
    indicators: dict[int, tuple[Indicator, Bounds]] = {}
    # Each indicator's bounds as (low, high, whole), by the key's indicator bits.
    bounds: dict[int, tuple[float, float, bool]] = {}
    values, lines = parsed.values, parsed.lines
    for index, (key, value) in enumerate(zip(parsed.keys, values, strict=True)):
        bits = key & _INDICATOR_BITS
        known = bounds.get(bits)
        if known is None:
            indicator_id = bits >> INDICATOR_SHIFT
            indicator = Indicator.objects.get(pk=indicator_id)
            found = value_bounds(indicator)
            indicators[indicator_id] = (indicator, found)
            known = bounds[bits] = (found.low, found.high, found.whole)
        # As ``Bounds.admits``: NaN fails both comparisons, infinity is beyond any limit.
        if known[0] <= value <= known[1] and (not known[2] or value.is_integer()):
            continue
        indicator, found = indicators[bits >> INDICATOR_SHIFT]
        if found.admits(value):
            continue
        for _code, message in value_problems(indicator, value):
            issues.add(parsed.name, parsed.row_label(lines[index]), "value", message)


def _sort_and_find_duplicates(parsed: Parsed, issues: IssueList) -> None:
    """The records' order by key (a stable sort: equal keys in the file's order), and each
    record whose key an earlier one has, named with the row of the first."""
    keys, lines = parsed.keys, parsed.lines
    packed = numpy.frombuffer(keys, dtype=numpy.int64) if len(keys) else numpy.zeros(0, "i8")
    order = numpy.argsort(packed, kind="stable")
    sorted_keys = packed[order]
    repeated = numpy.flatnonzero(sorted_keys[1:] == sorted_keys[:-1]) + 1
    parsed.order = order.tolist()
    parsed.sorted_keys = array("q", sorted_keys.tobytes())
    del packed, order, sorted_keys
    first_position = -1
    for position in repeated.tolist():
        if (
            first_position == -1
            or parsed.sorted_keys[position] != parsed.sorted_keys[first_position]
        ):
            first_position = position - 1
        first, second = parsed.order[first_position], parsed.order[position]
        issues.add(
            parsed.name,
            parsed.row_label(lines[second]),
            "",
            f"trùng đơn vị, chỉ tiêu và kỳ với dòng {parsed.row_label(lines[first])} / "
            f"same unit, indicator and period as row {parsed.row_label(lines[first])}",
        )
