"""The reference units as data: read the YAML files and the installed ``vietnam-provinces``.

Pure Python, no database: :func:`reference_build` returns the units, parent links and
successions the data describes, each unit identified by ``(kind, code, valid_from)``. The
service ``units_reference_load`` writes them.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tongket.core.numbers import format_date
from tongket.units.models import SuccessionEvent, UnitKind

DATA_DIR = Path(__file__).resolve().parent / "data"
ONE_DAY = dt.timedelta(days=1)

Key = tuple[str, str, dt.date]


def tidy_name(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


class ReferenceDataError(ValueError):
    """The reference data contradicts itself or the installed package."""


@dataclass
class UnitSpec:
    kind: str
    code: str
    name: str
    valid_from: dt.date
    valid_to: dt.date | None = None
    short_name: str = ""
    abbreviation: str = ""
    name_en: str = ""
    division_type: str = ""
    legal_basis: str = ""

    def __post_init__(self) -> None:
        # Names as printed: NFC, no doubled or stray spaces (the package has "Xã  Bắc Đông Quan").
        self.name = tidy_name(self.name)
        self.short_name = tidy_name(self.short_name)
        self.name_en = tidy_name(self.name_en)

    @property
    def key(self) -> Key:
        return (self.kind, self.code, self.valid_from)

    def covers(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class LinkSpec:
    child: Key
    parent: Key
    valid_from: dt.date
    valid_to: dt.date | None


@dataclass(frozen=True)
class SuccessionSpec:
    predecessor: Key
    successor: Key
    date: dt.date
    event: str
    legal_basis: str


@dataclass
class ReferenceSet:
    units: list[UnitSpec] = field(default_factory=list)
    links: list[LinkSpec] = field(default_factory=list)
    successions: list[SuccessionSpec] = field(default_factory=list)


@dataclass
class _Province:
    """A province row while the data is assembled, with the name used inside titles."""

    spec: UnitSpec
    in_titles: str


# --- reading ---------------------------------------------------------------------------


def _read_yaml(name: str, data_dir: Path) -> dict[str, Any]:
    path = data_dir / name
    try:
        with path.open(encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
    except (OSError, yaml.YAMLError) as exc:
        raise ReferenceDataError(
            f"{path}: không đọc được tệp dữ liệu ({exc}) / cannot read the data file ({exc})"
        ) from exc
    if not isinstance(data, dict):
        raise ReferenceDataError(
            f"{path}: tệp phải là một bảng khóa–giá trị / the file must be a mapping"
        )
    return data


def package_divisions() -> list[dict[str, Any]]:
    """The provinces of 01/07/2025 with their wards, as the installed package ships them."""
    import vietnam_provinces

    with open(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH, encoding="utf-8") as fh:
        return json.load(fh)


def reference_build(
    *, data_dir: Path = DATA_DIR, divisions: list[dict[str, Any]] | None = None
) -> ReferenceSet:
    """Everything the shipped data describes (``divisions`` defaults to the package's)."""
    return reference_build_from(
        provinces=_read_yaml("provinces.yaml", data_dir),
        merger=_read_yaml("provinces_2025.yaml", data_dir),
        departments=_read_yaml("departments.yaml", data_dir),
        enterprises=_read_yaml("enterprises.yaml", data_dir),
        divisions=package_divisions() if divisions is None else divisions,
    )


# --- assembling ------------------------------------------------------------------------


def _err(where: str, vi: str, en: str) -> ReferenceDataError:
    return ReferenceDataError(f"{where}: {vi} / {en}")


def _date(value: Any, where: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    raise _err(where, f"«{value}» không phải là ngày", f"«{value}» is not a date (YYYY-MM-DD)")


def _code(value: Any, where: str) -> str:
    if isinstance(value, str) and len(value) == 2 and value.isdigit():
        return value
    raise _err(
        where,
        f"mã tỉnh «{value}» phải là chuỗi 2 chữ số trong ngoặc kép",
        f"province code «{value}» must be a quoted 2-digit string",
    )


def _package_name(province: dict[str, Any]) -> str:
    """``Thành phố Hà Nội`` → ``Hà Nội``: names are kept without the division type."""
    name = str(province["name"]).strip()
    for prefix in ("Thành phố ", "Tỉnh "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def reference_build_from(
    *,
    provinces: dict[str, Any],
    merger: dict[str, Any],
    departments: dict[str, Any],
    enterprises: dict[str, Any],
    divisions: list[dict[str, Any]],
) -> ReferenceSet:
    ref = ReferenceSet()
    country = _country(provinces, ref)
    rows, current = _old_provinces(provinces, ref)
    final = _merge(merger, divisions, rows, current, ref)
    for row in rows:
        ref.links.append(
            LinkSpec(row.spec.key, country.key, row.spec.valid_from, row.spec.valid_to)
        )
    _communes(divisions, final, _date(merger.get("effective"), "provinces_2025.yaml"), ref)
    _departments(departments, rows, merger, ref)
    _enterprises(enterprises, country, ref)
    _check(ref)
    return ref


def _country(data: dict[str, Any], ref: ReferenceSet) -> UnitSpec:
    c = data.get("country") or {}
    where = "provinces.yaml, country"
    spec = UnitSpec(
        kind=UnitKind.COUNTRY,
        code=str(c.get("code", "")),
        name=str(c.get("name", "")),
        name_en=str(c.get("name_en", "")),
        division_type=str(c.get("division_type", "")),
        valid_from=_date(c.get("valid_from"), where),
    )
    if not spec.code or not spec.name:
        raise _err(where, "thiếu mã hoặc tên", "code or name missing")
    ref.units.append(spec)
    return spec


def _old_provinces(
    data: dict[str, Any], ref: ReferenceSet
) -> tuple[list[_Province], dict[str, _Province]]:
    default_from = _date(data.get("default_valid_from"), "provinces.yaml, default_valid_from")
    rows: list[_Province] = []
    current: dict[str, _Province] = {}
    for i, p in enumerate(data.get("provinces") or [], start=1):
        where = f"provinces.yaml, provinces #{i}"
        code = _code(p.get("code"), where)
        if code in current:
            raise _err(where, f"mã «{code}» bị lặp", f"code «{code}» is repeated")
        if not p.get("name") or not p.get("division_type"):
            raise _err(where, "thiếu tên hoặc cấp", "name or division_type missing")
        spec = UnitSpec(
            kind=UnitKind.PROVINCE,
            code=code,
            name=str(p["name"]),
            division_type=str(p["division_type"]),
            valid_from=_date(p.get("valid_from", default_from), where),
            legal_basis=str(p.get("legal_basis", "")),
        )
        row = _Province(spec, str(p.get("in_titles") or spec.name))
        rows.append(row)
        current[code] = row
        ref.units.append(spec)
    for i, r in enumerate(data.get("renames") or [], start=1):
        where = f"provinces.yaml, renames #{i}"
        code = _code(r.get("code"), where)
        if code not in current:
            raise _err(where, f"không có tỉnh mã «{code}»", f"no province with code «{code}»")
        on = _date(r.get("date"), where)
        old = current[code]
        if on <= old.spec.valid_from:
            raise _err(
                where,
                f"ngày đổi tên {format_date(on)} phải sau ngày bắt đầu của «{old.spec.name}»",
                f"rename date {format_date(on)} must fall after «{old.spec.name}» starts",
            )
        old.spec.valid_to = on - ONE_DAY
        spec = UnitSpec(
            kind=UnitKind.PROVINCE,
            code=code,
            name=str(r["name"]),
            division_type=str(r.get("division_type") or old.spec.division_type),
            valid_from=on,
            legal_basis=str(r.get("legal_basis", "")),
        )
        row = _Province(spec, str(r.get("in_titles") or spec.name))
        rows.append(row)
        current[code] = row
        ref.units.append(spec)
        ref.successions.append(
            SuccessionSpec(old.spec.key, spec.key, on, SuccessionEvent.RENAME, spec.legal_basis)
        )
    return rows, current


def _merge(
    data: dict[str, Any],
    divisions: list[dict[str, Any]],
    rows: list[_Province],
    current: dict[str, _Province],
    ref: ReferenceSet,
) -> dict[str, _Province]:
    """Apply the 01/07/2025 mapping; return the province rows by code from that day."""
    where = "provinces_2025.yaml"
    effective = _date(data.get("effective"), f"{where}, effective")
    legal = str(data.get("legal_basis", ""))
    event = str(data.get("event", SuccessionEvent.MERGE))
    if event not in SuccessionEvent.values:
        raise _err(where, f"sự kiện «{event}» không hợp lệ", f"unknown event «{event}»")
    package = {f"{int(p['code']):02d}": p for p in divisions}
    merged = {
        _code(k, f"{where}, merged"): [_code(v, f"{where}, merged «{k}»") for v in olds]
        for k, olds in (data.get("merged") or {}).items()
    }
    unchanged = [_code(c, f"{where}, unchanged") for c in data.get("unchanged") or []]
    in_titles = {str(k): str(v) for k, v in (data.get("in_titles") or {}).items()}

    new_codes = [*merged, *unchanged]
    if sorted(new_codes) != sorted(package) or len(set(new_codes)) != len(new_codes):
        missing = sorted(set(package) - set(new_codes))
        extra = sorted(set(new_codes) - set(package))
        repeated = sorted({c for c in new_codes if new_codes.count(c) > 1})
        raise _err(
            where,
            f"các mã mới phải đúng là {len(package)} mã của gói vietnam-provinces "
            f"(thiếu {missing}, thừa {extra}, lặp {repeated})",
            f"the new codes must be exactly the package's {len(package)} codes "
            f"(missing {missing}, unknown {extra}, repeated {repeated})",
        )
    seen: dict[str, str] = {}
    for new, olds in [*merged.items(), *((c, [c]) for c in unchanged)]:
        for old in olds:
            if old not in current:
                raise _err(
                    f"{where}, «{new}»", f"không có tỉnh cũ mã «{old}»", f"no old province «{old}»"
                )
            if old in seen:
                raise _err(
                    f"{where}, «{new}»",
                    f"tỉnh cũ «{old}» đã thuộc «{seen[old]}»",
                    f"old province «{old}» already belongs to «{seen[old]}»",
                )
            seen[old] = new
    if left := sorted(set(current) - set(seen)):
        raise _err(
            where,
            f"các tỉnh cũ {left} không thuộc đơn vị mới nào",
            f"old provinces {left} belong to no new unit",
        )

    final: dict[str, _Province] = {}
    for code in unchanged:
        row = current[code]
        name = tidy_name(_package_name(package[code]))
        if name != row.spec.name:
            raise _err(
                f"{where}, unchanged «{code}»",
                f"tên trong gói là «{name}», dữ liệu ghi «{row.spec.name}»",
                f"the package names it «{name}», the data «{row.spec.name}»",
            )
        final[code] = row
    for code, olds in merged.items():
        p = package[code]
        spec = UnitSpec(
            kind=UnitKind.PROVINCE,
            code=code,
            name=_package_name(p),
            division_type=str(p.get("division_type", "")),
            valid_from=effective,
            legal_basis=legal,
        )
        row = _Province(spec, in_titles.get(code, spec.name))
        for old in olds:
            current[old].spec.valid_to = effective - ONE_DAY
            ref.successions.append(
                SuccessionSpec(current[old].spec.key, spec.key, effective, event, legal)
            )
        rows.append(row)
        final[code] = row
        ref.units.append(spec)
    return final


def _communes(
    divisions: list[dict[str, Any]],
    final: dict[str, _Province],
    effective: dt.date,
    ref: ReferenceSet,
) -> None:
    for p in divisions:
        parent = final[f"{int(p['code']):02d}"].spec
        for w in p.get("wards") or []:
            spec = UnitSpec(
                kind=UnitKind.COMMUNE,
                code=f"{int(w['code']):05d}",
                name=str(w["name"]),
                division_type=str(w.get("division_type", "")),
                valid_from=effective,
            )
            ref.units.append(spec)
            ref.links.append(LinkSpec(spec.key, parent.key, effective, None))


def _departments(
    data: dict[str, Any], rows: list[_Province], merger: dict[str, Any], ref: ReferenceSet
) -> None:
    where = "departments.yaml"
    eras = data.get("eras") or []
    if not eras:
        raise _err(where, "thiếu danh sách «eras»", "«eras» is missing")
    for i, era in enumerate(eras, start=1):
        if not era.get("key") or not era.get("name") or (i > 1 and not era.get("from")):
            raise _err(
                f"{where}, eras #{i}",
                "mỗi thời kỳ cần key, name và (trừ thời kỳ đầu) from",
                "each era needs key, name and (but the first) from",
            )
    overrides = data.get("from_overrides") or {}
    merge_day = _date(merger.get("effective"), "provinces_2025.yaml, effective")
    by_row: dict[Key, list[UnitSpec]] = {}
    for row in rows:
        p = row.spec
        own = overrides.get(p.code, {}) if p.valid_from < merge_day else {}
        starts: list[dt.date] = []
        for i, era in enumerate(eras):
            # The first era reaches back to the province's own start unless a date is set.
            default = era.get("from", dt.date.min if i == 0 else None)
            starts.append(_date(own.get(era["key"], default), f"{where}, {era['key']}, {p.code}"))
        if starts != sorted(starts) or len(set(starts)) != len(starts):
            raise _err(
                f"{where}, {p.code}",
                "ngày bắt đầu các thời kỳ phải tăng dần",
                "era start dates must increase",
            )
        made: list[UnitSpec] = []
        for i, era in enumerate(eras):
            start = max(starts[i], p.valid_from)
            end = starts[i + 1] - ONE_DAY if i + 1 < len(eras) else None
            if p.valid_to is not None and (end is None or end > p.valid_to):
                end = p.valid_to
            if end is not None and end < start:
                continue
            spec = UnitSpec(
                kind=UnitKind.DEPARTMENT,
                code=f"{p.code}.{era['key']}",
                name=era["name"].format(province=row.in_titles),
                short_name=era.get("short_name", "").format(province=row.in_titles),
                abbreviation=era.get("abbreviation", ""),
                division_type="sở",
                valid_from=start,
                valid_to=end,
                legal_basis=str(era.get("legal_basis", "")),
            )
            if made and i > 0:
                ref.successions.append(
                    SuccessionSpec(
                        made[-1].key,
                        spec.key,
                        start,
                        str(era.get("event", SuccessionEvent.REORGANIZE)),
                        str(era.get("legal_basis", "")),
                    )
                )
            made.append(spec)
            ref.units.append(spec)
            ref.links.append(LinkSpec(spec.key, p.key, start, end))
        by_row[p.key] = made
    # A province that ends hands its department over to the province that succeeds it.
    for s in [s for s in ref.successions if s.predecessor[0] == UnitKind.PROVINCE]:
        old = next((d for d in by_row[s.predecessor] if d.covers(s.date - ONE_DAY)), None)
        new = next((d for d in by_row[s.successor] if d.covers(s.date)), None)
        if old is not None and new is not None:
            ref.successions.append(SuccessionSpec(old.key, new.key, s.date, s.event, s.legal_basis))


def _enterprises(data: dict[str, Any], country: UnitSpec, ref: ReferenceSet) -> None:
    for i, e in enumerate(data.get("enterprises") or [], start=1):
        where = f"enterprises.yaml, enterprises #{i}"
        if not e.get("code") or not e.get("name"):
            raise _err(where, "thiếu mã hoặc tên", "code or name missing")
        spec = UnitSpec(
            kind=UnitKind.ENTERPRISE,
            code=str(e["code"]),
            name=str(e["name"]),
            short_name=str(e.get("short_name", "")),
            abbreviation=str(e.get("abbreviation", "")),
            name_en=str(e.get("name_en", "")),
            division_type=str(e.get("division_type", "")),
            valid_from=_date(e.get("valid_from"), where),
            valid_to=_date(e["valid_to"], where) if e.get("valid_to") else None,
            legal_basis=str(e.get("legal_basis", "")),
        )
        ref.units.append(spec)
        ref.links.append(LinkSpec(spec.key, country.key, spec.valid_from, spec.valid_to))


def _check(ref: ReferenceSet) -> None:
    """A code and a date must name at most one unit of a kind; links fit their units."""
    by_code: dict[tuple[str, str], list[UnitSpec]] = {}
    for u in ref.units:
        if u.valid_to is not None and u.valid_to < u.valid_from:
            raise _err(u.name, "hết hiệu lực trước khi bắt đầu", "ends before it starts")
        by_code.setdefault((u.kind, u.code), []).append(u)
    for (kind, code), units in by_code.items():
        units.sort(key=lambda u: u.valid_from)
        for a, b in itertools.pairwise(units):
            if a.valid_to is None or a.valid_to >= b.valid_from:
                raise _err(
                    f"{kind} {code}",
                    f"«{a.name}» và «{b.name}» cùng mã trong cùng thời gian",
                    f"«{a.name}» and «{b.name}» share the code over the same time",
                )
    units = {u.key: u for u in ref.units}
    for link in ref.links:
        for end in (link.child, link.parent):
            u = units[end]
            if link.valid_from < u.valid_from or (
                u.valid_to is not None and (link.valid_to is None or link.valid_to > u.valid_to)
            ):
                raise _err(
                    f"{link.child[1]} ⊂ {link.parent[1]}",
                    f"quan hệ trực thuộc vượt ra ngoài thời gian hiệu lực của «{u.name}»",
                    f"the link reaches outside «{u.name}»'s validity",
                )
