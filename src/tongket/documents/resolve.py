"""Which units a record names: the organizing body on the meeting's day, its province then and
today, the unit a person's title or a task names.

Reads only: the preview uses it as much as the ingest.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml
from django.db.models import Q

from tongket.core.numbers import format_date
from tongket.documents.errors import DocumentError
from tongket.documents.spans import fold
from tongket.units.models import (
    SuccessionEvent,
    Unit,
    UnitAncestor,
    UnitKind,
    UnitLink,
    UnitSuccession,
)
from tongket.units.selectors import UnitAmbiguous, UnitNotFound, unit_resolve, unit_today

_PUNCT = re.compile(r"[,.;:()]")
_SPACES = re.compile(r"\s+")


def name_fold(text: str) -> str:
    """A name folded for comparison, without punctuation ("Sở Bưu chính, Viễn thông" ==
    "Sở Bưu chính Viễn thông")."""
    return _SPACES.sub(" ", _PUNCT.sub(" ", fold(text))).strip()


@lru_cache(maxsize=1)
def _organizer_words() -> dict:
    text = resources.files("tongket.documents").joinpath("data/organizers.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    return {
        "province_bodies": frozenset(name_fold(n) for n in data["province_bodies"]),
        "province_in_title": tuple(name_fold(n) for n in data["province_in_title"]),
        "support": tuple(fold(n) for n in data["support"]),
        "recipient": tuple(fold(n) for n in data["recipient"]),
    }


def _valid_on(day: dt.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}valid_from__lte": day}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": day})
    )


@dataclass(frozen=True)
class Organizer:
    unit: Unit
    province: Unit
    province_today: Unit | None
    notes: tuple[str, ...] = ()


def province_find(name: str | None, *, on: dt.date) -> Unit:
    if not name:
        raise DocumentError(
            "Bản ghi không cho biết tỉnh của cơ quan tổ chức",
            "the record does not say the organizer's province",
            field="meeting.organizer.province",
        )
    try:
        return unit_resolve(name, on=on, kinds=UnitKind.PROVINCE)
    except UnitNotFound:
        raise DocumentError(
            f"Không có tỉnh «{name}» vào ngày {format_date(on)} trong danh mục đơn vị",
            f"no province «{name}» on {format_date(on)} in the unit register",
            field="meeting.organizer.province",
        ) from None
    except UnitAmbiguous as error:
        vi, _, en = str(error).partition(" / ")
        raise DocumentError(vi, en or vi, field="meeting.organizer.province") from None


def _department_matches(unit: Unit, key: str) -> bool:
    names = [unit.name, unit.abbreviation]
    return any(n and (name_fold(n) == key or name_fold(n).startswith(key + " ")) for n in names)


def _renamed_on(unit: Unit, on: dt.date) -> Unit | None:
    """The unit ``unit`` was renamed from or to (not merged) that was valid on ``on``: a
    report may use a department's old or new name around the day it changed."""
    seen, frontier = {unit.pk}, [unit.pk]
    while frontier:
        rows = UnitSuccession.objects.filter(
            Q(predecessor_id__in=frontier) | Q(successor_id__in=frontier),
            event=SuccessionEvent.RENAME,
        ).values_list("predecessor_id", "successor_id")
        frontier = []
        for pred, succ in rows:
            for pk in (pred, succ):
                if pk not in seen:
                    seen.add(pk)
                    frontier.append(pk)
    return Unit.objects.filter(_valid_on(on), pk__in=seen - {unit.pk}).first()


def department_find(name: str | None, *, province: Unit, on: dt.date) -> tuple[Unit, str]:
    """The organizing body ``name`` of ``province`` on ``on``, and a note when the report used
    its name from before or after a rename."""
    if not name:
        raise DocumentError(
            "Bản ghi không cho biết cơ quan tổ chức",
            "the record does not say which body organized the meeting",
            field="meeting.organizer.department",
        )
    key = name_fold(name)
    if key in _organizer_words()["province_bodies"]:
        return province, ""
    child_ids = UnitLink.objects.filter(parent=province).values("child_id")
    candidates = [
        u
        # The department the reporting regime addresses, or another of the province's.
        for u in Unit.objects.filter(
            pk__in=child_ids, kind__in=(UnitKind.DEPARTMENT, UnitKind.AGENCY)
        )
        if _department_matches(u, key)
    ]
    valid = [u for u in candidates if u.is_valid_on(on)]
    if len(valid) == 1:
        return valid[0], ""
    for unit in candidates:
        renamed = _renamed_on(unit, on)
        if renamed is not None:
            return renamed, (
                f"Văn bản gọi «{renamed.name}» bằng tên «{name}» (tên trước hoặc sau khi đổi) "
                f"/ the document calls «{renamed.name}» by its earlier or later name «{name}»"
            )
    raise DocumentError(
        f"Không có «{name}» của {province.name} vào ngày {format_date(on)} trong danh mục đơn vị",
        f"no «{name}» of {province.name} on {format_date(on)} in the unit register",
        field="meeting.organizer.department",
    )


