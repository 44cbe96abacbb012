"""``tongket init``, ``tongket units`` and ``tongket unit``."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tongket.units.models import Unit


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.mark.usefixtures("reference_units")
class TestUnitsCommands:
    def test_units_on_a_day_as_json(self):
        lines = run("units", "--on", "31/01/2017", "--kind", "province", "--json").splitlines()
        rows = [json.loads(line) for line in lines]
        assert len(rows) == 63
        by_code = {r["code"]: r for r in rows}
        assert by_code["80"]["name"] == "Long An" and by_code["34"]["name"] == "Thái Bình"
        assert by_code["34"]["valid_to"] == "2025-06-30"

    def test_both_date_forms_are_accepted(self):
        assert run("units", "--on", "2026-01-01", "--kind", "province") == run(
            "units", "--on", "01/01/2026", "--kind", "province"
        )
        text = run("units", "--on", "01/01/2026", "--kind", "province")
        assert len(text.splitlines()) == 34 and "Tây Ninh" in text and "Long An" not in text

    def test_bad_date_is_refused(self):
        with pytest.raises(CommandError, match="31/01/2017 hoặc 2017-01-31"):
            run("units", "--on", "2017/31/01")

    def test_children_of_a_parent(self):
        lines = run("units", "--on", "01/01/2026", "--parent", "Hưng Yên", "--kind", "commune")
        assert len(lines.splitlines()) == 104
        departments = run(
            "units", "--on", "31/01/2017", "--parent", "34", "--kind", "department", "--json"
        )
        assert [json.loads(x)["code"] for x in departments.splitlines()] == ["34.STTTT"]
        others = run("units", "--on", "31/01/2017", "--parent", "34", "--kind", "agency", "--json")
        names = [json.loads(x)["name"] for x in others.splitlines()]
        assert "Sở Tư pháp Thái Bình" in names and "Sở Khoa học và Công nghệ Thái Bình" in names

    def test_unknown_parent_is_an_error(self):
        with pytest.raises(CommandError, match=r"«34».*01/01/2026"):
            run("units", "--on", "01/01/2026", "--parent", "34")

    def test_unit_with_history(self):
        text = run("unit", "80", "--on", "01/06/2017")
        assert text.startswith("Long An\n")
        assert "01/07/2025" in text and "Tây Ninh (80, 01/07/2025–nay)" in text
        assert "Nghị quyết 202/2025/QH15" in text
        data = json.loads(run("unit", "34.SBCVT", "--on", "31/01/2007", "--json"))
        assert data["name"] == "Sở Bưu chính, Viễn thông Thái Bình"
        assert data["parent"]["name"] == "Thái Bình"
        assert data["today"]["code"] == "33.SKHCN"
        assert [s["event"] for s in data["history"]] == [
            "rename",
            "merge",
            "merge",
            "merge",
            "merge",
        ]

    def test_unit_without_date_shows_what_a_retired_code_named(self):
        text = run("unit", "34")
        assert text.startswith("Thái Bình\n") and "Hưng Yên" in text
        with pytest.raises(CommandError, match="6 đơn vị"):
            run("unit", "Tân Hòa")
        with pytest.raises(CommandError, match="«không có»"):
            run("unit", "không có")


@pytest.mark.django_db
def test_init_loads_everything_and_is_idempotent():
    Unit.objects.all().delete()  # the session's load, if any, is restored after the test
    first = run("init")
    assert "units_created 5.156" in first
    assert Unit.objects.count() == 5156
    second = run("init")
    assert "units_created 0" in second and "units_updated 0" in second
    assert Unit.objects.count() == 5156


def test_init_writes_a_secret_key_once_and_keeps_it(db, settings, tmp_path, monkeypatch):
    monkeypatch.delenv("TONGKET_SECRET_KEY", raising=False)
    settings.SECRET_KEY_FILE = tmp_path / "secret_key"
    run("init")
    key = settings.SECRET_KEY_FILE.read_text(encoding="ascii")
    assert len(key) >= 50 and key != settings.INSECURE_SECRET_KEY
    assert settings.SECRET_KEY_FILE.stat().st_mode & 0o777 == 0o600
    run("init")
    assert settings.SECRET_KEY_FILE.read_text(encoding="ascii") == key
