"""The tongket import and export commands: exit status, one line per error, --json, --dry-run."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tongket.reporting.models import Value

HEAD = "unit,indicator,period,value\n"


def test_import_prints_counts_and_exits_zero(ref, write, capsys):
    path = write("a.csv", HEAD + "01,tt.thue_bao,2017,5\n80,tt.thue_bao,2017,6\n")
    call_command("import", str(path))
    out = capsys.readouterr().out
    assert "a.csv" in out and "2 mới / new" in out
    call_command("import", str(path), "--json")
    (line,) = capsys.readouterr().out.strip().splitlines()
    result = json.loads(line)
    assert (result["created"], result["unchanged"], result["already_imported"]) == (0, 2, True)


def test_import_errors_one_line_each_and_exit_nonzero(ref, write, capsys):
    path = write("b.csv", HEAD + "01,tt.thue_bao,2017,x\n01,nope,2017,1\n")
    with pytest.raises(CommandError) as info:
        call_command("import", str(path))
    assert info.value.returncode == 1
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("b.csv: dòng/row 2: cột/column value: ")
    assert lines[1].startswith("b.csv: dòng/row 3: cột/column indicator: ")
    assert Value.objects.count() == 0


def test_import_json_errors(ref, write, capsys):
    with pytest.raises(CommandError):
        call_command("import", str(write("c.csv", HEAD + "01,tt.thue_bao,2017Q9,1\n")), "--json")
    issue = json.loads(capsys.readouterr().out.strip())
    assert (issue["file"], issue["row"], issue["column"]) == ("c.csv", 2, "period")


def test_dry_run_stores_nothing(ref, write, capsys):
    call_command("import", str(write("d.csv", HEAD + "01,tt.thue_bao,2017,5\n")), "--dry-run")
    assert "1 mới / new" in capsys.readouterr().out
    assert Value.objects.count() == 0


def test_export_filters_by_unit_below_indicator_and_period(ref, write, tmp_path, capsys):
    call_command(
        "import",
        str(
            write(
                "e.csv",
                HEAD
                + "00004,tt.thue_bao,2017-01,1\n01,tt.thue_bao,2017,2\n80,tt.thue_bao,2017,3\n"
                + "01,ds.dan_so,2017,4\n01,tt.thue_bao,2018,5\n",
            )
        ),
    )
    out = tmp_path / "out.csv"
    call_command(
        "export",
        "--format",
        "csv",
        "--unit",
        "01",
        "--indicator",
        "tt.thue_bao",
        "--period",
        "2017",
        "-o",
        str(out),
    )
    assert out.read_text(encoding="utf-8").splitlines() == [
        "unit,indicator,period,value,comment",
        "01,tt.thue_bao,2017,2,",
        "00004,tt.thue_bao,2017-01,1,",
    ]


def test_export_refuses_unknown_references(ref, tmp_path):
    for args, words in [
        (["--unit", "Atlantis"], "Atlantis"),
        (["--indicator", "nope"], "nope"),
        (["--period", "2017Q7"], "2017Q7"),
        (["--form", "X-9"], "X-9"),
    ]:
        with pytest.raises(CommandError, match=words):
            call_command("export", "--format", "csv", "-o", str(tmp_path / "x.csv"), *args)