def organizer_resolve(
    *, department: str | None, province: str | None, on: dt.date, today_name: str | None
) -> Organizer:
    """The organizer unit, its province on ``on`` and the province that covers it today."""
    prov = province_find(province, on=on)
    unit, note = department_find(department, province=prov, on=on)
    notes = [note] if note else []
    try:
        today = unit_today(prov)
    except (UnitNotFound, UnitAmbiguous) as error:
        today = None
        notes.append(f"Không xác định được tỉnh ngày nay / no province today: {error}")
    if today is not None and today_name and name_fold(today_name) != name_fold(today.name):
        notes.append(
            f"Bản ghi ghi tỉnh ngày nay «{today_name}», danh mục đơn vị cho «{today.name}» / the "
            f"record gives «{today_name}» as today's province, the unit register «{today.name}»"
        )
    return Organizer(unit=unit, province=prov, province_today=today, notes=tuple(notes))


def title_unit(
    title: str | None, *, organizer: Unit, province: Unit, names: UnitNames | None = None
) -> Unit | None:
    """The unit a person's title places them in: the organizer ("Giám đốc Sở BCVT Sơn La",
    "PGĐ Sở"), a unit of the province it names ("Chủ tịch UBND phường Đồng Xoài"), or the
    province's leadership ("Phó Chủ tịch UBND tỉnh", "Tỉnh ủy viên")."""
    if not title:
        return None
    key = name_fold(title)
    if organizer.kind in (UnitKind.DEPARTMENT, UnitKind.AGENCY):
        own = {name_fold(organizer.name), name_fold(organizer.short_name)}
        bare = {
            name_fold(n)[: -len(name_fold(province.name))].strip()
            for n in (organizer.name, organizer.short_name)
            if n and name_fold(n).endswith(name_fold(province.name))
        }
        abbreviation = name_fold(organizer.abbreviation) if organizer.abbreviation else ""
        if any(n and n in key for n in own | bare) or (abbreviation and abbreviation in key):
            return organizer
        # "Giám đốc Sở", "PGĐ Sở": the department the report is about.
        if re.search(r"(?<!\w)sở$", key):
            return organizer
    named = names.named(title).lead if names is not None else None
    if named is not None:
        return named
    if any(word in key for word in _organizer_words()["province_in_title"]):
        return province
    return None


@dataclass(frozen=True)
class NamedUnits:
    lead: Unit | None
    supporting: tuple[Unit, ...]


def _word_in(key: str, text: str) -> int:
    at = text.find(key)
    while at >= 0:
        end = at + len(key)
        if (at == 0 or not text[at - 1].isalnum()) and (
            end == len(text) or not text[end].isalnum()
        ):
            return at
        at = text.find(key, at + 1)
    return -1


class UnitNames:
    """Finds the units of a province a text (a task, a title) names, on the meeting's day."""

    KINDS = (
        UnitKind.DEPARTMENT,
        UnitKind.DISTRICT,
        UnitKind.COMMUNE,
        UnitKind.AGENCY,
        UnitKind.ENTERPRISE,
    )

    def __init__(self, *, province: Unit, on: dt.date):
        ids = UnitAncestor.objects.filter(_valid_on(on), ancestor=province, depth__gte=1).values(
            "unit_id"
        )
        units = Unit.objects.filter(_valid_on(on), pk__in=ids, kind__in=self.KINDS)
        province_key = name_fold(province.name)
        self.names: list[tuple[str, Unit]] = []
        for unit in units:
            for name in {unit.name, unit.short_name} - {""}:
                key = name_fold(name)
                self.names.append((key, unit))
                if key.endswith(" " + province_key):
                    self.names.append((key[: -len(province_key)].strip(), unit))
        for body in _organizer_words()["province_bodies"]:
            self.names.append((body, province))
        # Longer names first, so "Sở Thông tin và Truyền thông Thái Bình" wins over a part.
        self.names = [(k, u) for k, u in self.names if len(k.split()) >= 2]
        self.names.sort(key=lambda item: -len(item[0]))

    def named(self, text: str) -> NamedUnits:
        """The unit the text names to lead (the only one named outside "phối hợp với ...")
        and the ones it names to support."""
        key = name_fold(text)
        found: dict[int, tuple[int, Unit]] = {}
        taken: list[tuple[int, int]] = []
        for name, unit in self.names:
            at = _word_in(name, key)
            if at < 0 or any(a <= at < b for a, b in taken):
                continue
            taken.append((at, at + len(name)))
            found.setdefault(unit.pk, (at, unit))
        words = _organizer_words()
        lead, supporting = [], []
        for at, unit in sorted(found.values(), key=lambda item: item[0]):
            before = key[max(0, at - 30) : at]
            if before.rstrip().endswith(words["recipient"]):
                continue
            (supporting if any(w in before for w in words["support"]) else lead).append(unit)
        return NamedUnits(
            lead=lead[0] if len(lead) == 1 else None,
            supporting=tuple(u for u in supporting if not lead or u.pk != lead[0].pk),
        )
