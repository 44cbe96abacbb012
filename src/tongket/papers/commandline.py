"""What the document commands share: clean errors, the output file, the date options."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tongket.analytics.hierarchy import AnalyticsError
from tongket.meetings.commandline import actor_default
from tongket.meetings.errors import MeetingsError
from tongket.meetings.refs import parse_date
from tongket.papers.errors import PapersError
from tongket.papers.files import PaperFile


class PapersCommand(BaseCommand):
    """Turns the errors of the documents into a one-line message, nothing written."""

    # The system checks (URLs, templates, every app's models) take longer than writing the
    # document; «tongket check» and the test suite run them.
    requires_system_checks: list[str] = []

    def execute(self, *args: Any, **options: Any) -> Any:
        try:
            return super().execute(*args, **options)
        except (PapersError, MeetingsError, AnalyticsError) as error:
            raise CommandError(str(error)) from error


def add_actor(parser: Any) -> None:
    parser.add_argument("--actor", default=actor_default(), help="người thực hiện / actor")


def date_option(value: str | None, name: str):
    if not value:
        return None
    try:
        return parse_date(value)
    except MeetingsError as error:
        raise PapersError(error.vi, error.en, column=name) from None


def format_of(output: str | None, given: str | None, default: str) -> str:
    """The format asked for (``--format``), else the output file's suffix, else ``default``."""
    if given:
        return given.lower()
    if output and output != "-" and Path(output).suffix:
        return Path(output).suffix.lower().lstrip(".")
    return default


def write_file(command: BaseCommand, paper: PaperFile, output: str | None, *, text: bool) -> None:
    """To ``output`` (the file's own name in the current folder when none; ``-`` is the
    standard output), then a line saying where it went."""
    if output == "-" or (output is None and text):
        if text:
            command.stdout.write(paper.data.decode(), ending="")
        else:
            sys.stdout.buffer.write(paper.data)
            sys.stdout.buffer.flush()
        return
    path = Path(output or paper.name)
    if path.is_dir():
        path = path / paper.name
    try:
        path.write_bytes(paper.data)
    except OSError as error:
        raise PapersError(
            f"Không ghi được tệp {path}: {error.strerror}",
            f"cannot write {path}: {error.strerror}",
            column="-o",
        ) from None
    command.stdout.write(f"Đã ghi / written: {path} ({len(paper.data):,} byte)".replace(",", "."))
