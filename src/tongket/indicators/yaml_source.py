"""Reading reference-data YAML files so that every error can name its line and column.

PyYAML's ``safe_load`` forgets where a value came from and lets a repeated key silently
replace the first one. The reference catalogues are edited by hand, so a mistake must be
reported as ``catalogue.yaml, dòng 12, cột 18 (trường «value_type»): ...`` and a repeated key
must be refused rather than half-applied.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, SequenceNode


class LocatedDict(dict):
    """A mapping that remembers its own position and the position of each value."""

    line: int = 0
    column: int = 0
    marks: dict[Any, tuple[int, int]]

    def mark(self, key: Any) -> tuple[int, int]:
        return self.marks.get(key, (self.line, self.column))


class LocatedList(list):
    """A sequence that remembers its own position and the position of each item."""

    line: int = 0
    column: int = 0
    marks: list[tuple[int, int]]

    def mark(self, index: int) -> tuple[int, int]:
        return self.marks[index] if index < len(self.marks) else (self.line, self.column)


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a data file: where, and why (in Vietnamese and in English)."""

    line: int
    column: int
    field: str
    reason_vi: str
    reason_en: str

    def render(self, file_name: str) -> str:
        where = f"{file_name}, dòng {self.line}, cột {self.column}"
        where_en = f"line {self.line}, column {self.column}"
        if self.field:
            where += f" (trường «{self.field}»)"
            where_en += f" (field «{self.field}»)"
        return f"{where}: {self.reason_vi} / {where_en}: {self.reason_en}"


class DataFileError(ValueError):
    """A reference-data file cannot be loaded; nothing was stored. Lists every problem found."""

    def __init__(self, path: Path | str, problems: list[Problem]):
        self.path = Path(path)
        self.problems = list(problems)
        lines = "\n".join(f"  - {p.render(self.path.name)}" for p in self.problems)
        super().__init__(
            f"Tệp {self.path} có {len(self.problems)} lỗi, chưa lưu gì / "
            f"file {self.path} has {len(self.problems)} error(s), nothing was stored:\n{lines}"
        )


class _DuplicateKey(yaml.MarkedYAMLError):
    def __init__(self, key: Any, mark: yaml.Mark):
        super().__init__(None, None, f"repeated key «{key}»", mark)
        self.key = key


class _Loader(yaml.SafeLoader):
    pass


def _position(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _construct_mapping(loader: _Loader, node: MappingNode) -> LocatedDict:
    loader.flatten_mapping(node)
    result = LocatedDict()
    result.line, result.column = _position(node)
    result.marks = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, Hashable):
            raise yaml.constructor.ConstructorError(
                None, None, "khóa không hợp lệ / unhashable key", key_node.start_mark
            )
        if key in result:
            raise _DuplicateKey(key, key_node.start_mark)
        result[key] = loader.construct_object(value_node, deep=True)
        result.marks[key] = _position(value_node)
    return result


def _construct_sequence(loader: _Loader, node: SequenceNode) -> LocatedList:
    result = LocatedList(loader.construct_object(child, deep=True) for child in node.value)
    result.line, result.column = _position(node)
    result.marks = [_position(child) for child in node.value]
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def _position_of(mark: yaml.Mark | None) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)


