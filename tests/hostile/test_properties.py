"""Properties of the CSV and number readers over generated input (Hypothesis): whatever the
bytes, a reader answers with records or a refusal that names the problem, never another
exception; what a spreadsheet writes comes back as it was; numbers come back as written."""

from __future__ import annotations

import csv
import io
import math
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tongket.core.numbers import format_number
from tongket.extraction.decoding import glyph_text_in_utf8
from tongket.transfer.columns import FileProblem
from tongket.transfer.numberstyle import AMBIGUOUS, PLAIN, NumberStyle
from tongket.transfer.read_csv import file_sha256_and_encoding, read_csv

PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text a person types in a comment: any letter, digit, mark, punctuation or space, and line
# breaks; no control characters.
TYPED = st.text(
    st.characters(
        blacklist_categories=("Cc", "Cs", "Co", "Cn"),
        blacklist_characters="\u2028\u2029\x85\ufeff",
    )
    | st.sampled_from("\n,;\"'"),
    max_size=60,
)


def _read(data: bytes) -> tuple[list, list]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.csv"
        path.write_bytes(data)
        problems: list = []
        _sha, encoding = file_sha256_and_encoding(path)
        records = list(read_csv(path, encoding=encoding, report=lambda *a: problems.append(a)))
        return records, problems


@PROPERTY
@given(st.binary(max_size=400))
def test_any_bytes_give_records_or_a_named_refusal(data):
    try:
        records, _problems = _read(b"unit,indicator,period,value,comment\n" + data)
    except FileProblem as exc:
        assert " / " in exc.reason  # Vietnamese, then English
        return
    for record in records:
        assert isinstance(record[0], int)


@PROPERTY
@given(st.lists(TYPED, min_size=1, max_size=8))
def test_comments_written_by_a_spreadsheet_come_back_unchanged(comments):
    # A comment whose own lines look like rows of the file would be refused as a quote left
    # open; a spreadsheet user does not write those.
    for comment in comments:
        for line in comment.splitlines()[1:]:
            if line.count(",") >= 4:
                return
    # Unicode text that reads as an old font's glyphs is refused by design (see test_files).
    assume(glyph_text_in_utf8(" ".join(comments)) is None)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["unit", "indicator", "period", "value", "comment"])
    for index, comment in enumerate(comments):
        writer.writerow(["12001", "test.b", "2025", str(index), comment])
    records, problems = _read(out.getvalue().encode("utf-8"))
    assert problems == []
    read_back = [r[5] for r in records]
    # csv turns a lone \r into a line break and Python's text layer does too: as a person
    # would see it, the same text.
    assert [c.replace("\r\n", "\n") for c in read_back] == [
        c.replace("\r\n", "\n") for c in comments
    ]


@PROPERTY
@given(st.integers(min_value=0, max_value=10**15))
def test_whole_numbers_read_as_written(n):
    assert NumberStyle().read(str(n), 1, "value") == (float(n), PLAIN)
    value, flag = NumberStyle().read(format_number(n), 1, "value")
    assert value == float(n)
    # 1.234 is one thousand two hundred thirty-four or one point two three four: flagged.
    assert flag == (AMBIGUOUS if 1000 <= n < 1_000_000 else PLAIN)


@PROPERTY
@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12))
def test_machine_decimals_read_as_written(x):
    text = repr(x)
    style = NumberStyle()
    value, flag = style.read(text, 1, "value")
    if flag == PLAIN:
        assert value == x
    else:  # 1.234 kind: held as the Vietnamese reading until the file decides
        assert value / 1000 == x or math.isclose(value / 1000, x)


@PROPERTY
@given(st.text(max_size=40))
def test_any_text_is_a_finite_number_or_a_named_refusal(text):
    try:
        value, flag = NumberStyle().read(text, 1, "value")
    except ValueError as exc:
        assert " / " in str(exc)
        return
    assert flag in (PLAIN, AMBIGUOUS)
    # Only a run of digits too long for a float reads as infinity; the import's value check
    # then refuses it with the indicator named (tests/transfer/test_value_bounds.py).
    assert math.isfinite(value) or text.strip().replace(" ", "").replace("\u00a0", "").isdigit()


@PROPERTY
@given(st.integers(min_value=309, max_value=2000))
def test_numbers_past_a_float_are_refused(digits):
    assert NumberStyle().read("9" * digits, 1, "value") == (math.inf, PLAIN)
    for text in (f"1e{digits}", f"-1e{digits}", "1." + "000." * (digits // 3) + "000"):
        try:
            NumberStyle().read(text, 1, "value")
        except ValueError as exc:
            assert "hữu hạn" in str(exc)
        else:
            raise AssertionError(text)
