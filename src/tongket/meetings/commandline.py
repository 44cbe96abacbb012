"""What the meetings commands share: arguments, the actor, errors, JSON lines and tables."""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tongket.core.numbers import format_date, format_number, format_percent
from tongket.meetings.errors import MeetingsError
from tongket.meetings.refs import parse_date, units_and_below, units_matching


def actor_default() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no user name in some containers
        return "cli"


class MeetingsCommand(BaseCommand):
    """A command that turns ``MeetingsError`` into a clean error message."""

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--actor", default=actor_default(), help="người thực hiện / actor")

    def execute(self, *args: Any, **options: Any) -> Any:
        try:
            return super().execute(*args, **options)
        except MeetingsError as error:
            raise CommandError(str(error)) from error
        except BrokenPipeError:
            # The reader went away (``tongket tasks | head``): stop quietly.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            return None


def add_json(parser: Any) -> None:
    parser.add_argument(
        "--json", action="store_true", help="mỗi dòng một đối tượng JSON / one JSON object per line"
    )


def add_today(parser: Any) -> None:
    parser.add_argument(
        "--today", help="tính trạng thái vào ngày này (mặc định hôm nay) / status as of this date"
    )


def today_of(options: dict) -> dt.date:
    return parse_date(options["today"]) if options.get("today") else timezone.localdate()


def date_of(value: str | None, name: str) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return parse_date(value)
    except MeetingsError as error:
        raise error.at(column=name) from None


def unit_ids_of(ref: str | None, *, below: bool = False) -> list[int] | None:
    """Ids of every unit (at any date) a filter names, with ``below`` every unit under them too
    (a province's department, districts and communes); an error when it names none."""
    if not ref:
        return None
    ids = units_matching(ref)
    if not ids:
        raise MeetingsError(
            f"Không có đơn vị mã hoặc tên «{ref}»",
            f"no unit with code or name «{ref}»",
            column="--unit",
        )
    return units_and_below(ids) if below else ids


def write_json_lines(command: BaseCommand, rows: Iterable[dict]) -> None:
    for row in rows:
        command.stdout.write(json.dumps(row, ensure_ascii=False, default=str))


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "có" if value else ""
    if isinstance(value, float):
        return format_number(value)
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return format_date(dt.date.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, list):
        return ", ".join(cell(v) for v in value)
    return str(value)


def write_table(
    command: BaseCommand,
    rows: Sequence[dict],
    columns: Sequence[tuple[str, str]],
    *,
    widths: dict[str, int] | None = None,
    empty: str = "Không có dòng nào / no rows",
) -> None:
    """A plain text table: ``columns`` are (key, header); long texts are cut to ``widths``."""
    if not rows:
        command.stdout.write(empty)
        return
    widths = widths or {}
    texts = []
    for row in rows:
        line = []
        for key, _ in columns:
            text = cell(row.get(key))
            limit = widths.get(key)
            if limit and len(text) > limit:
                text = text[: limit - 1] + "…"
            line.append(text)
        texts.append(line)
    sizes = [max(len(header), *(len(t[i]) for t in texts)) for i, (_, header) in enumerate(columns)]
    command.stdout.write("  ".join(h.ljust(sizes[i]) for i, (_, h) in enumerate(columns)).rstrip())
    for t in texts:
        command.stdout.write("  ".join(v.ljust(sizes[i]) for i, v in enumerate(t)).rstrip())


def rate(value: float | None) -> str:
    return "" if value is None else format_percent(value * 100)


def int_list(text: str | None, name: str) -> list[int] | None:
    if text in (None, ""):
        return None
    try:
        return [int(x) for x in str(text).split(",") if x.strip()]
    except ValueError:
        raise MeetingsError(
            f"{name} phải là các số ngày, ví dụ «7,1»",
            f"{name} must be numbers of days, e.g. «7,1»",
        ) from None


def run_rows(
    command: BaseCommand,
    options: dict,
    rows: list[dict],
    columns: Sequence[tuple[str, str]],
    widths: dict[str, int] | None = None,
    after: Callable[[], None] | None = None,
) -> None:
    if options.get("json"):
        write_json_lines(command, rows)
        return
    write_table(command, rows, columns, widths=widths)
    if after:
        after()
