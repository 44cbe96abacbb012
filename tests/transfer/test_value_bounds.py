"""Imports meet the same rules on numbers as entry and the API: a count whole and never
negative, every value within its bounds and the limit on every value, in the dry run as in
the import, with a message that names the row and the indicator."""

from __future__ import annotations

import pytest

from factories import make_indicator
from tongket.reporting.models import Value
from tongket.transfer.errors import ImportRejected
from tongket.transfer.services import files_import

HEAD = "unit,indicator,period,value\n"
HUGE = "1" + "0" * 400


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("-5", "là số đếm, không âm"),
        ("2.5", "phải là số nguyên"),
        ("1e308", "vượt giới hạn"),
        (HUGE, "phải là một số hữu hạn"),
    ],
)
@pytest.mark.parametrize("dry_run", [True, False])
def test_an_import_refuses_bad_counts_in_the_dry_run_as_in_the_import(
    ref,
    write,
    value,
    words,
    dry_run,
):
    count = make_indicator("t.count", name="Số điểm phục vụ")
    path = write("a.csv", HEAD + f"01,{count.code},2017,{value}\n01,{count.code},2018,7\n")
    with pytest.raises(ImportRejected) as info:
        files_import(paths=[path], dry_run=dry_run)
    (issue,) = info.value.issues
    assert (issue.row, issue.column) == (2, "value")
    assert words in issue.reason and "Số điểm phục vụ" in issue.reason
    assert len(issue.reason) < 400  # a 400-digit number is not echoed whole
    assert not Value.objects.exists()