def yaml_read(path: Path | str) -> Any:
    """Parse ``path``; mappings and sequences come back located. Raises ``DataFileError``."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataFileError(
            path, [Problem(0, 0, "", "không tìm thấy tệp", "file not found")]
        ) from None
    except UnicodeDecodeError as error:
        raise DataFileError(
            path,
            [
                Problem(
                    0,
                    0,
                    "",
                    f"tệp không phải UTF-8 (byte {error.start})",
                    f"file is not UTF-8 (byte {error.start})",
                )
            ],
        ) from None
    try:
        return yaml.load(text, Loader=_Loader)
    except _DuplicateKey as error:
        line, column = _position_of(error.problem_mark)
        raise DataFileError(
            path,
            [
                Problem(
                    line,
                    column,
                    str(error.key),
                    f"khóa «{error.key}» lặp lại trong cùng một mục",
                    f"key «{error.key}» is repeated in one entry",
                )
            ],
        ) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = _position_of(mark)
        reason = str(error.problem or error.context or "cú pháp YAML sai / YAML syntax error")
        raise DataFileError(
            path,
            [Problem(line, column, "", f"YAML không đọc được: {reason}", f"bad YAML: {reason}")],
        ) from None
    except yaml.YAMLError as error:
        raise DataFileError(
            path, [Problem(0, 0, "", f"YAML không đọc được: {error}", f"bad YAML: {error}")]
        ) from None


def _type_name(value: Any) -> str:
    return {
        bool: "đúng/sai (true/false)",
        int: "số",
        float: "số",
        str: "chuỗi",
        LocatedDict: "mục (mapping)",
        LocatedList: "danh sách (list)",
    }.get(type(value), type(value).__name__)


class EntryReader:
    """Reads typed fields of one located mapping, recording a ``Problem`` for each bad one.

    Every getter returns a usable placeholder after recording a problem, so one pass over a
    file collects all of its errors instead of stopping at the first.
    """

    def __init__(self, entry: Any, problems: list[Problem], *, allowed: set[str], where: str):
        self.problems = problems
        self.where = where
        if not isinstance(entry, LocatedDict):
            line, column = (getattr(entry, "line", 0), getattr(entry, "column", 0))
            self.entry = LocatedDict()
            self.entry.line, self.entry.column, self.entry.marks = line, column, {}
            self.add(
                "",
                f"{where} phải là một mục dạng «khóa: giá trị», không phải {_type_name(entry)}",
                f"{where} must be a «key: value» mapping",
            )
            return
        self.entry = entry
        for key in entry:
            if key not in allowed:
                self.add(
                    str(key),
                    f"trường không được biết (dùng: {', '.join(sorted(allowed))})",
                    f"unknown field (use: {', '.join(sorted(allowed))})",
                )

    @property
    def line(self) -> int:
        return self.entry.line

    def add(self, key: str, reason_vi: str, reason_en: str) -> None:
        line, column = self.entry.mark(key) if key else (self.entry.line, self.entry.column)
        self.problems.append(Problem(line, column, key, reason_vi, reason_en))

    def has(self, key: str) -> bool:
        return self.entry.get(key) is not None

    def raw(self, key: str) -> Any:
        return self.entry.get(key)

    def text(self, key: str, *, required: bool = True, max_length: int = 255) -> str:
        value = self.entry.get(key)
        if value is None:
            if required:
                self.add(key, "thiếu giá trị bắt buộc", "required value is missing")
            return ""
        if not isinstance(value, str) or isinstance(value, bool):
            self.add(
                key,
                f"phải là chuỗi, không phải {_type_name(value)}",
                "must be a string",
            )
            return ""
        value = value.strip()
        if required and not value:
            self.add(key, "không được để trống", "must not be empty")
        if len(value) > max_length:
            self.add(
                key,
                f"dài {len(value)} ký tự, tối đa {max_length}",
                f"is {len(value)} characters long, at most {max_length}",
            )
        return value

    def choice(self, key: str, choices: list[str], *, default: str | None = None) -> str:
        value = self.entry.get(key)
        if value is None and default is not None:
            return default
        text = self.text(key, required=True)
        if text and text not in choices:
            self.add(
                key,
                f"giá trị «{text}» không hợp lệ (dùng: {', '.join(choices)})",
                f"invalid value «{text}» (use: {', '.join(choices)})",
            )
        return text

    def number(
        self, key: str, *, required: bool = False, integer: bool = False
    ) -> float | int | None:
        value = self.entry.get(key)
        if value is None:
            if required:
                self.add(key, "thiếu giá trị bắt buộc", "required value is missing")
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.add(key, f"phải là số, không phải {_type_name(value)}", "must be a number")
            return None
        if value != value or value in (float("inf"), float("-inf")):
            self.add(key, "phải là số hữu hạn", "must be a finite number")
            return None
        if integer and not float(value).is_integer():
            self.add(key, f"phải là số nguyên, không phải {value}", "must be a whole number")
            return None
        return int(value) if integer else float(value)

    def boolean(self, key: str, *, default: bool) -> bool:
        value = self.entry.get(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.add(key, "phải là true hoặc false", "must be true or false")
            return default
        return value

    def text_list(self, key: str, choices: list[str]) -> list[str]:
        value = self.entry.get(key)
        if not isinstance(value, list) or not value:
            self.add(key, "phải là danh sách không rỗng", "must be a non-empty list")
            return []
        items: list[str] = []
        for item in value:
            if not isinstance(item, str) or item not in choices:
                self.add(
                    key,
                    f"giá trị «{item}» không hợp lệ (dùng: {', '.join(choices)})",
                    f"invalid value «{item}» (use: {', '.join(choices)})",
                )
            elif item in items:
                self.add(key, f"«{item}» lặp lại", f"«{item}» is repeated")
            else:
                items.append(item)
        return items
