"""`tongket --help`: tongket's commands grouped by area, one line each, in one language."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.management import load_command_class

from tongket.cli import grouped_help, tongket_commands


def run_help(*args: str, lang: str) -> str:
    env = {**os.environ, "TONGKET_LANGUAGE": lang}
    done = subprocess.run(
        [sys.executable, "-m", "tongket", *args], capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_every_command_says_what_it_does_once_in_each_language():
    """The listing shows one half of `Vietnamese / English`: each help text has exactly one."""
    for name, app in tongket_commands().items():
        text = " ".join(load_command_class(f"tongket.{app}", name).help.split())
        assert text.count(" / ") == 1, (name, text)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_help_lists_tongket_commands_by_area_and_hides_django_ones(lang):
    shown = run_help("--help", lang=lang)
    assert shown == run_help(lang=lang)
    for name in tongket_commands():
        assert f"\n  {name} " in shown, name
    for django_command in ("runserver", "flush", "dbshell", "squashmigrations"):
        assert f"  {django_command} " not in shown
    assert "tongket help --all" in shown
    if lang == "vi":
        assert "Báo cáo định kỳ" in shown and "Tạo tài khoản với một vai trò" in shown
        assert "create an account" not in shown
    else:
        assert "Periodic reports" in shown and "Create an account with a role" in shown
        assert "Tạo tài khoản" not in shown


def test_help_all_still_lists_django_commands():
    assert "runserver" in run_help("help", "--all", lang="vi")


def test_each_command_in_exactly_one_area():
    listing = grouped_help("vi")
    for name in tongket_commands():
        assert listing.count(f"\n  {name} ") == 1, name
