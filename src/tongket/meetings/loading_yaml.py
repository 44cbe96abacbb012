"""Reading the YAML (or JSON) files of ``tongket meetings-load``, with the line of every key."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import yaml

from tongket.meetings.errors import MeetingsError

SECTIONS = ("people", "plans", "meetings", "notices", "tasks", "commendations")


class YamlMap(dict):
    """A mapping that remembers the line of each key."""

    line: int = 0
    lines: dict[str, int]


class _Loader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> YamlMap:
    loader.flatten_mapping(node)
    mapping = YamlMap()
    mapping.line = node.start_mark.line + 1
    mapping.lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.lines[str(key)] = key_node.start_mark.line + 1
    return mapping


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def parse_document(text: str, *, file: str) -> YamlMap:
    """The file's top-level mapping (YAML, or JSON, which YAML reads too)."""
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        if file.lower().endswith(".json"):
            try:
                data = wrap(json.loads(text))
            except json.JSONDecodeError as json_error:
                raise MeetingsError(
                    f"JSON không hợp lệ: {json_error.msg}",
                    f"invalid JSON: {json_error.msg}",
                    file=file,
                    row=json_error.lineno,
                ) from None
        else:
            raise MeetingsError(
                f"YAML không hợp lệ: {getattr(error, 'problem', error)}",
                f"invalid YAML: {getattr(error, 'problem', error)}",
                file=file,
                row=mark.line + 1 if mark else None,
            ) from None
    if not isinstance(data, dict):
        raise MeetingsError(
            "Tệp phải là một bảng có các mục meetings, tasks, plans, commendations, notices",
            "the file must be a mapping with meetings, tasks, plans, commendations, notices",
            file=file,
        )
    return data


def wrap(value: Any) -> Any:
    """Data that did not come through the YAML reader: mappings without line numbers."""
    if isinstance(value, dict):
        m = YamlMap({k: wrap(v) for k, v in value.items()})
        m.line, m.lines = 0, {}
        return m
    if isinstance(value, list):
        return [wrap(v) for v in value]
    return value


def fingerprint(entry: Any) -> str:
    canonical = json.dumps(entry, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@contextmanager
def located(entry: Any, column: str | None = None, *, file: str) -> Iterator[None]:
    """Give an error raised inside the line of ``entry`` (of its field when known)."""
    try:
        yield
    except MeetingsError as error:
        col = error.column or column
        row = None
        if isinstance(entry, YamlMap):
            row = entry.lines.get(col, entry.line) if col else entry.line
            row = row or None
        raise error.at(file=file, row=row, column=col) from None
