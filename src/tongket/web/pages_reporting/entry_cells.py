"""What the entry form posts, read cell by cell: the values and notes that can be stored, and
the cells that cannot, with their text as typed and why.

A value box takes any length: its text is never cut, a refused one comes back whole."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tongket.reporting.submissions_notes import note_clean, note_problem
from tongket.reporting.submissions_values import value_input_parse
from tongket.web.pages_reporting.entry_lines import EntryLine

NOTE_PREFIX = {"comment": "c", "explanation": "x"}


@dataclass
class Posted:
    values: dict[str, str] = field(default_factory=dict)  # code → text to store
    notes: dict[str, dict[str, str]] = field(default_factory=dict)  # code → notes to store
    typed: dict[str, str] = field(default_factory=dict)  # code → refused text, as typed
    typed_notes: dict[str, dict[str, str]] = field(default_factory=dict)
    input_errors: dict[str, str] = field(default_factory=dict)  # Vietnamese / English
    note_errors: dict[str, str] = field(default_factory=dict)

    @property
    def refused(self) -> int:
        return len(set(self.input_errors) | set(self.note_errors))


def _no_value_problem() -> str:
    return (
        "chưa có số liệu để ghi chú: hãy nhập số trước / there is no value to comment on: "
        "enter the number first"
    )


def posted_cells(data: Mapping[str, str], lines: Iterable[EntryLine]) -> Posted:
    """Read ``data`` (``v:``, ``c:`` and ``x:`` fields by indicator code) against ``lines``;
    a field not posted leaves the line as it is."""
    posted = Posted()
    for line in lines:
        if line.derived:
            continue
        code = line.indicator.code
        notes = {
            name: note_clean(data[f"{prefix}:{code}"])
            for name, prefix in NOTE_PREFIX.items()
            if f"{prefix}:{code}" in data
        }
        has_value = line.value is not None
        if line.name in data:
            raw = data[line.name]
            number, problem = value_input_parse(code, raw)
            if problem:
                posted.typed[code] = raw
                posted.input_errors[code] = problem.split(": ", 1)[-1]
                if notes:
                    posted.typed_notes[code] = notes
                continue
            has_value = number is not None
            posted.values[code] = raw
        if not notes:
            continue
        problems = [p for name, text in notes.items() if (p := note_problem(name, text))]
        if not problems and any(notes.values()) and not has_value:
            problems.append(_no_value_problem())
        if problems:
            posted.typed_notes[code] = notes
            posted.note_errors[code] = "\n".join(problems)
        elif has_value:
            posted.notes[code] = notes
    return posted


def entry_summary(counts: Mapping[str, int]) -> list[dict[str, str]]:
    """The line above the grid, in parts (``kind``: ``bad``, ``warn`` or ``""``): how many
    required lines are filled in, the errors to fix and the unusual values."""
    parts = [
        {
            "kind": "",
            "text": _("Đã nhập %(filled)s/%(required)s dòng bắt buộc")
            % {"filled": counts["filled"], "required": counts["required"]},
        }
    ]
    if counts["errors"]:
        parts.append(
            {
                "kind": "bad",
                "text": ngettext(
                    "%(count)s lỗi phải sửa trước khi gửi",
                    "%(count)s lỗi phải sửa trước khi gửi",
                    counts["errors"],
                )
                % {"count": counts["errors"]},
            }
        )
    if counts["warnings"]:
        parts.append(
            {
                "kind": "warn",
                "text": ngettext(
                    "%(count)s số liệu khác thường so với các kỳ trước",
                    "%(count)s số liệu khác thường so với các kỳ trước",
                    counts["warnings"],
                )
                % {"count": counts["warnings"]},
            }
        )
    return parts
